import { parseFilterConfig } from "../config/parse";
import { FilterConfig } from "../config/model";

function config(routes: string): FilterConfig {
  let r = parseFilterConfig("{\"version\":1,\"policies\":[{\"name\":\"default\",\"mode\":\"secured\"},"
    + "{\"name\":\"a\",\"mode\":\"secured\"},{\"name\":\"b\",\"mode\":\"secured\"},{\"name\":\"c\",\"mode\":\"unsecured\"}],"
    + "\"routes\":" + routes + ",\"defaultPolicy\":\"default\"}");
  if (r.config === null) expect(r.error).toBeNull();
  return r.config!;
}

function policyFor(c: FilterConfig, routeName: string | null, host: string, path: string): string {
  return c.selector.policyOf(c.selector.selectRoute(routeName, host, path)).name;
}

describe("policy selection", () => {
  it("falls back to the default policy", () => {
    let c = config("[]");
    expect(c.selector.selectRoute("x", "a.com", "/")).toBe(-1);
    expect(policyFor(c, null, "a.com", "/")).toBe("default");
  });

  it("lets a route name match beat an earlier host/path match", () => {
    let c = config("[{\"name\":\"byhost\",\"policy\":\"a\",\"hosts\":[\"shop.com\"]},"
      + "{\"name\":\"byname\",\"policy\":\"b\",\"routeNames\":[\"r1\"]}]");
    expect(policyFor(c, "r1", "shop.com", "/")).toBe("b");
    expect(policyFor(c, "other", "shop.com", "/")).toBe("a");
    expect(policyFor(c, null, "shop.com", "/")).toBe("a");
  });

  it("takes the first route in order among exact names and prefixes", () => {
    let c = config("[{\"name\":\"p\",\"policy\":\"a\",\"routeNamePrefixes\":[\"httproute/shop/\"]},"
      + "{\"name\":\"e\",\"policy\":\"b\",\"routeNames\":[\"httproute/shop/web/rule/0\"]}]");
    expect(policyFor(c, "httproute/shop/web/rule/0", "", "/")).toBe("a");
    let d = config("[{\"name\":\"e\",\"policy\":\"b\",\"routeNames\":[\"httproute/shop/web/rule/0\"]},"
      + "{\"name\":\"p\",\"policy\":\"a\",\"routeNamePrefixes\":[\"httproute/shop/\"]}]");
    expect(policyFor(d, "httproute/shop/web/rule/0", "", "/")).toBe("b");
    expect(policyFor(d, "httproute/shop/api/rule/1", "", "/")).toBe("a");
    expect(policyFor(d, "httproute/other/x", "", "/")).toBe("default");
  });

  it("matches route name prefixes as plain prefixes and exact names exactly", () => {
    let c = config("[{\"name\":\"e\",\"policy\":\"b\",\"routeNames\":[\"health\"]}]");
    expect(policyFor(c, "health", "", "/")).toBe("b");
    expect(policyFor(c, "healthz", "", "/")).toBe("default");
    expect(policyFor(c, "", "", "/")).toBe("default");
  });

  it("matches hosts case-insensitively (configured side normalized)", () => {
    let c = config("[{\"name\":\"h\",\"policy\":\"a\",\"hosts\":[\"Shop.Example.COM\"]}]");
    expect(policyFor(c, null, "shop.example.com", "/")).toBe("a");
    expect(policyFor(c, null, "shop.example.org", "/")).toBe("default");
  });

  it("matches '*.' wildcards against one or more labels, never the bare domain", () => {
    let c = config("[{\"name\":\"w\",\"policy\":\"a\",\"hosts\":[\"*.example.com\"]}]");
    expect(policyFor(c, null, "a.example.com", "/")).toBe("a");
    expect(policyFor(c, null, "a.b.example.com", "/")).toBe("a");
    expect(policyFor(c, null, "example.com", "/")).toBe("default");
    expect(policyFor(c, null, "badexample.com", "/")).toBe("default");
    expect(policyFor(c, null, ".example.com", "/")).toBe("default");
  });

  it("prefers the earlier route between exact and wildcard hosts", () => {
    let c = config("[{\"name\":\"w\",\"policy\":\"a\",\"hosts\":[\"*.example.com\"]},{\"name\":\"x\",\"policy\":\"b\",\"hosts\":[\"www.example.com\"]}]");
    expect(policyFor(c, null, "www.example.com", "/")).toBe("a");
    let d = config("[{\"name\":\"x\",\"policy\":\"b\",\"hosts\":[\"www.example.com\"]},{\"name\":\"w\",\"policy\":\"a\",\"hosts\":[\"*.example.com\"]}]");
    expect(policyFor(d, null, "www.example.com", "/")).toBe("b");
    expect(policyFor(d, null, "api.example.com", "/")).toBe("a");
  });

  it("matches path prefixes per segment", () => {
    let c = config("[{\"name\":\"p\",\"policy\":\"a\",\"pathPrefixes\":[\"/api\"]}]");
    expect(policyFor(c, null, "any.com", "/api")).toBe("a");
    expect(policyFor(c, null, "any.com", "/api/")).toBe("a");
    expect(policyFor(c, null, "any.com", "/api/v1/x")).toBe("a");
    expect(policyFor(c, null, "any.com", "/apix")).toBe("default");
    expect(policyFor(c, null, "any.com", "/API")).toBe("default");
    expect(policyFor(c, null, "any.com", "/")).toBe("default");
  });

  it("ignores a trailing slash in the configured prefix, and '/' matches everything", () => {
    let c = config("[{\"name\":\"p\",\"policy\":\"a\",\"pathPrefixes\":[\"/api/\"]},{\"name\":\"root\",\"policy\":\"b\",\"pathPrefixes\":[\"/\"]}]");
    expect(policyFor(c, null, "h", "/api")).toBe("a");
    expect(policyFor(c, null, "h", "/api/x")).toBe("a");
    expect(policyFor(c, null, "h", "/apix")).toBe("b");
    expect(policyFor(c, null, "h", "/")).toBe("b");
  });

  it("requires both host and path to match when both are given", () => {
    let c = config("[{\"name\":\"both\",\"policy\":\"a\",\"hosts\":[\"shop.com\"],\"pathPrefixes\":[\"/cart\",\"/pay\"]},"
      + "{\"name\":\"host\",\"policy\":\"b\",\"hosts\":[\"shop.com\"]},"
      + "{\"name\":\"path\",\"policy\":\"c\",\"pathPrefixes\":[\"/pay\"]}]");
    expect(policyFor(c, null, "shop.com", "/pay/now")).toBe("a");
    expect(policyFor(c, null, "shop.com", "/cart")).toBe("a");
    expect(policyFor(c, null, "shop.com", "/home")).toBe("b");
    expect(policyFor(c, null, "other.com", "/pay")).toBe("c");
    expect(policyFor(c, null, "other.com", "/home")).toBe("default");
  });

  it("does not select by host/path a route that only has route names", () => {
    let c = config("[{\"name\":\"n\",\"policy\":\"a\",\"routeNames\":[\"r\"]}]");
    expect(policyFor(c, null, "x.com", "/")).toBe("default");
  });

  it("knows whether route names matter (so the stream can skip the property read)", () => {
    expect(config("[{\"name\":\"h\",\"policy\":\"a\",\"hosts\":[\"a.com\"]}]").selector.usesRouteNames).toBe(false);
    expect(config("[{\"name\":\"n\",\"policy\":\"a\",\"routeNamePrefixes\":[\"x\"]}]").selector.usesRouteNames).toBe(true);
  });

  it("selects among 4096 routes", () => {
    let parts = new Array<string>();
    for (let i = 0; i < 4096; i++) {
      parts.push("{\"name\":\"r" + i.toString() + "\",\"policy\":\"" + (i == 4095 ? "b" : "a") + "\",\"hosts\":[\"h" + i.toString() + ".example.com\"],\"routeNames\":[\"rn" + i.toString() + "\"]}");
    }
    let c = config("[" + parts.join(",") + "]");
    expect(c.selector.selectRoute(null, "h4095.example.com", "/")).toBe(4095);
    expect(c.selector.selectRoute("rn4095", "", "/")).toBe(4095);
    expect(c.selector.selectRoute(null, "h17.example.com", "/x")).toBe(17);
    expect(policyFor(c, null, "h4095.example.com", "/")).toBe("b");
  });
});
