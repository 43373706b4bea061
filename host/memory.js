// Guest linear memory access with cached views. Memory growth detaches the old
// ArrayBuffer, so every accessor checks that the cached one is still attached and
// rebuilds the views only after growth.

import { Buffer } from "node:buffer";

const EMPTY = Buffer.alloc(0);

export class GuestMemory {
  /** @param {WebAssembly.Memory} memory @param {(size: number) => number} alloc guest allocator */
  constructor(memory, alloc) {
    this.memory = memory;
    this.alloc = alloc;
    /** @type {ArrayBuffer|null} */
    this.ab = null;
    this.shared = false;
    /** @type {Buffer} */
    this.buf = EMPTY;
    /** @type {DataView} */
    this.dv = new DataView(new ArrayBuffer(0));
    this.refresh();
  }

  refresh() {
    // Growing a non-shared memory detaches the old ArrayBuffer (byteLength becomes 0), so a
    // cached buffer that still has bytes is current; reading `memory.buffer` (a call into the
    // engine) is needed only after growth, or for an empty memory. Shared memories do not
    // detach on growth and are always re-read.
    if (this.ab !== null && this.ab.byteLength !== 0 && !this.shared) return;
    const ab = this.memory.buffer;
    if (ab !== this.ab) {
      this.ab = ab;
      this.shared = typeof SharedArrayBuffer !== "undefined" && ab instanceof SharedArrayBuffer;
      this.buf = Buffer.from(ab);
      this.dv = new DataView(ab);
    }
  }

  /**
   * True if [ptr, ptr+len) lies inside memory (cpp-host getMemory). Arguments arrive as signed
   * i32 from the guest; callers pass them through `>>> 0` so addresses above 2 GiB stay valid.
   */
  inBounds(ptr, len) {
    this.refresh();
    return ptr + len <= this.buf.length;
  }

  /** A view (no copy) of guest bytes, or null when out of bounds. Copy before the guest runs again. */
  view(ptr, len) {
    ptr >>>= 0;
    len >>>= 0;
    if (!this.inBounds(ptr, len)) return null;
    if (len === 0) return EMPTY;
    return this.buf.subarray(ptr, ptr + len);
  }

  /** A private copy of guest bytes, or null when out of bounds. */
  copy(ptr, len) {
    const v = this.view(ptr, len);
    return v === null ? null : Buffer.from(v);
  }

  /** Decode guest bytes (UTF-8, or "latin1": one character per byte), or null when out of bounds. */
  string(ptr, len, enc = "utf8") {
    ptr >>>= 0;
    len >>>= 0;
    if (!this.inBounds(ptr, len)) return null;
    return enc === "latin1" ? this.buf.latin1Slice(ptr, ptr + len) : this.buf.utf8Slice(ptr, ptr + len);
  }

  setU32(ptr, value) {
    ptr >>>= 0;
    if (!this.inBounds(ptr, 4)) return false;
    this.dv.setUint32(ptr, value >>> 0, true);
    return true;
  }

  getU32(ptr) {
    ptr >>>= 0;
    this.refresh();
    return this.dv.getUint32(ptr, true);
  }

  setU64(ptr, value) {
    ptr >>>= 0;
    if (!this.inBounds(ptr, 8)) return false;
    this.dv.setBigUint64(ptr, BigInt.asUintN(64, BigInt(value)), true);
    return true;
  }

  setBytes(ptr, bytes) {
    ptr >>>= 0;
    if (!this.inBounds(ptr, bytes.length)) return false;
    this.buf.set(bytes, ptr);
    return true;
  }

  /** Allocate `size` bytes in the guest (proxy_on_memory_allocate / malloc). Returns 0 on failure. */
  allocate(size) {
    const ptr = this.alloc(size) >>> 0;
    this.refresh(); // the allocator may have grown memory
    if (ptr === 0 || ptr + size > this.buf.length) return 0;
    return ptr;
  }

  /**
   * cpp-host WasmBase::copyToPointerSize: size 0 writes pointer 0 and size 0 without
   * allocating; otherwise allocate, copy, write both words. `data` is a Buffer.
   * @returns {boolean} false means InvalidMemoryAccess
   */
  copyOut(data, ptrPtr, sizePtr) {
    let ptr = 0;
    const size = data.length;
    if (size > 0) {
      ptr = this.allocate(size);
      if (ptr === 0) return false;
      this.buf.set(data, ptr);
    }
    return this.setU32(ptrPtr, ptr) && this.setU32(sizePtr, size);
  }

  /** Like copyOut for a JS string, encoded straight into guest memory (no intermediate Buffer). */
  copyOutString(str, ptrPtr, sizePtr, enc = "utf8") {
    const size = Buffer.byteLength(str, enc);
    let ptr = 0;
    if (size > 0) {
      ptr = this.allocate(size);
      if (ptr === 0) return false;
      if (enc === "latin1") this.buf.latin1Write(str, ptr, size);
      else this.buf.utf8Write(str, ptr, size);
    }
    return this.setU32(ptrPtr, ptr) && this.setU32(sizePtr, size);
  }
}
