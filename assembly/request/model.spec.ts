import { RequestModel, RequestProperties, NoProperties } from "./model";
import { HeaderPair } from "../sdk/pairs";

class FakeProperties extends RequestProperties {
  routeCalls: i32 = 0;
  addressCalls: i32 = 0;
  constructor(public route: string | null, public address: string | null) { super(); }
  routeName(): string | null { this.routeCalls++; return this.route; }
  sourceAddress(): string | null { this.addressCalls++; return this.address; }
}

function h(name: string, value: string): HeaderPair { return new HeaderPair(name, value); }

function sample(props: FakeProperties): RequestModel {
  return new RequestModel([
    h(":method", "POST"), h(":scheme", "https"), h(":authority", "Shop.Example.com:8443"),
    h(":path", "/api/caf%C3%A9/%zz?q=a+b&q=2&&x"), h("cookie", "sid=abc; theme=dark"),
    h("x-request-id", "rid-1"), h("cookie", "late=1"), h("accept", "a"), h("accept", "b"),
  ], props);
}

describe("request model", () => {
  it("reads the pseudo-headers and well-known headers", () => {
    let m = sample(new FakeProperties(null, null));
    expect(m.method).toBe("POST");
    expect(m.scheme).toBe("https");
    expect(m.authority).toBe("Shop.Example.com:8443");
    expect(m.host).toBe("shop.example.com");
    expect(m.requestId).toBe("rid-1");
    expect(m.complete).toBe(true);
  });

  it("splits the path from the query and decodes the path", () => {
    let m = sample(new FakeProperties(null, null));
    expect(m.rawPath).toBe("/api/caf%C3%A9/%zz?q=a+b&q=2&&x");
    expect(m.path).toBe("/api/caf%C3%A9/%zz");
    expect(m.query).toBe("q=a+b&q=2&&x");
    expect(m.decodedPath).toBe("/api/café/%zz");
    expect(m.pathHasInvalidEscape).toBe(true);
    expect(m.decodedPathHasInvalidUtf8).toBe(false);
  });

  it("parses query parameters and cookies from every cookie header", () => {
    let m = sample(new FakeProperties(null, null));
    let q = m.queryItems;
    expect(q.length).toBe(3);
    expect(q[0].value).toBe("a b");
    expect(q[2].name).toBe("x");
    let c = m.cookies;
    expect(c.length).toBe(3);
    expect(c[0].name).toBe("sid");
    expect(c[2].name).toBe("late");
  });

  it("looks up headers by name, first value and all values", () => {
    let m = sample(new FakeProperties(null, null));
    expect(m.header("accept")).toBe("a");
    expect(m.headerValues("accept").length).toBe(2);
    expect(m.header("authorization")).toBeNull();
  });

  it("reads host properties lazily and only once", () => {
    let p = new FakeProperties("httproute/shop/web/rule/0", "[2001:db8::1]:443");
    let m = sample(p);
    expect(p.routeCalls).toBe(0);
    expect(m.routeName).toBe("httproute/shop/web/rule/0");
    expect(m.routeName).toBe("httproute/shop/web/rule/0");
    expect(p.routeCalls).toBe(1);
    expect(m.clientAddress).toBe("2001:db8::1");
    expect(m.clientAddress).toBe("2001:db8::1");
    expect(p.addressCalls).toBe(1);
  });

  it("handles missing pseudo-headers and falls back to the host header", () => {
    let m = new RequestModel([h("host", "b.example"), h(":method", "GET")], new FakeProperties(null, null));
    expect(m.complete).toBe(false);
    expect(m.rawPath).toBe("");
    expect(m.path).toBe("");
    expect(m.query).toBe("");
    expect(m.host).toBe("b.example");
    expect(m.routeName).toBe("");
    expect(m.clientAddress).toBe("");
  });

  it("keeps the first :path when the map holds two", () => {
    let m = new RequestModel([h(":path", "/first"), h(":path", "/second")], new FakeProperties(null, null));
    expect(m.path).toBe("/first");
  });
});

describe("request facts", () => {
  it("carries method, path, headers without pseudo-headers, built once", () => {
    let m = new RequestModel([
      new HeaderPair(":method", "POST"), new HeaderPair(":path", "/a/b?x=1"), new HeaderPair(":authority", "h"),
      new HeaderPair("content-type", "text/plain"), new HeaderPair("x-k", "v"),
    ], new NoProperties());
    let f = m.facts;
    expect(f.method).toBe("POST");
    expect(String.UTF8.decode(f.path)).toBe("/a/b");
    expect(f.headerNames.length).toBe(2);
    expect(String.UTF8.decode(f.headerNames[0])).toBe("content-type");
    expect(String.UTF8.decode(f.headerValues[1])).toBe("v");
    expect(m.facts).toBe(f);
  });
});

describe("normalised path and query items", () => {
  it("normalises the path once and exposes its segments", () => {
    let m = new RequestModel([new HeaderPair(":method", "GET"), new HeaderPair(":path", "/a//b/../c%2e%2e/d?x=1")], new NoProperties());
    let n = m.normalizedPath;
    expect(n.decoded).toBe("/a//b/../c../d");
    expect(n.segments.length).toBeGreaterThan(0);
    expect(m.normalizedPath).toBe(n);
  });
  it("turns the query into Query items, order and duplicates kept, bad escapes flagged", () => {
    let m = new RequestModel([new HeaderPair(":method", "GET"), new HeaderPair(":path", "/s?a=1+2&a=%zz&b[]=x")], new NoProperties());
    let q = m.queryItems;
    expect(q.length).toBe(3);
    expect(q[0].name).toBe("a");
    expect(q[0].value).toBe("1 2");
    expect(q[1].raw).toBe("%zz");
    expect(q[1].flags).not.toBe(0);
    expect(q[2].name).toBe("b[]");
  });
});
