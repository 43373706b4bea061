// Every limit again, this time over real sockets through `bulwark serve` in front of the demo
// backend, in both threat-handling modes: what a user sees with curl.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startStack, request } from "../serve/support/harness.js";
import { configWith } from "./support.js";
import { CASES } from "./cases.js";

let stack;
before(async () => {
  stack = await startStack({ config: configWith() });
});
after(() => stack.close());

async function use(edit) {
  const r = await stack.server.reload({ config: configWith(edit) });
  assert.equal(r.ok, true, JSON.stringify(r.logs));
}

function send(req) {
  return request(`${stack.server.url}${req.path}`, {
    method: req.method,
    headers: { host: req.authority, ...req.headers },
    body: req.body,
  });
}

/** Returns a function that waits for the access-log record of the next request. */
async function nextAccessRecord() {
  const before = stack.accessLog.length;
  return async () => (await stack.waitForLog(before + 1))[before];
}

function eventsSince(n) {
  return stack.filterLogs.slice(n).map((l) => l.message).filter((m) => m.startsWith('{"type":"security_event"')).map((m) => JSON.parse(m));
}

for (const [subtype, edit, under, over] of CASES) {
  const label = `${subtype} (${over.method} ${over.path.slice(0, 24)}${over.headers?.["content-type"] ? `, ${over.headers["content-type"]}` : ""})`;

  test(`over sockets, Block: ${label}`, async () => {
    await use((s) => edit(s.limits));
    const ok = await send(under);
    assert.equal(ok.status, 200, "just under the limit reaches the backend");
    assert.equal(ok.json.method, under.method, "answered by the echo backend");
    const access = await nextAccessRecord();
    const r = await send(over);
    assert.equal(r.status, 400);
    assert.match(r.body.toString(), /^Request blocked\./, "plain-text block page without Accept");
    const log = await access();
    assert.equal(log.localReply, true, "answered by the filter");
    assert.equal(log.upstreamMs, null, "the backend was never asked");
    assert.equal(log.localReplyDetails, "bulwark_request_blocked_limits");
  });

  test(`over sockets, LogOnly: ${label}`, async () => {
    await use((s) => { edit(s.limits); s.limits.threatHandlingMode = "LogOnly"; });
    const n = stack.filterLogs.length;
    const r = await send(over);
    assert.equal(r.status, 200, "LogOnly lets the request through");
    if (over.body !== undefined) assert.equal(r.json.body.length, Buffer.byteLength(over.body), "the body arrives whole");
    const ev = eventsSince(n).find((e) => e.block_subtype === subtype);
    assert.ok(ev, `a ${subtype} event was logged`);
    assert.equal(ev.action, "log_only");
  });
}
