// Body, configuration and call-response buffers.
import { BufferType } from "./enums";
import { WasmResult } from "./status";
import { proxy_get_buffer_bytes, proxy_set_buffer_bytes, proxy_get_buffer_status } from "./imports";
import { resetOut, outPtr, outSize, outExtra, takeBuffer, takeString, freeOut } from "./memory";

// Up to `maxSize` bytes from `start`, or null when the buffer is unavailable.
// A zero-length request never reaches the host (cpp-host rejects some of them).
export function getBufferBytes(buffer: BufferType, start: u32, maxSize: u32): ArrayBuffer | null {
  if (maxSize == 0) return new ArrayBuffer(0);
  resetOut();
  let result = proxy_get_buffer_bytes(buffer, start, maxSize, outPtr(), outSize());
  if (result != WasmResult.Ok) { freeOut(); return null; }
  return takeBuffer();
}

// The same, decoded as UTF-8 (strictly: invalid bytes become U+FFFD, see utf8.ts).
export function getBufferString(buffer: BufferType, start: u32, maxSize: u32): string | null {
  if (maxSize == 0) return "";
  resetOut();
  let result = proxy_get_buffer_bytes(buffer, start, maxSize, outPtr(), outSize());
  if (result != WasmResult.Ok) { freeOut(); return null; }
  return takeString();
}

// Replaces `size` bytes at `start` (see ABI: prepend, append, replace).
export function setBufferBytes(buffer: BufferType, start: u32, size: u32, value: ArrayBuffer): WasmResult {
  return proxy_set_buffer_bytes(buffer, start, size, changetype<usize>(value), <usize>value.byteLength);
}

// Current size of a buffer, or -1 when unavailable.
export function getBufferSize(buffer: BufferType): i64 {
  resetOut();
  if (proxy_get_buffer_status(buffer, outSize(), outExtra()) != WasmResult.Ok) return -1;
  return <i64>load<u32>(outSize());
}
