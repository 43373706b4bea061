import { planRequest, planResponse } from "./plan";
import { applyEdits, HeaderEdits } from "./edits";
import { FormatContext, NoFormatEnv, parseTemplate } from "./operators";
import { RequestRewrites, ResponseRewrites, HeaderRule, HeaderMatch, AddRule, AddHeader } from "../config/header_rewrites";
import { RequestModel, NoProperties } from "../request/model";
import { HeaderPair } from "../sdk/pairs";
import { StringMatcher } from "../match/string-matcher";
import { RequestConditions } from "../match/conditions";

function pairs(list: Array<string>): Array<HeaderPair> {
  let out = new Array<HeaderPair>();
  for (let i = 0; i + 1 < list.length; i += 2) out.push(new HeaderPair(list[i], list[i + 1]));
  return out;
}

function ctx(h: Array<HeaderPair>): FormatContext {
  return new FormatContext(new RequestModel(h, new NoProperties()), new NoFormatEnv(), 200);
}

function req(rw: RequestRewrites, h: Array<HeaderPair>): HeaderEdits {
  return planRequest(rw, h, new RequestModel(h, new NoProperties()).facts, ctx(h), null);
}

function names(h: Array<HeaderPair>): string {
  let n = new Array<string>();
  for (let i = 0; i < h.length; i++) n.push(h[i].name + "=" + h[i].value);
  return n.join(" ");
}

function rule(name: string, matcher: StringMatcher, value: StringMatcher | null = null, conditions: RequestConditions | null = null): HeaderRule {
  return new HeaderRule(name, [new HeaderMatch(matcher, value)], conditions);
}

function add(name: string, value: string, overwrite: bool): AddRule {
  return new AddRule("r-" + name, [new AddHeader(name, parseTemplate(value, false).template!)], overwrite, null);
}

const BROWSER = pairs([":method", "GET", ":path", "/p", ":authority", "shop", "host", "shop", "accept", "*/*", "cookie", "a=1",
  "x-custom", "1", "x-real-ip", "6.6.6.6", "traceparent", "00-ab", "x-b3-traceid", "ff", "x-request-id", "id-1", "content-length", "0"]);

describe("request rewrites", () => {
  it("keeps standard and protected headers, drops the rest by default", () => {
    let e = req(new RequestRewrites(), BROWSER);
    expect(e.removed.join(",")).toBe("x-custom,x-real-ip,traceparent,x-b3-traceid");
    expect(names(applyEdits(BROWSER, e))).toBe(":method=GET :path=/p :authority=shop host=shop accept=*/* cookie=a=1 x-request-id=id-1 content-length=0");
  });
  it("keeps tracing headers when enabled, with prefixes", () => {
    let rw = new RequestRewrites();
    rw.tracingHeaders = true;
    expect(req(rw, BROWSER).removed.join(",")).toBe("x-custom,x-real-ip");
  });
  it("custom allow rules match names case-insensitively and obey request conditions", () => {
    let rw = new RequestRewrites();
    rw.allow.push(rule("custom", StringMatcher.exact("X-CUSTOM", true)));
    expect(req(rw, BROWSER).removed.includes("x-custom")).toBe(false);
    let onlyPost = new RequestConditions();
    onlyPost.methods = 4; // POST
    rw.allow[0] = rule("custom", StringMatcher.exact("x-custom", true), null, onlyPost);
    expect(req(rw, BROWSER).removed.includes("x-custom")).toBe(true);
  });
  it("removes after allowing: alternative forwarded headers and custom removals, even with allHeaders", () => {
    let rw = new RequestRewrites();
    rw.allowAll = true;
    rw.remove.push(rule("no-cookie", StringMatcher.exact("cookie", true)));
    expect(req(rw, BROWSER).removed.join(",")).toBe("cookie,x-real-ip");
    rw.removeAlternativeForwarded = false;
    expect(req(rw, BROWSER).removed.join(",")).toBe("cookie");
  });
  it("never removes protected headers, whatever a rule says", () => {
    let rw = new RequestRewrites();
    rw.allowAll = true;
    rw.remove.push(rule("all", StringMatcher.create(4, ".*", true).matcher!));
    let e = req(rw, BROWSER);
    expect(e.removed.includes("host")).toBe(false);
    expect(e.removed.includes("content-length")).toBe(false);
    expect(e.removed.includes("x-request-id")).toBe(false);
    expect(e.removed.includes(":path")).toBe(false);
    expect(e.removed.includes("accept")).toBe(true);
  });
  it("drops only the values a value matcher rejects", () => {
    let h = pairs([":path", "/", "x-tenant", "a", "x-tenant", "b"]);
    let rw = new RequestRewrites();
    rw.allow.push(rule("tenant", StringMatcher.exact("x-tenant", true), StringMatcher.exact("b")));
    let e = req(rw, h);
    expect(e.removed.join(",")).toBe("x-tenant");
    expect(names(e.readd)).toBe("x-tenant=b");
    expect(names(applyEdits(h, e))).toBe(":path=/ x-tenant=b");
  });
  it("adds last: AddIfAbsent sees what survived, OverwriteOrAdd replaces", () => {
    let rw = new RequestRewrites();
    rw.add.push(add("x-real-ip", "%REQ(x-request-id)%", false));
    rw.add.push(add("accept", "text/html", false));
    rw.add.push(add("cookie", "b=2", true));
    let e = req(rw, BROWSER);
    expect(names(e.added)).toBe("x-real-ip=id-1");
    expect(names(e.replaced)).toBe("cookie=b=2");
    let out = applyEdits(BROWSER, e);
    expect(names(out).includes("accept=*/*")).toBe(true);
    expect(names(out).includes("cookie=a=1")).toBe(false);
  });
  it("spares headers an earlier stage protected", () => {
    let h = pairs([":path", "/", "x-user", "alice"]);
    let e = planRequest(new RequestRewrites(), h, null, ctx(h), ["x-user"]);
    expect(e.empty).toBe(true);
  });
});

