import { RequestConditions, RequestFacts, HeaderCondition, methodBit, mediaTypeMatches } from "./conditions";
import { StringMatcher, MatchKind, caseInsensitiveMatcher } from "./string-matcher";
import { CidrSet } from "./cidr";

function facts(method: string, path: string, headers: Array<string>, client: string): RequestFacts {
  let f = new RequestFacts();
  f.method = method;
  f.path = String.UTF8.encode(path);
  for (let i = 0; i < headers.length; i += 2) {
    f.headerNames.push(String.UTF8.encode(headers[i]));
    f.headerValues.push(String.UTF8.encode(headers[i + 1]));
  }
  f.clientAddress = client;
  return f;
}

const req = facts("POST", "/api/users", ["Content-Type", "application/json; charset=utf-8", "x-tenant", "acme"], "10.1.2.3:4444");

describe("RequestConditions", () => {
  it("empty conditions match; invert negates", () => {
    let c = new RequestConditions();
    expect(c.matches(req)).toBe(true);
    c.invert = true;
    expect(c.matches(req)).toBe(false);
  });
  it("path and method", () => {
    let c = new RequestConditions();
    c.path = StringMatcher.prefix("/api/");
    c.methods = methodBit("GET") | methodBit("POST");
    expect(c.matches(req)).toBe(true);
    c.methods = methodBit("GET");
    expect(c.matches(req)).toBe(false);
    expect(methodBit("BREW")).toBe(0);
  });
  it("header name and value must hold for the same header", () => {
    let c = new RequestConditions();
    let h = new HeaderCondition();
    h.name = caseInsensitiveMatcher(MatchKind.Exact, "X-Tenant").matcher;
    h.value = StringMatcher.exact("acme");
    c.header = h;
    expect(c.matches(req)).toBe(true);
    h.value = StringMatcher.exact("application/json; charset=utf-8");
    expect(c.matches(req)).toBe(false);
    h.name = null;
    expect(c.matches(req)).toBe(true); // any header with that value
  });
  it("media type ignores parameters and case", () => {
    let c = new RequestConditions();
    c.mediaType = caseInsensitiveMatcher(MatchKind.Exact, "Application/JSON").matcher;
    expect(c.matches(req)).toBe(true);
    let noCt = facts("GET", "/", ["accept", "*/*"], "1.1.1.1");
    expect(c.matches(noCt)).toBe(false);
    expect(mediaTypeMatches(StringMatcher.exact("text/html"), String.UTF8.encode("  text/html ;q=1"))).toBe(true);
  });
  it("remote IP with its own invert", () => {
    let c = new RequestConditions();
    c.remoteIP = CidrSet.parse(["10.0.0.0/8"]).ranges;
    expect(c.matches(req)).toBe(true);
    c.remoteIPInvert = true;
    expect(c.matches(req)).toBe(false);
    let unknown = facts("GET", "/", [], "");
    expect(c.matches(unknown)).toBe(true); // not in range, inverted
    c.remoteIPInvert = false;
    expect(c.matches(unknown)).toBe(false);
  });
  it("all sub-conditions are ANDed", () => {
    let c = new RequestConditions();
    c.path = StringMatcher.prefix("/api/");
    c.remoteIP = CidrSet.parse(["192.168.0.0/16"]).ranges;
    expect(c.matches(req)).toBe(false);
    c.invert = true;
    expect(c.matches(req)).toBe(true);
  });
});
