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

/**
 * Knuth–Morris–Pratt failure table for a needle (already lower case when the
 * search ignores case): fail[i] = length of the longest proper border of
 * needle[0..i]. Built once at configuration time.
 */
export function kmpTable(needle: usize, n: i32): StaticArray<i32> {
  let fail = new StaticArray<i32>(n > 0 ? n : 1);
  let k = 0;
  for (let i = 1; i < n; i++) {
    let c = load<u8>(needle + <usize>i);
    while (k > 0 && load<u8>(needle + <usize>k) != c) k = fail[k - 1];
    if (load<u8>(needle + <usize>k) == c) k++;
    fail[i] = k;
  }
  return fail;
}

/**
 * Whether the needle occurs in the haystack. KMP: each haystack byte is
 * looked at a bounded number of times (amortised), so the cost is linear in
 * h + n whatever the input; a naive search would be O(h × n) on inputs like
 * "aaaa…" against "aa…ab", which attackers control.
 */
export function bytesContain(hay: usize, h: i32, needle: usize, n: i32, fail: StaticArray<i32>, ignoreCase: bool): bool {
  if (n == 0) return true;
  if (n > h) return false;
  let k = 0;
  for (let i = 0; i < h; i++) {
    let c = <u32>load<u8>(hay + <usize>i);
    if (ignoreCase) c = asciiLower(c);
    while (k > 0 && <u32>load<u8>(needle + <usize>k) != c) k = unchecked(fail[k - 1]);
    if (<u32>load<u8>(needle + <usize>k) == c) {
      k++;
      if (k == n) return true;
    }
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
