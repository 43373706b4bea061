// Request header rewriting end to end: client → bulwark serve (filter) → demo backend, which
// echoes what reached it. Every entry of the built-in request lists, every default, each
// processing-order case, the command operators, case-insensitive names, and both modes.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { headerStack, policyYaml, received } from "./support.js";

const DATA = JSON.parse(readFileSync(new URL("../../data/header-rewrites.json", import.meta.url), "utf8"));
const RQ = DATA.request;
// Headers Node's HTTP client or the proxy's codec own: sent by hand they would change framing or
// the connection (they are still on the list; the filter's unit specs cover them).
const HOP = new Set(["connection", "keep-alive", "te", "trailer", "transfer-encoding", "upgrade", "expect", "content-length", "host"]);

let h;
before(async () => { h = await headerStack(); });
after(() => h.close());

function valueFor(name) {
  return name === "content-type" ? "text/plain" : `v-${name}`;
}

test("default policy: every built-in standard request header reaches the upstream", async () => {
  await h.use(policyYaml());
  const headers = {};
  for (const n of RQ.standardHeaders.names) if (!HOP.has(n)) headers[n] = valueFor(n);
  const r = await h.send("/echo", headers);
  assert.equal(r.status, 200);
  for (const n of Object.keys(headers)) {
    if (n === "x-forwarded-for" || n === "x-forwarded-proto" || n === "x-request-id") continue; // the proxy's edge sets these
    assert.equal(r.json.headers[n], headers[n], `${n} kept`);
  }
});

test("default policy: headers on no list, tracing headers and alternative forwarded headers are dropped", async () => {
  await h.use(policyYaml());
  const headers = { "x-custom": "1", "x-api-key": "k", accept: "*/*" };
  for (const n of RQ.tracingHeaders.names) headers[n] = "t";
  for (const p of RQ.tracingHeaders.prefixes) headers[`${p}x`] = "t";
  for (const n of RQ.alternativeForwardedHeaders.names) headers[n] = "203.0.113.66";
  const r = await h.send("/echo", headers);
  const got = received(r);
  for (const n of Object.keys(headers)) if (n !== "accept") assert.ok(!got.includes(n), `${n} dropped`);
  assert.equal(r.json.headers.accept, "*/*");
});

test("tracingHeaders: true keeps every tracing header and prefix", async () => {
  await h.use(policyYaml({ headerRewrites: "request:\n  allow:\n    matchingHeaders:\n      builtIn: {tracingHeaders: true}" }));
  const headers = {};
  for (const n of RQ.tracingHeaders.names) headers[n] = `t-${n}`;
  for (const p of RQ.tracingHeaders.prefixes) headers[`${p}spanid`] = `t-${p}`;
  const r = await h.send("/echo", headers);
  for (const [n, v] of Object.entries(headers)) assert.equal(r.json.headers[n], v, `${n} kept`);
});

test("allHeaders: every alternative forwarded header is still removed (remove runs after allow)", async () => {
  await h.use(policyYaml({ headerRewrites: "request:\n  allow: {allHeaders: {}}" }));
  const headers = { "x-custom": "kept" };
  for (const n of RQ.alternativeForwardedHeaders.names) headers[n] = "203.0.113.66";
  const r = await h.send("/echo", headers);
  assert.equal(r.json.headers["x-custom"], "kept");
  for (const n of RQ.alternativeForwardedHeaders.names) assert.equal(r.json.headers[n], undefined, `${n} removed`);
  await h.use(policyYaml({ headerRewrites: "request:\n  allow: {allHeaders: {}}\n  remove:\n    builtIn: {alternativeForwardedHeaders: false}" }));
  const off = await h.send("/echo", headers);
  for (const n of RQ.alternativeForwardedHeaders.names) assert.equal(off.json.headers[n], "203.0.113.66", `${n} kept when the list is off`);
});

test("standardHeaders: false drops even Accept; protected headers survive any allow-list", async () => {
  await h.use(policyYaml({ headerRewrites: "request:\n  allow:\n    matchingHeaders:\n      builtIn: {standardHeaders: false}" }));
  const r = await h.send("/echo", { accept: "*/*", "x-request-id": "keep-me" });
  assert.equal(r.json.headers.accept, undefined);
  assert.equal(r.json.headers.host, "shop.test", "host is protected");
  assert.ok(r.json.headers["x-request-id"], "x-request-id is protected");
});

test("custom allow rules: case-insensitive name, value matcher, request conditions", async () => {
  await h.use(policyYaml({ headerRewrites: `request:
  allow:
    matchingHeaders:
      custom:
      - name: api-key
        headers: [{name: {matcher: {exact: X-API-Key}}, value: {matcher: {prefix: k-}}}]
        requestConditions: {path: {matcher: {prefix: /api/}}}` }));
  const api = await h.send("/api/x", { "X-Api-KEY": "k-123" });
  assert.equal(api.json.headers["x-api-key"], "k-123", "matched whatever the case");
  const wrongValue = await h.send("/api/x", { "x-api-key": "z-123" });
  assert.equal(wrongValue.json.headers["x-api-key"], undefined, "value matcher");
  const wrongPath = await h.send("/other", { "x-api-key": "k-123" });
  assert.equal(wrongPath.json.headers["x-api-key"], undefined, "request conditions");
});

