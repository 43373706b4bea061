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
// Objects and arrays themselves are not items. The parser validates every
// token and computes each item's flags and value length, but stores only
// offsets: strings and names are decoded from the body when read (json_doc.ts).
//
// The parser is iterative (an explicit stack, never the wasm call stack), so a
// 10,000-deep document costs a small array, not a stack overflow. The
// structural limits stop it at the first excess: nesting depth (objects and
// arrays), keys of one object, and elements of the whole document (keys plus
// array items, counted recursively). Work is linear in the body length.
import { Item, ParseError, ValueType, ItemFlag } from "./items";
import { JsonDoc, takeDoc, releaseDoc, TOK_ESCAPED, TOK_NON_ASCII, KEY_KIND_SHIFT, KEY_LEN_MASK } from "./json_doc";
import { hex4 } from "../transform/hex";

export class JsonLimits {
  // 0 = unlimited, for each.
  nestingDepth: i32 = 100;
  keyCount: i32 = 250;
  elementCount: i32 = 10000;
}

// The parser's registers are module globals: parseJson is not reentrant, a
// global costs no allocation and no write barrier, and the hot loops keep
// their own copies in locals. parseJson clears the references on return.
let doc: JsonDoc | null = null;
let err: ParseError | null = null;
let base: usize = 0;
let end: usize = 0;
let limDepth: i32 = 0;
let limKeys: i32 = 0;
let limElements: i32 = 0;
let depth: i32 = 0;
let elements: i32 = 0;
// The path of the value being parsed: parent node, member key (offset in the
// body, -1: none; length word) or array index (-1: none).
let curNode: i32 = -1;
let curKey: i32 = -1;
let curKeyLen: u32 = 0;
let curIndex: i32 = -1;
// Results of scanString.
let sUnits: i32 = 0;
let sFlags: u32 = 0;
let sKind: u32 = 0;

// The container stack, FRAME words per open container: its node index, its
// count (keys of an object, or index of the current array item) times 2 plus
// 1 for arrays, and its own path (parent node, key, key length word, index)
// so key items get it without a look-up. Grown by doubling; its size is
// bounded by the depth limit (or the body), and a large one is not kept.
const FRAME: i32 = 6;
const F_NODE = 0, F_COUNT = 1, F_PARENT = 2, F_KEY = 3, F_KEYLEN = 4, F_INDEX = 5;
let stack = new StaticArray<i32>(32 * FRAME);
const STACK_KEEP: i32 = 4096 * FRAME;

// Bytes that end a run of plain string characters: '"', '\\', controls,
// DEL and non-ASCII.
const STOP = memory.data(256);
for (let c = 0; c < 256; c++) store<u8>(STOP + <usize>c, c < 0x20 || c == 0x22 || c == 0x5C || c >= 0x7F ? 1 : 0);

function d(): JsonDoc { return changetype<JsonDoc>(doc); }

function here(): string { return d().path(curNode, curKey, curKeyLen, curIndex, 128); }

// @ts-ignore: decorator
@inline function offset(p: usize): i32 { return <i32>(p - base); }

function fail(p: usize, msg: string): void {
  if (err === null) err = new ParseError("json_syntax", msg, here(), 0, 0, offset(p));
}

function limit(p: usize, subtype: string, msg: string, lim: i32, observed: i32): void {
  err = new ParseError(subtype, msg, here(), <i64>lim, <i64>observed, offset(p));
}

// Makes the current position the container of frame `top` itself (for errors and key items).
// @ts-ignore: decorator
@inline function atFrame(top: i32): void {
  let f = changetype<usize>(stack) + (<usize>(top * FRAME) << 2);
  curNode = load<i32>(f, F_PARENT << 2); curKey = load<i32>(f, F_KEY << 2);
  curKeyLen = load<u32>(f, F_KEYLEN << 2); curIndex = load<i32>(f, F_INDEX << 2);
}

// @ts-ignore: decorator
@inline function skipWs(p: usize): usize {
  let e = end;
  while (p < e) {
    let c = load<u8>(p);
    if (c != 0x20 && c != 0x0A && c != 0x0D && c != 0x09) break;
    p++;
  }
  return p;
}

// @ts-ignore: decorator
@inline function peek(p: usize): i32 { return p < end ? <i32>load<u8>(p) : -1; }

function countElement(p: usize): bool {
  let e = ++elements;
  let lim = limElements;
  if (lim > 0 && e > lim) { limit(p, "json_element_count", "too many elements", lim, e); return false; }
  return true;
}

