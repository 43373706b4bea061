// Bodies: buffering semantics of Envoy's wasm filter, slicing/clamping, body modification.
import { test } from "node:test";
import assert from "node:assert/strict";
import { WasmResult } from "../../host/index.js";
import { conformance, find, fields, obs } from "./support.js";

test("StopIterationAndBuffer: each callback sees everything buffered so far; Continue releases it all", async () => {
  const host = await conformance(["request_body body|0|0|100"]);
  const s = host.createStream();
  await s.requestHeaders([[":method", "POST"], [":path", "/"], [":authority", "a"], [":scheme", "http"], ["x-on-request-body", "return|1"]], false);
  assert.deepEqual(await s.requestBody(Buffer.from("ab"), false), { action: "buffer" });
  assert.deepEqual(await s.requestBody(Buffer.from("cd"), false), { action: "buffer" });
  // the last chunk: the filter returns StopIterationAndBuffer again at end of stream → it waits
  const host2 = await conformance(["request_body body|0|0|100", "request_body bodystatus|0"]);
  const s2 = host2.createStream();
  await s2.requestHeaders([[":method", "POST"], [":path", "/"], [":authority", "a"], [":scheme", "http"], ["x-on-request-body", "return|1"]], false);
  await s2.requestBody(Buffer.from("ab"), false);
  await s2.requestBody(Buffer.from("cd"), false);
  const lines = obs(s2.logs).filter((l) => l.startsWith("body 0") || l.startsWith("request_body") || l.startsWith("bodystatus"));
  assert.deepEqual(lines, [
    `request_body ${s2.id} size=2 eos=0`,
    "body 0 rc=0 ptr0=false size=2 value=ab",
    "bodystatus 0 rc=0 length=2",
    `request_body ${s2.id} size=4 eos=0`,
    "body 0 rc=0 ptr0=false size=4 value=abcd",
    "bodystatus 0 rc=0 length=4",
  ]);
  s.finish();
  s2.finish();
});

test("Continue releases each chunk as it arrives", async () => {
  const host = await conformance(["request_body body|0|0|100"]);
  const s = host.createStream();
  await s.requestHeaders([[":method", "POST"], [":path", "/"], [":authority", "a"], [":scheme", "http"]], false);
  const o1 = await s.requestBody(Buffer.from("ab"), false);
  assert.equal(o1.action, "continue");
  assert.equal(o1.data.toString(), "ab");
  const o2 = await s.requestBody(Buffer.from("cd"), true);
  assert.equal(o2.data.toString(), "cd");
  assert.equal(find(s.logs, "body 0"), "body 0 rc=0 ptr0=false size=2 value=ab", "without buffering the callback sees only its chunk");
  s.finish();
});

test("a body buffered to end of stream is released by proxy_continue_stream from a later callback", async () => {
  // The root's tick makes stream 2 the effective context and continues its request.
  const host = await conformance(["tick effective|2", "tick continue|0"]);
  host.vms[0].root.tickPeriodMs = 1;
  const s = host.createStream();
  assert.equal(s.id, 2);
  await s.requestHeaders([[":method", "POST"], [":path", "/"], [":authority", "a"], [":scheme", "http"], ["x-on-request-body", "return|1"]], false);
  assert.deepEqual(await s.requestBody(Buffer.from("12"), false), { action: "buffer" });
  const p = s.requestBody(Buffer.from("34"), true);
  let settled = false;
  p.then(() => (settled = true));
  await new Promise((r) => setImmediate(r));
  assert.equal(settled, false, "the last chunk waits for the filter");
  host.tick();
  const o = await p;
  assert.equal(o.action, "continue");
  assert.equal(o.data.toString(), "1234");
  s.finish();
});

test("headers StopIteration holds the body (StopAllIterationAndWatermark): the filter sees it only after continue", async () => {
  const host = await conformance(["tick effective|2", "tick continue|0"]);
  host.vms[0].root.tickPeriodMs = 1;
  const s = host.createStream();
  assert.equal(s.id, 2);
  const ph = s.requestHeaders([[":method", "POST"], [":path", "/"], [":authority", "a"], [":scheme", "http"], ["x-on-request-headers", "return|1"]], false);
  assert.deepEqual(await s.requestBody(Buffer.from("ab"), false), { action: "buffer" });
  const pb = s.requestBody(Buffer.from("cd"), true);
  assert.ok(!obs(s.logs).some((l) => l.startsWith("request_body")), "no body callback while headers are stopped");
  host.tick();
  const oh = await ph;
  assert.equal(oh.action, "continue");
  const ob = await pb;
  assert.equal(ob.action, "continue");
  assert.equal(ob.data.toString(), "abcd");
  const bodyCalls = obs(s.logs).filter((l) => l.startsWith("request_body"));
  assert.deepEqual(bodyCalls, [`request_body ${s.id} size=4 eos=1`], "one callback with everything held, end of stream");
  s.finish();
});

