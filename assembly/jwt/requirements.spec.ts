import { parseJson, JsonValue } from "../config/json";
import { Requirement, RequirementKind, AccessPolicy, CertField, SanType } from "../config/access_control";
import { StringMatcher, MatchKind } from "../match/string-matcher";
import { requirementMet, requirementsMet, claimHeaderValue } from "./requirements";
import { PeerCertificate, NoCertificate, dnField } from "./certificate";

class FakeCert extends PeerCertificate {
  subject(): string | null { return "CN=client.example,OU=dev,OU=ops,O=Example\\, Inc,C=CH"; }
  sha256(): string | null { return "AB".repeat(32); }
  dnsSan(): string | null { return "client.example"; }
  uriSan(): string | null { return "spiffe://example/ns/shop/sa/web"; }
}

function claims(s: string): JsonValue { return parseJson(s).value!; }
function exact(v: string): StringMatcher { return StringMatcher.create(MatchKind.Exact, v, false).matcher!; }
function claim(name: string, m: StringMatcher | null): Requirement {
  let r = new Requirement(RequirementKind.JwtClaim); r.name = name; r.matcher = m; return r;
}

const C = claims("{\"sub\":\"alice\",\"roles\":[\"user\",\"admin\",7],\"n\":42,\"f\":1.5,\"ok\":true,\"o\":{\"a\":\"b\"},\"z\":null,\"org\":{\"unit\":\"shop\"}}");
const none = new NoCertificate();

describe("claim requirements", () => {
  it("checks existence without a matcher; null does not exist", () => {
    expect(requirementMet(claim("sub", null), C, none)).toBe(true);
    expect(requirementMet(claim("missing", null), C, none)).toBe(false);
    expect(requirementMet(claim("z", null), C, none)).toBe(false);
  });
  it("matches primitives as strings", () => {
    expect(requirementMet(claim("sub", exact("alice")), C, none)).toBe(true);
    expect(requirementMet(claim("sub", exact("Alice")), C, none)).toBe(false);
    expect(requirementMet(claim("n", exact("42")), C, none)).toBe(true);
    expect(requirementMet(claim("f", exact("1.5")), C, none)).toBe(true);
    expect(requirementMet(claim("ok", exact("true")), C, none)).toBe(true);
  });
  it("matches arrays when any primitive element does", () => {
    expect(requirementMet(claim("roles", exact("admin")), C, none)).toBe(true);
    expect(requirementMet(claim("roles", exact("7")), C, none)).toBe(true);
    expect(requirementMet(claim("roles", exact("root")), C, none)).toBe(false);
  });
  it("never matches objects or null with a matcher", () => {
    expect(requirementMet(claim("o", exact("{\"a\":\"b\"}")), C, none)).toBe(false);
    expect(requirementMet(claim("z", exact("null")), C, none)).toBe(false);
  });
  it("reads nested claims with a dotted name", () => {
    expect(requirementMet(claim("org.unit", exact("shop")), C, none)).toBe(true);
  });
  it("fails without claims", () => {
    expect(requirementMet(claim("sub", null), null, none)).toBe(false);
  });
});

describe("requireAll / requireAny", () => {
  it("needs all of requireAll and one of requireAny", () => {
    let p = new AccessPolicy(0);
    p.requireAll.push(claim("sub", exact("alice")));
    p.requireAny.push(claim("roles", exact("root")));
    p.requireAny.push(claim("roles", exact("admin")));
    expect(requirementsMet(p, C, none)).toBe(true);
    p.requireAll.push(claim("ok", exact("false")));
    expect(requirementsMet(p, C, none)).toBe(false);
  });
});

describe("client certificate requirements", () => {
  it("compares the SHA-256 fingerprint in lowercase", () => {
    let r = new Requirement(RequirementKind.CertificateHash);
    r.hashes.push("ab".repeat(32));
    expect(requirementMet(r, null, new FakeCert())).toBe(true);
    expect(requirementMet(r, null, none)).toBe(false);
  });
  it("matches subject fields, any of repeated ones", () => {
    let r = new Requirement(RequirementKind.CertificateSubject);
    r.field = CertField.OrganizationalUnit; r.matcher = exact("ops");
    expect(requirementMet(r, null, new FakeCert())).toBe(true);
    r.field = CertField.Organization; r.matcher = exact("Example, Inc");
    expect(requirementMet(r, null, new FakeCert())).toBe(true);
    expect(requirementMet(r, null, none)).toBe(false);
  });
  it("matches DNS and URI SANs; issuer is never available", () => {
    let r = new Requirement(RequirementKind.CertificateSan);
    r.san = SanType.URI; r.matcher = exact("spiffe://example/ns/shop/sa/web");
    expect(requirementMet(r, null, new FakeCert())).toBe(true);
    r.san = SanType.Email;
    expect(requirementMet(r, null, new FakeCert())).toBe(false);
    let i = new Requirement(RequirementKind.CertificateIssuer);
    i.field = CertField.CommonName; i.matcher = exact("x");
    expect(requirementMet(i, null, new FakeCert())).toBe(false);
  });
});

describe("dnField", () => {
  it("splits on unescaped commas and plus signs", () => {
    let v = dnField("CN=a\\,b+O=x,OU=\\41y", CertField.CommonName);
    expect(v.length).toBe(1);
    expect(v[0]).toBe("a,b");
    expect(dnField("CN=a\\,b+O=x,OU=\\41y", CertField.Organization)[0]).toBe("x");
    expect(dnField("CN=a\\,b+O=x,OU=\\41y", CertField.OrganizationalUnit)[0]).toBe("Ay");
    expect(dnField("", CertField.Country).length).toBe(0);
  });
});

describe("claimHeaderValue", () => {
  it("renders primitives and joins arrays of primitives", () => {
    expect(claimHeaderValue(C, "sub")!).toBe("alice");
    expect(claimHeaderValue(C, "roles")!).toBe("user,admin,7");
    expect(claimHeaderValue(C, "n")!).toBe("42");
    expect(claimHeaderValue(C, "o")).toBeNull();
    expect(claimHeaderValue(C, "missing")).toBeNull();
  });
});
