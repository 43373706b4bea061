// Montgomery arithmetic modulo a fixed odd modulus of n 32-bit limbs, shared by the
// P-256 / P-384 base and scalar fields and the Ed25519 field. Elements live in raw,
// never-freed memory (limbs little-endian, least significant first) so the hot loops
// run on plain loads and stores without bounds checks or allocation. Everything here
// handles public values only (signature verification), so it is variable time.
import {
  mulP256, sqrP256, addP256, subP256, mulP384, sqrP384, addP384, subP384,
  mulF25519, sqrF25519, addF25519, subF25519, mulP521, sqrP521, addP521, subP521,
} from "./field_ops";

/** Which unrolled routines of field_ops.ts serve a modulus (Generic: the loops below). */
export const enum FieldKind { Generic = 0, P256 = 1, P384 = 2, F25519 = 3, P521 = 4 }

/** Allocates `limbs` zeroed 32-bit limbs that live as long as the VM. */
export function allocLimbs(limbs: i32): usize {
  let p = heap.alloc(<usize>limbs << 2);
  memory.fill(p, 0, <usize>limbs << 2);
  return p;
}

export class MontField {
  readonly kind: FieldKind;
  /** Limb count. */
  readonly n: i32;
  /** The modulus, plain. */
  readonly m: usize;
  /** -m^-1 mod 2^32. */
  readonly m0: u32;
  /** R mod m, i.e. 1 in Montgomery form (R = 2^(32n)). */
  readonly one: usize;
  /** R^2 mod m: multiplying by it converts into Montgomery form. */
  readonly r2: usize;
  /** m - 2, the Fermat inversion exponent. */
  readonly mMinus2: usize;
  private t: usize;
  private w: usize;
  private table: usize;

  /**
   * `hex`: the modulus, big-endian hex without prefix, exactly 8n digits; `kind` names the
   * generated routines for it (they hard-code the modulus, so the two must agree).
   */
  constructor(hex: string, kind: FieldKind = FieldKind.Generic) {
    this.kind = kind;
    let n = hex.length >> 3;
    this.n = n;
    this.m = allocLimbs(n);
    this.fromHex(this.m, hex);
    // Newton iteration for m^-1 mod 2^32 (each step doubles the correct bits; m is odd).
    let m0 = load<u32>(this.m);
    let inv: u32 = 1;
    for (let i = 0; i < 5; i++) inv = inv * (2 - m0 * inv);
    this.m0 = 0 - inv;
    this.t = allocLimbs(n + 2);
    this.w = allocLimbs(n);
    this.table = allocLimbs(16 * n);
    // R mod m and R^2 mod m by repeated modular doubling of 1.
    this.one = allocLimbs(n);
    this.r2 = allocLimbs(n);
    let x = allocLimbs(n);
    store<u32>(x, 1);
    for (let i = 0; i < 64 * n; i++) {
      this.add(x, x, x);
      if (i == 32 * n - 1) this.copy(this.one, x);
    }
    this.copy(this.r2, x);
    this.mMinus2 = allocLimbs(n);
    this.copy(this.mMinus2, this.m);
    store<u32>(this.mMinus2, load<u32>(this.m) - 2); // m is odd and > 2: no borrow
  }

  /** r = the plain integer written as big-endian hex (exactly 8n digits). */
  fromHex(r: usize, hex: string): void {
    let n = this.n;
    for (let i = 0; i < n; i++) {
      store<u32>(r + (<usize>i << 2), <u32>parseInt(hex.substring((n - 1 - i) << 3, (n - i) << 3), 16));
    }
  }

  @inline copy(r: usize, a: usize): void { memory.copy(r, a, <usize>this.n << 2); }

  @inline setZero(r: usize): void { memory.fill(r, 0, <usize>this.n << 2); }

