// Response header rewriting end to end: the demo backend sets response headers from the query
// (`/headers?name=value`), the filter rewrites them on the way back. Every entry of the built-in
// response lists, every default, the built-in values, and the filter's own local replies.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { headerStack, policyYaml } from "./support.js";

const DATA = JSON.parse(readFileSync(new URL("../../data/header-rewrites.json", import.meta.url), "utf8"));
const RS = DATA.response;
const ADD = RS.add;
// Set by Node's HTTP server itself or meaningless on a 200 (the unit specs cover them).
const OWN = new Set(["content-length", "transfer-encoding", "connection", "upgrade", "date", "trailer", "content-type"]);

let h;
before(async () => { h = await headerStack(); });
after(() => h.close());

const qs = (pairs) => pairs.map(([n, v]) => `${encodeURIComponent(n)}=${encodeURIComponent(v)}`).join("&");
const validName = (n) => /^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(n);

test("defaults: every information-leakage header (server and application) is removed", async () => {
  await h.use(policyYaml());
  const names = [...RS.informationLeakageServer.names, ...RS.informationLeakageApplication.names].filter(validName);
  const r = await h.send(`/headers?${qs([...names.map((n) => [n, "leak"]), ["x-kept", "1"]])}`);
  assert.equal(r.status, 200);
  for (const n of names) assert.equal(r.headers[n], undefined, `${n} removed`);
  assert.equal(r.headers["x-kept"], "1");
});

test("defaults: the built-in security headers with their documented values", async () => {
  await h.use(policyYaml());
  const r = await h.send("/echo");
  for (const key of ["hsts", "xFrameOptions", "xContentTypeOptions", "referrerPolicy", "permissionsPolicy"]) {
    assert.equal(r.headers[ADD[key].name], ADD[key].value, `${key} added`);
  }
  for (const key of ["featurePolicy", "csp"]) assert.equal(r.headers[ADD[key].name], undefined, `${key} off by default`);
});

test("built-in additions never override what the upstream set", async () => {
  await h.use(policyYaml({ headerRewrites: "response:\n  add:\n    builtIn: {csp: true, featurePolicy: true}" }));
  const own = ["hsts", "xFrameOptions", "xContentTypeOptions", "referrerPolicy", "permissionsPolicy", "featurePolicy", "csp"].map((k) => [ADD[k].name, `upstream-${k}`]);
  const r = await h.send(`/headers?${qs(own)}`);
  for (const [n, v] of own) assert.equal(r.headers[n], v, `${n} kept as the upstream set it`);
});

test("optional additions: HSTS preload, CSP, Feature-Policy; each default can be switched off", async () => {
  await h.use(policyYaml({ headerRewrites: "response:\n  add:\n    builtIn: {hstsPreload: true, csp: true, featurePolicy: true}" }));
  let r = await h.send("/echo");
  assert.equal(r.headers["strict-transport-security"], ADD.hstsPreload.value);
  assert.equal(r.headers[ADD.csp.name], ADD.csp.value);
  assert.equal(r.headers[ADD.featurePolicy.name], ADD.featurePolicy.value);
  await h.use(policyYaml({ headerRewrites: "response:\n  add:\n    builtIn: {hsts: false, xFrameOptions: false, xContentTypeOptions: false, referrerPolicy: false, permissionsPolicy: false}" }));
  r = await h.send("/echo");
  for (const key of ["hsts", "xFrameOptions", "xContentTypeOptions", "referrerPolicy", "permissionsPolicy"]) assert.equal(r.headers[ADD[key].name], undefined, `${key} off`);
});

test("leakage removal can be switched off per list", async () => {
  await h.use(policyYaml({ headerRewrites: "response:\n  remove:\n    builtIn:\n      informationLeakage: {server: false, application: false}" }));
  const r = await h.send(`/headers?${qs([["server", "nginx"], ["x-powered-by", "PHP/8"]])}`);
  assert.equal(r.headers.server, "nginx");
  assert.equal(r.headers["x-powered-by"], "PHP/8");
});

