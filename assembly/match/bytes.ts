// Byte helpers for the matchers: ASCII case folding and comparisons on raw
// memory, so matching needs no String conversion.

@inline export function asciiLower(b: u32): u32 {
  return b - 0x41 < 26 ? b | 0x20 : b;
}

/** Compares len bytes at a with len bytes at b; `b` is already lower case when ignoreCase. */
export function bytesEqual(a: usize, b: usize, len: i32, ignoreCase: bool): bool {
  if (!ignoreCase) return memory.compare(a, b, <usize>len) == 0;
  for (let i = 0; i < len; i++) {
    if (asciiLower(<u32>load<u8>(a + <usize>i)) != <u32>load<u8>(b + <usize>i)) return false;
  }
  return true;
}

/** Whether the needle (len n at `needle`) occurs in the haystack (len h at `hay`). */
export function bytesContain(hay: usize, h: i32, needle: usize, n: i32, ignoreCase: bool): bool {
  if (n > h) return false;
  let first = <u32>load<u8>(needle);
  let last = h - n;
  for (let i = 0; i <= last; i++) {
    let c = <u32>load<u8>(hay + <usize>i);
    if (ignoreCase) c = asciiLower(c);
    if (c == first && bytesEqual(hay + <usize>i, needle, n, ignoreCase)) return true;
  }
  return false;
}

export function isAscii(s: string): bool {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false;
  return true;
}

export function asciiLowerString(s: string): string {
  let out = s;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) { out = s.toLowerCase(); break; }
  }
  return out;
}
