// A compact JWS carrying JWT claims (RFC 7515 §7.1, RFC 7519): three base64url
// segments. Parsing checks the structure only; signature and claims are checked by
// verifier.ts. Everything the filter refuses here is reported as a subtype.
import { JsonValue, JsonKind } from "../config/json";
import { decodeBase64Url } from "./base64url";
import { Alg, algFromName } from "./alg";
import { parseJoseObject, member } from "./json_util";

// Longest token accepted (characters). Bounds the work an unauthenticated client can
// cause before any signature check (base64 + JSON of header and payload); real
// tokens are well under 4 KiB, Envoy's own header limit is 60 KiB.
export const MAX_TOKEN_LENGTH: i32 = 16384;

export const REASON_MALFORMED = "malformed";
export const REASON_TOO_LARGE = "token_too_large";
export const REASON_ALGORITHM = "unsupported_algorithm";
export const REASON_CRIT = "unsupported_critical_header";

export class Claims {
  iss: string | null = null;
  sub: string | null = null;
  aud: Array<string> = new Array<string>();
  hasExp: bool = false; exp: f64 = 0;
  hasNbf: bool = false; nbf: f64 = 0;
  hasIat: bool = false; iat: f64 = 0;
  constructor(public readonly json: JsonValue) {}
}

export class Token {
  constructor(
    public readonly alg: Alg,
    public readonly algName: string,
    public readonly kid: string | null,
    public readonly claims: Claims,
    // ASCII bytes of `header.payload`, what the signature covers.
    public readonly signingInput: Uint8Array,
    public readonly signature: Uint8Array,
  ) {}
}

export class TokenResult {
  constructor(public readonly token: Token | null, public readonly reason: string, public readonly detail: string) {}
}

function fail(reason: string, detail: string): TokenResult { return new TokenResult(null, reason, detail); }

export function parseToken(s: string): TokenResult {
  let n = s.length;
  if (n > MAX_TOKEN_LENGTH) return fail(REASON_TOO_LARGE, "token longer than " + MAX_TOKEN_LENGTH.toString() + " characters");
  let d1 = s.indexOf(".");
  if (d1 <= 0) return fail(REASON_MALFORMED, "not a compact JWS (three dot-separated parts)");
  let d2 = s.indexOf(".", d1 + 1);
  if (d2 < 0 || d2 == d1 + 1 || s.indexOf(".", d2 + 1) >= 0) return fail(REASON_MALFORMED, "not a compact JWS (three dot-separated parts)");
  if (d2 == n - 1) return fail(REASON_MALFORMED, "empty signature");

  let headerBytes = decodeBase64Url(s, 0, d1);
  if (headerBytes === null) return fail(REASON_MALFORMED, "header is not base64url");
  let header = parseJoseObject(headerBytes);
  if (header === null) return fail(REASON_MALFORMED, "header is not a JSON object (or repeats a member)");

  let algV = member(header, "alg");
  if (algV === null || algV.kind != JsonKind.String) return fail(REASON_MALFORMED, "header has no alg string");
  let algName = algV.stringValue;
  let alg = algFromName(algName);
  if (alg == Alg.Unsupported) return fail(REASON_ALGORITHM, algName == "none" ? "alg none" : "unknown alg");

  // No JWS extension is implemented, so any critical one must be refused (RFC 7515 §4.1.11);
  // this also refuses b64=false (RFC 7797), which would change what is signed.
  let crit = member(header, "crit");
  if (crit !== null) return fail(REASON_CRIT, "crit header present");
  let b64 = member(header, "b64");
  if (b64 !== null) return fail(REASON_CRIT, "b64 header present");

  let kid: string | null = null;
  let kidV = member(header, "kid");
  if (kidV !== null) {
    if (kidV.kind != JsonKind.String) return fail(REASON_MALFORMED, "kid is not a string");
    kid = kidV.stringValue;
  }
  // jku, x5u, jwk and x5c are ignored on purpose: keys come only from the configured JWKS.

  let payloadBytes = decodeBase64Url(s, d1 + 1, d2);
  if (payloadBytes === null) return fail(REASON_MALFORMED, "payload is not base64url");
  let payload = parseJoseObject(payloadBytes);
  if (payload === null) return fail(REASON_MALFORMED, "payload is not a JSON object (or repeats a member)");
  let claims = readClaims(payload);
  if (claims === null) return fail(REASON_MALFORMED, "a registered claim has the wrong type");

  let signature = decodeBase64Url(s, d2 + 1, n);
  if (signature === null) return fail(REASON_MALFORMED, "signature is not base64url");

  let input = new Uint8Array(d2);
  for (let i = 0; i < d2; i++) unchecked(input[i] = <u8>s.charCodeAt(i));
  return new TokenResult(new Token(alg, algName, kid, claims, input, signature), "", "");
}

// Registered claims with their RFC 7519 types; a wrong type is a malformed token.
export function readClaims(payload: JsonValue): Claims | null {
  let c = new Claims(payload);
  let v = member(payload, "iss");
  if (v !== null) { if (v.kind != JsonKind.String) return null; c.iss = v.stringValue; }
  v = member(payload, "sub");
  if (v !== null) { if (v.kind != JsonKind.String) return null; c.sub = v.stringValue; }
  v = member(payload, "aud");
  if (v !== null) {
    if (v.kind == JsonKind.String) c.aud.push(v.stringValue);
    else if (v.kind == JsonKind.Array) {
      let items = v.items!;
      for (let i = 0; i < items.length; i++) {
        if (items[i].kind != JsonKind.String) return null;
        c.aud.push(items[i].stringValue);
      }
    } else return null;
  }
  v = member(payload, "exp");
  if (v !== null) { if (v.kind != JsonKind.Number) return null; c.hasExp = true; c.exp = v.numberValue; }
  v = member(payload, "nbf");
  if (v !== null) { if (v.kind != JsonKind.Number) return null; c.hasNbf = true; c.nbf = v.numberValue; }
  v = member(payload, "iat");
  if (v !== null) { if (v.kind != JsonKind.Number) return null; c.hasIat = true; c.iat = v.numberValue; }
  return c;
}
