// JSON per RFC 8259, the whole grammar and nothing more: no comments, no
// trailing commas, no leading zeros, no single quotes, no NaN, only the four
// JSON whitespace bytes, control characters in strings rejected, escapes
// checked (a "\u" high surrogate must be followed by a low one; lone
// surrogates are rejected — they are how payloads hide from UTF-8 matchers),
// the text must be well-formed UTF-8 (no BOM). Any top-level value is allowed.
// Duplicate keys are legal JSON and are all kept: backends disagree on which
// one wins, so rules must see every one.
//
// Items: every object key (isKey, name = JSONPath of the object, value = the
// key) and every scalar (name = its JSONPath, value = the unescaped string or
// the literal text of a number/true/false/null, raw = the token without quotes).
// Objects and arrays themselves are not items.
//
// The parser is iterative (an explicit stack, never the wasm call stack), so a
// 10,000-deep document costs a small array, not a stack overflow. The
// structural limits stop it at the first excess: nesting depth (objects and
// arrays), keys of one object, and elements of the whole document (keys plus
// array items, counted recursively). Work is linear in the body length.
import { Item, ParseError, Source, ValueType, ItemFlag } from "./items";
import { PathNode, pathString } from "./json_path";
import { decodeUtf8, lastUtf8Flags, asciiString, writeUtf8 } from "../transform/utf8";
import { hex4 } from "../transform/hex";
import { internAscii } from "./intern";

export class JsonLimits {
  // 0 = unlimited, for each.
  nestingDepth: i32 = 100;
  keyCount: i32 = 250;
  elementCount: i32 = 10000;
}

const TRUE = "true";
const FALSE = "false";
const NULL = "null";

let scratch = new ArrayBuffer(256);

// The parser's string and path registers live in module globals, not in
// JsonParser fields: a store into an object field costs a GC write-barrier
// call (several per item), a store into a global costs nothing (the collector
// re-scans globals before it finishes marking). parseJson is not reentrant,
// and it clears them when it returns so no request data outlives the parse.
let strValue: string = "";
let strRaw: string = "";
let curNode: PathNode | null = null;
let curKey: string | null = null;
const SCRATCH_KEEP: usize = 64 * 1024;

class JsonParser {
  pos: usize = 0;
  err: ParseError | null = null;
  // Results of the last parseString (strValue, strRaw: module globals).
  strFlags: u32 = 0;

  // The container stack: the path of each open container and its count
  // (keys of an object, or index of the current array item) times 2, plus 1
  // for arrays. Grown by doubling; its size is bounded by the depth limit.
  nodes: StaticArray<PathNode> = new StaticArray<PathNode>(16);
  frames: StaticArray<i32> = new StaticArray<i32>(16);
  depth: i32 = 0;
  elements: i32 = 0;

  constructor(public base: usize, public n: usize, public limits: JsonLimits, public out: Array<Item>) {}

  // The path of the value being parsed: (parent container node curNode, key
  // curKey (module globals) or index).
  curIndex: i32 = -1;

  here(): string { return pathString(curNode, curKey, this.curIndex, 128); }

  fail(msg: string): void {
    if (this.err === null) this.err = new ParseError("json_syntax", msg, this.here(), 0, 0, <i32>this.pos);
  }

  limit(subtype: string, msg: string, limit: i32, observed: i32): void {
    this.err = new ParseError(subtype, msg, this.here(), <i64>limit, <i64>observed, <i32>this.pos);
  }

  // Makes the current position the container `node` itself (for errors and key items).
  atNode(node: PathNode): void {
    curNode = node.parent; curKey = node.key; this.curIndex = node.index;
  }

  // @ts-ignore: decorator
  @inline skipWs(): void {
    let p = this.pos, n = this.n, b = this.base;
    while (p < n) {
      let c = load<u8>(b + p);
      if (c != 0x20 && c != 0x0A && c != 0x0D && c != 0x09) break;
      p++;
    }
    this.pos = p;
  }

  // @ts-ignore: decorator
  @inline peek(): i32 {
    return this.pos < this.n ? <i32>load<u8>(this.base + this.pos) : -1;
  }

  countElement(): bool {
    let e = ++this.elements;
    let lim = this.limits.elementCount;
    if (lim > 0 && e > lim) { this.limit("json_element_count", "too many elements", lim, e); return false; }
    return true;
  }

  // Opens a container at the current path.
  push(array: bool): bool {
    let depth = this.depth + 1;
    let lim = this.limits.nestingDepth;
    if (lim > 0 && depth > lim) { this.limit("json_nesting_depth", "nesting too deep", lim, depth); return false; }
    let cap = this.frames.length;
    if (depth > cap) {
      let nodes = new StaticArray<PathNode>(cap << 1);
      let frames = new StaticArray<i32>(cap << 1);
      for (let i = 0; i < cap; i++) { unchecked(nodes[i] = this.nodes[i]); unchecked(frames[i] = this.frames[i]); }
      this.nodes = nodes;
      this.frames = frames;
    }
    unchecked(this.nodes[depth - 1] = new PathNode(curNode, curKey, this.curIndex));
    unchecked(this.frames[depth - 1] = array ? 1 : 0);
    this.depth = depth;
    this.pos++;
    return true;
  }