  isZero(a: usize): bool {
    let acc: u32 = 0;
    for (let i = 0, n = this.n; i < n; i++) acc |= load<u32>(a + (<usize>i << 2));
    return acc == 0;
  }

  eq(a: usize, b: usize): bool {
    return memory.compare(a, b, <usize>this.n << 2) == 0;
  }

  /** Plain comparison of two n-limb integers: -1, 0, 1. */
  cmp(a: usize, b: usize): i32 {
    for (let i = this.n - 1; i >= 0; i--) {
      let x = load<u32>(a + (<usize>i << 2));
      let y = load<u32>(b + (<usize>i << 2));
      if (x != y) return x < y ? -1 : 1;
    }
    return 0;
  }

  /** True when the plain integer `a` is below the modulus. */
  @inline isReduced(a: usize): bool { return this.cmp(a, this.m) < 0; }

  /** r = a - m when a >= m (or `carry` is set); otherwise r = a. */
  private reduceOnce(r: usize, a: usize, carry: u32): void {
    let n = this.n;
    if (carry == 0 && this.cmp(a, this.m) < 0) {
      if (r != a) this.copy(r, a);
      return;
    }
    let m = this.m;
    let borrow: i64 = 0;
    for (let i = 0; i < n; i++) {
      let off = <usize>i << 2;
      let d = <i64>load<u32>(a + off) - <i64>load<u32>(m + off) + borrow;
      store<u32>(r + off, <u32>d);
      borrow = d >> 32;
    }
  }

  /** r = a + b mod m (a, b < m). */
  add(r: usize, a: usize, b: usize): void {
    let k = this.kind;
    if (k == FieldKind.P256) { addP256(r, a, b); return; }
    if (k == FieldKind.P384) { addP384(r, a, b); return; }
    if (k == FieldKind.F25519) { addF25519(r, a, b); return; }
    if (k == FieldKind.P521) { addP521(r, a, b); return; }
    let c: u64 = 0;
    for (let i = 0, n = this.n; i < n; i++) {
      let off = <usize>i << 2;
      c += <u64>load<u32>(a + off) + <u64>load<u32>(b + off);
      store<u32>(r + off, <u32>c);
      c >>= 32;
    }
    this.reduceOnce(r, r, <u32>c);
  }

  /** r = a - b mod m (a, b < m). */
  sub(r: usize, a: usize, b: usize): void {
    let k = this.kind;
    if (k == FieldKind.P256) { subP256(r, a, b); return; }
    if (k == FieldKind.P384) { subP384(r, a, b); return; }
    if (k == FieldKind.F25519) { subF25519(r, a, b); return; }
    if (k == FieldKind.P521) { subP521(r, a, b); return; }
    let n = this.n;
    let borrow: i64 = 0;
    for (let i = 0; i < n; i++) {
      let off = <usize>i << 2;
      let d = <i64>load<u32>(a + off) - <i64>load<u32>(b + off) + borrow;
      store<u32>(r + off, <u32>d);
      borrow = d >> 32;
    }
    if (borrow != 0) {
      let m = this.m;
      let c: u64 = 0;
      for (let i = 0; i < n; i++) {
        let off = <usize>i << 2;
        c += <u64>load<u32>(r + off) + <u64>load<u32>(m + off);
        store<u32>(r + off, <u32>c);
        c >>= 32;
      }
    }
  }

  /** r = -a mod m. */
  neg(r: usize, a: usize): void {
    if (this.isZero(a)) { this.setZero(r); return; }
    this.sub(r, this.m, a); // m - a, with a in [1, m)
  }

  /**
   * r = a * b * R^-1 mod m (CIOS with the multiplication and reduction passes fused).
   * Correct for a, b < m; for a Generic field also for one operand up to 2^(32n) - 1 and
   * the other < m (the result is then still < 2m before the final subtraction).
   */
  mul(r: usize, a: usize, b: usize): void {
    let k = this.kind;
    if (k == FieldKind.P256) { mulP256(r, a, b); return; }
    if (k == FieldKind.P384) { mulP384(r, a, b); return; }
    if (k == FieldKind.F25519) { mulF25519(r, a, b); return; }
    if (k == FieldKind.P521) { mulP521(r, a, b); return; }
    this.mulGeneric(r, a, b);
  }

