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
  // Length of this node's path in characters (a lower bound when keys need
  // escaping), saturated just above MAX_PATH_CHARS.
  len: i32;
  // For nodes whose path is longer than MAX_PATH_CHARS: the first such node
  // on the way from the root. Every name below it is cut within its prefix,
  // so building a name walks at most MAX_PATH_CHARS / 2 nodes, however deep
  // the document.
  anchor: PathNode | null = null;

  constructor(public parent: PathNode | null, public key: string | null, public index: i32) {
    if (parent === null) {
      this.len = 1;
    } else {
      let p = changetype<PathNode>(parent);
      let l = p.len + segmentLength(key, index);
      this.len = l > MAX_PATH_CHARS ? MAX_PATH_CHARS + 1 : l;
      if (p.len > MAX_PATH_CHARS) this.anchor = p.anchor;
      else if (l > MAX_PATH_CHARS) this.anchor = this;
    }
  }
}

// Longest path string built: longer paths end with "..." (so they can never
// equal a configured JSONPath, which is at most 2048 characters).
export const MAX_PATH_CHARS: i32 = 2100;

function segmentLength(key: string | null, index: i32): i32 {
  if (changetype<usize>(key) != 0) return isIdentifier(key) ? 1 + key.length : 4 + key.length;
  if (index < 0) return 0;
  let d = 3;
  for (let v = index; v >= 10; v /= 10) d++;
  return d;
}

// Reused for every name: the nodes from the start of the walk up to the root.
let chainBuf = new StaticArray<PathNode>(64);

// Writes one segment at `w` (UTF-16, into a buffer with room up to `end`);
// returns the new write position, or `end` + 2 once the cap is crossed.
function writeSegment(w: usize, end: usize, key: string | null, index: i32): usize {
  if (changetype<usize>(key) != 0) {
    let k = key;
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
  if (index >= 0) {
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
  return w;
}

// @ts-ignore: decorator
@inline function put(w: usize, end: usize, c: i32): usize {
  if (w < end) store<u16>(w, <u16>c);
  return w + 2;
}

// The JSONPath of the value at (parent, key, index), cut at `cap` characters
// ("..." appended). Costs one walk of at most MAX_PATH_CHARS / 2 nodes and
// one string, whatever the depth of the document.
export function pathString(parent: PathNode | null, key: string | null, index: i32, cap: i32 = MAX_PATH_CHARS): string {
  if (parent === null && key === null && index < 0) return "$";
  let n = parent;
  let cut = false;
  if (n !== null && n.len > MAX_PATH_CHARS) { n = n.anchor; cut = true; }
  let count = 0;
  while (n !== null) {
    if (count == chainBuf.length) {
      let grown = new StaticArray<PathNode>(count << 1);
      for (let i = 0; i < count; i++) unchecked(grown[i] = chainBuf[i]);
      chainBuf = grown;
    }
    unchecked(chainBuf[count++] = n);
    n = n.parent;
  }
  let chain = chainBuf;
  // Room for cap characters plus one more (to detect the cut) and "...".
  let buf = changetype<usize>(__new(<usize>(cap + 4) << 1, idof<String>()));
  let end = buf + (<usize>(cap + 1) << 1);
  let w = put(buf, end, 0x24);
  for (let i = count - 1; i >= 0 && w <= end; i--) {
    let c = unchecked(chain[i]);
    w = writeSegment(w, end, c.key, c.index);
  }
  if (!cut && w <= end) w = writeSegment(w, end, key, index);
  let chars = <i32>((w - buf) >> 1);
  if (chars > cap) {
    let o = buf + (<usize>cap << 1);
    store<u16>(o, 0x2E); store<u16>(o, 0x2E, 2); store<u16>(o, 0x2E, 4);
    chars = cap + 3;
  }
  return changetype<string>(__renew(buf, <usize>chars << 1));
}

// A location for error messages: the path, cut so a huge key cannot bloat a log line.
export function location(path: string): string {
  return path.length <= 128 ? path : path.substring(0, 125) + "...";
}
