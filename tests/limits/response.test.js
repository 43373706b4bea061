// The block response and the security event: Accept negotiation, the request id, no attacker
// input echoed, no secrets in the log line, counters exported with their labels in the name.
import { test } from "node:test";
import assert from "node:assert/strict";
import { filterWith, events, get, post } from "./support.js";

const ATTACK = "<script>alert(1)</script>";

async function blocked(accept, extraHeaders = {}) {
  const host = await filterWith((s) => { s.limits.parameter.valueLength = 4; });
  try {
    const headers = { "x-request-id": "4f1c2b7e-9a0d-4c55-8f1e-2b8c6d0a9e13", ...extraHeaders };
    if (accept !== undefined) headers.accept = accept;
    const r = await host.simulate(get(`/s?q=${encodeURIComponent(ATTACK)}`, headers));
    assert.equal(r.status, 400);
    return r;
  } finally {
    host.close();
  }
}

const header = (r, name) => r.response.headers.find(([k]) => k === name)?.[1];

test("the block body follows Accept: JSON, HTML, plain text by default", async () => {
  const json = await blocked("application/json");
  assert.match(header(json, "content-type"), /^application\/json/);
  assert.deepEqual(JSON.parse(json.response.body.toString()), { error: "request blocked", request_id: "4f1c2b7e-9a0d-4c55-8f1e-2b8c6d0a9e13" });
  const html = await blocked("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
  assert.match(header(html, "content-type"), /^text\/html/);
  assert.match(html.response.body.toString(), /<title>Request blocked<\/title>[\s\S]*4f1c2b7e-9a0d-4c55-8f1e-2b8c6d0a9e13/);
  const text = await blocked(undefined);
  assert.match(header(text, "content-type"), /^text\/plain/);
  assert.match(text.response.body.toString(), /^Request blocked\.\nRequest ID: 4f1c2b7e/);
  const q = await blocked("text/html;q=0.2, application/json;q=0.7");
  assert.match(header(q, "content-type"), /^application\/json/);
  for (const r of [json, html, text]) assert.equal(header(r, "cache-control"), "no-store");
});

test("the block body never echoes the request: not the attack, not a forged request id", async () => {
  for (const accept of ["application/json", "text/html", "text/plain"]) {
    const r = await blocked(accept, { "x-request-id": "\"><img src=x onerror=alert(1)>" });
    const body = r.response.body.toString();
    assert.ok(!body.includes("script") && !body.includes("alert") && !body.includes("<img"), body);
    assert.ok(!body.includes("/s"), "not even the path");
  }
});

test("the security event has the documented fields and no values, cookies or tokens", async () => {
  const secret = "s3cr3t-t0ken-value";
  const host = await filterWith((s) => { s.limits.json.valueLength = 4; });
  try {
    const r = await host.simulate(post("/api/orders", "application/json", JSON.stringify({ card: secret }), {
      headers: { cookie: `session=${secret}`, authorization: `Bearer ${secret}`, "x-request-id": "req-42" },
    }));
    assert.equal(r.status, 400);
    const lines = r.logs.map((l) => l.message);
    assert.ok(lines.every((l) => !l.includes(secret)), "no secret in any log line");
    const [ev] = events(r);
    assert.deepEqual(Object.keys(ev), ["type", "time", "request_id", "policy", "route", "method", "block_type", "block_subtype", "location", "limit", "observed", "action"]);
    assert.equal(ev.request_id, "req-42");
    assert.equal(ev.policy, "default");
    assert.equal(ev.route, "-");
    assert.equal(ev.method, "POST");
    assert.equal(ev.location, "$.card");
    assert.equal(ev.limit, 4);
    assert.equal(ev.observed, secret.length);
    assert.match(ev.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  } finally {
    host.close();
  }
});

test("names from the request are escaped and cut in the event line", async () => {
  const host = await filterWith((s) => { s.limits.parameter.nameLength = 4; });
  try {
    const name = "a\"b\\c\u0001" + "n".repeat(300);
    const r = await host.simulate(get(`/s?${encodeURIComponent(name)}=1`));
    const line = r.logs.map((l) => l.message).find((m) => m.startsWith("{"));
    assert.ok(!/[\u0000-\u001f]/.test(line), "one line, no control characters");
    const ev = JSON.parse(line);
    assert.ok(ev.location.startsWith("query:a\"b\\c\u0001nnn"));
    assert.ok(ev.location.length <= 128);
  } finally {
    host.close();
  }
});

test("counters carry type, subtype and action in their name (Prometheus through Envoy stats_tags)", async () => {
  const host = await filterWith((s) => { s.limits.general.pathLength = 4; });
  try {
    await host.simulate(get("/abcdef"));
    await host.simulate(get("/abcdefg"));
    const prom = host.prometheus();
    assert.match(prom, /^bulwark_threats_blocked_total_block_type_limits_block_subtype_path_length\{\} 2$/m);
    assert.match(prom, /^bulwark_requests_blocked_total\{\} 2$/m);
  } finally {
    host.close();
  }
});
