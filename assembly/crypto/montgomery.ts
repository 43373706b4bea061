// Montgomery arithmetic modulo an odd n of up to MAX_LIMBS 32-bit limbs, for the RSA public
// operation. Products use the product-scanning (column-wise) form: each 32×32→64-bit product is
// split into its low and high halves and summed into separate u64 accumulators, so no add waits
// on a carry from the previous product; carries are settled once per column. With at most 2·128
// terms per column the accumulators stay below 2^41. A build with SIMD enabled (--enable simd)
// uses montgomery_simd.ts instead, about 1.6× faster.
import { montMulSimd, montSqrSimd } from "./montgomery_simd";
import { subLimbs, doubleMod, negInverse32, limbsFromBytes, bitLength } from "./bignum";

export const MAX_LIMBS = 128; // 4096 bits

const MASK: u64 = 0xffffffff;
const T: usize = memory.data(MAX_LIMBS * 4 + 4, 16); // product before the final subtraction
const D: usize = memory.data(MAX_LIMBS * 4, 16); // T - n
const M: usize = memory.data(MAX_LIMBS * 4, 16); // the Montgomery quotient digits
const X: usize = memory.data(MAX_LIMBS * 4, 16); // base in Montgomery form
const ACC: usize = memory.data(MAX_LIMBS * 4, 16);
const ONE: usize = memory.data(MAX_LIMBS * 4, 16);

/** An odd modulus with its Montgomery constants (R = 2^(32 nl)). Immutable once built. */
export class Modulus {
  /** nl limbs of n. */
  readonly n: StaticArray<u32>;
  /** R^2 mod n, to bring numbers into Montgomery form. */
  readonly r2: StaticArray<u32>;
  /** -n^-1 mod 2^32. */
  readonly np: u32;
  readonly nl: i32;
  readonly bits: i32;

  private constructor(n: StaticArray<u32>, r2: StaticArray<u32>, np: u32, nl: i32, bits: i32) {
    this.n = n;
    this.r2 = r2;
    this.np = np;
    this.nl = nl;
    this.bits = bits;
  }

  /** From big-endian bytes; null if n is even, below 3, or longer than MAX_LIMBS limbs. */
  static fromBytes(bytes: Uint8Array): Modulus | null {
    let start = 0;
    while (start < bytes.length && bytes[start] == 0) start++;
    const len = bytes.length - start;
    if (len == 0 || len > MAX_LIMBS * 4) return null;
    if ((bytes[bytes.length - 1] & 1) == 0) return null;
    const nl = (len + 3) >> 2;
    const n = new StaticArray<u32>(nl);
    const np = changetype<usize>(n);
    limbsFromBytes(np, nl, bytes.dataStart + <usize>start, len);
    const bits = bitLength(np, nl);
    if (bits < 2) return null;
    const inv = negInverse32(load<u32>(np));
    const r2 = new StaticArray<u32>(nl);
    computeR2(changetype<usize>(r2), np, nl, bits, inv);
    return new Modulus(n, r2, inv, nl, bits);
  }
}

// R^2 mod n without a general division: 2^c·R mod n by doubling from 2^(bits-1), where 32·nl = c·2^s
// with c odd, then s Montgomery squarings, each of which doubles the exponent of 2 (in Montgomery
// form, squaring 2^j·R gives 2^(2j)·R), ending at 2^(32 nl)·R = R^2.
function computeR2(out: usize, n: usize, nl: i32, bits: i32, np: u32): void {
  memory.fill(out, 0, <usize>nl << 2);
  const top = bits - 1;
  store<u32>(out + (<usize>(top >> 5) << 2), <u32>1 << <u32>(top & 31)); // 2^(bits-1) < n
  const rBits = nl * 32;
  const s = <i32>ctz<u32>(<u32>rBits);
  const c = rBits >> s;
  const doublings = rBits - top + c; // to R mod n, then to 2^c·R mod n
  for (let i = 0; i < doublings; i++) doubleMod(out, n, nl);
  for (let i = 0; i < s; i++) montSqr(out, out, n, np, nl);
}

// @ts-ignore: decorator
@inline function finish(out: usize, n: usize, nl: i32, carry: u64): void {
  // T < 2n: subtract n once if T >= n (the carry is bit 32·nl of T).
  const borrow = subLimbs(D, T, n, nl);
  memory.copy(out, carry != 0 || borrow == 0 ? D : T, <usize>nl << 2);
}

