// ECDSA verification for JWS ES256 (P-256 + SHA-256), ES384 (P-384 + SHA-384) and ES512
// (P-521 + SHA-512),
// FIPS 186-5 §6.4.2, with the signature in JOSE form: r || s, each exactly the curve size.
import { ShortCurve } from "./weierstrass";
import { allocLimbs, FieldKind } from "./mont";
import { HashAlg, hashLength, hashInit, hashUpdate, hashFinal } from "./sha2";

export const enum Curve { P256 = 0, P384 = 1, P521 = 2 }

let p256: ShortCurve | null = null;
let p384: ShortCurve | null = null;
let p521: ShortCurve | null = null;
/** Digest scratch (up to SHA-512). */
const DIGEST = memory.data(64, 8);

/** The curve's parameters, built on first use (SEC 2 / FIPS 186-5 values). */
export function curveOf(c: Curve): ShortCurve {
  if (c == Curve.P256) {
    if (p256 === null) {
      p256 = new ShortCurve(FieldKind.P256, 32,
        "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff",
        "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551",
        "5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b",
        "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296",
        "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5");
    }
    return p256!;
  }
  if (c == Curve.P521) {
    if (p521 === null) {
      p521 = new ShortCurve(FieldKind.P521, 66,
        "000001ff" + "ffffffff".repeat(16),
        "000001fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409",
        "00000051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00",
        "000000c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66",
        "0000011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650");
    }
    return p521!;
  }
  if (p384 === null) {
    p384 = new ShortCurve(FieldKind.P384, 48,
      "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff",
      "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973",
      "b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aef",
      "aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7",
      "3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f");
  }
  return p384!;
}

export class EcPublicKey {
  readonly curve: Curve;
  /** Affine coordinates in Montgomery form, as limbs (GC-owned, so a dropped key frees them). */
  private x: StaticArray<u32>;
  private y: StaticArray<u32>;

  private constructor(curve: Curve, x: StaticArray<u32>, y: StaticArray<u32>) {
    this.curve = curve;
    this.x = x;
    this.y = y;
  }

  /**
   * Validates a public key (FIPS 186-5 / SP 800-186 partial validation, which is full
   * validation for these cofactor-1 curves): coordinates exactly the curve size, below p,
   * and on the curve. Null otherwise.
   */
  static fromXY(curve: Curve, x: Uint8Array, y: Uint8Array): EcPublicKey | null {
    if (curve != Curve.P256 && curve != Curve.P384 && curve != Curve.P521) return null;
    let c = curveOf(curve);
    if (x.length != c.bytes || y.length != c.bytes) return null;
    // Validate into scratch first so a rejected key allocates nothing.
    if (keyScratch == 0) keyScratch = allocLimbs(34);
    let sx = keyScratch, sy = keyScratch + 68;
    if (!c.decodePoint(sx, sy, x.dataStart, y.dataStart)) return null;
    let kx = new StaticArray<u32>(c.limbs), ky = new StaticArray<u32>(c.limbs);
    c.fp.copy(changetype<usize>(kx), sx);
    c.fp.copy(changetype<usize>(ky), sy);
    return new EcPublicKey(curve, kx, ky);
  }

  /** Internal: the validated point for ecdsaVerify. */
  @inline get xPtr(): usize { return changetype<usize>(this.x); }
  @inline get yPtr(): usize { return changetype<usize>(this.y); }
}

/** Two field elements of up to 17 limbs for validating a candidate key. */
let keyScratch: usize = 0;

/**
 * Verifies a JWS ECDSA signature: `sig` is r || s (64 bytes for P-256, 96 for P-384, 132
 * for P-521), `msg` the signing input, hashed here with SHA-256 (P-256), SHA-384 (P-384) or
 * SHA-512 (P-521).
 * False for any malformed input, r or s outside [1, n-1], or a wrong signature.
 */
export function ecdsaVerify(key: EcPublicKey, msg: Uint8Array, sig: Uint8Array): bool {
  let c = curveOf(key.curve);
  let len = c.bytes;
  if (sig.length != 2 * len) return false;
  let alg = key.curve == Curve.P256 ? HashAlg.Sha256 : key.curve == Curve.P384 ? HashAlg.Sha384 : HashAlg.Sha512;
  hashInit(alg);
  hashUpdate(msg.dataStart, msg.length);
  hashFinal(DIGEST);
  return c.verify(key.xPtr, key.yPtr, DIGEST, hashLength(alg), sig.dataStart, sig.dataStart + <usize>len);
}
