// Reads a policy's `accessControl` section (schema $defs.accessControl). JWKS
// names are resolved against the root `jwks` section here, so a request never
// looks a name up.
import { ObjectFields, itemPath } from "./reader";
import { readMatcher, readConditions } from "./conditions";
import { JwksConfig } from "./jwks";
import {
  AccessControl, AccessPolicy, Authorization, JwtSettings, JwtRequirement, TokenSource, TokenSourceKind,
  Requirement, RequirementKind, CERT_FIELD_NAMES, SAN_TYPE_NAMES, CertField, SanType,
  PropagationAction, PropagationSourceKind,
} from "./access_control";

export const MAX_ACCESS_POLICIES: i32 = 128;
const AUTHORIZATIONS: Array<string> = ["allow", "deny", "jwt"];
const SOURCE_KINDS: Array<string> = ["bearer", "header", "cookie", "query"];
const REQUIREMENT_KINDS: Array<string> = ["jwtClaim", "certificateHash", "certificateSubject", "certificateIssuer", "certificateSan"];
const PROPAGATION_KINDS: Array<string> = ["jwtToken", "jwtClaim", "certificateSubject", "certificateIssuer", "certificateSan"];
// Headers a propagation must never overwrite: they route or frame the request.
const RESERVED_HEADERS: Array<string> = ["host", "content-length", "transfer-encoding", "connection", "te", "upgrade", "cookie", "x-request-id"];

export function readAccessControl(o: ObjectFields | null, jwks: JwksConfig): AccessControl | null {
  if (o === null) return null;
  let reader = o.reader;
  let items = o.requiredArray("policies", 1, MAX_ACCESS_POLICIES);
  o.finish();
  let base = o.fieldPath("policies");
  let policies = new Array<AccessPolicy>();
  let headers = new Array<string>();
  for (let i = 0; i < items.length && !reader.failed; i++) {
    let po = reader.objectAt(items[i], itemPath(base, i));
    if (po === null) break;
    let p = readPolicy(po, i, jwks);
    if (p === null) break;
    if (p.conditions === null && i != items.length - 1) {
      reader.fail(itemPath(base, i), "only the last policy may omit requestConditions (the ones after it could never match)");
      break;
    }
    for (let j = 0; j < p.propagation.length; j++) {
      let h = p.propagation[j].header;
      if (!headers.includes(h)) headers.push(h);
    }
    policies.push(p);
  }
  return reader.failed ? null : new AccessControl(policies, headers);
}

function readPolicy(o: ObjectFields, index: i32, jwks: JwksConfig): AccessPolicy | null {
  let reader = o.reader;
  let p = new AccessPolicy(index);
  p.conditions = readConditions(o.optionalObject("requestConditions"));
  let auth = o.requiredEnum("authorization", AUTHORIZATIONS);
  p.authorization = auth == "deny" ? Authorization.Deny : auth == "jwt" ? Authorization.Jwt : Authorization.Allow;
  let jo = o.optionalObject("jwt");
  if (p.authorization == Authorization.Jwt && jo === null && !reader.failed) reader.fail(o.fieldPath("jwt"), "required when authorization is \"jwt\"");
  if (p.authorization != Authorization.Jwt && jo !== null && !reader.failed) reader.fail(o.fieldPath("jwt"), "only allowed when authorization is \"jwt\"");
  if (jo !== null) p.jwt = readJwt(jo, jwks);
  p.requireAll = readRequirements(o, "requireAll", p);
  p.requireAny = readRequirements(o, "requireAny", p);
  if (!reader.failed && p.authorization == Authorization.Deny && (p.requireAll.length > 0 || p.requireAny.length > 0)) {
    reader.fail(o.path, "a deny policy takes no requireAll or requireAny");
  }
  let actions = o.optionalArray("identityPropagation", 0, 64);
  let abase = o.fieldPath("identityPropagation");
  for (let i = 0; i < actions.length && !reader.failed; i++) {
    let ao = reader.objectAt(actions[i], itemPath(abase, i));
    if (ao === null) break;
    let a = readPropagation(ao, p);
    if (a !== null) p.propagation.push(a);
  }
  if (!reader.failed && p.authorization == Authorization.Deny && p.propagation.length > 0) {
    reader.fail(abase, "a deny policy cannot propagate an identity");
  }
  o.finish();
  return reader.failed ? null : p;
}

