// Montgomery arithmetic against plain u64 arithmetic on one-limb moduli (where a·b fits in u64),
// and the limb helpers. Multi-limb moduli are checked against BigInt in tests/crypto/rsa.test.js.
import { Modulus, modPow, montMul } from "./montgomery";
import { negInverse32, limbsFromBytes, limbsToBytes, compareLimbs, subLimbs, bitLength } from "./bignum";

let seed: u64 = 0x9e3779b97f4a7c15;
function rand32(): u32 {
  seed ^= seed << 13;
  seed ^= seed >> 7;
  seed ^= seed << 17;
  return <u32>(seed >> 16);
}

function powMod(b: u64, e: u32, n: u64): u64 {
  let r: u64 = 1 % n;
  b %= n;
  while (e != 0) {
    if ((e & 1) != 0) r = (r * b) % n;
    b = (b * b) % n;
    e >>= 1;
  }
  return r;
}

function modulusOf(n: u32): Modulus {
  const b = new Uint8Array(4);
  b[0] = <u8>(n >> 24); b[1] = <u8>(n >> 16); b[2] = <u8>(n >> 8); b[3] = <u8>n;
  return Modulus.fromBytes(b)!;
}

describe("bignum", () => {
  it("inverts odd numbers modulo 2^32", () => {
    for (let i = 0; i < 1000; i++) {
      const n = rand32() | 1;
      expect(n * negInverse32(n)).toBe(0xffffffff);
    }
  });
  it("converts big-endian bytes to limbs and back", () => {
    const bytes = new Uint8Array(7);
    for (let i = 0; i < 7; i++) bytes[i] = <u8>(0x11 * (i + 1));
    const limbs = new StaticArray<u32>(2);
    limbsFromBytes(changetype<usize>(limbs), 2, bytes.dataStart, 7);
    expect(limbs[0]).toBe(0x44556677);
    expect(limbs[1]).toBe(0x00112233);
    expect(bitLength(changetype<usize>(limbs), 2)).toBe(53);
    const back = new Uint8Array(7);
    limbsToBytes(back.dataStart, 7, changetype<usize>(limbs), 2);
    for (let i = 0; i < 7; i++) expect(back[i]).toBe(bytes[i]);
  });
  it("compares and subtracts with borrow", () => {
    const a = new StaticArray<u32>(2);
    const b = new StaticArray<u32>(2);
    a[0] = 0; a[1] = 1; // 2^32
    b[0] = 1; b[1] = 0;
    expect(compareLimbs(changetype<usize>(a), changetype<usize>(b), 2)).toBe(1);
    expect(subLimbs(changetype<usize>(a), changetype<usize>(a), changetype<usize>(b), 2)).toBe(0);
    expect(a[0]).toBe(0xffffffff);
    expect(a[1]).toBe(0);
    expect(subLimbs(changetype<usize>(a), changetype<usize>(b), changetype<usize>(a), 2)).toBe(1);
  });
});

describe("Montgomery", () => {
  it("refuses even and tiny moduli", () => {
    const even = new Uint8Array(2);
    even[0] = 1; even[1] = 2;
    expect(Modulus.fromBytes(even)).toBeNull();
    const one = new Uint8Array(1);
    one[0] = 1;
    expect(Modulus.fromBytes(one)).toBeNull();
    expect(Modulus.fromBytes(new Uint8Array(0))).toBeNull();
  });
  it("multiplies: montMul(montMul(a, b), R^2) = a·b mod n", () => {
    for (let i = 0; i < 400; i++) {
      const n = (rand32() >>> <u32>(i % 29)) | 1;
      if (n < 3) continue;
      const mod = modulusOf(n);
      const a = new StaticArray<u32>(1);
      const b = new StaticArray<u32>(1);
      a[0] = rand32() % n;
      b[0] = rand32() % n;
      const t = new StaticArray<u32>(1);
      montMul(changetype<usize>(t), changetype<usize>(a), changetype<usize>(b), changetype<usize>(mod.n), mod.np, 1);
      montMul(changetype<usize>(t), changetype<usize>(t), changetype<usize>(mod.r2), changetype<usize>(mod.n), mod.np, 1);
      expect(<u64>t[0]).toBe((<u64>a[0] * <u64>b[0]) % <u64>n);
    }
  });
  it("exponentiates like square-and-multiply in u64", () => {
    for (let i = 0; i < 400; i++) {
      const n = ((rand32() | 0x80000000) >>> <u32>(i % 30)) | 1;
      if (n < 3) continue;
      const mod = modulusOf(n);
      const x = new StaticArray<u32>(1);
      x[0] = rand32() % n;
      const e = i % 4 == 0 ? <u32>65537 : i % 4 == 1 ? <u32>3 : rand32();
      const want = powMod(<u64>x[0], e, <u64>n);
      modPow(changetype<usize>(x), changetype<usize>(x), e, mod);
      expect(<u64>x[0]).toBe(want);
    }
  });
});
