// JWS algorithms (RFC 7518 §3, RFC 8037) this filter verifies, and which key
// types may verify them. `none` and anything unknown map to Alg.Unsupported.
import { HashAlg } from "../crypto/sha2";

export const enum Alg {
  RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA, HS256, HS384, HS512,
  Unsupported = 255,
}

export const enum KeyType { Rsa, Ec, Okp, Oct, Unknown }

export function algFromName(name: string): Alg {
  if (name == "EdDSA") return Alg.EdDSA;
  if (name.length == 5) {
    let family = name.substring(0, 2);
    let bits = name.substring(2);
    let h = bits == "256" ? 0 : bits == "384" ? 1 : bits == "512" ? 2 : -1;
    if (h < 0) return Alg.Unsupported;
    if (family == "RS") return <Alg>(<i32>Alg.RS256 + h);
    if (family == "PS") return <Alg>(<i32>Alg.PS256 + h);
    if (family == "ES") return <Alg>(<i32>Alg.ES256 + h);
    if (family == "HS") return <Alg>(<i32>Alg.HS256 + h);
  }
  return Alg.Unsupported;
}

const NAMES: Array<string> = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "HS256", "HS384", "HS512"];

export function algName(alg: Alg): string {
  return <i32>alg < NAMES.length ? NAMES[<i32>alg] : "unsupported";
}

// The key type an algorithm needs.
export function keyTypeOf(alg: Alg): KeyType {
  if (alg <= Alg.PS512) return KeyType.Rsa;
  if (alg <= Alg.ES512) return KeyType.Ec;
  if (alg == Alg.EdDSA) return KeyType.Okp;
  if (alg <= Alg.HS512) return KeyType.Oct;
  return KeyType.Unknown;
}

// The SHA-2 function of RS/PS/ES/HS algorithms (EdDSA hashes internally).
export function hashOf(alg: Alg): HashAlg {
  let i = <i32>alg;
  if (alg == Alg.EdDSA || alg == Alg.Unsupported) return HashAlg.Sha512;
  let h = alg >= Alg.HS256 ? i - <i32>Alg.HS256 : i % 3;
  return h == 0 ? HashAlg.Sha256 : h == 1 ? HashAlg.Sha384 : HashAlg.Sha512;
}

export function keyTypeFromName(kty: string): KeyType {
  if (kty == "RSA") return KeyType.Rsa;
  if (kty == "EC") return KeyType.Ec;
  if (kty == "OKP") return KeyType.Okp;
  if (kty == "oct") return KeyType.Oct;
  return KeyType.Unknown;
}
