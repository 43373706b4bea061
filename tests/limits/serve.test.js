// Limits and the parser through `bulwark serve` (real sockets, the real host and filter, the demo
// backend): a blocked body never reaches the backend, a streamed one does, and the block page
// comes back over HTTP.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startStack, request } from "../serve/support/harness.js";
import { configWith } from "./support.js";

let stack;
before(async () => {
  stack = await startStack({ config: configWith((s) => { s.limits.json.bodySize = 64 * 1024; s.limits.json.nestingDepth = 16; }) });
});
after(() => stack.close());

test("a JSON body split into many chunks is inspected and forwarded whole", async () => {
  const body = JSON.stringify({ items: Array.from({ length: 200 }, (_, i) => ({ id: i })) });
  const chunks = [];
  for (let i = 0; i < body.length; i += 100) chunks.push(Buffer.from(body.slice(i, i + 100)));
  const r = await request(`${stack.server.url}/api/orders`, { method: "POST", headers: { "content-type": "application/json" }, chunks });
  assert.equal(r.status, 200);
  assert.equal(r.json.body.length, body.length);
});

test("a too-deep JSON body gets the JSON block page with the request id the event names", async () => {
  const r = await request(`${stack.server.url}/api/orders`, {
    method: "POST", headers: { "content-type": "application/json", accept: "application/json" }, body: "[".repeat(17) + "]".repeat(17),
  });
  assert.equal(r.status, 400);
  assert.equal(r.json.error, "request blocked");
  const id = r.json.request_id;
  assert.match(id, /^[0-9a-f-]{36}$/, "the proxy's generated x-request-id");
  assert.equal(r.headers["cache-control"], "no-store");
  const events = stack.filterLogs.map((l) => l.message).filter((m) => m.includes("security_event")).map((m) => JSON.parse(m));
  assert.ok(events.some((e) => e.block_subtype === "json_nesting_depth" && e.request_id === id));
});

test("a body crossing its limit mid-stream is answered 400 before the client finished sending", async () => {
  const chunks = Array.from({ length: 40 }, () => Buffer.alloc(4096, 0x20));
  const r = await request(`${stack.server.url}/api/orders`, { method: "POST", headers: { "content-type": "application/json" }, chunks });
  assert.equal(r.status, 400);
  assert.match(r.body.toString(), /^Request blocked\./);
});