  sqr(r: usize, a: usize): void {
    let k = this.kind;
    if (k == FieldKind.P256) { sqrP256(r, a); return; }
    if (k == FieldKind.P384) { sqrP384(r, a); return; }
    if (k == FieldKind.F25519) { sqrF25519(r, a); return; }
    if (k == FieldKind.P521) { sqrP521(r, a); return; }
    this.mulGeneric(r, a, a);
  }

  private mulGeneric(r: usize, a: usize, b: usize): void {
    let n = this.n;
    let t = this.t;
    let m = this.m;
    let m0 = <u64>this.m0;
    memory.fill(t, 0, <usize>(n + 1) << 2);
    let a0 = <u64>load<u32>(a);
    let p0 = <u64>load<u32>(m);
    for (let i = 0; i < n; i++) {
      let bi = <u64>load<u32>(b + (<usize>i << 2));
      let s = <u64>load<u32>(t) + a0 * bi;
      let c1 = s >> 32;
      let lo = s & 0xffffffff;
      let q = (lo * m0) & 0xffffffff;
      let s2 = lo + q * p0;
      let c2 = s2 >> 32;
      for (let j = 1; j < n; j++) {
        let off = <usize>j << 2;
        s = <u64>load<u32>(t + off) + <u64>load<u32>(a + off) * bi + c1;
        c1 = s >> 32;
        s2 = (s & 0xffffffff) + q * <u64>load<u32>(m + off) + c2;
        c2 = s2 >> 32;
        store<u32>(t + off - 4, <u32>s2);
      }
      let off = <usize>n << 2;
      s = <u64>load<u32>(t + off) + c1 + c2;
      store<u32>(t + off - 4, <u32>s);
      store<u32>(t + off, <u32>(s >> 32));
    }
    this.reduceOnce(r, t, load<u32>(t + (<usize>n << 2)));
  }

  /** Plain (n-limb, < m) to Montgomery form. */
  @inline toMont(r: usize, a: usize): void { this.mul(r, a, this.r2); }

  /** Montgomery form to plain. */
  fromMont(r: usize, a: usize): void {
    let w = this.w;
    this.setZero(w);
    store<u32>(w, 1);
    this.mul(r, a, w);
  }

  /** r = a^e (Montgomery form in and out); e is an n-limb plain exponent. Fixed 4-bit windows. */
  pow(r: usize, a: usize, e: usize): void {
    let n = this.n;
    let sz = <usize>n << 2;
    let tab = this.table;
    this.copy(tab, this.one);
    this.copy(tab + sz, a);
    for (let i = 2; i < 16; i++) this.mul(tab + <usize>i * sz, tab + <usize>(i - 1) * sz, a);
    let acc = this.w;
    this.copy(acc, this.one);
    let started = false;
    for (let i = n * 8 - 1; i >= 0; i--) {
      let nib = (load<u32>(e + (<usize>(i >> 3) << 2)) >>> ((i & 7) << 2)) & 15;
      if (started) {
        this.sqr(acc, acc); this.sqr(acc, acc); this.sqr(acc, acc); this.sqr(acc, acc);
      }
      if (nib != 0) {
        this.mul(acc, acc, tab + <usize>nib * sz);
        started = true;
      }
    }
    this.copy(r, acc);
  }

  /** r = a / 2 mod m for a plain a < m, in place. */
  private halve(a: usize): void {
    let n = this.n;
    let top: u32 = 0;
    if (load<u32>(a) & 1) {
      let m = this.m;
      let c: u64 = 0;
      for (let i = 0; i < n; i++) {
        let off = <usize>i << 2;
        c += <u64>load<u32>(a + off) + <u64>load<u32>(m + off);
        store<u32>(a + off, <u32>c);
        c >>= 32;
      }
      top = <u32>c;
    }
    shiftRight1(a, n, top);
  }