function readJwt(o: ObjectFields, jwks: JwksConfig): JwtSettings | null {
  let reader = o.reader;
  let name = o.requiredString("name", 1, 512);
  let sources = new Array<TokenSource>();
  let srcItems = o.optionalArray("sources", 1, 16);
  let sbase = o.fieldPath("sources");
  for (let i = 0; i < srcItems.length && !reader.failed; i++) {
    let so = reader.objectAt(srcItems[i], itemPath(sbase, i));
    if (so === null) break;
    let kind = so.requiredEnum("kind", SOURCE_KINDS);
    let sname = "";
    if (kind == "bearer") { so.field("name"); if (so.has("name")) reader.fail(so.fieldPath("name"), "a bearer source has no name"); }
    else sname = so.requiredString("name", 1, 256);
    so.finish();
    let k = kind == "bearer" ? TokenSourceKind.Bearer : kind == "header" ? TokenSourceKind.Header : kind == "cookie" ? TokenSourceKind.Cookie : TokenSourceKind.Query;
    // Header names arrive lowercase from Envoy; header matching is case-insensitive.
    sources.push(new TokenSource(k, k == TokenSourceKind.Header ? sname.toLowerCase() : sname));
  }
  if (sources.length == 0) sources.push(new TokenSource(TokenSourceKind.Bearer, ""));
  let reqItems = o.requiredArray("requireAny", 1, 128);
  let rbase = o.fieldPath("requireAny");
  let reqs = new Array<JwtRequirement>();
  for (let i = 0; i < reqItems.length && !reader.failed; i++) {
    let ro = reader.objectAt(reqItems[i], itemPath(rbase, i));
    if (ro === null) break;
    let jname = ro.requiredString("jwks", 1, 512);
    let src = jwks.find(jname);
    if (src === null && !reader.failed) reader.fail(ro.fieldPath("jwks"), "unknown JWKS \"" + jname + "\" (not in the root jwks section)");
    let issuer: string | null = null;
    if (ro.has("issuer")) issuer = ro.requiredString("issuer", 1, 2048);
    else ro.field("issuer");
    let audiences = ro.optionalStringArray("audiences", 64, 1, 2048);
    if (ro.has("audiences") && audiences.length == 0 && !reader.failed) reader.fail(ro.fieldPath("audiences"), "must not be empty (omit it to accept any audience)");
    let subject = readMatcher(ro.optionalObject("subject"), false);
    ro.finish();
    if (src !== null) reqs.push(new JwtRequirement(src, issuer, audiences, subject));
  }
  let expirationRequired = o.requiredBool("expirationRequired");
  let skew = o.optionalInteger("clockSkewSeconds", 60, 0, 86400);
  let maxLifetime = o.optionalInteger("maxLifetimeSeconds", 0, 0, 31622400);
  o.finish();
  return reader.failed ? null : new JwtSettings(name, sources, reqs, expirationRequired, <f64>skew, <f64>maxLifetime);
}

function readRequirements(o: ObjectFields, name: string, p: AccessPolicy): Array<Requirement> {
  let reader = o.reader;
  let out = new Array<Requirement>();
  let items = o.optionalArray(name, 1, 64);
  let base = o.fieldPath(name);
  for (let i = 0; i < items.length && !reader.failed; i++) {
    let ro = reader.objectAt(items[i], itemPath(base, i));
    if (ro === null) break;
    let kind = ro.requiredEnum("kind", REQUIREMENT_KINDS);
    let r: Requirement;
    if (kind == "jwtClaim") {
      r = new Requirement(RequirementKind.JwtClaim);
      r.name = ro.requiredString("name", 1, 256);
      r.matcher = readMatcher(ro.optionalObject("value"), false);
      if (!reader.failed && p.authorization != Authorization.Jwt) reader.fail(ro.path, "a jwtClaim requirement needs authorization \"jwt\"");
    } else if (kind == "certificateHash") {
      r = new Requirement(RequirementKind.CertificateHash);
      let values = ro.requiredArray("values", 1, 1024);
      let vbase = ro.fieldPath("values");
      for (let j = 0; j < values.length && !reader.failed; j++) {
        let v = ro.checkString(itemPath(vbase, j), values[j], 1, 1024);
        let hex = normalizeFingerprint(v);
        if (hex === null) { reader.fail(itemPath(vbase, j), "expected a SHA-256 fingerprint: 64 hex digits, optionally in colon-separated pairs"); break; }
        r.hashes.push(hex!);
      }
    } else if (kind == "certificateSan") {
      r = new Requirement(RequirementKind.CertificateSan);
      r.san = <SanType>SAN_TYPE_NAMES.indexOf(ro.requiredEnum("sanType", SAN_TYPE_NAMES));
      r.matcher = readMatcher(ro.requiredObject("value"), false);
    } else {
      r = new Requirement(kind == "certificateSubject" ? RequirementKind.CertificateSubject : RequirementKind.CertificateIssuer);
      r.field = <CertField>CERT_FIELD_NAMES.indexOf(ro.requiredEnum("field", CERT_FIELD_NAMES));
      r.matcher = readMatcher(ro.requiredObject("value"), false);
    }
    ro.finish();
    out.push(r);
  }
  return out;
}

