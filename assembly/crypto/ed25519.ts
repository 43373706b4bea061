// Ed25519 signature verification (RFC 8032 §5.1.7) for JWS "EdDSA" with crv "Ed25519".
//
// Edge-case policy (see docs/crypto.md, "Ed25519"): strict decoding of A and R (y < p,
// no "negative zero" x), S < L required, public keys of small order rejected, k reduced
// mod L, and the cofactorless equation [S]B = R + [k]A checked as encode([S]B - [k]A) == R
// byte for byte.
//
// Curve: -x^2 + y^2 = 1 + d x^2 y^2 over GF(2^255 - 19). Points are extended coordinates
// (X : Y : Z : T) with x = X/Z, y = Y/Z, xy = T/Z; field elements are Montgomery form
// (mont.ts with the unrolled routines of field_ops.ts). Public data only: variable time.
import { MontField, FieldKind, allocLimbs } from "./mont";
import { wnaf } from "./wnaf";
import { HashAlg, hashInit, hashUpdate, hashFinal } from "./sha2";

const W_B = 7; // wNAF window for the base point (32 cached points, built once per VM)
const W_A = 5; // wNAF window for the public key (8 cached points per verification)
const FE = 32; // bytes per field element
const PT = 4 * FE; // bytes per point (extended or cached)

/** Verification state, built on first use. */
class Ed25519Context {
  readonly f: MontField = new MontField("7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffed", FieldKind.F25519);
  /** The group order L. */
  readonly l: MontField = new MontField("1000000000000000000000000000000014def9dea2f79cd65812631a5cf5d3ed");
  readonly d: usize = allocLimbs(8);
  readonly d2: usize = allocLimbs(8);
  readonly sqrtM1: usize = allocLimbs(8);
  readonly expSqrt: usize = allocLimbs(8); // (p - 5) / 8
  readonly tmp: usize = allocLimbs(8 * 12);
  readonly pts: usize = allocLimbs(8 * 4 * 4);
  readonly aTable: usize = allocLimbs(8 * 4 * (1 << (W_A - 2)));
  bTable: usize = 0;
  readonly naf1: usize = heap.alloc(260);
  readonly naf2: usize = heap.alloc(260);
  readonly work: usize = allocLimbs(9);
  readonly digest: usize = heap.alloc(64);
  readonly enc: usize = heap.alloc(32);

  constructor() {
    let f = this.f;
    f.fromHex(this.d, "52036cee2b6ffe738cc740797779e89800700a4d4141d8ab75eb4dca135978a3");
    f.toMont(this.d, this.d);
    f.add(this.d2, this.d, this.d);
    f.fromHex(this.sqrtM1, "2b8324804fc1df0b2b4d00993dfbd7a72f431806ad2fe478c4ee1b274a0ea0b0");
    f.toMont(this.sqrtM1, this.sqrtM1);
    f.fromHex(this.expSqrt, "0ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffd");
  }

  @inline t(i: i32): usize { return this.tmp + <usize>(i * FE); }

  /**
   * RFC 8032 §5.1.3 decoding of 32 bytes into affine (x, y), Montgomery form.
   * False for y >= p, a y with no x on the curve, or x = 0 with the sign bit set.
   */
  decode(x: usize, y: usize, bytes: usize): bool {
    let f = this.f;
    // y: little-endian with bit 255 cleared (our limbs are little-endian too).
    memory.copy(y, bytes, 32);
    let sign = <u32>load<u8>(bytes, 31) >> 7;
    store<u8>(y, <u8>(load<u8>(y, 31) & 0x7f), 31);
    if (!f.isReduced(y)) return false;
    f.toMont(y, y);
    let u = this.t(0), v = this.t(1), v3 = this.t(2), w = this.t(3), chk = this.t(4);
    f.sqr(u, y);
    f.mul(v, u, this.d);
    f.sub(u, u, f.one);               // u = y^2 - 1
    f.add(v, v, f.one);               // v = d y^2 + 1
    // x = u v^3 (u v^7)^((p-5)/8)
    f.sqr(v3, v);
    f.mul(v3, v3, v);                 // v^3
    f.sqr(w, v3);
    f.mul(w, w, v);
    f.mul(w, w, u);                   // u v^7
    f.pow(w, w, this.expSqrt);
    f.mul(w, w, v3);
    f.mul(x, w, u);
    f.sqr(chk, x);
    f.mul(chk, chk, v);               // v x^2
    if (!f.eq(chk, u)) {
      f.neg(w, u);
      if (!f.eq(chk, w)) return false;
      f.mul(x, x, this.sqrtM1);
    }
    f.fromMont(w, x);
    let odd = load<u32>(w) & 1;
    if (f.isZero(w) && sign == 1) return false;
    if (odd != sign) f.neg(x, x);
    return true;
  }

  /** Extended point from affine (x, y). */
  fromAffine(p: usize, x: usize, y: usize): void {
    let f = this.f;
    f.copy(p, x);
    f.copy(p + FE, y);
    f.copy(p + 2 * FE, f.one);
    f.mul(p + 3 * FE, x, y);
  }

