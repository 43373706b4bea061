// AST → Program (Thompson construction over bytes). Counted repetitions are
// expanded, so the instruction count is checked as it grows: a pattern that
// would exceed the limit stops compiling early with a clear error.
import { Node, NodeKind, Assert } from "./ast";
import { CharSet } from "./charset";
import { addFoldOrbit } from "./casefold";
import { encodeRune, utf8Sequences, Utf8Sequences } from "./utf8";
import { Program, OP_BYTE, OP_SET, OP_SPLIT, OP_NOP, OP_ASSERT, OP_MATCH, OP_FAIL } from "./program";

class Frag {
  start: i32;
  /** Unfilled continuations: pc * 2 + (0 for field a, 1 for field b). */
  holes: Array<i32>;
  constructor(start: i32, holes: Array<i32>) {
    this.start = start;
    this.holes = holes;
  }
}

export class Compiler {
  op: Array<i32> = [];
  a: Array<i32> = [];
  b: Array<i32> = [];
  sets: Array<u32> = [];
  /** hash of a byte set's words → its index, so equal sets are stored once */
  setIndex: Map<u32, i32> = new Map<u32, i32>();
  /** rune → class node of its case-fold orbit (null: folds to itself), see foldedLiteral */
  folded: Map<i32, Node | null> = new Map<i32, Node | null>();
  /** emitClass's suffix table, reused between classes */
  tailKeys: Array<u64> = [];
  tailPcs: Array<i32> = [];
  limit: i32;
  failed: bool = false;

  constructor(limit: i32) {
    this.limit = limit;
  }

  emit(op: i32, a: i32, b: i32): i32 {
    let pc = this.op.length;
    if (pc >= this.limit) {
      this.failed = true;
      return 0;
    }
    this.op.push(op);
    this.a.push(a);
    this.b.push(b);
    return pc;
  }

  patch(holes: Array<i32>, target: i32): void {
    for (let i = 0; i < holes.length; i++) {
      let h = holes[i];
      if ((h & 1) == 0) this.a[h >> 1] = target;
      else this.b[h >> 1] = target;
    }
  }

  /** Compiles one pattern ending in MATCH(index); full = anchored at the end too. Returns its start pc. */
  compilePattern(node: Node, index: i32, full: bool): i32 {
    let f = this.node(node);
    if (full) {
      let pc = this.emit(OP_ASSERT, Assert.EndText, -1);
      this.patch(f.holes, pc);
      f = new Frag(f.start, [pc * 2 + 1]);
    }
    let m = this.emit(OP_MATCH, index, -1);
    this.patch(f.holes, m);
    return f.start;
  }

  /** A SPLIT tree entering every pc in `starts`, or -1 when empty. */
  fanOut(starts: Array<i32>): i32 {
    if (starts.length == 0) return -1;
    let target = starts[starts.length - 1];
    for (let i = starts.length - 2; i >= 0; i--) target = this.emit(OP_SPLIT, starts[i], target);
    return target;
  }

  finish(): Program {
    return new Program(this.op, this.a, this.b, this.sets);
  }

  node(n: Node): Frag {
    if (this.failed) return new Frag(0, []);
    switch (n.kind) {
      case NodeKind.Empty: return this.nop();
      case NodeKind.Literal: {
        if (n.fold && n.set === null) {
          let cls = this.foldedLiteral(n.rune);
          return cls !== null ? this.classNode(cls) : this.literal(n.rune);
        }
        if (n.set !== null && (n.set!.ranges.length > 2 || n.set!.ranges[0] != n.set!.ranges[1])) return this.classNode(n);
        return this.literal(n.rune);
      }
      case NodeKind.Class: return this.classNode(n);
      case NodeKind.AnyByte: return this.byteRange(0, 255);
      case NodeKind.Assertion: {
        let pc = this.emit(OP_ASSERT, n.assert, -1);
        return new Frag(pc, [pc * 2 + 1]);
      }
      case NodeKind.Concat: {
        let first = this.node(n.children[0]);
        let holes = first.holes;
        for (let i = 1; i < n.children.length; i++) {
          let f = this.node(n.children[i]);
          this.patch(holes, f.start);
          holes = f.holes;
        }
        return new Frag(first.start, holes);
      }
      case NodeKind.Alternate: {
        let frags: Array<Frag> = [];
        for (let i = 0; i < n.children.length; i++) frags.push(this.node(n.children[i]));
        return this.alternate(frags);
      }
      case NodeKind.Repeat: return this.repeat(n.children[0], n.min, n.max);
    }
    return this.nop();
  }

