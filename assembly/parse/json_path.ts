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

// A node of the path of an open JSON container: its parent's node plus its
// member key or array index. The root has no parent, no key and index -1.
// Items and errors keep (parent node, key, index) instead of a path string, so
// memory stays linear in the body whatever the depth and key lengths; the
// string is built only when someone reads it (pathString).
export class PathNode {
  constructor(public parent: PathNode | null, public key: string | null, public index: i32) {}
}

// Longest path string built: longer paths end with "..." (so they can never
// equal a configured JSONPath, which is at most 2048 characters).
export const MAX_PATH_CHARS: i32 = 2100;

function appendSegment(parts: Array<string>, key: string | null, index: i32): i32 {
  if (key !== null) {
    let k = key;
    if (isIdentifier(k)) { parts.push("."); parts.push(k); return 1 + k.length; }
    if (k.indexOf("\\") >= 0) k = k.replaceAll("\\", "\\\\");
    if (k.indexOf("'") >= 0) k = k.replaceAll("'", "\\'");
    parts.push("['"); parts.push(k); parts.push("']");
    return 4 + k.length;
  }
  if (index >= 0) { let t = index.toString(); parts.push("["); parts.push(t); parts.push("]"); return 2 + t.length; }
  return 0;
}

// The JSONPath of the value at (parent, key, index), cut at `cap` characters ("..." appended).
export function pathString(parent: PathNode | null, key: string | null, index: i32, cap: i32 = MAX_PATH_CHARS): string {
  if (parent === null && key === null && index < 0) return "$";
  let chain = new Array<PathNode>();
  let n = parent;
  while (n !== null) { chain.push(n); n = n.parent; }
  let parts = new Array<string>();
  parts.push("$");
  let len = 1;
  for (let i = chain.length - 1; i >= 0 && len <= cap; i--) {
    let c = unchecked(chain[i]);
    len += appendSegment(parts, c.key, c.index);
  }
  if (len <= cap) len += appendSegment(parts, key, index);
  let s = parts.join("");
  if (s.length > cap) s = s.substring(0, cap) + "...";
  return s;
}

// A location for error messages: the path, cut so a huge key cannot bloat a log line.
export function location(path: string): string {
  return path.length <= 128 ? path : path.substring(0, 125) + "...";
}