function resp(rw: ResponseRewrites, h: Array<HeaderPair>): Array<HeaderPair> {
  let rh = pairs([":path", "/", "origin", "https://a.example"]);
  return applyEdits(h, planResponse(rw, h, null, ctx(rh)));
}

describe("response rewrites", () => {
  it("removes leakage headers and adds the security headers by default", () => {
    let out = names(resp(new ResponseRewrites(), pairs([":status", "200", "server", "nginx", "x-powered-by", "PHP", "via", "1.1 x",
      "x-aspnet-version", "4", "content-type", "text/html", "content-length", "5"])));
    expect(out).toBe(":status=200 content-type=text/html content-length=5 strict-transport-security=max-age=31536000; includeSubDomains"
      + " x-frame-options=SAMEORIGIN x-content-type-options=nosniff referrer-policy=no-referrer permissions-policy="
      + "accelerometer=(), autoplay=(), camera=(), cross-origin-isolated=(), display-capture=(), encrypted-media=(), fullscreen=(), geolocation=(), gyroscope=(), keyboard-map=(), magnetometer=(), microphone=(), midi=(), payment=(), picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), sync-xhr=(self), usb=(), web-share=(), xr-spatial-tracking=(), clipboard-read=(), clipboard-write=(), gamepad=(), hid=(), idle-detection=(), interest-cohort=(), serial=(), unload=()");
  });
  it("keeps the upstream's own security headers", () => {
    let rw = new ResponseRewrites();
    rw.addPermissionsPolicy = false; rw.addHsts = false; rw.addReferrerPolicy = false; rw.addXContentTypeOptions = false;
    let out = names(resp(rw, pairs([":status", "200", "x-frame-options", "DENY"])));
    expect(out).toBe(":status=200 x-frame-options=DENY");
  });
  it("HSTS preload, CSP and Feature-Policy when asked", () => {
    let rw = new ResponseRewrites();
    rw.hstsPreload = true; rw.addCsp = true; rw.addFeaturePolicy = true;
    let out = names(resp(rw, pairs([":status", "200"])));
    expect(out.includes("strict-transport-security=max-age=63072000; includeSubDomains; preload")).toBe(true);
    expect(out.includes("content-security-policy=default-src 'self'")).toBe(true);
    expect(out.includes("feature-policy=accelerometer 'none'")).toBe(true);
  });
  it("removes only the configured auth challenges", () => {
    let h = pairs([":status", "401", "www-authenticate", "Negotiate", "www-authenticate", "NTLM", "www-authenticate", "Basic realm=x", "www-authenticate", "Bearer"]);
    let out = names(resp(new ResponseRewrites(), h));
    expect(out.includes("www-authenticate=Basic realm=x")).toBe(true);
    expect(out.includes("www-authenticate=Bearer")).toBe(true);
    expect(out.includes("NTLM")).toBe(false);
    expect(out.includes("Negotiate")).toBe(false);
    let rw = new ResponseRewrites();
    rw.removeAuthBasic = true;
    expect(names(resp(rw, h)).includes("Basic")).toBe(false);
  });
  it("removes permissive CORS with its credentials grant, keeps a specific origin", () => {
    let out = names(resp(new ResponseRewrites(), pairs([":status", "200", "access-control-allow-origin", " * ", "access-control-allow-credentials", "true"])));
    expect(out.includes("access-control")).toBe(false);
    out = names(resp(new ResponseRewrites(), pairs([":status", "200", "access-control-allow-origin", "null"])));
    expect(out.includes("access-control")).toBe(false);
    out = names(resp(new ResponseRewrites(), pairs([":status", "200", "access-control-allow-origin", "https://a.example", "access-control-allow-credentials", "true"])));
    expect(out.includes("access-control-allow-origin=https://a.example")).toBe(true);
    expect(out.includes("access-control-allow-credentials=true")).toBe(true);
  });
  it("response allow-list keeps only standard headers when on", () => {
    let rw = new ResponseRewrites();
    rw.allowAll = false; rw.standardHeaders = true;
    rw.addHsts = false; rw.addXFrameOptions = false; rw.addXContentTypeOptions = false; rw.addReferrerPolicy = false; rw.addPermissionsPolicy = false;
    let out = names(resp(rw, pairs([":status", "200", "x-debug", "1", "set-cookie", "a=1", "etag", "\"x\"", "content-length", "3"])));
    expect(out).toBe(":status=200 set-cookie=a=1 etag=\"x\" content-length=3");
  });
  it("custom adds run before the built-in ones", () => {
    let rw = new ResponseRewrites();
    rw.add.push(add("x-frame-options", "DENY", false));
    let out = names(resp(rw, pairs([":status", "200"])));
    expect(out.includes("x-frame-options=DENY")).toBe(true);
    expect(out.includes("SAMEORIGIN")).toBe(false);
  });
});