test("auth challenges: NTLM and Negotiate removed by default, Basic kept unless asked, others untouched", async () => {
  const challenges = [["www-authenticate", "NTLM"], ["www-authenticate", "Negotiate abc"], ["www-authenticate", "Basic realm=\"x\""], ["www-authenticate", "Bearer realm=\"api\""]];
  await h.use(policyYaml());
  let r = await h.send(`/status/401?${qs(challenges)}`);
  assert.equal(r.status, 401);
  assert.deepEqual(r.headers["www-authenticate"].split(", "), ["Basic realm=\"x\"", "Bearer realm=\"api\""]);
  await h.use(policyYaml({ headerRewrites: "response:\n  remove:\n    builtIn:\n      auth: {basic: true, ntlm: false, negotiate: false}" }));
  r = await h.send(`/status/401?${qs(challenges)}`);
  assert.deepEqual(r.headers["www-authenticate"].split(", "), ["NTLM", "Negotiate abc", "Bearer realm=\"api\""]);
});

test("permissive CORS: * and null origins (and their credentials grant) removed, a named origin kept", async () => {
  await h.use(policyYaml());
  for (const origin of ["*", "null"]) {
    const r = await h.send(`/headers?${qs([["access-control-allow-origin", origin], ["access-control-allow-credentials", "true"], ["access-control-allow-methods", "GET"]])}`);
    assert.equal(r.headers["access-control-allow-origin"], undefined, origin);
    assert.equal(r.headers["access-control-allow-credentials"], undefined);
    assert.equal(r.headers["access-control-allow-methods"], "GET");
  }
  const named = await h.send(`/headers?${qs([["access-control-allow-origin", "https://app.example"], ["access-control-allow-credentials", "true"]])}`);
  assert.equal(named.headers["access-control-allow-origin"], "https://app.example");
  assert.equal(named.headers["access-control-allow-credentials"], "true");
  await h.use(policyYaml({ headerRewrites: "response:\n  remove:\n    builtIn: {permissiveCors: false}" }));
  const off = await h.send(`/headers?${qs([["access-control-allow-origin", "*"]])}`);
  assert.equal(off.headers["access-control-allow-origin"], "*");
});

test("response allow-list: every standard response header kept, others dropped", async () => {
  await h.use(policyYaml({ headerRewrites: "response:\n  allow:\n    matchingHeaders:\n      builtIn: {standardHeaders: true}\n      custom:\n      - name: app\n        headers: [{name: {matcher: {exact: X-App-Version}}}]\n  remove:\n    builtIn:\n      auth: {ntlm: false, negotiate: false}\n      permissiveCors: false\n  add:\n    builtIn: {hsts: false, xFrameOptions: false, xContentTypeOptions: false, referrerPolicy: false, permissionsPolicy: false}" }));
  const names = RS.standardHeaders.names.filter((n) => !OWN.has(n) && validName(n));
  const pairs = names.map((n) => [n, n === "location" ? "/elsewhere" : n === "retry-after" ? "5" : `v-${n}`]);
  const r = await h.send(`/headers?${qs([...pairs, ["x-debug", "1"], ["x-app-version", "3.1"]])}`);
  for (const [n, v] of pairs) assert.equal(r.headers[n] && (Array.isArray(r.headers[n]) ? r.headers[n][0] : r.headers[n]), v, `${n} kept`);
  assert.equal(r.headers["x-debug"], undefined, "not on the list");
  assert.equal(r.headers["x-app-version"], "3.1", "custom allow rule");
  assert.equal(r.headers["content-type"], "application/json", "content-type is standard");
});