/** out = a·b·R^-1 mod n, for a, b < n. out may alias a or b. */
export function montMul(out: usize, a: usize, b: usize, n: usize, np: u32, nl: i32): void {
  if (ASC_FEATURE_SIMD) {
    montMulSimd(out, a, b, n, np, nl);
    return;
  }
  const m = M;
  const nlu = <usize>nl;
  let lo: u64 = 0, hi: u64 = 0;
  for (let k: usize = 0; k < nlu; k++) {
    let lo2: u64 = 0, hi2: u64 = 0, lo3: u64 = 0, hi3: u64 = 0;
    let pa = a, pb = b + (k << 2), pm = m, pn = n + (k << 2);
    const end = a + (k << 2);
    while (pa + 4 < end) {
      const p = <u64>load<u32>(pa) * <u64>load<u32>(pb);
      const q = <u64>load<u32>(pm) * <u64>load<u32>(pn);
      const p2 = <u64>load<u32>(pa, 4) * <u64>load<u32>(pb - 4);
      const q2 = <u64>load<u32>(pm, 4) * <u64>load<u32>(pn - 4);
      lo2 += (p & MASK) + (p2 & MASK); hi2 += (p >> 32) + (p2 >> 32);
      lo3 += (q & MASK) + (q2 & MASK); hi3 += (q >> 32) + (q2 >> 32);
      pa += 8; pb -= 8; pm += 8; pn -= 8;
    }
    if (pa < end) {
      const p = <u64>load<u32>(pa) * <u64>load<u32>(pb);
      const q = <u64>load<u32>(pm) * <u64>load<u32>(pn);
      lo2 += p & MASK; hi2 += p >> 32;
      lo3 += q & MASK; hi3 += q >> 32;
      pa += 4; pb -= 4; pm += 4; pn -= 4;
    }
    const p = <u64>load<u32>(end) * <u64>load<u32>(b);
    lo += lo2 + lo3 + (p & MASK);
    hi += hi2 + hi3 + (p >> 32);
    const mk = <u32>lo * np;
    store<u32>(m + (k << 2), mk);
    const q = <u64>mk * <u64>load<u32>(n);
    lo += q & MASK;
    hi += q >> 32;
    lo = (lo >> 32) + hi; // the low 32 bits are zero by the choice of mk
    hi = 0;
  }
  const last = (nlu << 1) - 1;
  for (let k = nlu; k < last; k++) {
    let lo2: u64 = 0, hi2: u64 = 0, lo3: u64 = 0, hi3: u64 = 0;
    const i0 = (k - nlu + 1) << 2;
    let pa = a + i0, pm = m + i0;
    let pb = b + ((nlu - 1) << 2), pn = n + ((nlu - 1) << 2);
    const end = a + (nlu << 2);
    while (pa + 4 < end) {
      const p = <u64>load<u32>(pa) * <u64>load<u32>(pb);
      const q = <u64>load<u32>(pm) * <u64>load<u32>(pn);
      const p2 = <u64>load<u32>(pa, 4) * <u64>load<u32>(pb - 4);
      const q2 = <u64>load<u32>(pm, 4) * <u64>load<u32>(pn - 4);
      lo2 += (p & MASK) + (p2 & MASK); hi2 += (p >> 32) + (p2 >> 32);
      lo3 += (q & MASK) + (q2 & MASK); hi3 += (q >> 32) + (q2 >> 32);
      pa += 8; pb -= 8; pm += 8; pn -= 8;
    }
    if (pa < end) {
      const p = <u64>load<u32>(pa) * <u64>load<u32>(pb);
      const q = <u64>load<u32>(pm) * <u64>load<u32>(pn);
      lo2 += p & MASK; hi2 += p >> 32;
      lo3 += q & MASK; hi3 += q >> 32;
      pa += 4; pb -= 4; pm += 4; pn -= 4;
    }
    lo += lo2 + lo3;
    hi += hi2 + hi3;
    store<u32>(T + ((k - nlu) << 2), <u32>lo);
    lo = (lo >> 32) + hi;
    hi = 0;
  }
  store<u32>(T + ((nlu - 1) << 2), <u32>lo);
  finish(out, n, nl, lo >> 32);
}

