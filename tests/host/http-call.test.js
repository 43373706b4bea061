// proxy_http_call against real local servers: success, unknown cluster, timeout, failures,
// and replies from the callback through the effective context.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import net from "node:net";
import { WasmResult } from "../../host/index.js";
import { conformance, find, fields, header, obs } from "./support.js";

let server;
let base;
const seen = [];

before(async () => {
  server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString(), trailers: req.trailers });
      if (req.url === "/slow") {
        setTimeout(() => res.end("late"), 400);
      } else if (req.url === "/reset") {
        res.writeHead(200, { "content-length": "100" });
        res.write("partial");
        setTimeout(() => res.socket.destroy(), 20);
      } else if (req.url === "/trailers") {
        res.writeHead(200, { trailer: "x-checksum" });
        res.write("body-with-trailers");
        res.addTrailers({ "x-checksum": "abc" });
        res.end();
      } else {
        res.writeHead(req.url === "/deny" ? 403 : 200, { "x-auth": req.url === "/deny" ? "deny" : "allow", "content-type": "text/plain" });
        res.end(req.url === "/deny" ? "denied" : "allowed");
      }
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${server.address().port}`;
});

after(() => server.close());

async function unusedPort() {
  const s = net.createServer();
  await new Promise((r) => s.listen(0, "127.0.0.1", r));
  const port = s.address().port;
  await new Promise((r) => s.close(r));
  return port;
}

const REQ = [[":method", "GET"], [":path", "/app"], [":authority", "shop"], [":scheme", "http"]];

test("a real HTTP call: the server gets the request, the callback reads headers (6), body (4), then continues", async () => {
  const host = await conformance([], { clusters: { authz: base } });
  const r = await host.simulate({
    headers: {
      "x-on-request-headers": ["call|authz|/check?u=1|2000|POST|authz.local|payload", "return|1"],
      "x-on-http-response": ["pairs|6", "body|4|0|100", "get|6|x-auth", "continue|0"],
    },
  });
  assert.equal(r.status, 200, "the stream continued to the upstream");
  const req = seen.at(-1);
  assert.equal(req.method, "POST");
  assert.equal(req.url, "/check?u=1");
  assert.equal(req.headers.host, "authz.local");
  assert.equal(req.headers["x-from"], "conformance");
  assert.equal(req.body, "payload");
  const resp = find(host.logs, "http_response root=");
  assert.match(resp, /^http_response root=1 token=\d+ headers=\d+ body=7 trailers=0$/);
  assert.match(find(r.logs, "pairs 6"), /value=:status=200&x-auth=allow&content-type=text\/plain/);
  assert.equal(find(r.logs, "body 4"), "body 4 rc=0 ptr0=false size=7 value=allowed");
  assert.equal(find(r.logs, "get 6 x-auth"), "get 6 x-auth rc=0 value=allow");
  assert.equal(find(r.logs, "http_response effective"), `http_response effective ${r.stream.id} rc=0`);
});

test("a local reply from the http-call callback, sent through the effective context", async () => {
  const host = await conformance([], { clusters: { authz: base } });
  const r = await host.simulate({
    headers: {
      "x-on-request-headers": ["call|authz|/deny|2000", "return|1"],
      "x-on-http-response": ["local|403|forbidden by authz|ext_authz_denied"],
    },
  });
  assert.equal(r.status, 403);
  assert.equal(r.blocked, true);
  assert.equal(r.response.body.toString(), "forbidden by authz");
  assert.equal(r.local.details, "ext_authz_denied");
  assert.equal(r.upstreamRequest, null);
});

test("trailers of the call response are readable through map type 7", async () => {
  const host = await conformance([], { clusters: { c: base } });
  const r = await host.simulate({
    headers: { "x-on-request-headers": ["call|c|/trailers|2000", "return|1"], "x-on-http-response": ["pairs|7", "continue|0"] },
  });
  assert.match(find(host.logs, "http_response root="), /trailers=1$/);
  assert.match(find(r.logs, "pairs 7"), /value=x-checksum=abc$/);
  assert.equal(r.status, 200);
});

test("request trailers are sent with the call", async () => {
  const host = await conformance([], { clusters: { c: base } });
  const r = await host.simulate({
    headers: { "x-on-request-headers": ["call|c|/ok|2000|POST||b|x-sum=42", "return|1"], "x-on-http-response": ["continue|0"] },
  });
  assert.equal(r.status, 200);
  assert.equal(seen.at(-1).trailers["x-sum"], "42");
});

test("an unknown cluster is BAD_ARGUMENT (Envoy: no thread-local cluster) and no callback follows", async () => {
  const host = await conformance([], { clusters: { known: base } });
  const r = await host.simulate({ headers: { "x-on-request-headers": ["call|nope|/x|100"] } });
  assert.equal(find(r.logs, "call nope"), `call nope rc=${WasmResult.BadArgument} token=0`);
  await host.settle();
  assert.ok(!obs(host.logs).some((l) => l.startsWith("http_response")));
});

test("a call without :path (or :method, :authority) is BAD_ARGUMENT", async () => {
  const host = await conformance([], { clusters: { c: base } });
  const r = await host.simulate({ headers: { "x-on-request-headers": ["call|c|-nopath|100"] } });
  assert.equal(fields(find(r.logs, "call c")).rc, String(WasmResult.BadArgument));
});

test("the timeout is honoured: the callback gets Envoy's 504 'upstream request timeout'", async () => {
  const host = await conformance([], { clusters: { c: base } });
  const r = await host.simulate({
    headers: { "x-on-request-headers": ["call|c|/slow|50", "return|1"], "x-on-http-response": ["pairs|6", "body|4|0|100", "continue|0"] },
  });
  // the slow server answers 200 "late"; a 504 proves the call was cut by the timeout
  assert.match(find(r.logs, "pairs 6"), /value=:status=504&/);
  assert.equal(find(r.logs, "body 4"), "body 4 rc=0 ptr0=false size=24 value=upstream request timeout");
  assert.equal(r.status, 200);
});

test("connection refused: the callback gets the router's 503 local reply", async () => {
  const port = await unusedPort();
  const host = await conformance([], { clusters: { down: `http://127.0.0.1:${port}` } });
  const r = await host.simulate({
    headers: { "x-on-request-headers": ["call|down|/x|1000", "return|1"], "x-on-http-response": ["pairs|6", "local|503|authz unavailable"] },
  });
  assert.match(find(r.logs, "pairs 6"), /value=:status=503&/);
  assert.equal(r.status, 503);
});

