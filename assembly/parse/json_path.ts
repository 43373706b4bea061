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

export function memberPath(parent: string, key: string): string {
  if (isIdentifier(key)) return parent + "." + key;
  let k = key;
  if (k.indexOf("\\") >= 0) k = k.replaceAll("\\", "\\\\");
  if (k.indexOf("'") >= 0) k = k.replaceAll("'", "\\'");
  return parent + "['" + k + "']";
}

export function indexPath(parent: string, index: i32): string {
  return parent + "[" + index.toString() + "]";
}

// A location for error messages: the path, cut so a huge key cannot bloat a log line.
export function location(path: string): string {
  return path.length <= 128 ? path : path.substring(0, 125) + "...";
}