  // @ts-ignore: decorator
  @inline pop(): void {
    this.depth--;
    this.pos++;
  }

  // Parses the string starting at the opening quote; false on error.
  parseString(): bool {
    let b = this.base, n = this.n;
    let start = this.pos + 1;
    let p = start;
    let kind: u32 = 0; // 1 escape, 2 non-ASCII
    while (true) {
      if (p >= n) { this.pos = p; this.fail("unterminated string"); return false; }
      let c = <u32>load<u8>(b + p);
      if (c == 0x22) break;
      if (c == 0x5C) { kind |= 1; p += 2; continue; }
      if (c < 0x20) { this.pos = p; this.fail("control character in string"); return false; }
      if (c >= 0x80) kind |= 2;
      p++;
    }
    let len = p - start;
    this.pos = p + 1;
    if (kind == 0) {
      let s = internAscii(b + start, len);
      strValue = s; strRaw = s; this.strFlags = 0;
      return true;
    }
    let raw = decodeUtf8(b + start, len);
    let rawFlags = lastUtf8Flags();
    if ((rawFlags & ItemFlag.InvalidUtf8) != 0) { this.pos = start; this.fail("invalid UTF-8"); return false; }
    strRaw = raw;
    if ((kind & 1) == 0) { strValue = raw; this.strFlags = rawFlags; return true; }
    return this.unescape(b + start, len);
  }