test("a reset after the response started: callback with 0 headers, 0 body; get_status says BrokenConnection 'reset'", async () => {
  const host = await conformance([], { clusters: { c: base } });
  const r = await host.simulate({
    headers: { "x-on-request-headers": ["call|c|/reset|2000", "return|1"], "x-on-http-response": ["status", "pairs|6", "body|4|0|10", "continue|0"] },
  });
  assert.match(find(host.logs, "http_response root="), /headers=0 body=0 trailers=0$/);
  assert.equal(find(r.logs, "status"), `status rc=0 code=${WasmResult.BrokenConnection} message=reset`);
  assert.equal(find(r.logs, "pairs 6"), "pairs 6 rc=0 ptr=0 size=0 value=");
  assert.equal(fields(find(r.logs, "body 4")).rc, String(WasmResult.NotFound));
});

test("calls from the root context (e.g. on tick) also get their callback on the root", async () => {
  const host = await conformance(["tick call|c|/ok|1000", "http_response get|6|x-auth"], { clusters: { c: base } });
  host.vms[0].root.tickPeriodMs = 1;
  host.tick();
  await host.settle();
  assert.equal(find(host.logs, "get 6 x-auth"), "get 6 x-auth rc=0 value=allow");
  assert.match(find(host.logs, "http_response root="), /^http_response root=1 token=1 /);
});

test("gRPC calls: unknown service cluster is PARSE_FAILURE as in Envoy", async () => {
  const host = await conformance(["request_headers grpc|nope"]);
  const r = await host.simulate({});
  assert.equal(find(r.logs, "grpc"), `grpc rc=${WasmResult.ParseFailure}`);
});
