// Custom responses end to end (CustomResponse + CustomResponsePolicy, compiled from YAML, through
// bulwark serve and the demo backend): local replies replaced by status code or range, the
// representation negotiated by Accept, headers and command operators, operator values escaped in
// bodies; upstream error responses replaced before their body, upstream headers and body dropped.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { headerStack, policyYaml } from "../headers/support.js";

const RESPONSES = `apiVersion: microgateway.airlock.com/v1alpha1
kind: CustomResponse
metadata: {name: blocked, namespace: t}
spec:
  statusCode: 403
  content:
  - contentType: application/json
    headers: [{name: X-Error-Id, value: "%STREAM_ID%"}]
    body: {value: '{"error":"blocked","id":"%STREAM_ID%","agent":"%REQ(user-agent)%"}'}
  - contentType: text/html
    body: {valueFrom: {configMapKeyRef: {name: pages, key: blocked.html}}}
  - contentType: text/plain
    body: {value: "Blocked (%RESPONSE_CODE%), 100%% sure. Agent: %REQ(user-agent)%"}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: pages, namespace: t}
data:
  blocked.html: "<html><body><h1>Blocked</h1><p>%REQ(user-agent)%</p><p style=\\"width:100%\\">id %STREAM_ID%</p></body></html>"
---
apiVersion: microgateway.airlock.com/v1alpha1
kind: CustomResponse
metadata: {name: maintenance, namespace: t}
spec:
  content:
  - contentType: text/plain
    headers: [{name: Retry-After, value: "120"}]
    body: {value: "Down for maintenance (%RESPONSE_CODE%)"}
---
apiVersion: microgateway.airlock.com/v1alpha1
kind: CustomResponse
metadata: {name: empty, namespace: t}
spec:
  content:
  - contentType: text/plain`;

const POLICY = (local, upstream) => `apiVersion: microgateway.airlock.com/v1alpha1
kind: CustomResponsePolicy
metadata: {name: errors, namespace: t}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: shop}]
  policies:
    local:
${local.replace(/^/gm, "    ")}
    upstream:
${upstream.replace(/^/gm, "    ")}`;

const DEFAULT_RULES = POLICY(`- requestConditions: {path: {matcher: {prefix: /quiet/}}}
  responses: []
- responses:
  - statusCodeCondition: {matcher: {range: {start: 400, end: 499}}}
    customResponseRef: {name: blocked}`, `- responses:
  - responseConditions: {statusCode: {matcher: {exact: 503}}}
    customResponseRef: {name: maintenance}
  - responseConditions: {statusCode: {matcher: {range: {start: 500, end: 502}}}}
    customResponseRef: {name: empty}`);

let h;
before(async () => {
  h = await headerStack();
  await h.use(policyYaml({ extra: `${RESPONSES}\n---\n${DEFAULT_RULES}` }));
});
after(() => h.close());

const tooLong = `/${"a".repeat(2000)}`; // over the default path length limit: a local 400

test("a local block (400) becomes the custom response: status override, JSON by Accept, headers and operators", async () => {
  const n = h.logCount;
  const r = await h.send(tooLong, { accept: "application/json", "user-agent": "evil\"},{\"x\":\"<script>" });
  assert.equal(r.status, 403, "statusCode override");
  assert.equal(r.headers["content-type"], "application/json");
  const id = r.headers["x-error-id"];
  assert.match(id, /^[0-9a-f-]{36}$/);
  assert.deepEqual(r.json, { error: "blocked", id, agent: "evil\"},{\"x\":\"<script>" }, "operator values JSON-escaped: the body stays one valid object");
  assert.equal(r.headers["strict-transport-security"], "max-age=31536000; includeSubDomains", "security headers too");
  assert.equal(r.headers["cache-control"], "no-store", "headers of the original reply are kept");
  const blocked = h.logsSince(n).find((l) => l.startsWith("bulwark: blocked"));
  assert.match(blocked, /status=403 details=bulwark_request_blocked_limits stage=limits/, "logged as the block it is, with the status sent");
});

test("Accept picks the representation; HTML from a ConfigMap with escaped operator values; text/plain fallback", async () => {
  const html = await h.send(tooLong, { accept: "text/html,application/xhtml+xml,*/*;q=0.8", "user-agent": "<img src=x onerror=alert(1)>" });
  assert.equal(html.headers["content-type"], "text/html");
  const body = html.body.toString();
  assert.ok(body.includes("&lt;img src=x onerror=alert(1)&gt;"), body);
  assert.ok(!body.includes("<img"), "no markup from the request");
  assert.ok(body.includes("width:100%"), "a % in a ConfigMap page is literal");
  const none = await h.send(tooLong, { "user-agent": "curl" });
  assert.equal(none.headers["content-type"], "text/plain");
  assert.equal(none.body.toString(), "Blocked (403), 100% sure. Agent: curl");
  const unknown = await h.send(tooLong, { accept: "image/png", "user-agent": "curl" });
  assert.equal(unknown.headers["content-type"], "text/plain", "nothing acceptable: text/plain");
});

test("request conditions: an entry with empty responses keeps the built-in reply", async () => {
  const r = await h.send(`/quiet/${"a".repeat(2000)}`, { accept: "application/json" });
  assert.equal(r.status, 400);
  assert.equal(r.json.error, "request blocked");
});

test("an upstream 503 is replaced: its headers and body are dropped, the custom one sent", async () => {
  const n = h.logCount;
  const r = await h.send("/status/503?x-upstream-secret=1&server=nginx");
  assert.equal(r.status, 503);
  assert.equal(r.body.toString(), "Down for maintenance (503)");
  assert.equal(r.headers["retry-after"], "120");
  assert.equal(r.headers["x-upstream-secret"], undefined, "upstream headers dropped");
  assert.equal(r.headers["x-content-type-options"], "nosniff", "security headers on the replacement");
  assert.ok(!h.logsSince(n).some((l) => l.startsWith("bulwark: blocked")), "a replacement is not a block");
});

test("an upstream range rule without body sends no body and no Content-Type; other statuses pass through", async () => {
  const r = await h.send("/status/502");
  assert.equal(r.status, 502);
  assert.equal(r.body.length, 0);
  assert.equal(r.headers["content-type"], undefined);
  const ok = await h.send("/status/504");
  assert.equal(ok.status, 504);
  assert.equal(ok.json.path, "/status/504", "the upstream's own body");
  const fine = await h.send("/status/200");
  assert.equal(fine.json.path, "/status/200");
});
