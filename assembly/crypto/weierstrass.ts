// Short Weierstrass curves y^2 = x^3 - 3x + b over a prime field (P-256, P-384, P-521): point
// validation and the double-scalar multiplication u1*G + u2*Q of ECDSA verification.
// Points are Jacobian (X, Y, Z) ~ (X/Z^2, Y/Z^3), Z = 0 is the point at infinity; all
// coordinates are in Montgomery form. Table points are affine (x, y) pairs.
// Public data only, so nothing here is constant time.
import { MontField, FieldKind, allocLimbs } from "./mont";
import { wnaf } from "./wnaf";

/** wNAF window for the generator (table of 2^(W_G-2) affine points, built once per VM). */
const W_G = 7;
/** wNAF window for the public key (table of 2^(W_Q-2) Jacobian points, built per verification). */
const W_Q = 5;

export class ShortCurve {
  readonly fp: MontField;
  readonly fn: MontField;
  /** Field element / scalar size in bytes (32, 48 or 66). */
  readonly bytes: i32;
  readonly limbs: i32;
  /** b in Montgomery form. */
  private b: usize;
  /** The generator, affine, Montgomery form. */
  private gx: usize;
  private gy: usize;
  /** Affine odd multiples G, 3G, ..., built on first use. */
  private gTable: usize = 0;
  private qTable: usize;
  private tmp: usize; // 15 field elements: 0-9 for the point formulas, 10-14 for verify
  private pt: usize;  // 3 scratch points
  private naf1: usize;
  private naf2: usize;
  private work: usize;

  /** The hex strings are big-endian, 8 digits per 32-bit limb (zero-padded). */
  constructor(kind: FieldKind, bytes: i32, pHex: string, nHex: string, bHex: string, gxHex: string, gyHex: string) {
    this.fp = new MontField(pHex, kind);
    this.fn = new MontField(nHex);
    let n = this.fp.n;
    this.limbs = n;
    this.bytes = bytes;
    this.tmp = allocLimbs(15 * n);
    this.pt = allocLimbs(9 * n);
    this.qTable = allocLimbs((1 << (W_Q - 2)) * 3 * n);
    this.naf1 = heap.alloc(<usize>(32 * n + 2));
    this.naf2 = heap.alloc(<usize>(32 * n + 2));
    this.work = allocLimbs(n + 1);
    this.b = this.constant(bHex);
    this.gx = this.constant(gxHex);
    this.gy = this.constant(gyHex);
  }

  private constant(hex: string): usize {
    let r = allocLimbs(this.limbs);
    this.fp.fromHex(r, hex);
    this.fp.toMont(r, r);
    return r;
  }

  @inline private t(i: i32): usize { return this.tmp + (<usize>(i * this.limbs) << 2); }

  /** Field element size in bytes of memory. */
  @inline private get sz(): usize { return <usize>this.limbs << 2; }

  /**
   * Reads big-endian affine coordinates (exactly `bytes` long each) into Montgomery form at
   * x, y and checks 0 <= x, y < p and y^2 = x^3 - 3x + b. The curves have cofactor 1, so a
   * point on the curve is in the prime-order group; the point at infinity has no affine form.
   */
  decodePoint(x: usize, y: usize, xb: usize, yb: usize): bool {
    let f = this.fp;
    if (!f.fromBytes(x, xb, this.bytes) || !f.fromBytes(y, yb, this.bytes)) return false;
    f.toMont(x, x);
    f.toMont(y, y);
    let lhs = this.t(0);
    let rhs = this.t(1);
    let u = this.t(2);
    f.sqr(lhs, y);
    f.sqr(rhs, x);
    f.mul(rhs, rhs, x);       // x^3
    f.add(u, x, x);
    f.add(u, u, x);           // 3x
    f.sub(rhs, rhs, u);
    f.add(rhs, rhs, this.b);
    return f.eq(lhs, rhs);
  }

  @inline private isInf(p: usize): bool { return this.fp.isZero(p + 2 * this.sz); }

  @inline private setInf(p: usize): void {
    let f = this.fp;
    f.copy(p, f.one);
    f.copy(p + this.sz, f.one);
    f.setZero(p + 2 * this.sz);
  }

  /** r = 2p (r may be p). dbl-2001-b, 3M + 5S. */
  private dbl(r: usize, p: usize): void {
    let f = this.fp;
    let sz = this.sz;
    if (this.isInf(p)) { this.setInf(r); return; }
    let X = p, Y = p + sz, Z = p + 2 * sz;
    let delta = this.t(0), gamma = this.t(1), beta = this.t(2), alpha = this.t(3), u = this.t(4);
    f.sqr(delta, Z);
    f.sqr(gamma, Y);
    f.mul(beta, X, gamma);
    f.sub(u, X, delta);
    f.add(alpha, X, delta);
    f.mul(alpha, alpha, u);
    f.add(u, alpha, alpha);
    f.add(alpha, alpha, u);            // alpha = 3(X - delta)(X + delta)
    // Z3 = (Y + Z)^2 - gamma - delta
    f.add(u, Y, Z);
    f.sqr(u, u);
    f.sub(u, u, gamma);
    f.sub(r + 2 * sz, u, delta);
    // X3 = alpha^2 - 8 beta
    f.add(beta, beta, beta);
    f.add(beta, beta, beta);           // 4 beta
    f.sqr(u, alpha);
    f.sub(u, u, beta);
    f.sub(r, u, beta);
    // Y3 = alpha (4 beta - X3) - 8 gamma^2
    f.sub(u, beta, r);
    f.mul(u, u, alpha);
    f.sqr(gamma, gamma);
    f.add(gamma, gamma, gamma);
    f.add(gamma, gamma, gamma);
    f.add(gamma, gamma, gamma);
    f.sub(r + sz, u, gamma);
  }

