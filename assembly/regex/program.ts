// The compiled form shared by the lazy DFA and the Pike VM: a byte-level
// Thompson NFA. One program may hold many patterns (a set); MATCH carries
// the pattern index. Arrays are StaticArray for cheap access in the matchers.
import { isWordByte } from "./classes";
import { Assert } from "./ast";

export const OP_BYTE: i32 = 0; // a = lo | hi << 8, b = next
export const OP_SET: i32 = 1; // a = byte-set index, b = next
export const OP_SPLIT: i32 = 2; // a, b = the two continuations
export const OP_NOP: i32 = 3; // b = next
export const OP_ASSERT: i32 = 4; // a = Assert bits, b = next
export const OP_MATCH: i32 = 5; // a = pattern index
export const OP_FAIL: i32 = 6;

/** What the byte before the current position was; assertions need it. */
export const CTX_START: i32 = 0;
export const CTX_NEWLINE: i32 = 1;
export const CTX_WORD: i32 = 2;
export const CTX_OTHER: i32 = 3;
/** Pseudo-byte for "end of input" in transitions. */
export const END_OF_INPUT: i32 = 256;

export class Program {
  /** Opcode per instruction (OP_*: a byte each). */
  op: StaticArray<u8>;
  a: StaticArray<i32>;
  b: StaticArray<i32>;
  /** 256-bit byte sets, 8 words each. */
  sets: StaticArray<u32>;
  size: i32;
  /** Start of every pattern (the initial state). */
  startAll: i32 = -1;
  /** Re-entered at every position for unanchored (search-mode) patterns; -1 if none. */
  startUnanchored: i32 = -1;
  numPatterns: i32 = 0;
  /** OR of every Assert kind used. */
  assertMask: i32 = 0;
  /** Byte equivalence classes: bytes no instruction tells apart share a class. */
  classOf: StaticArray<u8> = new StaticArray<u8>(256);
  /** One representative byte per class. */
  classRep: StaticArray<i32> = new StaticArray<i32>(256);
  numClasses: i32 = 0;

  constructor(op: Array<i32>, a: Array<i32>, b: Array<i32>, sets: Array<u32>) {
    this.size = op.length;
    let ops = new StaticArray<u8>(op.length);
    for (let i = 0; i < op.length; i++) unchecked(ops[i] = <u8>unchecked(op[i]));
    this.op = ops;
    this.a = StaticArray.fromArray<i32>(a);
    this.b = StaticArray.fromArray<i32>(b);
    this.sets = StaticArray.fromArray<u32>(sets);
    for (let i = 0; i < op.length; i++) if (op[i] == OP_ASSERT) this.assertMask |= a[i];
    this.computeClasses();
  }

  @inline setHas(set: i32, byte: i32): bool {
    return (unchecked(this.sets[(set << 3) + (byte >> 5)]) & (1 << (byte & 31))) != 0;
  }

  @inline byteMatches(pc: i32, byte: i32): bool {
    let op = <i32>unchecked(this.op[pc]);
    if (op == OP_BYTE) {
      let r = unchecked(this.a[pc]);
      return byte >= (r & 0xff) && byte <= (r >> 8);
    }
    return this.setHas(unchecked(this.a[pc]), byte);
  }

  /** Context class of a byte, reduced to what the program's assertions can observe. */
  contextOf(byte: i32): i32 {
    let m = this.assertMask;
    if ((m & (Assert.WordBoundary | Assert.NotWordBoundary)) != 0 && isWordByte(byte)) return CTX_WORD;
    if ((m & Assert.BeginLine) != 0 && byte == 0x0a) return CTX_NEWLINE;
    return CTX_OTHER;
  }

  /** Context at the start of input (reduced the same way). */
  startContext(): i32 {
    return (this.assertMask & (Assert.BeginText | Assert.BeginLine)) != 0 ? CTX_START : CTX_OTHER;
  }

  private computeClasses(): void {
    // boundary[i]: byte i starts a new class
    let boundary = new StaticArray<bool>(257);
    boundary[0] = true;
    boundary[256] = true;
    for (let pc = 0; pc < this.size; pc++) {
      let op = <i32>this.op[pc];
      if (op == OP_BYTE) {
        let r = this.a[pc];
        boundary[r & 0xff] = true;
        boundary[(r >> 8) + 1] = true;
      }
    }
    let numSets = this.sets.length >> 3;
    for (let s = 0; s < numSets; s++) {
      for (let i = 1; i < 256; i++) if (this.setHas(s, i) != this.setHas(s, i - 1)) boundary[i] = true;
    }
    // Assertions look at \n and at word bytes: keep them in classes of their own kind.
    boundary[0x0a] = true;
    boundary[0x0b] = true;
    if ((this.assertMask & (Assert.WordBoundary | Assert.NotWordBoundary)) != 0) {
      for (let i = 1; i < 256; i++) if (isWordByte(i) != isWordByte(i - 1)) boundary[i] = true;
    }
    if ((this.assertMask & Assert.NotContinuation) != 0) {
      boundary[0x80] = true;
      boundary[0xc0] = true;
    }
    let cls = -1;
    for (let i = 0; i < 256; i++) {
      if (boundary[i]) {
        cls++;
        this.classRep[cls] = i;
      }
      this.classOf[i] = <u8>cls;
    }
    this.numClasses = cls + 1;
  }
}

/** Whether an assertion holds between context `prev` and the next byte (or END_OF_INPUT). */
export function assertionHolds(kind: i32, prev: i32, next: i32): bool {
  switch (kind) {
    case Assert.BeginText: return prev == CTX_START;
    case Assert.BeginLine: return prev == CTX_START || prev == CTX_NEWLINE;
    case Assert.EndText: return next == END_OF_INPUT;
    case Assert.EndLine: return next == END_OF_INPUT || next == 0x0a;
    case Assert.WordBoundary: return (prev == CTX_WORD) != (next != END_OF_INPUT && isWordByte(next));
    case Assert.NotWordBoundary: return (prev == CTX_WORD) == (next != END_OF_INPUT && isWordByte(next));
    case Assert.NotContinuation: return next == END_OF_INPUT || (next & 0xc0) != 0x80;
  }
  return false;
}