  /**
   * The class node of a case-insensitive literal's fold orbit, or null when
   * the rune folds to itself only. Built once per rune and compiler: a rule
   * set holds thousands of (?i) letters, and the class's byte set and UTF-8
   * sequences (prepareClass) are the same for every occurrence.
   */
  foldedLiteral(rune: i32): Node | null {
    if (this.folded.has(rune)) return this.folded.get(rune);
    let orbit = new CharSet();
    addFoldOrbit(rune, orbit);
    let cls: Node | null = orbit.ranges.length > 2 || orbit.ranges[0] != orbit.ranges[1] ? Node.charClass(orbit, false) : null;
    this.folded.set(rune, cls);
    return cls;
  }

  nop(): Frag {
    let pc = this.emit(OP_NOP, 0, -1);
    return new Frag(pc, [pc * 2 + 1]);
  }

  alternate(frags: Array<Frag>): Frag {
    let holes: Array<i32> = [];
    for (let i = 0; i < frags.length; i++) for (let j = 0; j < frags[i].holes.length; j++) holes.push(frags[i].holes[j]);
    let target = frags[frags.length - 1].start;
    for (let i = frags.length - 2; i >= 0; i--) target = this.emit(OP_SPLIT, frags[i].start, target);
    return new Frag(target, holes);
  }

  star(sub: Node): Frag {
    let split = this.emit(OP_SPLIT, -1, -1);
    let body = this.node(sub);
    this.a[split] = body.start;
    this.patch(body.holes, split);
    return new Frag(split, [split * 2 + 1]);
  }

  quest(f: Frag): Frag {
    let split = this.emit(OP_SPLIT, f.start, -1);
    let holes = f.holes.slice(0);
    holes.push(split * 2 + 1);
    return new Frag(split, holes);
  }

  concat2(x: Frag, y: Frag): Frag {
    this.patch(x.holes, y.start);
    return new Frag(x.start, y.holes);
  }

  repeat(sub: Node, min: i32, max: i32): Frag {
    if (max == -1) {
      if (min == 0) return this.star(sub);
      // x{n,} = x{n-1} x+
      let f: Frag | null = null;
      for (let i = 0; i < min - 1 && !this.failed; i++) {
        let c = this.node(sub);
        f = f === null ? c : this.concat2(f, c);
      }
      let body = this.node(sub);
      let split = this.emit(OP_SPLIT, body.start, -1);
      this.patch(body.holes, split);
      let plus = new Frag(body.start, [split * 2 + 1]);
      return f === null ? plus : this.concat2(f, plus);
    }
    if (max == 0) return this.nop();
    // x{n,m} = x^n (x(x(x)?)?)? with m-n nested optionals
    let f: Frag | null = null;
    for (let i = 0; i < min && !this.failed; i++) {
      let c = this.node(sub);
      f = f === null ? c : this.concat2(f, c);
    }
    let opt: Frag | null = null;
    for (let i = 0; i < max - min && !this.failed; i++) {
      let c = this.node(sub);
      opt = this.quest(opt === null ? c : this.concat2(c, opt));
    }
    if (f === null) return opt === null ? this.nop() : opt;
    return opt === null ? f : this.concat2(f, opt);
  }

  byteRange(lo: i32, hi: i32): Frag {
    let pc = this.emit(OP_BYTE, lo | (hi << 8), -1);
    return new Frag(pc, [pc * 2 + 1]);
  }

  /** A code point as its UTF-8 bytes (case folding is handled by the caller). */
  literal(rune: i32): Frag {
    if (rune < 0x80) return this.byteRange(rune, rune);
    let bytes: Array<i32> = [];
    encodeRune(rune, bytes);
    let f = this.byteRange(bytes[0], bytes[0]);
    for (let i = 1; i < bytes.length; i++) f = this.concat2(f, this.byteRange(bytes[i], bytes[i]));
    return f;
  }

  /**
   * A class as instructions, with the byte set and UTF-8 sequences computed once
   * per node.
   *
   * A lenient class (one holding every non-ASCII code point: `.`, `[^>]`, `\S`,
   * `\W`...) must also match malformed UTF-8, or attackers could hide a payload
   * behind one invalid byte (`<script\xff>` against `<script[^>]*>`). Its
   * non-ASCII unit is therefore "a byte >= 0x80 followed by all the
   * continuation bytes (80-BF) that follow it": [80-FF][80-BF]* not followed
   * by 80-BF. On valid UTF-8 that is exactly one character, so counts such as
   * `.{3}` mean characters as in RE2; malformed bytes form units of their own
   * and never split a valid character.
   */
  classNode(n: Node): Frag {
    this.prepareClass(n);
    if (!n.lenient) return this.emitClass(n.byteSet, n.seqs!);
    let frags: Array<Frag> = [];
    if (n.byteSet >= 0) {
      let pc = this.emit(OP_SET, n.byteSet, -1);
      frags.push(new Frag(pc, [pc * 2 + 1]));
    }
    let lead = this.emit(OP_BYTE, 0x80 | (0xff << 8), -1);
    let loop = this.emit(OP_SPLIT, -1, -1);
    let cont = this.emit(OP_BYTE, 0x80 | (0xbf << 8), loop);
    let end = this.emit(OP_ASSERT, Assert.NotContinuation, -1);
    if (this.failed) return new Frag(0, []);
    this.b[lead] = loop;
    this.a[loop] = cont;
    this.b[loop] = end;
    frags.push(new Frag(lead, [end * 2 + 1]));
    return frags.length == 1 ? frags[0] : this.alternate(frags);
  }