  /** r = p + (x2, y2) with the second point affine (r may be p). madd-2004-hmv, 8M + 3S. */
  private addAffine(r: usize, p: usize, x2: usize, y2: usize): void {
    let f = this.fp;
    let sz = this.sz;
    let X1 = p, Y1 = p + sz, Z1 = p + 2 * sz;
    if (this.isInf(p)) {
      f.copy(r, x2);
      f.copy(r + sz, y2);
      f.copy(r + 2 * sz, f.one);
      return;
    }
    let t1 = this.t(5), t2 = this.t(6), t3 = this.t(7), t4 = this.t(8);
    f.sqr(t1, Z1);
    f.mul(t2, t1, Z1);
    f.mul(t1, t1, x2);
    f.mul(t2, t2, y2);
    f.sub(t1, t1, X1);                 // H
    f.sub(t2, t2, Y1);                 // R
    if (f.isZero(t1)) {
      if (f.isZero(t2)) this.dbl(r, p); else this.setInf(r);
      return;
    }
    f.mul(r + 2 * sz, Z1, t1);         // Z3 = Z1 H
    f.sqr(t3, t1);                     // H^2
    f.mul(t4, t3, t1);                 // H^3
    f.mul(t3, t3, X1);                 // X1 H^2
    f.add(t1, t3, t3);
    f.sqr(r, t2);
    f.sub(r, r, t1);
    f.sub(r, r, t4);                   // X3 = R^2 - 2 X1 H^2 - H^3
    f.sub(t3, t3, r);
    f.mul(t3, t3, t2);
    f.mul(t4, t4, Y1);
    f.sub(r + sz, t3, t4);             // Y3 = R (X1 H^2 - X3) - Y1 H^3
  }

  /** r = p + q, both Jacobian (r may be p, not q). add-1998-cmo-2, 12M + 4S. */
  private add(r: usize, p: usize, q: usize): void {
    let f = this.fp;
    let sz = this.sz;
    if (this.isInf(q)) { if (r != p) memory.copy(r, p, 3 * sz); return; }
    if (this.isInf(p)) { memory.copy(r, q, 3 * sz); return; }
    let X1 = p, Y1 = p + sz, Z1 = p + 2 * sz;
    let X2 = q, Y2 = q + sz, Z2 = q + 2 * sz;
    let u1 = this.t(5), u2 = this.t(6), s1 = this.t(7), s2 = this.t(8), z = this.t(9);
    f.sqr(z, Z2);
    f.mul(u1, X1, z);
    f.mul(s1, Y1, Z2);
    f.mul(s1, s1, z);
    f.sqr(z, Z1);
    f.mul(u2, X2, z);
    f.mul(s2, Y2, Z1);
    f.mul(s2, s2, z);
    f.sub(u2, u2, u1);                 // H
    f.sub(s2, s2, s1);                 // R
    if (f.isZero(u2)) {
      if (f.isZero(s2)) this.dbl(r, p); else this.setInf(r);
      return;
    }
    f.mul(r + 2 * sz, Z1, Z2);
    f.mul(r + 2 * sz, r + 2 * sz, u2); // Z3 = Z1 Z2 H
    f.sqr(z, u2);                      // H^2
    f.mul(u1, u1, z);                  // V = U1 H^2
    f.mul(z, z, u2);                   // H^3
    f.mul(s1, s1, z);                  // S1 H^3
    f.sqr(r, s2);
    f.sub(r, r, z);
    f.sub(r, r, u1);
    f.sub(r, r, u1);                   // X3 = R^2 - H^3 - 2V
    f.sub(u1, u1, r);
    f.mul(u1, u1, s2);
    f.sub(r + sz, u1, s1);             // Y3 = R (V - X3) - S1 H^3
  }

  /** Converts Jacobian p (not infinity) to affine x, y. */
  private toAffine(x: usize, y: usize, p: usize): void {
    let f = this.fp;
    let sz = this.sz;
    let zi = this.t(0), zi2 = this.t(1);
    f.inv(zi, p + 2 * sz);
    f.sqr(zi2, zi);
    f.mul(x, p, zi2);
    f.mul(zi2, zi2, zi);
    f.mul(y, p + sz, zi2);
  }

