// A tiny non-validating XML scanner for the deny rules (docs/parsing.md, "Raw
// bodies"): it yields what an XML application reads — text nodes, CDATA
// sections and attribute values, with the predefined and numeric character
// references decoded — as Body items, so that the markup itself (tags,
// namespaces) is never inspected as if it were data. A DOCTYPE declaration is
// one item holding the whole declaration (internal subset included), for the
// XXE rules. Comments, processing instructions and the XML declaration are
// skipped, and so are namespace declarations (xmlns, xmlns:*): applications
// do not read them as data.
//
// Not a validator: end tags are not matched against start tags. It returns
// false when the text is not markup it can follow (a '<' that starts no
// construct, an unterminated tag, comment, CDATA section or declaration, an
// attribute without a quoted value); the caller then inspects the body whole.
// Work is linear in the input: every character is visited a bounded number of
// times, and item names are built from a bounded stack (MAX_DEPTH paths of at
// most MAX_PATH characters).
import { Item, Source, SOURCE_BODY } from "./items";

// Paths deeper than this share the path of their ancestor at this depth + "/…".
const MAX_DEPTH: i32 = 32;
const MAX_PATH: i32 = 256;

// The paths of the open elements, up to MAX_DEPTH (reused across calls).
const paths = new Array<string>();

export function scanXml(text: string, out: Array<Item>): bool {
  let n = text.length;
  let depth = 0;
  paths.length = 0;
  let i = 0;
  let textStart = 0;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (c != 0x3C) { i++; continue; } // '<'
    if (i > textStart) addText(text, textStart, i, depth, out);
    if (i + 1 >= n) return false;
    let c1 = text.charCodeAt(i + 1);
    if (c1 == 0x3F) { // <? ... ?>
      let end = findSeq(text, 0x3F, 0x3E, i + 2);
      if (end < 0) return false;
      i = end + 2;
    } else if (c1 == 0x21) { // <!
      if (startsAt(text, i + 2, "--")) {
        let end = findComment(text, i + 4);
        if (end < 0) return false;
        i = end + 3;
      } else if (startsAt(text, i + 2, "[CDATA[")) {
        let end = findCdataEnd(text, i + 9);
        if (end < 0) return false;
        if (end > i + 9) push(out, pathAt(depth), text.substring(i + 9, end));
        i = end + 3;
      } else if (startsAtIgnoreCase(text, i + 2, "DOCTYPE")) {
        let end = doctypeEnd(text, i + 9);
        if (end < 0) return false;
        push(out, "!DOCTYPE", text.substring(i, end));
        i = end;
      } else {
        return false;
      }
    } else if (c1 == 0x2F) { // </name>
      let end = findChar(text, 0x3E, i + 2, text.length);
      if (end < 0) return false;
      if (depth > 0) depth--;
      i = end + 1;
    } else {
      let next = startTag(text, i + 1, depth, out);
      if (next < 0) return false;
      i = next;
      // startTag leaves the element open unless it was empty (<a/>).
      depth = tagDepth;
    }
    textStart = i;
  }
  if (n > textStart) addText(text, textStart, n, depth, out);
  return true;
}

// The depth after the last startTag.
let tagDepth: i32 = 0;

// A start tag from its name at `i`: pushes its attribute values, opens the
// element; returns the index after '>' (-1 when malformed).
function startTag(text: string, i: i32, depth: i32, out: Array<Item>): i32 {
  let n = text.length;
  let nameStart = i;
  while (i < n && isNameChar(text.charCodeAt(i))) i++;
  if (i == nameStart || !isNameStart(text.charCodeAt(nameStart))) return -1;
  let path = childPath(depth, text.substring(nameStart, i));
  while (true) {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (i >= n) return -1;
    let c = text.charCodeAt(i);
    if (c == 0x3E) { open(depth, path); return i + 1; } // '>'
    if (c == 0x2F) { // "/>"
      if (i + 1 >= n || text.charCodeAt(i + 1) != 0x3E) return -1;
      tagDepth = depth;
      return i + 2;
    }
    let attrStart = i;
    while (i < n && isNameChar(text.charCodeAt(i))) i++;
    if (i == attrStart) return -1;
    let attr = text.substring(attrStart, i);
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (i >= n || text.charCodeAt(i) != 0x3D) return -1; // '='
    i++;
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (i >= n) return -1;
    let q = text.charCodeAt(i);
    if (q != 0x22 && q != 0x27) return -1;
    let end = findChar(text, q, i + 1, n);
    if (end < 0) return -1;
    if (!(attr == "xmlns" || attr.startsWith("xmlns:")) && end > i + 1) {
      push(out, path + "/@" + attr, decodeReferences(text, i + 1, end));
    }
    i = end + 1;
  }
}

function open(depth: i32, path: string): void {
  if (depth < MAX_DEPTH) {
    if (paths.length > depth) unchecked(paths[depth] = path);
    else paths.push(path);
  }
  tagDepth = depth + 1;
}

// The path of the element open at `depth` ("" at the top).
function pathAt(depth: i32): string {
  if (depth == 0) return "";
  if (depth <= MAX_DEPTH) return unchecked(paths[depth - 1]);
  return unchecked(paths[MAX_DEPTH - 1]) + "/…";
}

function childPath(depth: i32, name: string): string {
  let parent = pathAt(depth);
  if (depth >= MAX_DEPTH) return parent.endsWith("/…") ? parent : parent + "/…";
  if (parent.length >= MAX_PATH) return parent;
  let p = parent + "/" + name;
  return p.length > MAX_PATH ? p.substring(0, MAX_PATH) + "…" : p;
}