// Opens a container at the current path (p at its bracket).
function push(p: usize, array: bool): bool {
  let dep = depth + 1;
  let lim = limDepth;
  if (lim > 0 && dep > lim) { limit(p, "json_nesting_depth", "nesting too deep", lim, dep); return false; }
  let at = (dep - 1) * FRAME;
  if (at + FRAME > stack.length) {
    let grown = new StaticArray<i32>(stack.length << 1);
    memory.copy(changetype<usize>(grown), changetype<usize>(stack), <usize>stack.length << 2);
    stack = grown;
  }
  let f = changetype<usize>(stack) + (<usize>at << 2);
  store<i32>(f, d().addNode(curNode, curKey, curKeyLen, curIndex), F_NODE << 2);
  store<i32>(f, array ? 1 : 0, F_COUNT << 2);
  store<i32>(f, curNode, F_PARENT << 2);
  store<i32>(f, curKey, F_KEY << 2);
  store<u32>(f, curKeyLen, F_KEYLEN << 2);
  store<i32>(f, curIndex, F_INDEX << 2);
  depth = dep;
  return true;
}

// Validates the string whose opening quote is at q: escapes (a "\u" high
// surrogate must be followed by a low one), no control characters, strict
// UTF-8 (as the WHATWG decoder in fatal mode: no overlong forms, no encoded
// surrogates, nothing above U+10FFFF). Sets sUnits (UTF-16 length of the
// unescaped value), sFlags (HasNul, ControlChar) and sKind (TOK_* bits).
// Returns the position after the closing quote, or 0 on error.
function scanString(q: usize): usize {
  let p = q + 1, e = end;
  let units: i32 = 0;
  let flags: u32 = 0;
  let kind: u32 = 0;
  let stop = STOP;
  while (true) {
    let s = p;
    while (p < e && load<u8>(stop + <usize>load<u8>(p)) == 0) p++;
    units += <i32>(p - s);
    if (p >= e) { fail(p, "unterminated string"); return 0; }
    let c = <u32>load<u8>(p);
    if (c == 0x22) break;
    if (c == 0x5C) {
      kind |= TOK_ESCAPED;
      if (p + 1 >= e) { fail(p, "unterminated string"); return 0; }
      let x = <u32>load<u8>(p + 1);
      if (x == 0x22 || x == 0x5C || x == 0x2F || x == 0x6E || x == 0x72 || x == 0x74) { units++; p += 2; continue; }
      if (x == 0x62 || x == 0x66) { flags |= ItemFlag.ControlChar; units++; p += 2; continue; }
      if (x != 0x75) { fail(p, "invalid escape"); return 0; }
      let cp = p + 6 <= e ? hex4(p + 2) : -1;
      if (cp < 0) { fail(p, "invalid \\u escape"); return 0; }
      p += 6;
      if (cp >= 0xD800 && cp <= 0xDBFF) {
        let lo = p + 6 <= e && load<u8>(p) == 0x5C && load<u8>(p + 1) == 0x75 ? hex4(p + 2) : -1;
        if (lo < 0xDC00 || lo > 0xDFFF) { fail(p, "lone surrogate"); return 0; }
        p += 6;
        units += 2;
        continue;
      }
      if (cp >= 0xDC00 && cp <= 0xDFFF) { fail(p, "lone surrogate"); return 0; }
      if (cp < 0x20 || cp == 0x7F) {
        if (cp == 0) flags |= ItemFlag.HasNul | ItemFlag.ControlChar;
        else if (cp != 0x09 && cp != 0x0A && cp != 0x0D) flags |= ItemFlag.ControlChar;
      }
      units++;
      continue;
    }
    if (c < 0x20) { fail(p, "control character in string"); return 0; }
    if (c == 0x7F) { flags |= ItemFlag.ControlChar; units++; p++; continue; }
    // c >= 0x80: one UTF-8 sequence.
    kind |= TOK_NON_ASCII;
    let need: usize = 0;
    let lo: u32 = 0x80, hi: u32 = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) need = 1;
    else if (c >= 0xE0 && c <= 0xEF) { need = 2; if (c == 0xE0) lo = 0xA0; else if (c == 0xED) hi = 0x9F; }
    else if (c >= 0xF0 && c <= 0xF4) { need = 3; if (c == 0xF0) lo = 0x90; else if (c == 0xF4) hi = 0x8F; }
    let ok = need > 0 && p + need < e;
    if (ok) {
      let b1 = <u32>load<u8>(p + 1);
      ok = b1 >= lo && b1 <= hi;
      if (ok && need >= 2) ok = (<u32>load<u8>(p + 2) & 0xC0) == 0x80;
      if (ok && need == 3) ok = (<u32>load<u8>(p + 3) & 0xC0) == 0x80;
    }
    if (!ok) { fail(q + 1, "invalid UTF-8"); return 0; }
    units += need == 3 ? 2 : 1;
    p += need + 1;
  }
  sUnits = units; sFlags = flags; sKind = kind;
  return p + 1;
}

