// Memory the host writes into, and the scratch words for out-parameters.
//
// Ownership rule: when a host function returns data (get_property, get_buffer_bytes,
// header values, ...) the host first calls proxy_on_memory_allocate, copies the data
// there and writes (pointer, size) into our out-words. That block comes from
// `heap.alloc`, i.e. raw TLSF memory outside the garbage collector: the GC cannot
// move or free it while the host writes, and nothing is ever pinned. Every reader in
// this binding copies the bytes into an AssemblyScript object right away and then
// frees the block with `heap.free` (see `takeString` / `takeBuffer`), so it never leaks.
// No collection can run during a host call: collections run only at the end of a
// callback (gc.ts), and the only guest code a host call re-enters is this allocator.

// Out-parameter words, reused by every host call. Calls never nest, so one set is enough.
const SCRATCH: usize = memory.data(32);

// @ts-ignore: decorator
@inline export function outPtr(): usize { return SCRATCH; }
// @ts-ignore: decorator
@inline export function outSize(): usize { return SCRATCH + 8; }
// @ts-ignore: decorator
@inline export function outExtra(): usize { return SCRATCH + 16; }

// Clears the out-words before a call so a host that writes nothing on error leaves
// (0, 0) behind rather than a stale pointer we would free twice.
export function resetOut(): void {
  store<u64>(SCRATCH, 0);
  store<u64>(SCRATCH, 0, 8);
  store<u64>(SCRATCH, 0, 16);
  store<u64>(SCRATCH, 0, 24);
}

export function proxy_on_memory_allocate(size: usize): usize {
  // Host data becomes strings and parsed items: the collector's measure of work.
  addPressure(size);
  // A zero-byte request still gets a real block, so the host never sees 0 (= failure).
  return heap.alloc(size == 0 ? 1 : size);
}

// Frees whatever block the host left in the out-words (also after a failed call).
export function freeOut(): void {
  let ptr = <usize>load<u32>(SCRATCH);
  if (ptr != 0) heap.free(ptr);
  store<u32>(SCRATCH, 0);
}

// Copies the host block into a new ArrayBuffer and frees the block.
export function takeBuffer(): ArrayBuffer {
  let ptr = <usize>load<u32>(SCRATCH);
  let size = <i32>load<u32>(SCRATCH, 8);
  let buf = new ArrayBuffer(size);
  if (size > 0) memory.copy(changetype<usize>(buf), ptr, <usize>size);
  freeOut();
  return buf;
}

// Decodes the host block as UTF-8 into a string and frees the block.
export function takeString(): string {
  let ptr = <usize>load<u32>(SCRATCH);
  let size = <usize>load<u32>(SCRATCH, 8);
  let text = size > 0 ? decodeUtf8(ptr, size) : "";
  freeOut();
  return text;
}

import { decodeUtf8 } from "./utf8";
import { addPressure } from "./gc";
