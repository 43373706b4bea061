// JSONPath names for JSON items: "$", "$.order.items[3].name". Keys that are
// not identifiers use bracket notation with single quotes ("$['a b']",
// "$['it\'s']"), the form Goessner's JSONPath and RFC 9535 both read.

// @ts-ignore: decorator
@inline function isIdentStart(c: i32): bool {
  return <u32>((c | 0x20) - 0x61) <= 25 || c == 0x5F || c == 0x24;
}
// @ts-ignore: decorator
@inline function isIdentPart(c: i32): bool {
  return isIdentStart(c) || <u32>(c - 0x30) <= 9 || c == 0x2D;
}

function isIdentifier(key: string): bool {
  let n = key.length;
  if (n == 0 || !isIdentStart(key.charCodeAt(0))) return false;
  for (let i = 1; i < n; i++) if (!isIdentPart(key.charCodeAt(i))) return false;
  return true;
}

// parent + sep + key + tail in one allocation (paths are built for every item).
export function joinPath(parent: string, sep: string, key: string, tail: string): string {
  let lp = <usize>parent.length << 1, ls = <usize>sep.length << 1;
  let lk = <usize>key.length << 1, lt = <usize>tail.length << 1;
  let out = changetype<usize>(__new(lp + ls + lk + lt, idof<String>()));
  memory.copy(out, changetype<usize>(parent), lp);
  memory.copy(out + lp, changetype<usize>(sep), ls);
  memory.copy(out + lp + ls, changetype<usize>(key), lk);
  memory.copy(out + lp + ls + lk, changetype<usize>(tail), lt);
  return changetype<string>(out);
}

export function memberPath(parent: string, key: string): string {
  if (isIdentifier(key)) return joinPath(parent, ".", key, "");
  let k = key;
  if (k.indexOf("\\") >= 0) k = k.replaceAll("\\", "\\\\");
  if (k.indexOf("'") >= 0) k = k.replaceAll("'", "\\'");
  return joinPath(parent, "['", k, "']");
}

export function indexPath(parent: string, index: i32): string {
  let digits = 1;
  for (let v = index; v >= 10; v /= 10) digits++;
  let lp = <usize>parent.length << 1;
  let out = changetype<usize>(__new(lp + (<usize>(digits + 2) << 1), idof<String>()));
  memory.copy(out, changetype<usize>(parent), lp);
  store<u16>(out + lp, 0x5B);
  let w = out + lp + (<usize>digits << 1);
  for (let v = index, i = 0; i < digits; i++, v /= 10) store<u16>(w - (<usize>i << 1), <u16>(0x30 + v % 10));
  store<u16>(w + 2, 0x5D);
  return changetype<string>(out);
}

// Longest path string built: longer paths end with "..." (so they can never
// equal a configured JSONPath, which is at most 2048 characters). Paths are
// built from a document's node rows (json_doc.ts) only when read.
export const MAX_PATH_CHARS: i32 = 2100;

// Identifier bytes of keys written in dot notation (ASCII only).
// @ts-ignore: decorator
@inline export function isIdentStartByte(c: i32): bool { return isIdentStart(c); }
// @ts-ignore: decorator
@inline export function isIdentByte(c: i32): bool { return isIdentPart(c); }

// Characters of one segment: ".key", "['key']" or "[index]" (a lower bound
// when a key needs escaping); 0 for neither.
export function segmentLength(key: string | null, index: i32): i32 {
  if (changetype<usize>(key) != 0) { let k = changetype<string>(key); return isIdentifier(k) ? 1 + k.length : 4 + k.length; }
  if (index < 0) return 0;
  let d = 3;
  for (let v = index; v >= 10; v /= 10) d++;
  return d;
}

// Writes ".key" or "['key']" at `w` (UTF-16, into a buffer with room up to
// `end`); returns the new write position, or past `end` once the cap is crossed.
export function writeKeySegment(w: usize, end: usize, k: string): usize {
  if (isIdentifier(k)) {
    w = put(w, end, 0x2E);
    for (let i = 0; i < k.length && w <= end; i++) w = put(w, end, k.charCodeAt(i));
    return w;
  }
  w = put(w, end, 0x5B); w = put(w, end, 0x27);
  for (let i = 0; i < k.length && w <= end; i++) {
    let c = k.charCodeAt(i);
    if (c == 0x5C || c == 0x27) w = put(w, end, 0x5C);
    w = put(w, end, c);
  }
  w = put(w, end, 0x27);
  return put(w, end, 0x5D);
}

// Writes "[index]" (nothing for a negative index).
export function writeIndexSegment(w: usize, end: usize, index: i32): usize {
  if (index < 0) return w;
  w = put(w, end, 0x5B);
  let digits = 1;
  for (let v = index; v >= 10; v /= 10) digits++;
  for (let i = digits - 1; i >= 0; i--) {
    let v = index;
    for (let j = 0; j < i; j++) v /= 10;
    w = put(w, end, 0x30 + v % 10);
  }
  return put(w, end, 0x5D);
}

// @ts-ignore: decorator
@inline export function put(w: usize, end: usize, c: i32): usize {
  if (w < end) store<u16>(w, <u16>c);
  return w + 2;
}

// A location for error messages: the path, cut so a huge key cannot bloat a log line.
export function location(path: string): string {
  return path.length <= 128 ? path : path.substring(0, 125) + "...";
}