  /** Computes (once per node) the class's ASCII byte set (-1: none) and, for strict classes, its UTF-8 sequences. */
  prepareClass(n: Node): void {
    if (n.byteSet == -2) {
      let set = n.set!;
      let bits = new StaticArray<u32>(8);
      let any = false;
      let r = set.ranges;
      let seqs = new Utf8Sequences();
      for (let i = 0; i < r.length; i += 2) {
        let lo = r[i], hi = r[i + 1];
        for (let c = lo; c <= hi && c < 0x80; c++) { bits[c >> 5] |= 1 << (c & 31); any = true; }
        if (hi >= 0x80 && !n.lenient) utf8Sequences(lo < 0x80 ? 0x80 : lo, hi, seqs);
      }
      n.byteSet = any ? this.internSet(bits) : -1;
      n.seqs = seqs.data;
    }
  }

  /**
   * One SET instruction (when byteSet >= 0) or'ed with the byte-range chains of
   * the UTF-8 sequences. Chains share equal suffixes ([80-BF][80-BF] tails are
   * common to most sequences), so a class costs about two thirds of the
   * instructions it would otherwise.
   */
  emitClass(byteSet: i32, d: Array<i32>): Frag {
    if (d.length == 0) {
      // ASCII only (most classes): one SET instruction.
      if (byteSet >= 0) {
        let pc = this.emit(OP_SET, byteSet, -1);
        return new Frag(pc, [pc * 2 + 1]);
      }
      let pc = this.emit(OP_FAIL, 0, 0);
      return new Frag(pc, []);
    }
    let starts: Array<i32> = [];
    let holes: Array<i32> = [];
    if (byteSet >= 0) {
      let pc = this.emit(OP_SET, byteSet, -1);
      starts.push(pc);
      holes.push(pc * 2 + 1);
    }
    // Suffix → pc of the chain that matches it. A suffix of at most four byte
    // ranges packs into a u64 (16 bits per range, last range lowest); every
    // range of a non-ASCII sequence has hi >= 0x80, so no packed range is 0
    // and suffixes of different lengths never collide. A class has a few
    // dozen sequences at most: a linear search in reused arrays is enough.
    let tailKeys = this.tailKeys;
    let tailPcs = this.tailPcs;
    tailKeys.length = 0;
    tailPcs.length = 0;
    let i = 0;
    while (i < d.length && !this.failed) {
      let n = d[i++];
      let next = -1;
      let key: u64 = 0;
      for (let k = n - 1; k >= 0 && !this.failed; k--) {
        let lo = d[i + 2 * k], hi = d[i + 2 * k + 1];
        key = key | (<u64>(lo | (hi << 8)) << (<u64>(n - 1 - k) << 4));
        let at = tailKeys.indexOf(key);
        if (at >= 0) { next = tailPcs[at]; continue; }
        let pc = this.emit(OP_BYTE, lo | (hi << 8), next);
        if (next < 0) holes.push(pc * 2 + 1); // last byte: leaves the class
        tailKeys.push(key);
        tailPcs.push(pc);
        next = pc;
      }
      i += 2 * n;
      // a sequence equal to an earlier one's suffix adds no new start
      if (starts.indexOf(next) < 0) starts.push(next);
    }
    if (this.failed) return new Frag(0, []);
    if (starts.length == 0) {
      let pc = this.emit(OP_FAIL, 0, 0);
      return new Frag(pc, []);
    }
    let target = starts[starts.length - 1];
    for (let k = starts.length - 2; k >= 0; k--) target = this.emit(OP_SPLIT, starts[k], target);
    return new Frag(target, holes);
  }

  /** Index of an equal byte set already stored, or of a new one. */
  internSet(bits: StaticArray<u32>): i32 {
    let h: u32 = 2166136261;
    for (let i = 0; i < 8; i++) h = (h ^ bits[i]) * 16777619;
    if (this.setIndex.has(h)) {
      let idx = this.setIndex.get(h);
      let same = true;
      for (let i = 0; i < 8; i++) if (this.sets[(idx << 3) + i] != bits[i]) { same = false; break; }
      if (same) return idx;
    }
    let idx = this.sets.length >> 3;
    for (let i = 0; i < 8; i++) this.sets.push(bits[i]);
    if (!this.setIndex.has(h)) this.setIndex.set(h, idx);
    return idx;
  }

  /** A class from a code-point set (lenient when it holds every non-ASCII code point). */
  charClass(set: CharSet, lenient: bool): Frag {
    return this.classNode(Node.charClass(set, lenient || set.coversNonAscii()));
  }
}
