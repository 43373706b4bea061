// Unsigned big integers as little-endian arrays of u32 limbs at raw addresses. Only what RSA
// verification needs: byte conversion, comparison, subtraction, doubling modulo n.

/** Big-endian bytes (src, len) to `nl` limbs at dst, zero-extended; len must be <= 4 * nl. */
export function limbsFromBytes(dst: usize, nl: i32, src: usize, len: i32): void {
  memory.fill(dst, 0, <usize>nl << 2);
  // Byte i from the end is bits 8i..8i+7.
  for (let i = 0; i < len; i++) {
    const b = <u32>load<u8>(src + <usize>(len - 1 - i));
    const p = dst + (<usize>(i >> 2) << 2);
    store<u32>(p, load<u32>(p) | (b << ((<u32>i & 3) << 3)));
  }
}

/** The low `len` bytes of the `nl`-limb number at src, big-endian, to dst. */
export function limbsToBytes(dst: usize, len: i32, src: usize, nl: i32): void {
  for (let i = 0; i < len; i++) {
    const limb = i >> 2;
    const b = limb < nl ? <u8>(load<u32>(src + (<usize>limb << 2)) >>> ((<u32>i & 3) << 3)) : <u8>0;
    store<u8>(dst + <usize>(len - 1 - i), b);
  }
}

/** -1, 0 or 1 as a <, =, > b (both nl limbs). */
export function compareLimbs(a: usize, b: usize, nl: i32): i32 {
  for (let i = nl - 1; i >= 0; i--) {
    const x = load<u32>(a + (<usize>i << 2));
    const y = load<u32>(b + (<usize>i << 2));
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

/** dst = a - b mod 2^(32 nl); returns the borrow (0 or 1). dst may alias a or b. */
export function subLimbs(dst: usize, a: usize, b: usize, nl: i32): u32 {
  let borrow: u64 = 0;
  for (let i = 0; i < nl; i++) {
    const off = <usize>i << 2;
    const d = <u64>load<u32>(a + off) - <u64>load<u32>(b + off) - borrow;
    store<u32>(dst + off, <u32>d);
    borrow = (d >> 32) & 1;
  }
  return <u32>borrow;
}

/** x = 2x mod n in place, for x < n (nl limbs). */
export function doubleMod(x: usize, n: usize, nl: i32): void {
  let carry: u32 = 0;
  for (let i = 0; i < nl; i++) {
    const off = <usize>i << 2;
    const v = load<u32>(x + off);
    store<u32>(x + off, (v << 1) | carry);
    carry = v >>> 31;
  }
  if (carry != 0 || compareLimbs(x, n, nl) >= 0) subLimbs(x, x, n, nl);
}

/** -n0^-1 mod 2^32 for odd n0 (Newton's iteration doubles the correct low bits each step). */
export function negInverse32(n0: u32): u32 {
  let x = n0; // correct to 3 bits: n0 * n0 == 1 mod 8 for odd n0
  x *= 2 - n0 * x;
  x *= 2 - n0 * x;
  x *= 2 - n0 * x;
  x *= 2 - n0 * x;
  return 0 - x;
}

/** Number of significant bits of the nl-limb number at a (0 for zero). */
export function bitLength(a: usize, nl: i32): i32 {
  for (let i = nl - 1; i >= 0; i--) {
    const v = load<u32>(a + (<usize>i << 2));
    if (v != 0) return i * 32 + 32 - <i32>clz<u32>(v);
  }
  return 0;
}
