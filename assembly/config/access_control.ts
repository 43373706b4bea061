// The per-policy `accessControl` section (AccessControlPolicy / AccessControl with
// the JWT, JWKS and IdentityPropagation documents it refers to), parsed once into
// these immutable classes (access_control_parse.ts).
import { StringMatcher } from "../match/string-matcher";
import { RequestConditions } from "../match/conditions";
import { JwksSource } from "./jwks";

export enum TokenSourceKind { Bearer, Header, Cookie, Query }

export class TokenSource {
  constructor(public readonly kind: TokenSourceKind, public readonly name: string) {}
}

// One `requireAny` entry of a JWT document.
export class JwtRequirement {
  constructor(
    public readonly jwks: JwksSource,
    public readonly issuer: string | null,
    public readonly audiences: Array<string>,
    public readonly subject: StringMatcher | null,
  ) {}
}

export class JwtSettings {
  constructor(
    public readonly name: string,
    public readonly sources: Array<TokenSource>,
    public readonly requireAny: Array<JwtRequirement>,
    public readonly expirationRequired: bool,
    public readonly clockSkewSeconds: f64,
    // 0: no bound.
    public readonly maxLifetimeSeconds: f64,
  ) {}
}

export enum Authorization { Allow, Deny, Jwt }

export enum RequirementKind { JwtClaim, CertificateHash, CertificateSubject, CertificateIssuer, CertificateSan }

export enum CertField { CommonName, Organization, OrganizationalUnit, Country, State, Locality }
export const CERT_FIELD_NAMES: Array<string> = ["CommonName", "Organization", "OrganizationalUnit", "Country", "State", "Locality"];
// RFC 4514 attribute types of the fields, as in Envoy's subject strings.
export const CERT_FIELD_ATTRS: Array<string> = ["CN", "O", "OU", "C", "ST", "L"];

export enum SanType { DNS, URI, Email, IPAddress }
export const SAN_TYPE_NAMES: Array<string> = ["DNS", "URI", "Email", "IPAddress"];

export class Requirement {
  // JwtClaim: the claim name; CertificateHash: unused.
  name: string = "";
  // null for JwtClaim: the claim only has to exist.
  matcher: StringMatcher | null = null;
  field: CertField = CertField.CommonName;
  san: SanType = SanType.DNS;
  // CertificateHash: lowercase hex SHA-256 fingerprints without colons.
  hashes: Array<string> = new Array<string>();
  constructor(public readonly kind: RequirementKind) {}
}

export enum PropagationSourceKind { JwtToken, JwtClaim, CertificateSubject, CertificateIssuer, CertificateSan }

export class PropagationAction {
  claim: string = "";
  field: CertField = CertField.CommonName;
  san: SanType = SanType.DNS;
  constructor(
    // Lowercase header name; "authorization" for bearerToken actions.
    public readonly header: string,
    public readonly bearer: bool,
    public readonly source: PropagationSourceKind,
  ) {}
}

export class AccessPolicy {
  conditions: RequestConditions | null = null;
  authorization: Authorization = Authorization.Allow;
  jwt: JwtSettings | null = null;
  requireAll: Array<Requirement> = new Array<Requirement>();
  requireAny: Array<Requirement> = new Array<Requirement>();
  propagation: Array<PropagationAction> = new Array<PropagationAction>();
  constructor(public readonly index: i32) {}
}

export class AccessControl {
  constructor(
    // First match wins, top to bottom.
    public readonly policies: Array<AccessPolicy>,
    // Every header any policy propagates: removed from every request of this
    // policy before propagation, so a client can never supply one itself.
    public readonly propagatedHeaders: Array<string>,
  ) {}
}