  setIdentity(p: usize): void {
    let f = this.f;
    f.setZero(p);
    f.copy(p + FE, f.one);
    f.copy(p + 2 * FE, f.one);
    f.setZero(p + 3 * FE);
  }

  /** Cached form (Y - X, Y + X, 2d T, 2Z) of extended p, for additions. */
  toCached(c: usize, p: usize): void {
    let f = this.f;
    f.sub(c, p + FE, p);
    f.add(c + FE, p + FE, p);
    f.mul(c + 2 * FE, p + 3 * FE, this.d2);
    f.add(c + 3 * FE, p + 2 * FE, p + 2 * FE);
  }

  /**
   * r = p + c (c cached; negated when `neg`: -(x, y) = (-x, y) swaps Y - X with Y + X and
   * negates T). add-2008-hwcd-3, 8M. r may be p.
   */
  addCached(r: usize, p: usize, c: usize, neg: bool): void {
    let f = this.f;
    let a = this.t(5), b = this.t(6), cc = this.t(7), dd = this.t(8);
    let e = this.t(9), ff = this.t(10), g = this.t(11);
    f.sub(a, p + FE, p);
    f.mul(a, a, neg ? c + FE : c);          // A = (Y1 - X1)(Y2 - X2)
    f.add(b, p + FE, p);
    f.mul(b, b, neg ? c : c + FE);          // B = (Y1 + X1)(Y2 + X2)
    f.mul(cc, p + 3 * FE, c + 2 * FE);      // C = T1 2d T2
    if (neg) f.neg(cc, cc);
    f.mul(dd, p + 2 * FE, c + 3 * FE);      // D = Z1 2 Z2
    f.sub(e, b, a);
    f.sub(ff, dd, cc);
    f.add(g, dd, cc);
    f.add(b, b, a);                         // H
    f.mul(r, e, ff);
    f.mul(r + FE, g, b);
    f.mul(r + 3 * FE, e, b);
    f.mul(r + 2 * FE, ff, g);
  }

  /**
   * r = 2p (dbl-2008-hwcd with a = -1, 4M + 4S; 3M + 4S without T, which only an addition
   * reads: the verification loop skips it before another doubling). r may be p.
   */
  dbl(r: usize, p: usize, withT: bool = true): void {
    let f = this.f;
    let a = this.t(5), b = this.t(6), c = this.t(7), e = this.t(8), g = this.t(9), h = this.t(10), ff = this.t(11);
    f.sqr(a, p);
    f.sqr(b, p + FE);
    f.sqr(c, p + 2 * FE);
    f.add(c, c, c);
    f.add(e, p, p + FE);
    f.sqr(e, e);
    f.sub(e, e, a);
    f.sub(e, e, b);                         // E = (X + Y)^2 - A - B = 2XY
    f.sub(g, b, a);                         // G = D + B with D = -A
    f.sub(ff, g, c);                        // F = G - C
    f.add(h, a, b);
    f.neg(h, h);                            // H = D - B = -A - B
    f.mul(r, e, ff);
    f.mul(r + FE, g, h);
    if (withT) f.mul(r + 3 * FE, e, h);
    f.mul(r + 2 * FE, ff, g);
  }

  isIdentity(p: usize): bool {
    // X = 0 and Y = Z
    return this.f.isZero(p) && this.f.eq(p + FE, p + 2 * FE);
  }

  buildBTable(): void {
    let f = this.f;
    let count = 1 << (W_B - 2);
    let tab = allocLimbs(8 * 4 * count);
    let bp = this.pts, b2 = this.pts + PT, acc = this.pts + 2 * PT, c2 = this.pts + 3 * PT;
    let bx = this.t(0), by = this.t(1);
    f.fromHex(bx, "216936d3cd6e53fec0a4e231fdd6dc5c692cc7609525a7b2c9562d608f25d51a");
    f.fromHex(by, "6666666666666666666666666666666666666666666666666666666666666658");
    f.toMont(bx, bx);
    f.toMont(by, by);
    this.fromAffine(bp, bx, by);
    this.dbl(b2, bp);
    this.toCached(c2, b2);
    memory.copy(acc, bp, PT);
    for (let i = 0; i < count; i++) {
      this.toCached(tab + <usize>i * PT, acc);
      this.addCached(acc, acc, c2, false);
    }
    this.bTable = tab;
  }

  /** Writes the RFC 8032 encoding of extended p to `out` (32 bytes). */
  encode(out: usize, p: usize): void {
    let f = this.f;
    let zi = this.t(0), x = this.t(1), y = this.t(2);
    f.inv(zi, p + 2 * FE);
    f.mul(x, p, zi);
    f.mul(y, p + FE, zi);
    f.fromMont(x, x);
    f.fromMont(y, y);
    memory.copy(out, y, 32);
    store<u8>(out, load<u8>(out, 31) | <u8>((load<u32>(x) & 1) << 7), 31);
  }
}