test("custom response additions and removals, with operators", async () => {
  await h.use(policyYaml({ headerRewrites: `response:
  remove:
    custom:
    - name: no-debug
      headers: [{name: {matcher: {prefix: X-Debug-}}}]
  add:
    custom:
    - name: ids
      mode: OverwriteOrAdd
      headers: [{name: X-Trace, value: "%STREAM_ID%/%RESPONSE_CODE%"}, {name: X-Frame-Options, value: DENY}]` }));
  const r = await h.send(`/status/404?${qs([["x-debug-sql", "select 1"], ["x-frame-options", "ALLOWALL"]])}`);
  assert.equal(r.status, 404);
  assert.equal(r.headers["x-debug-sql"], undefined);
  assert.equal(r.headers["x-frame-options"], "DENY", "custom OverwriteOrAdd wins over the upstream and the built-in");
  assert.match(r.headers["x-trace"], /^[0-9a-f-]{36}\/404$/);
  assert.equal(r.headers["x-trace"].split("/")[0], r.json.headers["x-request-id"]);
});

test("the filter's own block replies carry the security headers and lose nothing they need", async () => {
  await h.use(policyYaml());
  const r = await h.send(`/${"a".repeat(2000)}`, { accept: "application/json" });
  assert.equal(r.status, 400);
  assert.equal(r.json.error, "request blocked");
  for (const key of ["hsts", "xFrameOptions", "xContentTypeOptions", "referrerPolicy", "permissionsPolicy"]) {
    assert.equal(r.headers[ADD[key].name], ADD[key].value, `${key} on the block reply`);
  }
  assert.equal(r.headers["cache-control"], "no-store");
  assert.match(r.headers["content-type"], /^application\/json/);
});

// Block replies reuse their rewritten, encoded headers when nothing in the rewrites reads the
// request (respond/local.ts): the cache must follow the body format, the policy in force and
// operator values, which are rendered per request.
test("repeated block replies: headers follow the body format, the policy in force and per-request operators", async () => {
  const blockPath = `/${"a".repeat(2000)}`;
  const add = (value) => policyYaml({ headerRewrites: `response:
  add:
    custom:
    - name: marker
      mode: OverwriteOrAdd
      headers: [{name: X-Marker, value: "${value}"}]` });
  await h.use(add("one"));
  for (const [accept, type] of [["application/json", /^application\/json/], ["text/html", /^text\/html/], ["application/json", /^application\/json/], ["*/*", /^text\/plain/]]) {
    const r = await h.send(blockPath, { accept });
    assert.equal(r.status, 400);
    assert.match(r.headers["content-type"], type, accept);
    assert.equal(r.headers["x-marker"], "one");
    assert.equal(r.headers["cache-control"], "no-store");
    assert.equal(r.headers[ADD.xFrameOptions.name], ADD.xFrameOptions.value);
  }
  await h.use(add("two"));
  assert.equal((await h.send(blockPath, { accept: "application/json" })).headers["x-marker"], "two", "a new policy, new headers");
  await h.use(add("%STREAM_ID%"));
  const a = await h.send(blockPath, { accept: "application/json" });
  const b = await h.send(blockPath, { accept: "application/json" });
  assert.match(a.headers["x-marker"], /^[0-9a-f-]{36}$/);
  assert.notEqual(a.headers["x-marker"], b.headers["x-marker"], "operators are rendered for each block");
});

test("response names are case-insensitive on the wire: Server, X-Powered-By, WWW-Authenticate as the upstream spells them", async () => {
  await h.use(policyYaml());
  const r = await h.send(`/status/401?${qs([["Server", "Apache/2.4"], ["X-Powered-By", "Express"], ["WWW-Authenticate", "NTLM"], ["X-Frame-Options", "DENY"]])}`);
  assert.equal(r.headers.server, undefined);
  assert.equal(r.headers["x-powered-by"], undefined);
  assert.equal(r.headers["www-authenticate"], undefined);
  assert.equal(r.headers["x-frame-options"], "DENY", "the upstream's own value, whatever its case, is kept");
});