// Validates a number token at p; returns its end or 0 on error.
function numberEnd(p: usize): usize {
  let e = end;
  if (p < e && load<u8>(p) == 0x2D) p++;
  if (p >= e) { fail(p, "invalid number"); return 0; }
  let c = <u32>load<u8>(p);
  if (c == 0x30) {
    p++;
    if (p < e && <u32>(load<u8>(p) - 0x30) <= 9) { fail(p, "leading zero"); return 0; }
  } else if (<u32>(c - 0x31) <= 8) {
    p++;
    while (p < e && <u32>(load<u8>(p) - 0x30) <= 9) p++;
  } else { fail(p, "invalid number"); return 0; }
  if (p < e && load<u8>(p) == 0x2E) {
    p++;
    let s = p;
    while (p < e && <u32>(load<u8>(p) - 0x30) <= 9) p++;
    if (p == s) { fail(p, "invalid number"); return 0; }
  }
  if (p < e && (load<u8>(p) | 0x20) == 0x65) {
    p++;
    if (p < e && (load<u8>(p) == 0x2B || load<u8>(p) == 0x2D)) p++;
    let s = p;
    while (p < e && <u32>(load<u8>(p) - 0x30) <= 9) p++;
    if (p == s) { fail(p, "invalid number"); return 0; }
  }
  return p;
}

// One item at the current path.
// @ts-ignore: decorator
@inline function emit(start: usize, len: usize, units: i32, kind: u32, type: ValueType, flags: u32): void {
  let it = d().nextItem();
  it.isKey = false;
  it.flags = flags;
  it.valueType = type;
  it._start = <u32>(start - base);
  it._len = <u32>len;
  it._units = units;
  it._kind = kind;
  it._node = curNode;
  it._keyStart = curKey;
  it._keyLen = curKeyLen;
  it._pathIndex = curIndex;
}

// Parses one scalar at p (the caller checked it is not a container); returns
// the position after it, or 0 on error.
function scalar(p: usize, c: i32): usize {
  if (c == 0x22) {
    let q = scanString(p);
    if (q == 0) return 0;
    emit(p + 1, q - p - 2, sUnits, sKind, ValueType.Text, sFlags);
    return q;
  }
  if (c == 0x2D || <u32>(c - 0x30) <= 9) {
    let q = numberEnd(p);
    if (q == 0) return 0;
    emit(p, q - p, <i32>(q - p), 0, ValueType.Number, 0);
    return q;
  }
  let e = end;
  // "true", "null" and "fals" as little-endian words.
  if (c == 0x74) {
    if (p + 4 <= e && load<u32>(p) == 0x65757274) { emit(p, 4, 4, 0, ValueType.Boolean, 0); return p + 4; }
  } else if (c == 0x66) {
    if (p + 5 <= e && load<u32>(p) == 0x736C6166 && load<u8>(p + 4) == 0x65) { emit(p, 5, 5, 0, ValueType.Boolean, 0); return p + 5; }
  } else if (c == 0x6E) {
    if (p + 4 <= e && load<u32>(p) == 0x6C6C756E) { emit(p, 4, 4, 0, ValueType.Null, 0); return p + 4; }
  } else {
    fail(p, c < 0 ? "unexpected end" : "unexpected character");
    return 0;
  }
  fail(p, "invalid literal");
  return 0;
}