let ctx: Ed25519Context | null = null;

function context(): Ed25519Context {
  if (ctx === null) ctx = new Ed25519Context();
  return ctx!;
}

export class Ed25519PublicKey {
  /** The encoding as given (hashed into k). */
  private enc: StaticArray<u8>;
  /** The point A, affine, Montgomery form (x then y). */
  private xy: StaticArray<u32>;

  private constructor(enc: StaticArray<u8>, xy: StaticArray<u32>) {
    this.enc = enc;
    this.xy = xy;
  }

  /**
   * Null unless `pub` is 32 bytes, a canonical encoding of a curve point, and that point
   * is not of small order (8A != identity): such keys make signatures that verify for
   * many messages, and no honestly generated key has one.
   */
  static fromBytes(pub: Uint8Array): Ed25519PublicKey | null {
    if (pub.length != 32) return null;
    let c = context();
    let xy = new StaticArray<u32>(16);
    let x = changetype<usize>(xy), y = x + FE;
    if (!c.decode(x, y, pub.dataStart)) return null;
    let p = c.pts;
    c.fromAffine(p, x, y);
    c.dbl(p, p);
    c.dbl(p, p);
    c.dbl(p, p);
    if (c.isIdentity(p)) return null;
    let enc = new StaticArray<u8>(32);
    memory.copy(changetype<usize>(enc), pub.dataStart, 32);
    return new Ed25519PublicKey(enc, xy);
  }

  @inline get encPtr(): usize { return changetype<usize>(this.enc); }
  @inline get xyPtr(): usize { return changetype<usize>(this.xy); }
}

/** True when S (32 bytes little-endian at p) is below L. */
function scalarBelowL(c: Ed25519Context, p: usize): bool {
  let s = c.t(0);
  memory.copy(s, p, 32);
  return c.l.isReduced(s);
}

/**
 * Verifies an Ed25519 signature (64 bytes: R || S) over `msg` (RFC 8032 §5.1.7, no
 * context or prehash). False for any malformed input.
 */
export function ed25519Verify(key: Ed25519PublicKey, msg: Uint8Array, sig: Uint8Array): bool {
  if (sig.length != 64) return false;
  let c = context();
  let f = c.f;
  let rp = sig.dataStart, sp = sig.dataStart + 32;
  if (!scalarBelowL(c, sp)) return false;
  if (c.bTable == 0) c.buildBTable();

  // k = SHA-512(R || A || M) as a little-endian 512-bit integer, reduced mod L:
  // k = lo + hi 2^256 = lo + hi R; Montgomery multiplication by R^2 turns hi into hi R and
  // lo into lo R, and one more by 1 strips that R from lo.
  hashInit(HashAlg.Sha512);
  hashUpdate(rp, 32);
  hashUpdate(key.encPtr, 32);
  hashUpdate(msg.dataStart, msg.length);
  hashFinal(c.digest);
  let l = c.l;
  let k = c.t(1), hi = c.t(2), s = c.t(3);
  l.mul(hi, c.digest + 32, l.r2);    // hi R mod L
  l.mul(k, c.digest, l.r2);          // lo R mod L
  l.fromMont(k, k);                  // lo mod L
  l.add(k, k, hi);
  memory.copy(s, sp, 32);

  // -A in cached form: odd multiples -A, -3A, ..., -15A.
  let pts = c.pts;
  let a = pts, a2 = pts + PT, acc = pts + 2 * PT, c2 = pts + 3 * PT;
  let ax = key.xyPtr, ay = ax + FE;
  f.neg(a, ax);
  f.copy(a + FE, ay);
  f.copy(a + 2 * FE, f.one);
  f.mul(a + 3 * FE, a, ay);
  let at = c.aTable;
  c.dbl(a2, a);
  c.toCached(c2, a2);
  c.toCached(at, a);
  let count = 1 << (W_A - 2);
  for (let i = 1; i < count; i++) {
    c.addCached(a, a, c2, false);
    c.toCached(at + <usize>i * PT, a);
  }

  let len1 = wnaf(c.naf1, s, 8, W_B, c.work);
  let len2 = wnaf(c.naf2, k, 8, W_A, c.work);
  c.setIdentity(acc);
  let bt = c.bTable;
  for (let i = max(len1, len2) - 1; i >= 0; i--) {
    let d1 = i < len1 ? <i32>load<i8>(c.naf1 + <usize>i) : 0;
    let d2 = i < len2 ? <i32>load<i8>(c.naf2 + <usize>i) : 0;
    c.dbl(acc, acc, (d1 | d2) != 0);
    if (d1 != 0) c.addCached(acc, acc, bt + <usize>((abs(d1) - 1) >> 1) * PT, d1 < 0);
    if (d2 != 0) c.addCached(acc, acc, at + <usize>((abs(d2) - 1) >> 1) * PT, d2 < 0);
  }
  c.encode(c.enc, acc);
  return memory.compare(c.enc, rp, 32) == 0;
}