/** out = a·a·R^-1 mod n, for a < n; the cross products a_i·a_j (i < j) are computed once. */
export function montSqr(out: usize, a: usize, n: usize, np: u32, nl: i32): void {
  if (ASC_FEATURE_SIMD) {
    montSqrSimd(out, a, n, np, nl);
    return;
  }
  const m = M;
  const nlu = <usize>nl;
  let lo: u64 = 0, hi: u64 = 0;
  const last = (nlu << 1) - 1;
  for (let k: usize = 0; k < last; k++) {
    let lo2: u64 = 0, hi2: u64 = 0, lo3: u64 = 0, hi3: u64 = 0;
    // Cross terms a_i·a_j, i < j, i + j = k.
    const i0: usize = k < nlu ? <usize>0 : k - nlu + 1;
    let pa = a + (i0 << 2), pb = a + ((k - i0) << 2);
    while (pa + 4 < pb - 4) {
      const p = <u64>load<u32>(pa) * <u64>load<u32>(pb);
      const p2 = <u64>load<u32>(pa, 4) * <u64>load<u32>(pb - 4);
      lo2 += (p & MASK) + (p2 & MASK); hi2 += (p >> 32) + (p2 >> 32);
      pa += 8; pb -= 8;
    }
    while (pa < pb) {
      const p = <u64>load<u32>(pa) * <u64>load<u32>(pb);
      lo2 += p & MASK; hi2 += p >> 32;
      pa += 4; pb -= 4;
    }
    lo2 <<= 1; hi2 <<= 1;
    if (pa == pb) {
      const p = <u64>load<u32>(pa) * <u64>load<u32>(pa);
      lo2 += p & MASK; hi2 += p >> 32;
    }
    // m_i·n_j for the quotient digits already known (i < min(k, nl)).
    const mEnd = k < nlu ? k : nlu;
    let pm = m + (i0 << 2), pn = n + ((k - i0) << 2);
    const end = m + (mEnd << 2);
    while (pm + 4 < end) {
      const q = <u64>load<u32>(pm) * <u64>load<u32>(pn);
      const q2 = <u64>load<u32>(pm, 4) * <u64>load<u32>(pn - 4);
      lo3 += (q & MASK) + (q2 & MASK); hi3 += (q >> 32) + (q2 >> 32);
      pm += 8; pn -= 8;
    }
    if (pm < end) {
      const q = <u64>load<u32>(pm) * <u64>load<u32>(pn);
      lo3 += q & MASK; hi3 += q >> 32;
    }
    lo += lo2 + lo3;
    hi += hi2 + hi3;
    if (k < nlu) {
      const mk = <u32>lo * np;
      store<u32>(m + (k << 2), mk);
      const q = <u64>mk * <u64>load<u32>(n);
      lo += q & MASK;
      hi += q >> 32;
    } else {
      store<u32>(T + ((k - nlu) << 2), <u32>lo);
    }
    lo = (lo >> 32) + hi;
    hi = 0;
  }
  store<u32>(T + ((nlu - 1) << 2), <u32>lo);
  finish(out, n, nl, lo >> 32);
}

/**
 * out = base^e mod n for base < n (all nl limbs; out may alias base), left to right. The last
 * multiplication takes base (or 1) in ordinary form, which also leaves Montgomery form, so an odd
 * exponent such as 65537 costs one conversion, 16 squarings and one multiplication.
 */
export function modPow(out: usize, base: usize, e: u32, mod: Modulus): void {
  const n = changetype<usize>(mod.n);
  const np = mod.np;
  const nl = mod.nl;
  const bytes = <usize>nl << 2;
  if (e == 0) {
    memory.fill(out, 0, bytes);
    store<u32>(out, 1);
    return;
  }
  if (e == 1) {
    memory.copy(out, base, bytes);
    return;
  }
  montMul(X, base, changetype<usize>(mod.r2), n, np, nl);
  memory.copy(ACC, X, bytes);
  const top = 31 - <i32>clz<u32>(e);
  for (let bit = top - 1; bit >= 1; bit--) {
    montSqr(ACC, ACC, n, np, nl);
    if (((e >>> <u32>bit) & 1) != 0) montMul(ACC, ACC, X, n, np, nl);
  }
  montSqr(ACC, ACC, n, np, nl);
  if ((e & 1) != 0) {
    montMul(out, ACC, base, n, np, nl);
  } else {
    memory.fill(ONE, 0, bytes);
    store<u32>(ONE, 1);
    montMul(out, ACC, ONE, n, np, nl);
  }
}
