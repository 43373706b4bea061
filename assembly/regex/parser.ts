// RE2 syntax → AST. Errors carry the position (UTF-16 offset into the
// pattern) and a reason worded like RE2's, so configuration errors are clear.
import { Node, NodeKind, Assert } from "./ast";
import { CharSet, MAX_RUNE } from "./charset";
import { perlClass, posixClass } from "./classes";
import { foldSet } from "./casefold";
import { MAX_PATTERN_LENGTH, MAX_REPEAT, MAX_NESTING } from "./limits";

export const FLAG_CASELESS: i32 = 1; // (?i)
export const FLAG_MULTILINE: i32 = 2; // (?m)
export const FLAG_DOTALL: i32 = 4; // (?s)
export const FLAG_UNGREEDY: i32 = 8; // (?U)

export class ParseResult {
  node: Node | null = null;
  error: string = "";
  position: i32 = -1;
}

export function parse(pattern: string, flags: i32 = 0): ParseResult {
  let res = new ParseResult();
  if (pattern.length > MAX_PATTERN_LENGTH) {
    res.error = "pattern too long (" + pattern.length.toString() + " characters, limit " + MAX_PATTERN_LENGTH.toString() + ")";
    res.position = MAX_PATTERN_LENGTH;
    return res;
  }
  let p = new Parser(pattern, flags);
  let node = p.parseAlternation();
  if (p.error.length == 0 && p.pos < pattern.length) {
    // parseAlternation only stops early at an unmatched ')'
    p.fail("unexpected ): no group is open", p.pos);
  }
  if (p.error.length > 0) {
    res.error = p.error;
    res.position = p.errorPos;
    return res;
  }
  res.node = node;
  return res;
}

