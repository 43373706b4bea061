import { proxy_on_memory_allocate, resetOut, outPtr, outSize, takeString, takeBuffer } from "./memory";

// Plays the host: allocate through the export, copy bytes in, write (ptr, size).
function hostWrites(text: string): usize {
  let bytes = String.UTF8.encode(text);
  let ptr = proxy_on_memory_allocate(<usize>bytes.byteLength);
  memory.copy(ptr, changetype<usize>(bytes), <usize>bytes.byteLength);
  resetOut();
  store<u32>(outPtr(), <u32>ptr);
  store<u32>(outSize(), <u32>bytes.byteLength);
  return ptr;
}

describe("host-written memory", () => {
  it("copies the host block into a string and frees the block", () => {
    let first = hostWrites("hello, world");
    expect(takeString()).toBe("hello, world");
    // The block went back to the allocator: the next allocation of that size reuses it.
    let second = hostWrites("HELLO, WORLD");
    expect(second).toBe(first);
    expect(takeString()).toBe("HELLO, WORLD");
    expect(load<u32>(outPtr())).toBe(0);
  });

  it("copies into an ArrayBuffer that outlives the freed block", () => {
    hostWrites("abc");
    let buf = takeBuffer();
    hostWrites("xyz");
    takeBuffer();
    expect(String.UTF8.decode(buf)).toBe("abc");
  });

  it("treats (0, 0) as empty without freeing anything", () => {
    resetOut();
    expect(takeString()).toBe("");
    expect(takeBuffer().byteLength).toBe(0);
  });

  it("never returns 0 (failure) for a zero-byte request", () => {
    expect(proxy_on_memory_allocate(0)).not.toBe(0);
  });

  it("does not grow memory over many host round trips", () => {
    hostWrites("x".repeat(1000));
    takeString();
    let before = memory.size();
    for (let i = 0; i < 10000; i++) { hostWrites("x".repeat(1000)); takeString(); __collect(); }
    expect(memory.size()).toBe(before);
  });
});