// Character data between markup: an item unless it is only white space.
function addText(text: string, start: i32, end: i32, depth: i32, out: Array<Item>): void {
  let s = start;
  while (s < end && isSpace(text.charCodeAt(s))) s++;
  if (s == end) return;
  let e = end;
  while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
  push(out, pathAt(depth), decodeReferences(text, s, e));
}

function push(out: Array<Item>, name: string, value: string): void {
  out.push(new Item(SOURCE_BODY, name.length > 0 ? name : "/", value, value));
}

// The end of a DOCTYPE declaration (index after its '>'), with an internal
// subset in brackets whose declarations and quoted literals may contain '>'.
function doctypeEnd(text: string, i: i32): i32 {
  let n = text.length;
  let quote = 0;
  let inSubset = false;
  while (i < n) {
    let c = text.charCodeAt(i++);
    if (quote != 0) { if (c == quote) quote = 0; continue; }
    if (c == 0x22 || c == 0x27) quote = c;
    else if (c == 0x5B) inSubset = true;
    else if (c == 0x5D) inSubset = false;
    else if (c == 0x3E && !inSubset) return i;
  }
  return -1;
}

// Text in [start, end) with &lt; &gt; &amp; &quot; &apos; &#N; &#xH; decoded.
// Other references (&name; of a DTD) stay as written.
export function decodeReferences(text: string, start: i32, end: i32): string {
  let amp = findChar(text, 0x26, start, end);
  if (amp < 0) return text.substring(start, end);
  let out = "";
  let last = start;
  let i = amp;
  while (i < end) {
    if (text.charCodeAt(i) != 0x26) { i++; continue; }
    let semi = findChar(text, 0x3B, i + 1, min(end, i + 13));
    if (semi < 0) { i++; continue; }
    let code = referenceValue(text, i + 1, semi);
    if (code < 0) { i = semi + 1; continue; }
    out += text.substring(last, i) + String.fromCodePoint(code);
    i = semi + 1;
    last = i;
  }
  return out + text.substring(last, end);
}

function referenceValue(text: string, s: i32, e: i32): i32 {
  if (s >= e) return -1;
  if (text.charCodeAt(s) == 0x23) { // '#'
    let hex = s + 1 < e && (text.charCodeAt(s + 1) | 0x20) == 0x78;
    let i = hex ? s + 2 : s + 1;
    if (i >= e) return -1;
    let v = 0;
    for (; i < e; i++) {
      let c = text.charCodeAt(i);
      let d = -1;
      if (c >= 0x30 && c <= 0x39) d = c - 0x30;
      else if (hex && (c | 0x20) >= 0x61 && (c | 0x20) <= 0x66) d = (c | 0x20) - 0x61 + 10;
      if (d < 0) return -1;
      v = v * (hex ? 16 : 10) + d;
      if (v > 0x10FFFF) return -1;
    }
    return v;
  }
  let name = text.substring(s, e);
  if (name == "lt") return 0x3C;
  if (name == "gt") return 0x3E;
  if (name == "amp") return 0x26;
  if (name == "quot") return 0x22;
  if (name == "apos") return 0x27;
  return -1;
}

// (Character loops: String#indexOf compares a substring at every position.)
function findChar(text: string, c: i32, from: i32, end: i32): i32 {
  for (let i = from; i < end; i++) if (text.charCodeAt(i) == c) return i;
  return -1;
}

// "ab" (e.g. "?>") from `from`: the index of a.
function findSeq(text: string, a: i32, b: i32, from: i32): i32 {
  let n = text.length - 1;
  for (let i = from; i < n; i++) if (text.charCodeAt(i) == a && text.charCodeAt(i + 1) == b) return i;
  return -1;
}

// "-->" from `from`.
function findComment(text: string, from: i32): i32 {
  let n = text.length - 2;
  for (let i = from; i < n; i++) {
    if (text.charCodeAt(i) == 0x2D && text.charCodeAt(i + 1) == 0x2D && text.charCodeAt(i + 2) == 0x3E) return i;
  }
  return -1;
}

// "]]>" from `from`.
function findCdataEnd(text: string, from: i32): i32 {
  let n = text.length - 2;
  for (let i = from; i < n; i++) {
    if (text.charCodeAt(i) == 0x5D && text.charCodeAt(i + 1) == 0x5D && text.charCodeAt(i + 2) == 0x3E) return i;
  }
  return -1;
}

function startsAt(text: string, i: i32, s: string): bool {
  let m = s.length;
  if (i + m > text.length) return false;
  for (let k = 0; k < m; k++) if (text.charCodeAt(i + k) != s.charCodeAt(k)) return false;
  return true;
}

function startsAtIgnoreCase(text: string, i: i32, upper: string): bool {
  let m = upper.length;
  if (i + m > text.length) return false;
  for (let k = 0; k < m; k++) {
    let c = text.charCodeAt(i + k);
    if (c >= 0x61 && c <= 0x7A) c -= 0x20;
    if (c != upper.charCodeAt(k)) return false;
  }
  return true;
}

// @ts-ignore: decorator
@inline function isSpace(c: i32): bool { return c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09; }

// @ts-ignore: decorator
@inline function isNameStart(c: i32): bool {
  return (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c == 0x3A || c >= 0x80;
}

// @ts-ignore: decorator
@inline function isNameChar(c: i32): bool {
  return isNameStart(c) || (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x2E;
}