test("get_buffer_bytes slices and clamps like cpp-host; start past the end gives pointer 0, size 0", async () => {
  const host = await conformance([
    "request_body body|0|2|3",
    "request_body body|0|4|100",
    "request_body body|0|6|1",
    "request_body body|0|99|5",
    "request_body body|0|0|0",
  ]);
  const r = await host.simulate({ method: "POST", body: "abcdef" });
  const lines = obs(r.logs).filter((l) => l.startsWith("body 0"));
  assert.deepEqual(lines, [
    "body 0 rc=0 ptr0=false size=3 value=cde",
    "body 0 rc=0 ptr0=false size=2 value=ef",
    "body 0 rc=0 ptr0=true size=0 value=",
    "body 0 rc=0 ptr0=true size=0 value=",
    "body 0 rc=0 ptr0=true size=0 value=",
  ]);
});

test("unknown buffer types are BAD_ARGUMENT; buffers that do not exist are NOT_FOUND", async () => {
  const host = await conformance(["request_headers body|9|0|1", "request_headers body|4|0|1", "request_headers body|2|0|1"]);
  const r = await host.simulate({});
  assert.equal(fields(find(r.logs, "body 9")).rc, String(WasmResult.BadArgument));
  assert.equal(fields(find(r.logs, "body 4")).rc, String(WasmResult.NotFound), "no http call response outside its callback");
  assert.equal(fields(find(r.logs, "body 2")).rc, String(WasmResult.NotFound), "no network buffers for an HTTP filter");
});

test("set_buffer_bytes: (0,0) prepends, (0,>=len) replaces, (>=len,_) appends, anything else BAD_ARGUMENT", async () => {
  const host = await conformance([
    "request_body setbody|0|0|0|<",
    "request_body setbody|0|99|0|>",
    "request_body setbody|0|1|1|x",
    "response_body setbody|1|0|99|replaced",
  ]);
  const r = await host.simulate({ method: "POST", body: "mid", upstream: { status: 200, body: "orig" } });
  assert.equal(r.upstreamRequest.body.toString(), "<mid>");
  const rcs = obs(r.logs).filter((l) => l.startsWith("setbody 0")).map((l) => fields(l).rc);
  assert.deepEqual(rcs, ["0", "0", String(WasmResult.BadArgument)]);
  assert.equal(r.response.body.toString(), "replaced");
});

test("modifying a buffered body changes what is released", async () => {
  const host = await conformance(["request_body setbody|0|0|1000|REDACTED"]);
  const s = host.createStream();
  await s.requestHeaders([[":method", "POST"], [":path", "/"], [":authority", "a"], [":scheme", "http"], ["x-on-request-body", "return|1"]], false);
  await s.requestBody(Buffer.from("secret-1"), false);
  // now continue: a fresh host would need a callback; use trailers, which return Continue
  const o = await s.requestTrailers([["x-t", "1"]]);
  assert.equal(o.action, "continue");
  assert.equal(o.data.toString(), "REDACTED");
  assert.deepEqual(o.trailers, [["x-t", "1"]]);
  s.finish();
});

test("a request over the buffer limit while the filter buffers gets Envoy's 413", async () => {
  const host = await conformance([], { bufferLimitBytes: 8 });
  const s = host.createStream();
  await s.requestHeaders([[":method", "POST"], [":path", "/"], [":authority", "a"], [":scheme", "http"], ["x-on-request-body", "return|1"]], false);
  assert.equal((await s.requestBody(Buffer.from("12345"), false)).action, "buffer");
  const o = await s.requestBody(Buffer.from("6789"), false);
  assert.equal(o.action, "local");
  assert.equal(o.response.status, 413);
  assert.equal(o.response.details, "request_payload_too_large");
  s.finish();
});

