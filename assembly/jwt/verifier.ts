// Verifies the token of a request against a JWT document: parse (token.ts), the
// time claims, then each `requireAny` entry in order (issuer, audiences, subject,
// then the signature with that entry's key set). The first entry that passes
// wins. Signature checks go through the verified-token cache.
//
// Key selection: a token with `kid` is checked only with the keys of that kid; a
// token without one with every key of the set that allows its `alg`. A key
// allows an alg only when its kty/crv (and its own alg/use/key_ops) fit, so an RSA
// public key can never be used as an HMAC secret.
import { JwtSettings, JwtRequirement } from "../config/access_control";
import { Token, parseToken } from "./token";
import { Jwk } from "./jwk";
import { JwksProvider, KeyWait } from "./jwks_store";
import { CachedToken, tokenHash, lookupToken, storeToken, dropToken } from "./token_cache";

export const REASON_NO_TOKEN = "no_token";
export const REASON_EXPIRED = "expired";
export const REASON_NO_EXPIRATION = "missing_expiration";
export const REASON_NOT_YET_VALID = "not_yet_valid";
export const REASON_LIFETIME = "lifetime_too_long";
export const REASON_ISSUER = "wrong_issuer";
export const REASON_AUDIENCE = "wrong_audience";
export const REASON_SUBJECT = "wrong_subject";
export const REASON_NO_KEYS = "no_keys";
export const REASON_UNKNOWN_KEY = "unknown_key";
export const REASON_ALGORITHM = "unsupported_algorithm";
export const REASON_SIGNATURE = "bad_signature";

export enum Outcome { Verified, Failed, Wait }

export class Verification {
  outcome: Outcome = Outcome.Failed;
  reason: string = "";
  token: Token | null = null;
  raw: string = "";
}

// How far an entry got: the failure of the entry that got furthest is reported.
function rank(reason: string): i32 {
  if (reason == REASON_SIGNATURE) return 5;
  if (reason == REASON_ALGORITHM || reason == REASON_UNKNOWN_KEY) return 4;
  if (reason == REASON_NO_KEYS) return 3;
  return 1;
}

export class Verifier {
  // providers[i] serves JwksSource index i of the configuration.
  constructor(public readonly providers: Array<JwksProvider>) {}

  // `raw` is the extracted token; `nowS` the time in seconds; `contextId` the
  // stream that waits when keys must be fetched first.
  verify(settings: JwtSettings, raw: string, nowS: f64, nowMs: i64, contextId: u32): Verification {
    let v = new Verification();
    v.raw = raw;
    let key = tokenHash(raw);
    let cached = lookupToken(key, raw);
    let token: Token;
    if (cached !== null) token = cached.token;
    else {
      let r = parseToken(raw);
      if (r.token === null) { v.reason = r.reason; return v; }
      token = r.token!;
    }
    v.token = token;
    let timeProblem = checkTimes(settings, token, nowS);
    if (timeProblem.length > 0) {
      if (cached !== null && timeProblem == REASON_EXPIRED) dropToken(key);
      v.reason = timeProblem;
      return v;
    }
    let best = "";
    let reqs = settings.requireAny;
    for (let i = 0, n = reqs.length; i < n; i++) {
      let req = unchecked(reqs[i]);
      let claimProblem = checkClaims(req, token);
      if (claimProblem.length > 0) { best = better(best, claimProblem); continue; }
      let provider = unchecked(this.providers[req.jwks.index]);
      if (cached !== null && cached.provider === provider && cached.generation == provider.generation && provider.keys !== null) {
        v.outcome = Outcome.Verified;
        return v;
      }
      let keys = provider.keys;
      if (keys === null) {
        let w = provider.needKeys(contextId, nowMs);
        if (w == KeyWait.Wait) { v.outcome = Outcome.Wait; return v; }
        keys = provider.keys;
        if (keys === null) { best = better(best, REASON_NO_KEYS); continue; }
      }
      let kid = token.kid;
      if (kid !== null && !keys!.hasKid(kid!)) {
        let w = provider.needKid(contextId, kid!, nowMs);
        if (w == KeyWait.Wait) { v.outcome = Outcome.Wait; return v; }
        keys = provider.keys;
        if (keys === null || !keys!.hasKid(kid!)) { best = better(best, REASON_UNKNOWN_KEY); continue; }
      }
      let result = checkSignature(keys!.keys, token);
      if (result.length == 0) {
        storeToken(key, new CachedToken(raw, token, provider, provider.generation));
        v.outcome = Outcome.Verified;
        return v;
      }
      best = better(best, result);
    }
    v.reason = best.length > 0 ? best : REASON_SIGNATURE;
    return v;
  }
}

function better(current: string, next: string): string {
  if (current.length == 0) return next;
  return rank(next) > rank(current) ? next : current;
}

// Signature with the candidate keys; "" when one verifies.
function checkSignature(keys: Array<Jwk>, token: Token): string {
  let kid = token.kid;
  let alg = token.alg;
  let tried = false;
  for (let i = 0, n = keys.length; i < n; i++) {
    let k = unchecked(keys[i]);
    if (kid !== null) { let kk = k.kid; if (kk === null || kk! != kid!) continue; }
    if (!k.allows(alg)) continue;
    tried = true;
    if (k.material.verify(alg, token.signingInput, token.signature)) return "";
  }
  return tried ? REASON_SIGNATURE : REASON_ALGORITHM;
}

// exp / nbf with the tolerance, and the maximum lifetime (exp − nbf, else exp −
// iat; a token lacking those claims fails when a maximum is set).
export function checkTimes(s: JwtSettings, t: Token, nowS: f64): string {
  let c = t.claims;
  let skew = s.clockSkewSeconds;
  if (!c.hasExp) { if (s.expirationRequired) return REASON_NO_EXPIRATION; }
  else if (nowS >= c.exp + skew) return REASON_EXPIRED;
  if (c.hasNbf && nowS + skew < c.nbf) return REASON_NOT_YET_VALID;
  if (s.maxLifetimeSeconds > 0) {
    if (!c.hasExp || (!c.hasNbf && !c.hasIat)) return REASON_LIFETIME;
    let start = c.hasNbf ? c.nbf : c.iat;
    if (c.exp - start > s.maxLifetimeSeconds) return REASON_LIFETIME;
  }
  return "";
}

export function checkClaims(r: JwtRequirement, t: Token): string {
  let c = t.claims;
  let iss = r.issuer;
  if (iss !== null) { let ti = c.iss; if (ti === null || ti! != iss!) return REASON_ISSUER; }
  let auds = r.audiences;
  if (auds.length > 0) {
    let found = false;
    for (let i = 0; i < c.aud.length && !found; i++) if (auds.includes(c.aud[i])) found = true;
    if (!found) return REASON_AUDIENCE;
  }
  let m = r.subject;
  if (m !== null) { let sub = c.sub; if (sub === null || !m.matchString(sub!)) return REASON_SUBJECT; }
  return "";
}
