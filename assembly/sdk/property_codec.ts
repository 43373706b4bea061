// Encoding of property paths and decoding of property values. Pure, unit-tested.
//
// A property path is its segments joined by NUL: ["source", "address"] is
// "source\0address". Envoy returns strings as raw bytes, integers as 8-byte
// little-endian int64 and booleans as a single byte.

export function encodePropertyPath(segments: Array<string>): ArrayBuffer {
  let total = 0;
  for (let i = 0; i < segments.length; i++) total += String.UTF8.byteLength(segments[i]) + (i > 0 ? 1 : 0);
  let buf = new ArrayBuffer(total);
  let p = changetype<usize>(buf);
  for (let i = 0; i < segments.length; i++) {
    if (i > 0) { store<u8>(p, 0); p += 1; }
    let s = segments[i];
    p += String.UTF8.encodeUnsafe(changetype<usize>(s), s.length, p);
  }
  return buf;
}

// Parses "a.b.c" into an encoded path. Convenience for constant paths such as
// "xds.route_name"; segments that contain dots must use encodePropertyPath.
export function encodeDottedPath(path: string): ArrayBuffer {
  return encodePropertyPath(path.split("."));
}

// An int64 property value, or `fallback` when the value is not exactly 8 bytes.
export function decodeInt64(value: ArrayBuffer, fallback: i64): i64 {
  if (value.byteLength != 8) return fallback;
  return load<i64>(changetype<usize>(value));
}

// A bool property value (one byte, non-zero = true), or `fallback` when not 1 byte.
export function decodeBool(value: ArrayBuffer, fallback: bool): bool {
  if (value.byteLength != 1) return fallback;
  return load<u8>(changetype<usize>(value)) != 0;
}
