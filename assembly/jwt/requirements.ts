// requireAll / requireAny of an access-control policy over the verified claims
// and the client certificate. A claim matches when it exists (no matcher) or
// when its value matches; primitives compare as strings (numbers as JSON writes
// them), arrays match when any primitive element does, objects and null never.
import { JsonValue, JsonKind } from "../config/json";
import { AccessPolicy, Requirement, RequirementKind } from "../config/access_control";
import { claimValue, primitiveString } from "./json_util";
import { PeerCertificate, dnField } from "./certificate";
import { StringMatcher } from "../match/string-matcher";

export function requirementsMet(p: AccessPolicy, claims: JsonValue | null, cert: PeerCertificate): bool {
  let all = p.requireAll;
  for (let i = 0, n = all.length; i < n; i++) if (!requirementMet(unchecked(all[i]), claims, cert)) return false;
  let any = p.requireAny;
  if (any.length == 0) return true;
  for (let i = 0, n = any.length; i < n; i++) if (requirementMet(unchecked(any[i]), claims, cert)) return true;
  return false;
}

export function requirementMet(r: Requirement, claims: JsonValue | null, cert: PeerCertificate): bool {
  switch (r.kind) {
    case RequirementKind.JwtClaim: {
      if (claims === null) return false;
      let v = claimValue(claims!, r.name);
      if (v === null || v.kind == JsonKind.Null) return false;
      let m = r.matcher;
      if (m === null) return true;
      return valueMatches(v, m!);
    }
    case RequirementKind.CertificateHash: {
      let h = cert.sha256();
      if (h === null) return false;
      return r.hashes.includes(h!.toLowerCase());
    }
    case RequirementKind.CertificateSan: {
      let s = cert.san(r.san);
      return s !== null && r.matcher!.matchString(s!);
    }
    default: {
      let dn = r.kind == RequirementKind.CertificateSubject ? cert.subject() : cert.issuer();
      if (dn === null) return false;
      let values = dnField(dn!, r.field);
      for (let i = 0; i < values.length; i++) if (r.matcher!.matchString(values[i])) return true;
      return false;
    }
  }
}

function valueMatches(v: JsonValue, m: StringMatcher): bool {
  if (v.kind == JsonKind.Array) {
    let items = v.items!;
    for (let i = 0, n = items.length; i < n; i++) {
      let s = primitiveString(unchecked(items[i]));
      if (s !== null && m.matchString(s!)) return true;
    }
    return false;
  }
  let s = primitiveString(v);
  return s !== null && m.matchString(s!);
}

// A claim rendered as a header value: primitives as strings, arrays of primitives
// joined with ",". null for objects, null and mixed arrays.
export function claimHeaderValue(claims: JsonValue, name: string): string | null {
  let v = claimValue(claims, name);
  if (v === null) return null;
  if (v.kind == JsonKind.Array) {
    let items = v.items!;
    if (items.length == 0) return null;
    let parts = new Array<string>();
    for (let i = 0; i < items.length; i++) {
      let s = primitiveString(items[i]);
      if (s === null) return null;
      parts.push(s!);
    }
    return parts.join(",");
  }
  return primitiveString(v);
}
