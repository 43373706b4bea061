import { parseFilterConfig, ConfigResult } from "./parse";
import { PolicyMode } from "./model";

const VALID = `{
  "version": 1,
  "generator": "bulwark-compiler 0.1.0",
  "policies": [
    {"name": "default", "mode": "secured"},
    {"name": "shop/csp", "mode": "secured"},
    {"name": "shop/open", "mode": "unsecured"}
  ],
  "routes": [
    {"name": "shop/web", "policy": "shop/csp", "routeNamePrefixes": ["httproute/shop/web/"], "hosts": ["Shop.Example.com", "*.shop.example.com"], "pathPrefixes": ["/api/"]},
    {"name": "shop/health", "policy": "shop/open", "routeNames": ["health"]}
  ],
  "defaultPolicy": "default"
}`;

function errorOf(text: string): string {
  let r = parseFilterConfig(text);
  expect(r.config).toBeNull();
  return r.error!;
}

// A valid document with one part replaced, to test each field in isolation.
function withRoutes(routes: string): string {
  return "{\"version\":1,\"policies\":[{\"name\":\"default\",\"mode\":\"secured\"},{\"name\":\"shop/csp\",\"mode\":\"secured\"}],"
    + "\"routes\":" + routes + ",\"defaultPolicy\":\"default\"}";
}

function withPolicies(policies: string): string {
  return "{\"version\":1,\"policies\":" + policies + ",\"defaultPolicy\":\"default\"}";
}

