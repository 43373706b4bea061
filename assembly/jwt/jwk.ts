// JSON Web Key Sets (RFC 7517) for verification: which keys a token may be
// checked with. A key is usable only for the algorithms its kty/crv allow, and
// further narrowed by its own `alg`, `use` (must be "sig" when present) and
// `key_ops` (must contain "verify" when present), so a public RSA key can never
// serve as an HMAC secret and an encryption key never verifies a signature.
import { JsonValue, JsonKind } from "../config/json";
import { decodeBase64Url } from "./base64url";
import { Alg, KeyType, algFromName, keyTypeFromName } from "./alg";
import { KeyMaterial, EcCurve } from "./key_material";
import { member } from "./json_util";

export const MAX_JWKS_KEYS: i32 = 64;

export class Jwk {
  constructor(
    public readonly kid: string | null,
    // Alg.Unsupported when the JWK names no alg (any alg its type allows).
    public readonly alg: Alg,
    public readonly material: KeyMaterial,
  ) {}

  allows(alg: Alg): bool {
    if (this.alg != Alg.Unsupported && this.alg != alg) return false;
    return this.material.accepts(alg);
  }
}

export class JwkSet {
  constructor(public readonly keys: Array<Jwk>, public readonly skipped: Array<string>) {}

  hasKid(kid: string): bool {
    let keys = this.keys;
    for (let i = 0, n = keys.length; i < n; i++) {
      let k = unchecked(keys[i]).kid;
      if (k !== null && k == kid) return true;
    }
    return false;
  }
}

export class JwksResult {
  constructor(public readonly set: JwkSet | null, public readonly error: string) {}
}

// Reads `{"keys": [...]}`. Keys this filter cannot use (unknown kty or crv, `use`
// other than sig, RSA outside 2048..4096 bits, points off the curve, private or
// symmetric keys where `allowSecret` is false) are skipped and listed; a set
// without a single usable key is an error.
export function parseJwks(doc: JsonValue, allowSecret: bool): JwksResult {
  if (doc.kind != JsonKind.Object) return new JwksResult(null, "a JWKS must be a JSON object with a \"keys\" array");
  let keysV = member(doc, "keys");
  if (keysV === null || keysV.kind != JsonKind.Array) return new JwksResult(null, "a JWKS must have a \"keys\" array");
  let items = keysV.items!;
  if (items.length > MAX_JWKS_KEYS) return new JwksResult(null, "a JWKS may hold at most " + MAX_JWKS_KEYS.toString() + " keys, got " + items.length.toString());
  let keys = new Array<Jwk>();
  let skipped = new Array<string>();
  for (let i = 0; i < items.length; i++) {
    let problem = "";
    let k = items[i];
    if (k.kind != JsonKind.Object) problem = "not an object";
    else {
      let r = parseJwk(k, allowSecret);
      if (r.key !== null) keys.push(r.key!);
      else problem = r.problem;
    }
    if (problem.length > 0) skipped.push("keys[" + i.toString() + "]: " + problem);
  }
  if (keys.length == 0) {
    let why = skipped.length > 0 ? " (" + skipped.join("; ") + ")" : "";
    return new JwksResult(null, "the JWKS has no usable verification key" + why);
  }
  return new JwksResult(new JwkSet(keys, skipped), "");
}

class JwkResult {
  constructor(public key: Jwk | null, public problem: string) {}
}

function str(o: JsonValue, name: string): string | null {
  let v = member(o, name);
  return v !== null && v.kind == JsonKind.String ? v.stringValue : null;
}

function bytes(o: JsonValue, name: string): Uint8Array | null {
  let s = str(o, name);
  return s === null ? null : decodeBase64Url(s!);
}