// Reads `"key" :` at p inside the object on top of the stack and makes the
// member the current path; returns the position after the ':' or 0 on error.
function key(p: usize): usize {
  let top = depth - 1;
  let f = changetype<usize>(stack) + (<usize>(top * FRAME) << 2);
  let obj = load<i32>(f, F_NODE << 2);
  atFrame(top);
  let c = peek(p);
  if (c != 0x22) { fail(p, c < 0 ? "unexpected end" : "expected a key"); return 0; }
  let q = scanString(p);
  if (q == 0) return 0;
  let start = p + 1, len = q - p - 2;
  // Key lengths share a word with two kind bits (far beyond any body limit).
  if (len > <usize>KEY_LEN_MASK) { fail(p, "key too long"); return 0; }
  let kind = sKind;
  let it = d().nextItem();
  it.isKey = true;
  it.flags = sFlags;
  it.valueType = ValueType.Text;
  it._start = <u32>(start - base);
  it._len = <u32>len;
  it._units = sUnits;
  it._kind = kind;
  it._node = curNode;
  it._keyStart = curKey;
  it._keyLen = curKeyLen;
  it._pathIndex = curIndex;
  let count = (load<i32>(f, F_COUNT << 2) >> 1) + 1;
  store<i32>(f, count << 1, F_COUNT << 2);
  let lim = limKeys;
  if (lim > 0 && count > lim) { limit(p, "json_key_count", "too many keys in one object", lim, count); return 0; }
  if (!countElement(p)) return 0;
  q = skipWs(q);
  if (peek(q) != 0x3A) { fail(q, "expected ':'"); return 0; }
  curNode = obj; curKey = <i32>(start - base); curKeyLen = <u32>len | (kind << KEY_KIND_SHIFT); curIndex = -1;
  return q + 1;
}

// Parses the document; sets err on failure.
function run(): void {
  let p = base;
  // Parse a value at the current path; then, while containers are open, read what follows it.
  while (true) {
    p = skipWs(p);
    let c = peek(p);
    if (c == 0x7B) { // {
      if (!push(p, false)) return;
      p = skipWs(p + 1);
      if (peek(p) == 0x7D) { depth--; p++; }
      else {
        p = key(p);
        if (p == 0) return;
        continue;
      }
    } else if (c == 0x5B) { // [
      if (!push(p, true)) return;
      let arr = unchecked(stack[(depth - 1) * FRAME + F_NODE]);
      atFrame(depth - 1);
      p = skipWs(p + 1);
      if (peek(p) == 0x5D) { depth--; p++; }
      else {
        if (!countElement(p)) return;
        curNode = arr; curKey = -1; curKeyLen = 0; curIndex = 0;
        continue;
      }
    } else {
      p = scalar(p, c);
      if (p == 0) return;
    }
    // After a value: a ',' or the closing bracket of each open container.
    while (true) {
      let dep = depth;
      p = skipWs(p);
      if (dep == 0) {
        curNode = -1; curKey = -1; curKeyLen = 0; curIndex = -1;
        if (p != end) fail(p, "unexpected data after the value");
        return;
      }
      let top = dep - 1;
      let f = changetype<usize>(stack) + (<usize>(top * FRAME) << 2);
      let frame = load<i32>(f, F_COUNT << 2);
      let arr = (frame & 1) != 0;
      let x = peek(p);
      if (x == 0x2C) { // ,
        p++;
        if (arr) {
          let count = (frame >> 1) + 1;
          store<i32>(f, (count << 1) | 1, F_COUNT << 2);
          curNode = load<i32>(f, F_NODE << 2); curKey = -1; curKeyLen = 0; curIndex = count;
          if (!countElement(p)) return;
        } else {
          p = key(skipWs(p));
          if (p == 0) return;
        }
        break;
      }
      if (x == (arr ? 0x5D : 0x7D)) { depth--; p++; continue; }
      atFrame(top);
      fail(p, x < 0 ? "unexpected end" : (arr ? "expected ',' or ']'" : "expected ',' or '}'"));
      return;
    }
  }
}

// Parses `body` into `out` (appended). On an error, `out` has the items
// produced before it. The items decode from `body`, which must not change
// while they are in use; they are recycled through releaseItems().
export function parseJson(body: Uint8Array, limits: JsonLimits, out: Array<Item>): ParseError | null {
  let x = takeDoc(body);
  doc = x;
  err = null;
  base = body.dataStart;
  end = base + <usize>body.length;
  limDepth = limits.nestingDepth; limKeys = limits.keyCount; limElements = limits.elementCount;
  depth = 0; elements = 0;
  curNode = -1; curKey = -1; curKeyLen = 0; curIndex = -1;
  run();
  let e = err;
  err = null;
  doc = null;
  if (stack.length > STACK_KEEP) stack = new StaticArray<i32>(32 * FRAME);
  let n = x.count;
  if (n == 0) { releaseDoc(x); return e; }
  // One growth of `out`, then the stores.
  let items = x.items;
  let at = out.length;
  out.length = at + n;
  for (let i = 0; i < n; i++) unchecked(out[at + i] = items[i]);
  return e;
}
