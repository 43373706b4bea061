// The unrolled field routines (field_ops.ts, generated) against the generic CIOS loops of
// mont.ts on the same moduli: both compute a * b * 2^(-32n) mod p, so they must agree on
// edge values (0, 1, p - 1, limbs of all ones or zeros) and pseudo-random ones. Plus
// inversion and the wNAF recoding (digits odd, bounded, sparse, and summing to the scalar).
import { MontField, FieldKind, allocLimbs } from "./mont";
import { wnaf } from "./wnaf";

const HEX: string[] = [
  "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff",
  "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff",
  "7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffed",
  "000001ff" + "ffffffff".repeat(16),
];
const KINDS: FieldKind[] = [FieldKind.P256, FieldKind.P384, FieldKind.F25519, FieldKind.P521];

let seed: u64 = 0x9e3779b97f4a7c15;
function next(): u32 {
  seed ^= seed << 13;
  seed ^= seed >> 7;
  seed ^= seed << 17;
  return <u32>(seed >> 16);
}

/** Writes the i-th test value (below m) to r: edge values first, then pseudo-random ones. */
function value(f: MontField, r: usize, i: i32): void {
  let n = f.n;
  f.setZero(r);
  if (i == 1) store<u32>(r, 1);
  else if (i == 2) { f.copy(r, f.m); store<u32>(r, load<u32>(r) - 1); }          // p - 1
  else if (i == 3) { f.copy(r, f.m); store<u32>(r, load<u32>(r) - 2); }          // p - 2
  else if (i == 4) { for (let j = 0; j < n - 1; j++) store<u32>(r + (<usize>j << 2), 0xffffffff); } // 2^(32(n-1)) - 1
  else if (i == 5) store<u32>(r + (<usize>(n - 1) << 2), load<u32>(f.m + (<usize>(n - 1) << 2)) >> 1);
  else if (i == 6) f.copy(r, f.one);
  else if (i >= 7) {
    for (let j = 0; j < n; j++) store<u32>(r + (<usize>j << 2), next());
    // clear the top limb's bits above the modulus, then reduce by subtraction if still >= m
    let top = load<u32>(f.m + (<usize>(n - 1) << 2));
    let mask: u32 = top == 0xffffffff ? 0xffffffff : (1 << (32 - clz(top))) - 1;
    store<u32>(r + (<usize>(n - 1) << 2), load<u32>(r + (<usize>(n - 1) << 2)) & mask);
    if (!f.isReduced(r)) f.sub(r, r, f.m);
  }
}

function checkAgainstGeneric(k: i32): i32 {
  const u = new MontField(HEX[k], KINDS[k]);
  const g = new MontField(HEX[k]);
  const n = u.n;
  const a = allocLimbs(n), b = allocLimbs(n), x = allocLimbs(n), y = allocLimbs(n);
  let mismatches = 0;
  // every pair among the edge values, and each value against a spread of others
  for (let i = 0; i < 48; i++) {
    for (let j = 0; j < 48; j += (i < 7 ? 1 : 5)) {
      value(u, a, i);
      value(u, b, j);
      if (!u.isReduced(a) || !u.isReduced(b)) mismatches++;
      u.mul(x, a, b); g.mul(y, a, b); if (!u.eq(x, y) || !u.isReduced(x)) mismatches++;
      u.add(x, a, b); g.add(y, a, b); if (!u.eq(x, y) || !u.isReduced(x)) mismatches++;
      u.sub(x, a, b); g.sub(y, a, b); if (!u.eq(x, y) || !u.isReduced(x)) mismatches++;
    }
    value(u, a, i);
    u.sqr(x, a); g.mul(y, a, a); if (!u.eq(x, y)) mismatches++;
    u.copy(x, a);
    u.mul(x, x, x); if (!u.eq(x, y)) mismatches++; // aliasing: out == both inputs
  }
  return mismatches;
}

function checkInverse(k: i32): i32 {
  const f = new MontField(HEX[k], KINDS[k]);
  const n = f.n;
  const a = allocLimbs(n), b = allocLimbs(n), c = allocLimbs(n);
  let failures = 0;
  for (let i = 1; i < 12; i++) {
    value(f, a, i);
    f.toMont(b, a);
    f.fromMont(c, b);
    if (!f.eq(c, a)) failures++;
    f.inv(c, b);
    f.mul(c, c, b);
    if (!f.eq(c, f.one)) failures++;
  }
  return failures;
}

describe("unrolled field routines", () => {
  it("mul, sqr, add and sub equal the generic loops (P-256, P-384, 2^255-19, P-521)", () => {
    expect(checkAgainstGeneric(0)).toBe(0);
    expect(checkAgainstGeneric(1)).toBe(0);
    expect(checkAgainstGeneric(2)).toBe(0);
    expect(checkAgainstGeneric(3)).toBe(0);
  });
  it("a * a^-1 = 1 and the Montgomery round trip", () => {
    expect(checkInverse(0)).toBe(0);
    expect(checkInverse(1)).toBe(0);
    expect(checkInverse(2)).toBe(0);
    expect(checkInverse(3)).toBe(0);
  });
});

describe("binary inversion (scalars)", () => {
  it("inverts modulo the P-256 order", () => {
    const f = new MontField("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
    const a = allocLimbs(8), w = allocLimbs(8), one = allocLimbs(8), t = allocLimbs(8);
    store<u32>(one, 1);
    for (let i = 1; i < 20; i++) {
      value(f, a, i);
      if (f.isZero(a)) continue;
      f.invPlain(w, a);
      f.toMont(t, w);
      f.mul(t, a, t); // a * w (plain)
      expect(f.eq(t, one)).toBe(true);
    }
  });
});

describe("wNAF recoding", () => {
  it("gives odd, bounded, sparse digits that sum to the scalar", () => {
    // Checked modulo the P-521 prime, which exceeds every 256-bit scalar and digit sum.
    const f = new MontField("000001ff" + "ffffffff".repeat(16));
    const k = allocLimbs(17), acc = allocLimbs(17), d = allocLimbs(17);
    const out = heap.alloc(300);
    const work = allocLimbs(9);
    let bad = 0; // counted, not expect()ed per digit: as-pect's expect is slow in a loop
    for (let w = 4; w <= 7; w++) {
      for (let t = 0; t < 25; t++) {
        f.setZero(k);
        for (let j = 0; j < 8; j++) store<u32>(k + (<usize>j << 2), t == 0 ? 0xffffffff : t == 1 ? 0 : next());
        const len = wnaf(out, k, 8, w, work);
        if (len > 257) bad++;
        f.setZero(acc);
        let lastNonZero = 1 << 20; // position of the previous non-zero digit (above the top)
        for (let i = len - 1; i >= 0; i--) {
          f.add(acc, acc, acc);
          const digit = <i32>load<i8>(out + <usize>i);
          if (digit == 0) continue;
          if ((digit & 1) != 1 || abs(digit) >= (1 << (w - 1)) || lastNonZero - i < w) bad++;
          lastNonZero = i;
          f.setZero(d);
          store<u32>(d, <u32>abs(digit));
          if (digit > 0) f.add(acc, acc, d); else f.sub(acc, acc, d);
        }
        if (!f.eq(acc, k)) bad++;
      }
    }
    expect(bad).toBe(0);
  });
});
