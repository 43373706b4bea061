// Seeded random exchanges against the stream state machine: whatever the filter returns, every
// phase settles once the filter continues, outcomes are well formed, and finish() leaves only the
// root context with flat memory.
import { test } from "node:test";
import assert from "node:assert/strict";
import { conformance } from "./support.js";

const PHASE_COMMANDS = {
  request_headers: ["return|0", "return|1", "local|403|x", "close|0", "add|0|x-a|1", "continue|0"],
  request_body: ["return|0", "return|1", "return|2", "return|3", "local|413|big", "setbody|0|0|0|P", "continue|0"],
  request_trailers: ["return|0", "return|1", "add|1|x|y"],
  response_headers: ["return|0", "return|1", "local|500|r", "add|2|x-r|1"],
  response_body: ["return|0", "return|1", "local|500|late", "setbody|1|0|99|R"],
  response_trailers: ["return|0", "return|1"],
};
const ACTIONS = new Set(["continue", "buffer", "local", "reset"]);

function prng(seed) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}

const nextTurn = () => new Promise((r) => setImmediate(r));

test("random filter behaviour: phases settle after continue, outcomes are valid, nothing leaks", async () => {
  // Every tick makes the newest stream effective and continues both directions.
  const host = await conformance(["configure tick|1000", "tick effective-last", "tick continue|0", "tick continue|1"], { bufferLimitBytes: 64, logLevel: "warn" });
  const rnd = prng(20261123);
  const pick = (a) => a[Math.floor(rnd() * a.length)];
  const memory = host.vmStatus()[0].memoryBytes;
  for (let iter = 0; iter < 400; iter++) {
    const headers = [[":method", "POST"], [":path", "/"], [":authority", "a"], [":scheme", "http"]];
    for (const [phase, cmds] of Object.entries(PHASE_COMMANDS)) {
      const name = `x-on-${phase.replace("_", "-")}`;
      if (rnd() < 0.5) headers.push([name, pick(cmds)]);
      if (rnd() < 0.3) headers.push([name, pick(cmds)]); // combinations such as continue + return|1
    }
    const s = host.createStream();
    const chunks = Math.floor(rnd() * 4);
    const trailers = rnd() < 0.3;
    const respChunks = Math.floor(rnd() * 3);
    const ops = [() => s.requestHeaders(headers, chunks === 0 && !trailers)];
    for (let i = 0; i < chunks; i++) ops.push(() => s.requestBody(Buffer.alloc(Math.floor(rnd() * 50), 97), i === chunks - 1 && !trailers));
    if (trailers) ops.push(() => s.requestTrailers([["t", "1"]]));
    ops.push(() => s.responseHeaders([[":status", "200"]], respChunks === 0));
    for (let i = 0; i < respChunks; i++) ops.push(() => s.responseBody(Buffer.alloc(10, 98), i === respChunks - 1));
    const pending = [];
    for (const op of ops) {
      const p = op();
      pending.push(p);
      if (rnd() < 0.3) host.tick();
      await nextTurn();
      host.tick();
      const settled = await Promise.race([p, nextTurn().then(() => null)]);
      if (settled && (settled.action === "local" || settled.action === "reset")) break;
    }
    host.tick();
    host.tick();
    let timer;
    const all = await Promise.race([Promise.all(pending), new Promise((r) => (timer = setTimeout(() => r(null), 2000)))]);
    clearTimeout(timer);
    assert.ok(all, `iteration ${iter}: a phase never settled although the filter continued (${JSON.stringify(headers.slice(4))})`);
    for (const o of all) assert.ok(ACTIONS.has(o.action), `iteration ${iter}: bad outcome ${JSON.stringify(o)}`);
    s.finish();
  }
  const st = host.vmStatus()[0];
  assert.equal(st.failed, false);
  assert.equal(st.contexts, 1, "only the root context is left");
  assert.equal(st.memoryBytes, memory, "guest memory did not grow");
});

test("random traps: every phase settles without finish(); FAIL_CLOSED ends the stream, FAIL_OPEN never answers 503", async () => {
  const rnd = prng(4242);
  const pick = (a) => a[Math.floor(rnd() * a.length)];
  const commands = {
    request_headers: ["return|0", "return|1", "trap", "local|403|x"],
    request_body: ["return|0", "return|1", "trap", "return|3"],
    request_trailers: ["return|0", "return|1", "trap"],
    response_headers: ["return|0", "return|1", "trap"],
    response_body: ["return|0", "return|1", "trap"],
  };
  for (const policy of ["FAIL_CLOSED", "FAIL_OPEN"]) {
    for (let iter = 0; iter < 60; iter++) {
      const tick = rnd() < 0.5 ? ["tick trap"] : ["tick continue|0", "tick continue|1"];
      const host = await conformance(["configure tick|1000", "tick effective-last", ...tick], { failurePolicy: policy, logLevel: "critical" });
      const headers = [[":method", "POST"], [":path", "/"], [":authority", "a"], [":scheme", "http"]];
      for (const [phase, cmds] of Object.entries(commands)) if (rnd() < 0.5) headers.push([`x-on-${phase.replace("_", "-")}`, pick(cmds)]);
      const s = host.createStream();
      const pending = [s.requestHeaders(headers, false), s.requestBody(Buffer.from("ab"), false), s.requestBody(Buffer.from("cd"), true)];
      host.tick();
      pending.push(s.responseHeaders([[":status", "200"]], false), s.responseBody(Buffer.from("x"), true));
      for (let i = 0; i < 3; i++) host.tick();
      let timer;
      const out = await Promise.race([Promise.all(pending), new Promise((r) => (timer = setTimeout(() => r(null), 2000)))]);
      clearTimeout(timer);
      const label = `${policy} iteration ${iter} ${JSON.stringify(headers.slice(4))} ${tick}`;
      assert.ok(out, `${label}: a phase never settled`);
      if (host.vmStatus()[0].failed) {
        if (policy === "FAIL_CLOSED") assert.ok(out.some((o) => o.action === "local" || o.action === "reset"), `${label}: stream not failed`);
        else assert.ok(!out.some((o) => o.action === "local" && o.response.status === 503), `${label}: FAIL_OPEN answered 503`);
      }
      s.finish();
      host.close();
    }
  }
});