function parseJwk(o: JsonValue, allowSecret: bool): JwkResult {
  let ktyName = str(o, "kty");
  if (ktyName === null) return new JwkResult(null, "no kty");
  let kty = keyTypeFromName(ktyName!);
  if (kty == KeyType.Unknown) return new JwkResult(null, "unsupported kty " + ktyName!);
  let use = member(o, "use");
  if (use !== null && (use.kind != JsonKind.String || use.stringValue != "sig")) return new JwkResult(null, "use is not \"sig\"");
  let ops = member(o, "key_ops");
  if (ops !== null) {
    let verify = false;
    if (ops.kind == JsonKind.Array) {
      let items = ops.items!;
      for (let i = 0; i < items.length; i++) if (items[i].kind == JsonKind.String && items[i].stringValue == "verify") verify = true;
    }
    if (!verify) return new JwkResult(null, "key_ops does not allow verify");
  }
  let kidV = member(o, "kid");
  let kid: string | null = null;
  if (kidV !== null) {
    if (kidV.kind != JsonKind.String) return new JwkResult(null, "kid is not a string");
    kid = kidV.stringValue;
  }
  let alg = Alg.Unsupported;
  let algV = member(o, "alg");
  if (algV !== null) {
    if (algV.kind != JsonKind.String) return new JwkResult(null, "alg is not a string");
    alg = algFromName(algV.stringValue);
    if (alg == Alg.Unsupported) return new JwkResult(null, "unsupported alg " + algV.stringValue);
  }

  let material: KeyMaterial | null = null;
  if (kty == KeyType.Rsa) {
    if (member(o, "d") !== null) return new JwkResult(null, "private RSA key (publish only the public part)");
    let n = bytes(o, "n"), e = bytes(o, "e");
    if (n === null || e === null) return new JwkResult(null, "RSA key without valid base64url n and e");
    material = KeyMaterial.rsaKey(n!, e!);
    if (material === null) return new JwkResult(null, "RSA key refused (2048 to 4096 bits, odd modulus, odd exponent 3..2^32)");
  } else if (kty == KeyType.Ec) {
    if (member(o, "d") !== null) return new JwkResult(null, "private EC key (publish only the public part)");
    let crv = str(o, "crv");
    let curve = crv === null ? EcCurve.Unsupported : crv! == "P-256" ? EcCurve.P256 : crv! == "P-384" ? EcCurve.P384 : crv! == "P-521" ? EcCurve.P521 : EcCurve.Unsupported;
    if (curve == EcCurve.Unsupported) return new JwkResult(null, "unsupported EC curve");
    let x = bytes(o, "x"), y = bytes(o, "y");
    if (x === null || y === null) return new JwkResult(null, "EC key without valid base64url x and y");
    material = KeyMaterial.ecKey(curve, x!, y!);
    if (material === null) return new JwkResult(null, "EC point refused (wrong length or not on the curve)");
  } else if (kty == KeyType.Okp) {
    if (member(o, "d") !== null) return new JwkResult(null, "private OKP key (publish only the public part)");
    let crv = str(o, "crv");
    if (crv === null || crv! != "Ed25519") return new JwkResult(null, "unsupported OKP curve (only Ed25519)");
    let x = bytes(o, "x");
    if (x === null) return new JwkResult(null, "OKP key without valid base64url x");
    material = KeyMaterial.ed25519Key(x!);
    if (material === null) return new JwkResult(null, "Ed25519 public key refused (not a valid point encoding)");
  } else {
    if (!allowSecret) return new JwkResult(null, "oct (HMAC) keys are accepted only from a local JWKS");
    let k = bytes(o, "k");
    if (k === null || k!.length == 0) return new JwkResult(null, "oct key without valid base64url k");
    if (k!.length < 32) return new JwkResult(null, "oct key shorter than 32 bytes (HS256 needs at least 256 bits)");
    material = KeyMaterial.secretKey(k!);
  }
  // An alg that contradicts the key type is a broken key, not a wildcard.
  if (alg != Alg.Unsupported && !material!.accepts(alg)) return new JwkResult(null, "alg does not fit the key type, curve or size");
  return new JwkResult(new Jwk(kid, alg, material!), "");
}