  private buildGTable(): void {
    let sz = this.sz;
    let count = 1 << (W_G - 2);
    let tab = allocLimbs(count * 2 * this.limbs);
    let g = this.pt, g2 = this.pt + 3 * sz, acc = this.pt + 6 * sz;
    this.fp.copy(g, this.gx);
    this.fp.copy(g + sz, this.gy);
    this.fp.copy(g + 2 * sz, this.fp.one);
    this.dbl(g2, g);
    memory.copy(acc, g, 3 * sz);
    for (let i = 0; i < count; i++) {
      this.toAffine(tab + <usize>(2 * i) * sz, tab + <usize>(2 * i + 1) * sz, acc);
      this.add(acc, acc, g2);
    }
    this.gTable = tab;
  }

  /**
   * ECDSA verification core (FIPS 186-5 §6.4.2 steps 3 to 10) on validated inputs:
   * r, s are plain big-endian `bytes`-long integers, e the `eLen`-byte digest (eLen <= bytes:
   * SHA-256/384/512 are never longer than the curve, so no truncation), (qx, qy) a validated
   * public key in Montgomery form. Checks r, s in [1, n-1].
   */
  verify(qx: usize, qy: usize, e: usize, eLen: i32, rb: usize, sb: usize): bool {
    let fn = this.fn;
    let fp = this.fp;
    let sz = this.sz;
    let n = this.limbs;
    let r = this.t(10), s = this.t(11), w = this.t(12), u1 = this.t(13), u2 = this.t(14);
    if (!fn.fromBytes(r, rb, this.bytes) || fn.isZero(r)) return false;
    if (!fn.fromBytes(s, sb, this.bytes) || fn.isZero(s)) return false;
    // e = the digest as an integer (it has at most as many bits as n, so e < 2n; the
    // Montgomery multiplication below reduces it).
    fn.fromBytes(u1, e, eLen);
    fn.invPlain(w, s);
    fn.toMont(w, w);                   // s^-1 R
    fn.mul(u2, r, w);                  // r s^-1 (plain: the R factors cancel)
    fn.mul(u1, u1, w);                 // e s^-1 (mul tolerates e >= n: see MontField.mul)
    if (this.gTable == 0) this.buildGTable();

    // Q table: odd multiples Q, 3Q, ..., Jacobian.
    let qt = this.qTable;
    let q2 = this.pt;
    fp.copy(qt, qx);
    fp.copy(qt + sz, qy);
    fp.copy(qt + 2 * sz, fp.one);
    this.dbl(q2, qt);
    let qCount = 1 << (W_Q - 2);
    for (let i = 1; i < qCount; i++) this.add(qt + <usize>(3 * i) * sz, qt + <usize>(3 * (i - 1)) * sz, q2);

    let len1 = wnaf(this.naf1, u1, n, W_G, this.work);
    let len2 = wnaf(this.naf2, u2, n, W_Q, this.work);
    let acc = this.pt + 3 * sz;
    let ny = this.pt + 6 * sz;         // a negated y coordinate (only the first limbs of this point)
    let negq = this.pt;                // reuses q2's space for a negated table point
    this.setInf(acc);
    let gt = this.gTable;
    for (let i = max(len1, len2) - 1; i >= 0; i--) {
      this.dbl(acc, acc);
      if (i < len1) {
        let d = <i32>load<i8>(this.naf1 + <usize>i);
        if (d > 0) {
          let k = <usize>((d - 1) >> 1);
          this.addAffine(acc, acc, gt + 2 * k * sz, gt + (2 * k + 1) * sz);
        } else if (d < 0) {
          let k = <usize>((-d - 1) >> 1);
          fp.neg(ny, gt + (2 * k + 1) * sz);
          this.addAffine(acc, acc, gt + 2 * k * sz, ny);
        }
      }
      if (i < len2) {
        let d = <i32>load<i8>(this.naf2 + <usize>i);
        if (d > 0) {
          this.add(acc, acc, qt + <usize>(3 * ((d - 1) >> 1)) * sz);
        } else if (d < 0) {
          let src = qt + <usize>(3 * ((-d - 1) >> 1)) * sz;
          fp.copy(negq, src);
          fp.neg(negq + sz, src + sz);
          fp.copy(negq + 2 * sz, src + 2 * sz);
          this.add(acc, acc, negq);
        }
      }
    }
    if (this.isInf(acc)) return false;
    // x(acc) mod n == r without inverting Z: X == r Z^2, or X == (r + n) Z^2 when r + n < p.
    let z2 = this.t(5), rx = this.t(6);
    fp.sqr(z2, acc + 2 * sz);
    fp.toMont(rx, r);                  // r < n < p
    fp.mul(rx, rx, z2);
    if (fp.eq(rx, acc)) return true;
    let c: u64 = 0;
    for (let i = 0; i < n; i++) {
      let off = <usize>i << 2;
      c += <u64>load<u32>(r + off) + <u64>load<u32>(fn.m + off);
      store<u32>(rx + off, <u32>c);
      c >>= 32;
    }
    if (c != 0 || !fp.isReduced(rx)) return false;
    fp.toMont(rx, rx);
    fp.mul(rx, rx, z2);
    return fp.eq(rx, acc);
  }
}
