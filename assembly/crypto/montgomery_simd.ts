// The Montgomery product and square of montgomery.ts with 128-bit SIMD: i64x2.extmul gives two
// 32×32→64-bit products per instruction. Only compiled when the build enables SIMD
// (ASC_FEATURE_SIMD); same algorithm, same results. The operands are first copied into private
// buffers, the second one (and the modulus) in reverse order, so that both factors of a column
// advance in the same direction and load four limbs at a time. The buffers have 16 bytes of slack:
// a column's last, partial group of four is loaded whole and its extra lanes masked to zero.
import { subLimbs } from "./bignum";

const MAX_LIMBS = 128; // as in montgomery.ts (4096 bits)
const MASK: u64 = 0xffffffff;
const T: usize = memory.data(MAX_LIMBS * 4 + 4, 16);
const D: usize = memory.data(MAX_LIMBS * 4, 16);
const M: usize = memory.data(MAX_LIMBS * 4 + 16, 16);
const AP: usize = memory.data(MAX_LIMBS * 4 + 16, 16);
const BR: usize = memory.data(MAX_LIMBS * 4 + 16, 16);
const NR: usize = memory.data(MAX_LIMBS * 4 + 16, 16);
// Lane masks keeping the first 0..3 lanes of a partial group.
const TAIL: usize = memory.data<u32>([
  0, 0, 0, 0,
  0xffffffff, 0, 0, 0,
  0xffffffff, 0xffffffff, 0, 0,
  0xffffffff, 0xffffffff, 0xffffffff, 0,
], 16);
// The two column accumulators (low halves, high halves), two u64 lanes each.
const ACC: usize = memory.data(32, 16);

/** Adds x[i]·y[i] for i in [0, count) to the accumulators at ACC; x and y advance upwards. */
// @ts-ignore: decorator
@inline function columnDot(x: usize, y: usize, count: usize): void {
  const mask = i64x2.splat(<i64>MASK);
  let lo = v128.load(ACC), hi = v128.load(ACC, 16);
  const end = x + (count << 2);
  while (x + 16 <= end) {
    const vx = v128.load(x), vy = v128.load(y);
    const p0 = i64x2.extmul_low_i32x4_u(vx, vy);
    const p1 = i64x2.extmul_high_i32x4_u(vx, vy);
    lo = i64x2.add(lo, i64x2.add(v128.and(p0, mask), v128.and(p1, mask)));
    hi = i64x2.add(hi, i64x2.add(i64x2.shr_u(p0, 32), i64x2.shr_u(p1, 32)));
    x += 16;
    y += 16;
  }
  if (x < end) {
    const vx = v128.and(v128.load(x), v128.load(TAIL + ((end - x) << 2)));
    const vy = v128.load(y);
    const p0 = i64x2.extmul_low_i32x4_u(vx, vy);
    const p1 = i64x2.extmul_high_i32x4_u(vx, vy);
    lo = i64x2.add(lo, i64x2.add(v128.and(p0, mask), v128.and(p1, mask)));
    hi = i64x2.add(hi, i64x2.add(i64x2.shr_u(p0, 32), i64x2.shr_u(p1, 32)));
  }
  v128.store(ACC, lo);
  v128.store(ACC, hi, 16);
}

// @ts-ignore: decorator
@inline function clearAcc(): void {
  v128.store(ACC, i64x2.splat(0));
  v128.store(ACC, i64x2.splat(0), 16);
}

// @ts-ignore: decorator
@inline function accLo(): u64 { return <u64>(load<u64>(ACC) + load<u64>(ACC, 8)); }
// @ts-ignore: decorator
@inline function accHi(): u64 { return <u64>(load<u64>(ACC, 16) + load<u64>(ACC, 24)); }

function reverse(dst: usize, src: usize, nl: usize): void {
  for (let j: usize = 0; j < nl; j++) store<u32>(dst + (j << 2), load<u32>(src + ((nl - 1 - j) << 2)));
}

/** Picks the quotient digit (k < nl) or stores the result limb; returns the carry out of column k. */
// @ts-ignore: decorator
@inline function endColumn(k: usize, nlu: usize, n: usize, np: u32, lo: u64, hi: u64): u64 {
  if (k < nlu) {
    const mk = <u32>lo * np;
    store<u32>(M + (k << 2), mk);
    const q = <u64>mk * <u64>load<u32>(n);
    lo += q & MASK;
    hi += q >> 32;
  } else {
    store<u32>(T + ((k - nlu) << 2), <u32>lo);
  }
  return (lo >> 32) + hi;
}

// @ts-ignore: decorator
@inline function finish(out: usize, n: usize, nl: i32, carry: u64): void {
  const borrow = subLimbs(D, T, n, nl);
  memory.copy(out, carry != 0 || borrow == 0 ? D : T, <usize>nl << 2);
}

/** out = a·b·R^-1 mod n (see montMul in montgomery.ts). */
export function montMulSimd(out: usize, a: usize, b: usize, n: usize, np: u32, nl: i32): void {
  const nlu = <usize>nl;
  memory.copy(AP, a, nlu << 2);
  reverse(BR, b, nlu);
  reverse(NR, n, nlu);
  let carry: u64 = 0;
  const last = (nlu << 1) - 1;
  for (let k: usize = 0; k < last; k++) {
    // b_(k-i) = BR[nl-1-k+i]
    const i0: usize = k < nlu ? 0 : k - nlu + 1;
    const off = (nlu - 1 - k + i0) << 2;
    clearAcc();
    columnDot(AP + (i0 << 2), BR + off, (k < nlu ? k + 1 : nlu) - i0);
    columnDot(M + (i0 << 2), NR + off, (k < nlu ? k : nlu) - i0);
    carry = endColumn(k, nlu, n, np, accLo() + carry, accHi());
  }
  store<u32>(T + ((nlu - 1) << 2), <u32>carry);
  finish(out, n, nl, carry >> 32);
}

/** out = a·a·R^-1 mod n, cross products once (see montSqr in montgomery.ts). */
export function montSqrSimd(out: usize, a: usize, n: usize, np: u32, nl: i32): void {
  const nlu = <usize>nl;
  memory.copy(AP, a, nlu << 2);
  reverse(BR, a, nlu);
  reverse(NR, n, nlu);
  let carry: u64 = 0;
  const last = (nlu << 1) - 1;
  for (let k: usize = 0; k < last; k++) {
    const i0: usize = k < nlu ? 0 : k - nlu + 1;
    const off = (nlu - 1 - k + i0) << 2;
    // Cross terms a_i·a_(k-i) for i0 <= i < k - i, doubled, then the square term for even k.
    const crossEnd = (k + 1) >> 1;
    clearAcc();
    if (crossEnd > i0) columnDot(AP + (i0 << 2), BR + off, crossEnd - i0);
    let lo = accLo() << 1, hi = accHi() << 1;
    if ((k & 1) == 0) {
      const d = load<u32>(AP + ((k >> 1) << 2));
      const p = <u64>d * <u64>d;
      lo += p & MASK;
      hi += p >> 32;
    }
    clearAcc();
    columnDot(M + (i0 << 2), NR + off, (k < nlu ? k : nlu) - i0);
    carry = endColumn(k, nlu, n, np, lo + accLo() + carry, hi + accHi());
  }
  store<u32>(T + ((nlu - 1) << 2), <u32>carry);
  finish(out, n, nl, carry >> 32);
}