describe("filter configuration", () => {
  it("parses a valid document into immutable structures", () => {
    let r = parseFilterConfig(VALID);
    expect(r.error).toBeNull();
    let c = r.config!;
    expect(c.generator).toBe("bulwark-compiler 0.1.0");
    expect(c.policies.length).toBe(3);
    expect(c.policies[2].mode).toBe(PolicyMode.Unsecured);
    expect(c.policies[2].secured).toBe(false);
    expect(c.routes.length).toBe(2);
    expect(c.routes[0].policy.name).toBe("shop/csp");
    expect(c.routes[0].hosts[0]).toBe("shop.example.com");
    expect(c.routes[0].hosts[1]).toBe("*.shop.example.com");
    expect(c.routes[0].pathPrefixes[0]).toBe("/api");
    expect(c.routes[1].routeNames[0]).toBe("health");
    expect(c.defaultPolicy.name).toBe("default");
    expect(r.warnings.length).toBe(0);
  });

  it("accepts the minimal document (no routes, no generator)", () => {
    let r = parseFilterConfig(withPolicies("[{\"name\":\"default\",\"mode\":\"secured\"}]"));
    expect(r.error).toBeNull();
    expect(r.config!.routes.length).toBe(0);
    expect(r.config!.generator).toBe("");
  });

  it("rejects empty and non-JSON input", () => {
    expect(errorOf("")).toBe("(root): the configuration is empty (expected a JSON object)");
    expect(errorOf("policies: []")).toBe("not JSON: unexpected 'p', expected a value at line 1 column 1");
    expect(errorOf("[]")).toBe("(root): expected an object, got array");
    expect(errorOf("{}")).toBe("version: required field is missing (this filter reads version 1)");
  });

  it("rejects unsupported versions and wrong version types", () => {
    expect(errorOf("{\"version\":2,\"policies\":[{\"name\":\"d\",\"mode\":\"secured\"}],\"defaultPolicy\":\"d\"}"))
      .toBe("version: unsupported version 2 (this filter supports version 1)");
    expect(errorOf("{\"version\":\"1\",\"policies\":[{\"name\":\"d\",\"mode\":\"secured\"}],\"defaultPolicy\":\"d\"}"))
      .toBe("version: expected the integer 1, got string");
  });

  it("rejects unknown fields at every level", () => {
    expect(errorOf("{\"version\":1,\"polices\":[],\"policies\":[{\"name\":\"d\",\"mode\":\"secured\"}],\"defaultPolicy\":\"d\"}"))
      .toBe("polices: unknown field (allowed: version, generator, jwks, policies, routes, customResponses, defaultPolicy)");
    expect(errorOf(withPolicies("[{\"name\":\"default\",\"mode\":\"secured\",\"extra\":1}]")))
      .toBe("policies[0].extra: unknown field (allowed: name, mode, parser, limits, denyRules, headerRewrites, accessControl)");
    expect(errorOf(withRoutes("[{\"name\":\"r\",\"policy\":\"default\",\"host\":[\"a\"]}]")))
      .toBe("routes[0].host: unknown field (allowed: name, policy, routeNames, routeNamePrefixes, hosts, pathPrefixes)");
  });

  it("suggests the misspelled key when a required field is missing", () => {
    expect(errorOf("{\"version\":1,\"polices\":[{\"name\":\"d\",\"mode\":\"secured\"}],\"defaultPolicy\":\"d\"}"))
      .toBe("policies: required field is missing (found \"polices\": a typo?)");
  });

  it("rejects wrong types with the field path", () => {
    expect(errorOf(withPolicies("{}"))).toBe("policies: expected an array, got object");
    expect(errorOf(withPolicies("[\"default\"]"))).toBe("policies[0]: expected an object, got string");
    expect(errorOf(withRoutes("[{\"name\":\"r\",\"policy\":\"default\",\"hosts\":\"a.com\"}]")))
      .toBe("routes[0].hosts: expected an array, got string");
    expect(errorOf(withRoutes("[{\"name\":\"r\",\"policy\":\"default\",\"pathPrefixes\":[\"/a\",7]}]")))
      .toBe("routes[0].pathPrefixes[1]: expected a string, got number");
  });

  it("rejects missing, empty and duplicate policies", () => {
    expect(errorOf("{\"version\":1,\"defaultPolicy\":\"d\"}")).toBe("policies: required field is missing");
    expect(errorOf(withPolicies("[]"))).toBe("policies: must not be empty");
    expect(errorOf(withPolicies("[{\"name\":\"default\",\"mode\":\"secured\"},{\"name\":\"default\",\"mode\":\"unsecured\"}]")))
      .toBe("policies[1].name: duplicate policy name \"default\" (also policies[0])");
    expect(errorOf(withPolicies("[{\"name\":\"\",\"mode\":\"secured\"}]"))).toBe("policies[0].name: must not be empty");
    expect(errorOf(withPolicies("[{\"name\":\"default\",\"mode\":\"audit\"}]")))
      .toBe("policies[0].mode: unknown value \"audit\" (allowed: secured, unsecured)");
    expect(errorOf(withPolicies("[{\"name\":\"default\"}]"))).toBe("policies[0].mode: required field is missing");
  });

  it("rejects references to unknown policies and lists the known ones", () => {
    expect(errorOf(withRoutes("[{\"name\":\"a\",\"policy\":\"default\",\"hosts\":[\"a.com\"]},{\"name\":\"b\",\"policy\":\"default\",\"hosts\":[\"b.com\"]},{\"name\":\"c\",\"policy\":\"shop/x\",\"hosts\":[\"c.com\"]}]")))
      .toBe("routes[2].policy: unknown policy \"shop/x\" (known: default, shop/csp)");
    expect(errorOf("{\"version\":1,\"policies\":[{\"name\":\"d\",\"mode\":\"secured\"}],\"defaultPolicy\":\"x\"}"))
      .toBe("defaultPolicy: unknown policy \"x\" (known: d)");
    expect(errorOf("{\"version\":1,\"policies\":[{\"name\":\"d\",\"mode\":\"secured\"}]}"))
      .toBe("defaultPolicy: required field is missing");
  });

  it("rejects invalid host patterns and path prefixes", () => {
    expect(errorOf(withRoutes("[{\"name\":\"r\",\"policy\":\"default\",\"hosts\":[\"a.*.com\"]}]")))
      .toBe("routes[0].hosts[0]: \"a.*.com\": \"*\" is only allowed as a leading \"*.\" label (e.g. \"*.example.com\")");
    expect(errorOf(withRoutes("[{\"name\":\"r\",\"policy\":\"default\",\"hosts\":[\"*\"]}]")))
      .toBe("routes[0].hosts[0]: \"*\": \"*\" is only allowed as a leading \"*.\" label (e.g. \"*.example.com\")");
    expect(errorOf(withRoutes("[{\"name\":\"r\",\"policy\":\"default\",\"hosts\":[\"a.com:8080\"]}]")))
      .toBe("routes[0].hosts[0]: \"a.com:8080\": must not contain a port (the port of :authority is ignored when matching)");
    expect(errorOf(withRoutes("[{\"name\":\"r\",\"policy\":\"default\",\"pathPrefixes\":[\"api\"]}]")))
      .toBe("routes[0].pathPrefixes[0]: \"api\": must start with \"/\"");
    expect(errorOf(withRoutes("[{\"name\":\"r\",\"policy\":\"default\",\"pathPrefixes\":[\"/a?b\"]}]")))
      .toBe("routes[0].pathPrefixes[0]: \"/a?b\": must not contain \"?\" or \"#\" (prefixes match the path before the query)");
  });

  it("enforces the schema limits", () => {
    let name = "n".repeat(513);
    expect(errorOf(withPolicies("[{\"name\":\"" + name + "\",\"mode\":\"secured\"}]")))
      .toBe("policies[0].name: is 513 characters long, the maximum is 512");
    expect(errorOf(withRoutes("[{\"name\":\"r\",\"policy\":\"default\",\"hosts\":[\"" + "h".repeat(254) + "\"]}]")))
      .toBe("routes[0].hosts[0]: is 254 characters long, the maximum is 253");
    let hosts = new Array<string>();
    for (let i = 0; i < 257; i++) hosts.push("\"h" + i.toString() + ".com\"");
    expect(errorOf(withRoutes("[{\"name\":\"r\",\"policy\":\"default\",\"hosts\":[" + hosts.join(",") + "]}]")))
      .toBe("routes[0].hosts: has 257 items, the maximum is 256");
    let gen = "g".repeat(257);
    expect(errorOf("{\"version\":1,\"generator\":\"" + gen + "\",\"policies\":[{\"name\":\"d\",\"mode\":\"secured\"}],\"defaultPolicy\":\"d\"}"))
      .toBe("generator: is 257 characters long, the maximum is 256");
  });

  it("accepts 4096 policies and rejects 4097", () => {
    let parts = new Array<string>();
    for (let i = 0; i < 4096; i++) parts.push("{\"name\":\"p" + i.toString() + "\",\"mode\":\"secured\"}");
    let ok = parseFilterConfig("{\"version\":1,\"policies\":[" + parts.join(",") + "],\"defaultPolicy\":\"p4095\"}");
    expect(ok.error).toBeNull();
    expect(ok.config!.policies.length).toBe(4096);
    parts.push("{\"name\":\"p4096\",\"mode\":\"secured\"}");
    expect(errorOf("{\"version\":1,\"policies\":[" + parts.join(",") + "],\"defaultPolicy\":\"p0\"}"))
      .toBe("policies: has 4097 items, the maximum is 4096");
  });

  it("warns about a route that can never select a request", () => {
    let r = parseFilterConfig(withRoutes("[{\"name\":\"idle\",\"policy\":\"default\"}]"));
    expect(r.error).toBeNull();
    expect(r.warnings.length).toBe(1);
    expect(r.warnings[0]).toBe("routes[0] (\"idle\") has no routeNames, routeNamePrefixes, hosts or pathPrefixes and never selects a request");
  });
});