test("StopIterationNoBuffer drops the chunk", async () => {
  const host = await conformance([]);
  const s = host.createStream();
  await s.requestHeaders([[":method", "POST"], [":path", "/"], [":authority", "a"], [":scheme", "http"], ["x-on-request-body", "return|3"]], false);
  assert.deepEqual(await s.requestBody(Buffer.from("zz"), false), { action: "buffer", dropped: true });
  s.finish();
});

test("response body: the filter sees the upstream body and can buffer it to the end", async () => {
  const host = await conformance(["response_body body|1|0|100"]);
  const r = await host.simulate({ upstream: { status: 200, body: "hello" } });
  assert.equal(find(r.logs, "body 1"), "body 1 rc=0 ptr0=false size=5 value=hello");
  assert.equal(r.response.body.toString(), "hello");
});

test("data buffered mid-stream and released by a continue nobody waited for goes out with the next outcome", async () => {
  const host = await conformance(["tick effective|2", "tick continue|0"]);
  host.vms[0].root.tickPeriodMs = 1;
  const s = host.createStream();
  await s.requestHeaders([[":method", "POST"], [":path", "/"], [":authority", "a"], [":scheme", "http"], ["x-on-request-body", "return|1"]], false);
  assert.deepEqual(await s.requestBody(Buffer.from("first-"), false), { action: "buffer" });
  host.tick(); // the filter continues while no phase is waiting
  const o = await s.requestTrailers([["x-t", "1"]]);
  assert.equal(o.action, "continue");
  assert.equal(o.data.toString(), "first-");
  s.finish();
});

test("http-call response bodies over the limit fail the call like Envoy's ExceedResponseBufferLimit", async () => {
  const { default: http } = await import("node:http");
  const server = http.createServer((req, res) => res.end("x".repeat(5000)));
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  try {
    const host = await conformance([], { clusters: { big: `http://127.0.0.1:${server.address().port}` }, httpCallMaxResponseBytes: 1000 });
    const r = await host.simulate({ headers: { "x-on-request-headers": ["call|big|/|2000", "return|1"], "x-on-http-response": ["status", "continue|0"] } });
    assert.equal(find(r.logs, "status"), `status rc=0 code=${WasmResult.BrokenConnection} message=reset`);
    assert.equal(r.status, 200);
  } finally {
    server.close();
  }
});

test("while headers are stopped, held data over the buffer limit pauses the body phase (watermark flow control)", async () => {
  const host = await conformance(["tick effective|2", "tick continue|0"], { bufferLimitBytes: 4 });
  host.vms[0].root.tickPeriodMs = 1;
  const s = host.createStream();
  const ph = s.requestHeaders([[":method", "POST"], [":path", "/"], [":authority", "a"], [":scheme", "http"], ["x-on-request-headers", "return|1"]], false);
  assert.deepEqual(await s.requestBody(Buffer.from("abc"), false), { action: "buffer" }, "under the limit: accepted at once");
  const p2 = s.requestBody(Buffer.from("def"), false);
  let released = false;
  p2.then(() => (released = true));
  await new Promise((r) => setImmediate(r));
  assert.equal(released, false, "over the limit: the caller must stop sending");
  assert.equal(s.isWaiting(), true);
  host.tick(); // the filter continues
  assert.equal((await ph).action, "continue");
  assert.deepEqual(await p2, { action: "buffer" });
  const last = await s.requestBody(Buffer.from("g"), true);
  assert.equal(last.action, "continue");
  assert.equal(last.data.toString(), "abcdefg", "the held bytes and the last chunk go on together");
  s.finish();
});

test("a continue issued inside a body callback that runs during another resume is not lost", async () => {
  const host = await conformance(["tick effective|2", "tick continue|0"]);
  host.vms[0].root.tickPeriodMs = 1;
  const s = host.createStream();
  const ph = s.requestHeaders(
    [[":method", "POST"], [":path", "/"], [":authority", "a"], [":scheme", "http"], ["x-on-request-headers", "return|1"], ["x-on-request-body", "continue|0"], ["x-on-request-body", "return|1"]],
    false,
  );
  const pb = s.requestBody(Buffer.from("held"), true);
  host.tick(); // continue headers → the held body runs, stops at end of stream and continues itself
  assert.equal((await ph).action, "continue");
  const ob = await pb;
  assert.equal(ob.action, "continue");
  assert.equal(ob.data.toString(), "held");
  s.finish();
});