function isDigit(c: i32): bool { return c >= 0x30 && c <= 0x39; }
function isOctal(c: i32): bool { return c >= 0x30 && c <= 0x37; }
function hexValue(c: i32): i32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}
function isAlnum(c: i32): bool {
  return isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function describe(c: i32): string {
  if (c >= 0x21 && c < 0x7f) return String.fromCharCode(c);
  return "U+" + c.toString(16).toUpperCase();
}

class Parser {
  src: string;
  pos: i32 = 0;
  flags: i32;
  depth: i32 = 0;
  error: string = "";
  errorPos: i32 = -1;

  constructor(src: string, flags: i32) {
    this.src = src;
    this.flags = flags;
  }

  fail(msg: string, at: i32): void {
    if (this.error.length == 0) {
      this.error = msg;
      this.errorPos = at;
    }
  }

  get eof(): bool { return this.pos >= this.src.length; }

  peek(): i32 { return this.src.codePointAt(this.pos); }

  peekAt(offset: i32): i32 {
    let i = this.pos + offset;
    return i < this.src.length ? <i32>this.src.charCodeAt(i) : -1;
  }

  next(): i32 {
    let c = this.src.codePointAt(this.pos);
    this.pos += c > 0xffff ? 2 : 1;
    return c;
  }

  parseAlternation(): Node {
    let alts: Array<Node> = [];
    while (true) {
      alts.push(this.parseConcat());
      if (this.error.length > 0) return new Node(NodeKind.Empty);
      if (!this.eof && this.peek() == 0x7c /* | */) { this.pos++; continue; }
      break;
    }
    if (alts.length == 1) return alts[0];
    let n = new Node(NodeKind.Alternate);
    n.children = alts;
    return n;
  }

  parseConcat(): Node {
    let items: Array<Node> = [];
    while (!this.eof) {
      let c = this.peek();
      if (c == 0x7c || c == 0x29) break; // | )
      if (c == 0x2a || c == 0x2b || c == 0x3f || (c == 0x7b && this.repeatLength() > 0)) {
        this.fail("missing argument to repetition operator " + describe(c), this.pos);
        break;
      }
      let atom = this.parseAtom();
      if (this.error.length > 0) break;
      if (atom === null) continue; // a flag group such as (?i)
      items.push(this.parsePostfix(atom));
      if (this.error.length > 0) break;
    }
    if (items.length == 0) return new Node(NodeKind.Empty);
    if (items.length == 1) return items[0];
    let n = new Node(NodeKind.Concat);
    n.children = items;
    return n;
  }

  /** Length of a {n}, {n,} or {n,m} at pos, or 0 when the brace is a literal (as in RE2). */
  repeatLength(): i32 {
    let s = this.src;
    let i = this.pos + 1;
    let start = i;
    while (i < s.length && isDigit(s.charCodeAt(i))) i++;
    if (i == start) return 0;
    if (i < s.length && s.charCodeAt(i) == 0x2c) {
      i++;
      while (i < s.length && isDigit(s.charCodeAt(i))) i++;
    }
    if (i < s.length && s.charCodeAt(i) == 0x7d) return i + 1 - this.pos;
    return 0;
  }

  parsePostfix(atom: Node): Node {
    if (this.eof) return atom;
    let start = this.pos;
    let c = this.peek();
    let min = 0, max = 0;
    if (c == 0x2a) { min = 0; max = -1; this.pos++; }
    else if (c == 0x2b) { min = 1; max = -1; this.pos++; }
    else if (c == 0x3f) { min = 0; max = 1; this.pos++; }
    else if (c == 0x7b) {
      let len = this.repeatLength();
      if (len == 0) return atom;
      let body = this.src.substring(this.pos + 1, this.pos + len - 1);
      let comma = body.indexOf(",");
      let lo = parseCount(comma < 0 ? body : body.substring(0, comma));
      let hi = comma < 0 ? lo : (comma == body.length - 1 ? -1 : parseCount(body.substring(comma + 1)));
      if (lo > MAX_REPEAT || hi > MAX_REPEAT || lo < 0 || (comma >= 0 && comma < body.length - 1 && hi < 0)) {
        this.fail("bad repetition count {" + body + "}: counts are limited to " + MAX_REPEAT.toString(), start);
        return atom;
      }
      if (hi >= 0 && hi < lo) {
        this.fail("bad repetition range {" + body + "}: minimum exceeds maximum", start);
        return atom;
      }
      min = lo;
      max = hi;
      this.pos += len;
    } else {
      return atom;
    }
    let greedy = true;
    if (!this.eof && this.peek() == 0x3f) { greedy = false; this.pos++; }
    if ((this.flags & FLAG_UNGREEDY) != 0) greedy = !greedy;
    if (!this.eof) {
      let d = this.peek();
      if (d == 0x2a || d == 0x2b || d == 0x3f || (d == 0x7b && this.repeatLength() > 0)) {
        this.fail("bad repetition operator: " + this.src.substring(start, this.pos + 1) + " (a repetition cannot be repeated directly; possessive forms are not supported)", this.pos);
        return atom;
      }
    }
    return Node.repeat(atom, min, max, greedy);
  }

  parseAtom(): Node | null {
    let start = this.pos;
    let c = this.next();
    switch (c) {
      case 0x28: return this.parseGroup(start);
      case 0x5b: return this.parseClass(start);
      case 0x2e: { // .
        let set = (this.flags & FLAG_DOTALL) != 0 ? CharSet.of(0, MAX_RUNE) : CharSet.of(0x0a, 0x0a).negate();
        return Node.charClass(set, true);
      }
      case 0x5e: return Node.assertion((this.flags & FLAG_MULTILINE) != 0 ? Assert.BeginLine : Assert.BeginText);
      case 0x24: return Node.assertion((this.flags & FLAG_MULTILINE) != 0 ? Assert.EndLine : Assert.EndText);
      case 0x5c: return this.parseEscape(start);
    }
    return Node.literal(c, (this.flags & FLAG_CASELESS) != 0);
  }

  parseGroup(start: i32): Node | null {
    let savedFlags = this.flags;
    if (!this.eof && this.peek() == 0x3f) { // (?
      this.pos++;
      if (this.eof) { this.fail("missing closing ): incomplete group (?", start); return null; }
      let c = this.peek();
      if (c == 0x3d || c == 0x21) { // (?= (?!
        this.fail("lookahead " + this.src.substring(start, this.pos + 1) + " is not supported (RE2 syntax has no lookaround)", start);
        return null;
      }
      if (c == 0x3c && (this.peekAt(1) == 0x3d || this.peekAt(1) == 0x21)) {
        this.fail("lookbehind " + this.src.substring(start, this.pos + 2) + " is not supported (RE2 syntax has no lookaround)", start);
        return null;
      }
      if (c == 0x50 && this.peekAt(1) == 0x3d) { // (?P=name)
        this.fail("backreference (?P=...) is not supported (RE2 syntax has no backreferences)", start);
        return null;
      }
      if (c == 0x3c || (c == 0x50 && this.peekAt(1) == 0x3c)) { // named group
        this.pos += c == 0x50 ? 2 : 1;
        let nameStart = this.pos;
        while (!this.eof && (isAlnum(this.peek()) || this.peek() == 0x5f)) this.pos++;
        if (this.pos == nameStart || this.eof || this.peek() != 0x3e) {
          this.fail("invalid named capture group name", start);
          return null;
        }
        this.pos++;
        return this.groupBody(start, savedFlags);
      }
      // Flags: (?flags) or (?flags:re), flags from imsU, optionally negated after '-'.
      let neg = false, sawFlag = false, sawNeg = false;
      let flags = this.flags;
      while (!this.eof) {
        let f = this.next();
        let bit = 0;
        if (f == 0x69) bit = FLAG_CASELESS;
        else if (f == 0x6d) bit = FLAG_MULTILINE;
        else if (f == 0x73) bit = FLAG_DOTALL;
        else if (f == 0x55) bit = FLAG_UNGREEDY;
        else if (f == 0x2d) {
          if (neg) break;
          neg = true; sawNeg = true; sawFlag = false;
          continue;
        } else if (f == 0x3a || f == 0x29) {
          if ((sawNeg && !sawFlag) || (!sawFlag && !sawNeg && f == 0x29)) break;
          if (f == 0x29) { this.flags = flags; return null; } // applies to the rest of the enclosing group
          this.flags = flags;
          return this.groupBody(start, savedFlags);
        } else {
          this.fail("invalid or unsupported group syntax " + this.src.substring(start, this.pos) + " (allowed: (?:...), (?P<name>...), (?<name>...), flags imsU)", start);
          return null;
        }
        sawFlag = true;
        flags = neg ? flags & ~bit : flags | bit;
      }
      this.fail("invalid or unsupported group syntax " + this.src.substring(start, this.pos), start);
      return null;
    }
    return this.groupBody(start, savedFlags);
  }

  groupBody(start: i32, savedFlags: i32): Node | null {
    if (++this.depth > MAX_NESTING) {
      this.fail("groups nested too deeply (limit " + MAX_NESTING.toString() + ")", start);
      return null;
    }
    let node = this.parseAlternation();
    this.depth--;
    if (this.error.length > 0) return null;
    if (this.eof || this.peek() != 0x29) {
      this.fail("missing closing ) for the group opened here", start);
      return null;
    }
    this.pos++;
    this.flags = savedFlags;
    return node;
  }

  /** Parses an escape after the backslash. Returns a node for use outside classes. */
  parseEscape(start: i32): Node | null {
    if (this.eof) { this.fail("trailing backslash at end of pattern", start); return null; }
    let c = this.peek();
    let fold = (this.flags & FLAG_CASELESS) != 0;
    switch (c) {
      case 0x62: this.pos++; return Node.assertion(Assert.WordBoundary); // \b
      case 0x42: this.pos++; return Node.assertion(Assert.NotWordBoundary); // \B
      case 0x41: this.pos++; return Node.assertion(Assert.BeginText); // \A
      case 0x7a: this.pos++; return Node.assertion(Assert.EndText); // \z
      case 0x43: this.pos++; return new Node(NodeKind.AnyByte); // \C
      case 0x51: { // \Q...\E
        this.pos++;
        let end = this.src.indexOf("\\E", this.pos);
        let stop = end < 0 ? this.src.length : end;
        let n = new Node(NodeKind.Concat);
        while (this.pos < stop) n.children.push(Node.literal(this.next(), fold));
        if (end >= 0) this.pos = end + 2;
        if (n.children.length == 0) return new Node(NodeKind.Empty);
        return n;
      }
    }
    let perl = this.tryPerlClass();
    if (perl !== null) return Node.charClass(perl, perl.coversNonAscii());
    let r = this.parseRuneEscape(start, false);
    if (r < 0) return null;
    return Node.literal(r, fold);
  }

  /** \d \D \s \S \w \W at pos (after the backslash), or null. */
  tryPerlClass(): CharSet | null {
    let c = this.peek();
    let lower = c | 0x20;
    if (lower != 0x64 && lower != 0x73 && lower != 0x77) return null;
    this.pos++;
    let set = perlClass(lower)!;
    if (c != lower) set.negate();
    return set;
  }

  /** A single-character escape (after the backslash); returns -1 after recording an error. */
  parseRuneEscape(start: i32, inClass: bool): i32 {
    let c = this.next();
    if (isOctal(c) && (c == 0x30 || (!this.eof && isOctal(this.peek())))) {
      // \0, \0nn, \nn, \nnn: octal, as in RE2 (a lone \1-\7 is a backreference)
      let v = c - 0x30;
      for (let i = 0; i < 2 && !this.eof && isOctal(this.peek()); i++) v = v * 8 + (this.next() - 0x30);
      return v;
    }
    if (isDigit(c)) {
      this.fail("backreference \\" + String.fromCharCode(c) + " is not supported (RE2 syntax has no backreferences)", start);
      return -1;
    }
    switch (c) {
      case 0x61: return 7; // \a
      case 0x66: return 12; // \f
      case 0x74: return 9; // \t
      case 0x6e: return 10; // \n
      case 0x72: return 13; // \r
      case 0x76: return 11; // \v
      case 0x78: { // \xHH or \x{H...}
        if (!this.eof && this.peek() == 0x7b) {
          this.pos++;
          let v = 0, digits = 0;
          while (!this.eof && hexValue(this.peek()) >= 0) {
            v = v * 16 + hexValue(this.next());
            if (++digits > 8 || v > MAX_RUNE) break;
          }
          if (digits == 0 || v > MAX_RUNE || this.eof || this.peek() != 0x7d) {
            this.fail("invalid escape \\x{...}: expected 1 or more hex digits up to 10FFFF and a closing }", start);
            return -1;
          }
          this.pos++;
          if (v >= 0xd800 && v <= 0xdfff) { this.fail("invalid escape: surrogate code point", start); return -1; }
          return v;
        }
        let h1 = this.eof ? -1 : hexValue(this.peek());
        let h2 = this.pos + 1 < this.src.length ? hexValue(this.src.charCodeAt(this.pos + 1)) : -1;
        if (h1 < 0 || h2 < 0) { this.fail("invalid escape \\x: expected two hex digits or \\x{...}", start); return -1; }
        this.pos += 2;
        return h1 * 16 + h2;
      }
      case 0x70: case 0x50: // \p \P
        this.fail("Unicode classes \\p / \\P are not supported; use explicit ranges", start);
        return -1;
    }
    if (c < 0x80 && !isAlnum(c)) return c; // escaped punctuation
    if (inClass && (c == 0x62 || c == 0x42 || c == 0x41 || c == 0x7a || c == 0x43 || c == 0x51)) {
      this.fail("invalid escape \\" + describe(c) + " inside a character class", start);
      return -1;
    }
    this.fail("invalid escape sequence \\" + describe(c), start);
    return -1;
  }

  parseClass(start: i32): Node | null {
    let negated = false;
    if (!this.eof && this.peek() == 0x5e) { negated = true; this.pos++; }
    let set = new CharSet(); // folds under (?i)
    let fixed = new CharSet(); // Perl classes: never folded
    let first = true;
    while (true) {
      if (this.eof) { this.fail("missing closing ] for the class opened here", start); return null; }
      let c = this.peek();
      if (c == 0x5d && !first) { this.pos++; break; }
      first = false;
      if (c == 0x5b && this.peekAt(1) == 0x3a) { // [:name:]
        let end = this.src.indexOf(":]", this.pos + 2);
        if (end > 0) {
          let name = this.src.substring(this.pos + 2, end);
          let neg = name.startsWith("^");
          if (neg) name = name.substring(1);
          let ps = posixClass(name);
          if (ps === null) { this.fail("invalid POSIX class [:" + name + ":]", this.pos); return null; }
          if (neg) ps.negate();
          (neg ? fixed : set).addSet(ps);
          this.pos = end + 2;
          continue;
        }
      }
      let itemStart = this.pos;
      let lo = this.classRune(fixed);
      if (this.error.length > 0) return null;
      if (lo < 0) continue; // a Perl class was added
      if (!this.eof && this.peek() == 0x2d && this.peekAt(1) != 0x5d && this.peekAt(1) >= 0) {
        this.pos++;
        let hi = this.classRune(null);
        if (this.error.length > 0) return null;
        if (hi < lo) {
          this.fail("invalid character class range " + this.src.substring(itemStart, this.pos), itemStart);
          return null;
        }
        set.addRange(lo, hi);
      } else {
        set.addChar(lo);
      }
    }
    if ((this.flags & FLAG_CASELESS) != 0) set = foldSet(set);
    set.addSet(fixed);
    if (negated) set.negate();
    return Node.charClass(set, set.coversNonAscii());
  }

  /** One class member: a rune (returned) or, when `perl` is given, a Perl class added to it (-1). */
  classRune(perl: CharSet | null): i32 {
    let start = this.pos;
    let c = this.next();
    if (c != 0x5c) return c;
    if (this.eof) { this.fail("trailing backslash at end of pattern", start); return -1; }
    let cls = this.tryPerlClass();
    if (cls !== null) {
      if (perl === null) { this.fail("invalid character class range: a class cannot end a range", start); return -1; }
      perl.addSet(cls);
      return -1;
    }
    return this.parseRuneEscape(start, true);
  }
}

function parseCount(s: string): i32 {
  if (s.length == 0 || s.length > 5) return s.length == 0 ? 0 : 100000;
  return I32.parseInt(s);
}
