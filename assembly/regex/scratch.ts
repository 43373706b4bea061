// A reusable UTF-8 buffer for matching AssemblyScript strings: the request
// model or a JWT claim may hold strings, and encoding each into a fresh
// ArrayBuffer would allocate on the hot path. The buffer only grows.

let buffer: ArrayBuffer = new ArrayBuffer(256);
let length: i32 = 0;

/** Encodes `s` into the shared buffer and returns its address (see utf8Length). */
export function utf8Scratch(s: string): usize {
  let need = s.length * 3; // worst case: 3 bytes per UTF-16 unit
  if (need > buffer.byteLength) buffer = new ArrayBuffer(need < 1024 ? 1024 : need);
  let ptr = changetype<usize>(buffer);
  length = <i32>String.UTF8.encodeUnsafe(changetype<usize>(s), s.length, ptr);
  return ptr;
}

/** Byte length of the last utf8Scratch result. */
export function utf8Length(): i32 {
  return length;
}