  unescape(src: usize, len: usize): bool {
    // Unescaped UTF-8 never outgrows the escaped text. Large strings get a
    // one-off buffer so the buffer kept between requests stays small.
    let buf = scratch;
    if (<usize>buf.byteLength < len) {
      buf = new ArrayBuffer(<i32>len);
      if (len <= SCRATCH_KEEP) scratch = buf;
    }
    let w0 = changetype<usize>(buf);
    let w = w0;
    let end = src + len;
    let p = src;
    while (p < end) {
      let c = <u32>load<u8>(p);
      if (c != 0x5C) { store<u8>(w, <u8>c); w++; p++; continue; }
      let e = <u32>load<u8>(p + 1);
      p += 2;
      let o: u32 = 0;
      switch (e) {
        case 0x22: o = 0x22; break;
        case 0x5C: o = 0x5C; break;
        case 0x2F: o = 0x2F; break;
        case 0x62: o = 0x08; break;
        case 0x66: o = 0x0C; break;
        case 0x6E: o = 0x0A; break;
        case 0x72: o = 0x0D; break;
        case 0x74: o = 0x09; break;
        case 0x75: {
          let cp = p + 4 <= end ? hex4(p) : -1;
          if (cp < 0) { this.fail("invalid \\u escape"); return false; }
          p += 4;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            let lo = p + 6 <= end && load<u8>(p) == 0x5C && load<u8>(p + 1) == 0x75 ? hex4(p + 2) : -1;
            if (lo < 0xDC00 || lo > 0xDFFF) { this.fail("lone surrogate"); return false; }
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            p += 6;
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            this.fail("lone surrogate"); return false;
          }
          w += writeUtf8(w, <u32>cp);
          continue;
        }
        default: this.fail("invalid escape"); return false;
      }
      store<u8>(w, <u8>o); w++;
    }
    strValue = decodeUtf8(w0, w - w0);
    this.strFlags = lastUtf8Flags();
    return true;
  }

  // Validates a number token at pos; returns its end or 0 on error.
  numberEnd(): usize {
    let b = this.base, n = this.n;
    let p = this.pos;
    if (p < n && load<u8>(b + p) == 0x2D) p++;
    if (p >= n) { this.fail("invalid number"); return 0; }
    let c = <u32>load<u8>(b + p);
    if (c == 0x30) {
      p++;
      if (p < n && <u32>(load<u8>(b + p) - 0x30) <= 9) { this.fail("leading zero"); return 0; }
    } else if (<u32>(c - 0x31) <= 8) {
      p++;
      while (p < n && <u32>(load<u8>(b + p) - 0x30) <= 9) p++;
    } else { this.fail("invalid number"); return 0; }
    if (p < n && load<u8>(b + p) == 0x2E) {
      p++;
      let d = p;
      while (p < n && <u32>(load<u8>(b + p) - 0x30) <= 9) p++;
      if (p == d) { this.fail("invalid number"); return 0; }
    }
    if (p < n && (load<u8>(b + p) | 0x20) == 0x65) {
      p++;
      if (p < n && (load<u8>(b + p) == 0x2B || load<u8>(b + p) == 0x2D)) p++;
      let d = p;
      while (p < n && <u32>(load<u8>(b + p) - 0x30) <= 9) p++;
      if (p == d) { this.fail("invalid number"); return 0; }
    }
    return p;
  }

  literal(word: string): bool {
    let len = <usize>word.length;
    if (this.pos + len > this.n) { this.fail("invalid literal"); return false; }
    for (let i: usize = 0; i < len; i++) {
      if (<i32>load<u8>(this.base + this.pos + i) != word.charCodeAt(<i32>i)) { this.fail("invalid literal"); return false; }
    }
    this.pos += len;
    return true;
  }

  emit(value: string, raw: string, type: ValueType, flags: u32): void {
    this.out.push(Item.json(value, raw, curNode, curKey, this.curIndex, type, flags, false));
  }

  // Parses one scalar at pos (the caller checked it is not a container).
  scalar(c: i32): bool {
    if (c == 0x22) {
      if (!this.parseString()) return false;
      this.emit(strValue, strRaw, ValueType.Text, this.strFlags);
      return true;
    }
    if (c == 0x2D || <u32>(c - 0x30) <= 9) {
      let end = this.numberEnd();
      if (end == 0) return false;
      let s = internAscii(this.base + this.pos, end - this.pos);
      this.pos = end;
      this.emit(s, s, ValueType.Number, 0);
      return true;
    }
    if (c == 0x74) { if (!this.literal(TRUE)) return false; this.emit(TRUE, TRUE, ValueType.Boolean, 0); return true; }
    if (c == 0x66) { if (!this.literal(FALSE)) return false; this.emit(FALSE, FALSE, ValueType.Boolean, 0); return true; }
    if (c == 0x6E) { if (!this.literal(NULL)) return false; this.emit(NULL, NULL, ValueType.Null, 0); return true; }
    this.fail(c < 0 ? "unexpected end" : "unexpected character");
    return false;
  }

  // Reads `"key" :` inside the object on top of the stack and makes the
  // member the current path; false on error.
  key(): bool {
    let top = this.depth - 1;
    let obj = unchecked(this.nodes[top]);
    this.atNode(obj);
    if (this.peek() != 0x22) { this.fail(this.peek() < 0 ? "unexpected end" : "expected a key"); return false; }
    if (!this.parseString()) return false;
    let k = strValue;
    this.out.push(Item.json(k, strRaw, obj.parent, obj.key, obj.index, ValueType.Text, this.strFlags, true));
    let count = (unchecked(this.frames[top]) >> 1) + 1;
    unchecked(this.frames[top] = count << 1);
    let lim = this.limits.keyCount;
    if (lim > 0 && count > lim) { this.limit("json_key_count", "too many keys in one object", lim, count); return false; }
    if (!this.countElement()) return false;
    this.skipWs();
    if (this.peek() != 0x3A) { this.fail("expected ':'"); return false; }
    this.pos++;
    curNode = obj; curKey = k; this.curIndex = -1;
    return true;
  }

  run(): ParseError | null {
    // Parse a value at the current path; then, while containers are open, read what follows it.
    while (true) {
      this.skipWs();
      let c = this.peek();
      if (c == 0x7B) { // {
        if (!this.push(false)) return this.err;
        this.skipWs();
        if (this.peek() == 0x7D) { this.pop(); }
        else {
          if (!this.key()) return this.err;
          continue;
        }
      } else if (c == 0x5B) { // [
        if (!this.push(true)) return this.err;
        let arr = unchecked(this.nodes[this.depth - 1]);
        this.atNode(arr);
        this.skipWs();
        if (this.peek() == 0x5D) { this.pop(); }
        else {
          if (!this.countElement()) return this.err;
          curNode = arr; curKey = null; this.curIndex = 0;
          continue;
        }
      } else {
        if (!this.scalar(c)) return this.err;
      }
      // After a value: a ',' or the closing bracket of each open container.
      while (true) {
        let depth = this.depth;
        this.skipWs();
        if (depth == 0) {
          curNode = null; curKey = null; this.curIndex = -1;
          if (this.pos != this.n) { this.fail("unexpected data after the value"); return this.err; }
          return null;
        }
        let top = depth - 1;
        let frame = unchecked(this.frames[top]);
        let arr = (frame & 1) != 0;
        let node = unchecked(this.nodes[top]);
        let d = this.peek();
        if (d == 0x2C) { // ,
          this.pos++;
          if (arr) {
            let count = (frame >> 1) + 1;
            unchecked(this.frames[top] = (count << 1) | 1);
            curNode = node; curKey = null; this.curIndex = count;
            if (!this.countElement()) return this.err;
          } else {
            this.skipWs();
            if (!this.key()) return this.err;
          }
          break;
        }
        if (d == (arr ? 0x5D : 0x7D)) { this.pop(); continue; }
        this.atNode(node);
        this.fail(d < 0 ? "unexpected end" : (arr ? "expected ',' or ']'" : "expected ',' or '}'"));
        return this.err;
      }
    }
  }
}

export function parseJson(body: Uint8Array, limits: JsonLimits, out: Array<Item>): ParseError | null {
  curNode = null; curKey = null;
  let p = new JsonParser(body.dataStart, <usize>body.length, limits, out);
  let err = p.run();
  strValue = ""; strRaw = ""; curNode = null; curKey = null;
  return err;
}