test("processing order: allowed then removed; removed then added back by AddIfAbsent; OverwriteOrAdd replaces", async () => {
  await h.use(policyYaml({ headerRewrites: `request:
  allow:
    matchingHeaders:
      custom:
      - name: allow-x
        headers: [{name: {matcher: {prefix: x-app-}}}]
  remove:
    custom:
    - name: remove-secret
      headers: [{name: {matcher: {exact: X-App-Secret}}}]
    - name: remove-ua
      headers: [{name: {matcher: {exact: user-agent}}}]
  add:
    custom:
    - name: add-ua
      headers: [{name: User-Agent, value: "bulwark-test"}]
    - name: keep-lang
      headers: [{name: Accept-Language, value: "xx"}]
    - name: force
      mode: OverwriteOrAdd
      headers: [{name: X-App-Tenant, value: "forced"}, {name: X-App-New, value: "n"}]` }));
  const r = await h.send("/echo", { "x-app-one": "1", "x-app-secret": "s", "user-agent": "curl", "accept-language": "de", "x-app-tenant": "client" });
  assert.equal(r.json.headers["x-app-one"], "1", "allowed by the custom rule");
  assert.equal(r.json.headers["x-app-secret"], undefined, "allowed, then removed");
  assert.equal(r.json.headers["user-agent"], "bulwark-test", "removed, then added (AddIfAbsent sees it absent)");
  assert.equal(r.json.headers["accept-language"], "de", "AddIfAbsent keeps a present header");
  assert.equal(r.json.headers["x-app-tenant"], "forced", "OverwriteOrAdd replaces");
  assert.equal(r.json.rawHeaders.filter(([n]) => n.toLowerCase() === "x-app-tenant").length, 1, "one value left");
  assert.equal(r.json.headers["x-app-new"], "n", "OverwriteOrAdd adds");
});

test("command operators in added values", async () => {
  await h.use(policyYaml({ headerRewrites: `request:
  add:
    custom:
    - name: ops
      headers:
      - {name: X-Stream, value: "%STREAM_ID%"}
      - {name: X-UA, value: "ua=%REQ(User-Agent):5% path=%REQ(:path)% none=%REQ(x-none)%"}
      - {name: X-Client, value: "%DOWNSTREAM_REMOTE_ADDRESS%|%DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%"}
      - {name: X-Start, value: "%START_TIME%"}
      - {name: X-Pct, value: "100%% sure"}` }));
  const before = Date.now();
  const r = await h.send("/p?q=1", { "user-agent": "curl/8.5" });
  const got = r.json.headers;
  assert.equal(got["x-stream"], got["x-request-id"], "STREAM_ID is the request id the upstream sees");
  assert.match(got["x-stream"], /^[0-9a-f-]{36}$/);
  assert.equal(got["x-ua"], "ua=curl/ path=/p?q=1 none=-");
  assert.match(got["x-client"], /^127\.0\.0\.1:\d+\|127\.0\.0\.1$/);
  assert.equal(got["x-client"].split("|")[0], `127.0.0.1:${r.localPort}`, "the client's own address and port");
  const t = Date.parse(got["x-start"]);
  assert.match(got["x-start"], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.ok(t >= before - 1000 && t <= Date.now() + 1000, "request start time");
  assert.equal(got["x-pct"], "100% sure");
});

test("Integration logs one line per rewrite with names only; Production logs none", async () => {
  const secret = "Bearer s3cr3t-token";
  const spec = (mode) => `settings: {operationalMode: ${mode}}\nrequest:\n  add:\n    custom:\n    - name: a\n      headers: [{name: X-Added, value: "1"}]`;
  await h.use(policyYaml({ headerRewrites: spec("Integration") }));
  let n = h.logCount;
  await h.send("/echo", { "x-secret-token": secret, authorization: secret });
  let lines = h.logsSince(n).filter((l) => l.startsWith("bulwark: header rewrites"));
  const reqLine = lines.find((l) => l.includes("header rewrites request"));
  assert.ok(reqLine, JSON.stringify(lines));
  assert.match(reqLine, /policy=t\/shop route=t\/shop request_id=[0-9a-f-]{36} removed=x-secret-token added=x-added replaced=-/);
  assert.ok(lines.some((l) => l.includes("header rewrites response")), "the response line too");
  assert.ok(h.logsSince(n).every((l) => !l.includes("s3cr3t")), "never a value");
  await h.use(policyYaml({ headerRewrites: spec("Production") }));
  n = h.logCount;
  await h.send("/echo", { "x-secret-token": secret });
  assert.equal(h.logsSince(n).filter((l) => l.startsWith("bulwark: header rewrites")).length, 0);
});

test("names are case-insensitive on the wire: mixed-case built-in names are classified like lowercase ones", async () => {
  await h.use(policyYaml({ headerRewrites: "request:\n  allow: {allHeaders: {}}" }));
  const r = await h.send("/echo", { "X-Real-IP": "203.0.113.66", "True-Client-IP": "203.0.113.66", "X-Custom": "kept" });
  assert.equal(r.json.headers["x-real-ip"], undefined);
  assert.equal(r.json.headers["true-client-ip"], undefined);
  assert.equal(r.json.headers["x-custom"], "kept");
});
