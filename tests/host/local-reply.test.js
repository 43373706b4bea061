// Local replies and stream control: send_local_response, continue, close.
import { test } from "node:test";
import assert from "node:assert/strict";
import { conformance, find, header, obs } from "./support.js";

test("local reply from request headers: status, body, extra headers, details; upstream never reached", async () => {
  const host = await conformance(["request_headers local|403|blocked!|waf blocked|x-reason=sqli&X-Rule=942100"]);
  let upstreamCalled = false;
  const r = await host.simulate({ upstream: () => ((upstreamCalled = true), { status: 200 }) });
  assert.equal(upstreamCalled, false);
  assert.equal(r.blocked, true);
  assert.equal(r.status, 403);
  assert.equal(r.response.body.toString(), "blocked!");
  assert.equal(header(r.response.headers, "x-reason"), "sqli");
  assert.equal(header(r.response.headers, "x-rule"), "942100", "extra header names are lowercased");
  assert.equal(header(r.response.headers, "content-type"), "text/plain");
  assert.equal(header(r.response.headers, "content-length"), "8");
  assert.equal(r.local.details, "waf_blocked", "Envoy replaces whitespace in details with '_'");
  assert.equal(r.local.grpcStatus, null, "-1 means no grpc-status");
  assert.equal(r.upstreamRequest, null);
});

test("the filter's return value is ignored after a local reply (Continue does not forward)", async () => {
  const host = await conformance(["request_headers local|401|no", "request_headers return|0"]);
  const s = host.createStream();
  const o = await s.requestHeaders([[":method", "GET"], [":path", "/"], [":authority", "a"], [":scheme", "http"]], true);
  assert.equal(o.action, "local");
  assert.equal(o.response.status, 401);
  assert.equal(s.localResponse.status, 401);
  // later phases get the same terminal outcome
  assert.equal((await s.responseHeaders([[":status", "200"]], true)).action, "local");
  s.finish();
});

test("a local reply passes through the filter's own response callbacks, like Envoy's sendLocalReply", async () => {
  const host = await conformance(["request_headers local|403|denied", "response_headers add|2|x-frame-options|DENY", "response_body body|1|0|100"]);
  const r = await host.simulate({});
  assert.equal(header(r.response.headers, "x-frame-options"), "DENY");
  assert.equal(find(r.logs, "body 1"), "body 1 rc=0 ptr0=false size=6 value=denied");
});

test("local reply after the request body was buffered", async () => {
  const host = await conformance(["request_body local|413|too big|body_too_large"]);
  const r = await host.simulate({ method: "POST", chunks: [Buffer.from("a"), Buffer.from("b")] });
  assert.equal(r.status, 413);
  assert.equal(r.blocked, true);
  assert.equal(r.local.details, "body_too_large");
  assert.equal(obs(r.logs).filter((l) => l.startsWith("request_body")).length, 1, "no more body callbacks after the reply");
});

test("local reply from response headers replaces the upstream response without re-entering the filter", async () => {
  const host = await conformance(["response_headers local|502|bad upstream"]);
  const r = await host.simulate({ upstream: { status: 200, body: "secret" } });
  assert.equal(r.status, 502);
  assert.equal(r.blocked, false, "the request did reach the upstream");
  assert.equal(r.response.body.toString(), "bad upstream");
  assert.equal(obs(r.logs).filter((l) => l.startsWith("response_headers")).length, 1);
});

test("local reply after response headers were sent downstream resets the stream", async () => {
  const host = await conformance(["response_body local|500|late"]);
  const r = await host.simulate({ upstream: { status: 200, body: "x" } });
  assert.equal(r.reset.action, "reset");
  assert.equal(r.response, null);
});

test("proxy_close_stream resets the stream", async () => {
  const host = await conformance(["request_headers close|0"]);
  const r = await host.simulate({});
  assert.equal(r.reset.action, "reset");
  assert.equal(r.reset.details, "wasm_close_stream");
  assert.equal(r.upstreamRequest, null);
});

test("headers StopIteration pauses until proxy_continue_stream; the headers then carry the filter's changes", async () => {
  const host = await conformance(["tick effective|2", "tick add|0|x-late|1", "tick continue|0"]);
  host.vms[0].root.tickPeriodMs = 1;
  const s = host.createStream();
  const p = s.requestHeaders([[":method", "GET"], [":path", "/"], [":authority", "a"], [":scheme", "http"], ["x-on-request-headers", "return|1"]], true);
  let done = false;
  p.then(() => (done = true));
  await new Promise((r) => setImmediate(r));
  assert.equal(done, false);
  host.tick();
  const o = await p;
  assert.equal(o.action, "continue");
  assert.equal(header(o.headers, "x-late"), "1", "headers are writable while stopped, from another callback");
  s.finish();
});

