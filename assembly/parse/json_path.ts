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

// A location for error messages: the path, cut so a huge key cannot bloat a log line.
export function location(path: string): string {
  return path.length <= 128 ? path : path.substring(0, 125) + "...";
}
