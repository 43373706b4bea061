// The one place that binds JWK key material to the crypto primitives
// (assembly/crypto/*). Keys are built once per JWKS (the RSA/EC checks and any
// precomputation happen there), then verify() dispatches on the algorithm.
import { HashAlg, hashLength } from "../crypto/sha2";
import { hmac, constantTimeEqual } from "../crypto/hmac";
import { RsaPublicKey, rsaVerifyPkcs1v15, rsaVerifyPss } from "../crypto/rsa";
import { Curve, EcPublicKey, ecdsaVerify } from "../crypto/ecdsa";
import { Ed25519PublicKey, ed25519Verify } from "../crypto/ed25519";
import { Alg, KeyType, hashOf } from "./alg";

export const enum EcCurve { P256 = 0, P384 = 1, P521 = 2, Unsupported = 255 }

export class KeyMaterial {
  rsa: RsaPublicKey | null = null;
  ec: EcPublicKey | null = null;
  curve: EcCurve = EcCurve.Unsupported;
  ed: Ed25519PublicKey | null = null;
  secret: Uint8Array | null = null;
  rsaBits: i32 = 0;

  constructor(public readonly kty: KeyType) {}

  static rsaKey(n: Uint8Array, e: Uint8Array): KeyMaterial | null {
    let k = RsaPublicKey.fromBytes(n, e);
    if (k === null) return null;
    let m = new KeyMaterial(KeyType.Rsa);
    m.rsa = k;
    m.rsaBits = k.bits;
    return m;
  }

  static ecKey(curve: EcCurve, x: Uint8Array, y: Uint8Array): KeyMaterial | null {
    if (curve == EcCurve.Unsupported) return null;
    let k = EcPublicKey.fromXY(curve == EcCurve.P256 ? Curve.P256 : curve == EcCurve.P384 ? Curve.P384 : Curve.P521, x, y);
    if (k === null) return null;
    let m = new KeyMaterial(KeyType.Ec);
    m.ec = k;
    m.curve = curve;
    return m;
  }

  static ed25519Key(x: Uint8Array): KeyMaterial | null {
    let k = Ed25519PublicKey.fromBytes(x);
    if (k === null) return null;
    let m = new KeyMaterial(KeyType.Okp);
    m.ed = k;
    return m;
  }

  static secretKey(k: Uint8Array): KeyMaterial {
    let m = new KeyMaterial(KeyType.Oct);
    m.secret = k;
    return m;
  }

  // Whether this key can verify `alg` at all (type, curve, HMAC key length:
  // RFC 7518 §3.2 wants a secret at least as long as the hash).
  accepts(alg: Alg): bool {
    switch (this.kty) {
      case KeyType.Rsa: return alg <= Alg.PS512;
      case KeyType.Ec: return (alg == Alg.ES256 && this.curve == EcCurve.P256) || (alg == Alg.ES384 && this.curve == EcCurve.P384)
        || (alg == Alg.ES512 && this.curve == EcCurve.P521);
      case KeyType.Okp: return alg == Alg.EdDSA;
      case KeyType.Oct: return alg >= Alg.HS256 && alg <= Alg.HS512 && this.secret!.length >= hashLength(hashOf(alg));
      default: return false;
    }
  }

  verify(alg: Alg, input: Uint8Array, sig: Uint8Array): bool {
    if (!this.accepts(alg)) return false;
    let h: HashAlg = hashOf(alg);
    switch (this.kty) {
      case KeyType.Rsa: return alg <= Alg.RS512 ? rsaVerifyPkcs1v15(this.rsa!, h, input, sig) : rsaVerifyPss(this.rsa!, h, input, sig);
      case KeyType.Ec: return ecdsaVerify(this.ec!, input, sig);
      case KeyType.Okp: return ed25519Verify(this.ed!, input, sig);
      case KeyType.Oct: {
        if (sig.length != hashLength(h)) return false;
        return constantTimeEqual(hmac(h, this.secret!, input), sig);
      }
      default: return false;
    }
  }
}