test("response headers StopIteration pauses the response the same way", async () => {
  const host = await conformance(["tick effective|2", "tick continue|1"]);
  host.vms[0].root.tickPeriodMs = 1;
  const s = host.createStream();
  await s.requestHeaders([[":method", "GET"], [":path", "/"], [":authority", "a"], [":scheme", "http"], ["x-on-response-headers", "return|1"]], true);
  const p = s.responseHeaders([[":status", "200"]], false);
  const pb = s.responseBody(Buffer.from("xy"), true);
  host.tick();
  assert.equal((await p).action, "continue");
  const ob = await pb;
  assert.equal(ob.data.toString(), "xy");
  s.finish();
});

test("continue_stream with an invalid stream type is BAD_ARGUMENT", async () => {
  const host = await conformance(["request_headers continue|7", "request_headers close|9"]);
  const r = await host.simulate({});
  assert.equal(find(r.logs, "continue 7"), "continue 7 rc=2");
  assert.equal(find(r.logs, "close 9"), "close 9 rc=2");
});

test("finish() is idempotent and resolves phases still held by the filter", async () => {
  const host = await conformance([]);
  const s = host.createStream();
  const p = s.requestHeaders([[":method", "GET"], [":path", "/"], [":authority", "a"], [":scheme", "http"], ["x-on-request-headers", "return|1"]], true);
  s.finish();
  s.finish();
  assert.equal((await p).action, "reset");
  assert.equal(obs(s.logs).filter((l) => l.startsWith("delete")).length, 1);
});

test("stream.ended reports a local reply sent while no phase is pending", async () => {
  const host = await conformance(["tick effective|2", "tick local|403|late deny"]);
  host.vms[0].root.tickPeriodMs = 1;
  const s = host.createStream();
  const o = await s.requestHeaders([[":method", "GET"], [":path", "/"], [":authority", "a"], [":scheme", "http"]], true);
  assert.equal(o.action, "continue", "the request went upstream");
  host.tick(); // an async callback denies afterwards
  const ended = await s.ended;
  assert.equal(ended.action, "local");
  assert.equal(ended.response.status, 403);
  assert.equal((await s.responseHeaders([[":status", "200"]], true)).action, "local", "the upstream response is dropped");
  s.finish();
  const quiet = host.createStream();
  quiet.finish();
  assert.deepEqual(await quiet.ended, { action: "finished" });
});

test("a local reply to a gRPC request is a trailers-only gRPC response (Envoy sendLocalReply for gRPC)", async () => {
  const host = await conformance(["request_headers local|403|blocked: 100%|waf"]);
  const r = await host.simulate({ method: "POST", headers: { "content-type": "application/grpc+proto" } });
  assert.equal(r.status, 200);
  assert.equal(header(r.response.headers, "grpc-status"), "7", "403 maps to PERMISSION_DENIED");
  assert.equal(header(r.response.headers, "grpc-message"), "blocked: 100%25");
  assert.equal(r.response.body.length, 0);
  assert.equal(r.local.httpStatus, 403);
  // an explicit grpc status from the filter wins
  const host2 = await conformance(["request_headers local|429|slow down||x-r=1|8"]);
  const r2 = await host2.simulate({ method: "POST", headers: { "content-type": "application/grpc" } });
  assert.equal(header(r2.response.headers, "grpc-status"), "8");
  assert.equal(header(r2.response.headers, "x-r"), "1");
});

test("a local reply to a HEAD request has no body", async () => {
  const host = await conformance(["request_headers local|403|denied"]);
  const r = await host.simulate({ method: "HEAD" });
  assert.equal(r.status, 403);
  assert.equal(r.response.body.length, 0);
  assert.equal(header(r.response.headers, "content-length"), "6");
});

test("simulate() rejects with a clear message when the filter holds a phase and never continues", async () => {
  const host = await conformance([]);
  await assert.rejects(host.simulate({ headers: { "x-on-request-headers": "return|1" }, stallTimeoutMs: 20 }), /the filter held request headers for 20 ms without continuing/);
  assert.equal(host.vmStatus()[0].contexts, 1, "the stream was finished");
});