  /**
   * r = a^-1 mod m for a plain 0 < a < m (binary extended Euclid; m odd). About five
   * times cheaper than Fermat with the generic multiplication; variable time, so for
   * public values only (the signature's s).
   */
  invPlain(r: usize, a: usize): void {
    let n = this.n;
    let u = this.t, v = this.table, x1 = this.table + (<usize>n << 2), x2 = this.table + (<usize>(2 * n) << 2);
    this.copy(u, a);
    this.copy(v, this.m);
    this.setZero(x1);
    store<u32>(x1, 1);
    this.setZero(x2);
    while (!isOne(u, n) && !isOne(v, n)) {
      if (this.isZero(u) || this.isZero(v)) { this.setZero(r); return; } // a shared a factor with m
      while ((load<u32>(u) & 1) == 0) { shiftRight1(u, n, 0); this.halve(x1); }
      while ((load<u32>(v) & 1) == 0) { shiftRight1(v, n, 0); this.halve(x2); }
      if (this.cmp(u, v) >= 0) {
        subInPlace(u, v, n);
        this.sub(x1, x1, x2);
      } else {
        subInPlace(v, u, n);
        this.sub(x2, x2, x1);
      }
    }
    this.copy(r, isOne(u, n) ? x1 : x2);
  }

  /** r = a^-1 (Montgomery form in and out); 0 maps to 0. m must be prime. */
  @inline inv(r: usize, a: usize): void { this.pow(r, a, this.mMinus2); }

  /**
   * Reads a big-endian integer of exactly `len` bytes (len <= 4n) into plain limbs.
   * Returns false when it is not below the modulus.
   */
  fromBytes(r: usize, bytes: usize, len: i32): bool {
    this.setZero(r);
    for (let i = 0; i < len; i++) {
      let b = <u32>load<u8>(bytes + <usize>(len - 1 - i));
      let off = <usize>(i >> 2) << 2;
      store<u32>(r + off, load<u32>(r + off) | (b << ((i & 3) << 3)));
    }
    return this.isReduced(r);
  }

  /** Writes the plain integer `a` as `len` big-endian bytes (len <= 4n; higher bytes dropped). */
  toBytes(out: usize, len: i32, a: usize): void {
    for (let i = 0; i < len; i++) {
      let limb = load<u32>(a + (<usize>(i >> 2) << 2));
      store<u8>(out + <usize>(len - 1 - i), <u8>(limb >>> ((i & 3) << 3)));
    }
  }
}

function isOne(a: usize, n: i32): bool {
  if (load<u32>(a) != 1) return false;
  for (let i = 1; i < n; i++) if (load<u32>(a + (<usize>i << 2)) != 0) return false;
  return true;
}

/** a >>= 1 over n limbs, shifting `top` (0 or 1) into the highest bit. */
function shiftRight1(a: usize, n: i32, top: u32): void {
  for (let i = 0; i < n - 1; i++) {
    let off = <usize>i << 2;
    store<u32>(a + off, (load<u32>(a + off) >>> 1) | (load<u32>(a + off + 4) << 31));
  }
  let off = <usize>(n - 1) << 2;
  store<u32>(a + off, (load<u32>(a + off) >>> 1) | (top << 31));
}

/** a -= b over n limbs (a >= b). */
function subInPlace(a: usize, b: usize, n: i32): void {
  let borrow: i64 = 0;
  for (let i = 0; i < n; i++) {
    let off = <usize>i << 2;
    let d = <i64>load<u32>(a + off) - <i64>load<u32>(b + off) + borrow;
    store<u32>(a + off, <u32>d);
    borrow = d >> 32;
  }
}
