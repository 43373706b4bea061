// Every limit of the Limits kind, end to end through the filter: just under passes, just over
// blocks with 400 (Block) or passes and is logged (LogOnly), with one security event and one
// counter increment naming the type and subtype.
import { test } from "node:test";
import assert from "node:assert/strict";
import { filterWith, events, counter, blockedCounter, loggedCounter, post, get } from "./support.js";
import { CASES, nest, query } from "./cases.js";

for (const [subtype, edit, under, over, location] of CASES) {
  const label = `${subtype} (${over.method} ${over.path.slice(0, 24)}${over.headers?.["content-type"] ? `, ${over.headers["content-type"]}` : ""})`;

  test(`${label}: just under passes, just over is blocked with 400`, async () => {
    const host = await filterWith((s) => edit(s.limits));
    try {
      const ok = await host.simulate(under);
      assert.equal(ok.status, 200, `under the limit: ${JSON.stringify(events(ok))}`);
      assert.deepEqual(events(ok), []);
      const r = await host.simulate(over);
      assert.equal(r.status, 400);
      assert.equal(r.blocked, true);
      assert.equal(r.upstreamRequest, null, "nothing reached the upstream");
      assert.equal(r.local.details, "bulwark_request_blocked_limits");
      const [ev, ...rest] = events(r);
      assert.deepEqual(rest, [], "one event per violation");
      assert.equal(ev.block_type, "limits");
      assert.equal(ev.block_subtype, subtype);
      assert.equal(ev.action, "block");
      assert.match(ev.location, location);
      assert.ok(ev.observed > ev.limit, `observed ${ev.observed} > limit ${ev.limit}`);
      assert.equal(counter(host, blockedCounter("limits", subtype)), 1);
      assert.equal(r.logs.find((l) => l.message.startsWith("{")).levelName, "warn");
    } finally {
      host.close();
    }
  });

  test(`${label}: LogOnly lets it through and logs it`, async () => {
    const host = await filterWith((s) => { edit(s.limits); s.limits.threatHandlingMode = "LogOnly"; });
    try {
      const r = await host.simulate(over);
      assert.equal(r.status, 200);
      assert.ok(r.upstreamRequest, "the request reached the upstream");
      if (over.body !== undefined) assert.equal(r.upstreamRequest.body.toString(), over.body, "the body is forwarded unchanged");
      const [ev] = events(r);
      assert.equal(ev.block_subtype, subtype);
      assert.equal(ev.action, "log_only");
      assert.equal(r.logs.find((l) => l.message.startsWith("{")).levelName, "info");
      assert.equal(counter(host, loggedCounter("limits", subtype)), 1);
      assert.equal(counter(host, blockedCounter("limits", subtype)), 0);
    } finally {
      host.close();
    }
  });
}

test("unlimited: nothing is limited, bodies are still parsed", async () => {
  const host = await filterWith((s) => { s.limits = { threatHandlingMode: "Block", unlimited: true }; });
  try {
    assert.equal((await host.simulate(get("/" + "a".repeat(5000) + `?${query(500)}`))).status, 200);
    assert.equal((await host.simulate(post("/j", "application/json", nest(500)))).status, 200);
    const broken = await host.simulate(post("/j", "application/json", "{\"a\":"));
    assert.equal(broken.status, 400, "a body that cannot be parsed is still refused");
    assert.equal(events(broken)[0].block_type, "parser");
  } finally {
    host.close();
  }
});

test("a policy without limits section enforces nothing", async () => {
  const host = await filterWith((s) => { s.limits = undefined; });
  try {
    assert.equal((await host.simulate(get("/" + "a".repeat(5000)))).status, 200);
  } finally {
    host.close();
  }
});

test("LogOnly reports each subtype once per request", async () => {
  const host = await filterWith((s) => { s.limits.threatHandlingMode = "LogOnly"; s.limits.parameter.valueLength = 2; });
  try {
    const r = await host.simulate(get(`/s?${query(50, "p", "long")}`));
    assert.equal(r.status, 200);
    assert.equal(events(r).length, 1);
    assert.equal(counter(host, loggedCounter("limits", "parameter_value_length")), 1);
  } finally {
    host.close();
  }
});