function readPropagation(o: ObjectFields, p: AccessPolicy): PropagationAction | null {
  let reader = o.reader;
  let hasHeader = o.has("header");
  let header = "";
  if (hasHeader) header = o.requiredString("header", 1, 256).toLowerCase();
  else o.field("header");
  let bearer = o.optionalBool("bearerToken", false);
  if (hasHeader == bearer) { reader.fail(o.path, "set exactly one of header, bearerToken"); return null; }
  if (hasHeader && !reader.failed) {
    if (!isToken(header) || RESERVED_HEADERS.includes(header)) { reader.fail(o.fieldPath("header"), "not a header name a propagation may set"); return null; }
  }
  let so = o.requiredObject("source");
  o.finish();
  if (so === null) return null;
  let kind = so.requiredEnum("kind", PROPAGATION_KINDS);
  let k = <PropagationSourceKind>PROPAGATION_KINDS.indexOf(kind);
  let a = new PropagationAction(bearer ? "authorization" : header, bearer, k);
  if (k == PropagationSourceKind.JwtClaim) a.claim = so.requiredString("claim", 1, 256);
  else if (k == PropagationSourceKind.CertificateSubject || k == PropagationSourceKind.CertificateIssuer) {
    a.field = <CertField>CERT_FIELD_NAMES.indexOf(so.requiredEnum("field", CERT_FIELD_NAMES));
  } else if (k == PropagationSourceKind.CertificateSan) a.san = <SanType>SAN_TYPE_NAMES.indexOf(so.requiredEnum("sanType", SAN_TYPE_NAMES));
  so.finish();
  if (!reader.failed && (k == PropagationSourceKind.JwtToken || k == PropagationSourceKind.JwtClaim) && p.authorization != Authorization.Jwt) {
    reader.fail(so.path, "a JWT source needs authorization \"jwt\"");
  }
  return reader.failed ? null : a;
}

// RFC 9110 token characters.
function isToken(s: string): bool {
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    let ok = (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7A) || c == 0x2D || c == 0x5F || c == 0x2E || c == 0x21
      || c == 0x23 || c == 0x24 || c == 0x25 || c == 0x26 || c == 0x27 || c == 0x2A || c == 0x2B || c == 0x5E || c == 0x60 || c == 0x7C || c == 0x7E;
    if (!ok) return false;
  }
  return s.length > 0;
}

// "AB:CD:..." or "abcd..." (64 hex digits) -> lowercase hex without colons.
export function normalizeFingerprint(v: string): string | null {
  let parts = new Array<string>();
  for (let i = 0; i < v.length; i++) {
    let c = v.charCodeAt(i);
    if (c == 0x3A) continue;
    let lower = c >= 0x41 && c <= 0x46 ? c + 32 : c;
    if (!((lower >= 0x30 && lower <= 0x39) || (lower >= 0x61 && lower <= 0x66))) return null;
    parts.push(String.fromCharCode(lower));
  }
  let s = parts.join("");
  if (s.length != 64) return null;
  if (v.indexOf(":") >= 0) {
    // Colons, if any, must separate every pair.
    if (v.length != 95) return null;
    for (let i = 2; i < 95; i += 3) if (v.charCodeAt(i) != 0x3A) return null;
  }
  return s;
}

