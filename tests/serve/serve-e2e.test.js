// `bulwark serve` end to end: real sockets on random ports, the real proxy-wasm host and the real
// filter (build/bulwark.wasm), the demo backend as upstream.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import http from "node:http";
import net from "node:net";
import { after, before, describe, test } from "node:test";
import { compile, defaultConfig } from "../../src/compiler/index.js";
import { closedPort, parseProm, rawExchange, request, startCustomUpstream, startStack } from "./support/harness.js";

const sha = (b) => createHash("sha256").update(b).digest("hex");
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** Inspection off: the filter passes bodies through as they come (used where the test is about streaming). */
const UNSECURED = { version: 1, policies: [{ name: "open", mode: "unsecured" }], defaultPolicy: "open" };

describe("default protection (no policies given)", () => {
  let stack;
  before(async () => {
    stack = await startStack();
  });
  after(() => stack.close());

  test("runs every feature's defaults and says so", async () => {
    assert.match(stack.server.source, /no --policies or --config given: protecting with every feature's default settings/);
    const cfg = await request(`${stack.server.adminUrl}/config`);
    assert.equal(cfg.status, 200);
    assert.equal(cfg.headers["content-type"], "application/json");
    assert.deepEqual(cfg.json, defaultConfig());
  });

  test("GET passes through with Envoy's edge headers and without hop-by-hop headers", async () => {
    const r = await request(`${stack.server.url}/hello/world?name=ada&x=1`, {
      headers: {
        "user-agent": "serve-test",
        "x-forwarded-for": "198.51.100.1",
        "x-forwarded-proto": "https",
        "x-request-id": "chosen-by-client",
        connection: "keep-alive, x-private-hop",
        "x-private-hop": "drop me",
        "keep-alive": "timeout=5",
        te: "gzip",
      },
    });
    assert.equal(r.status, 200);
    const echo = r.json;
    assert.equal(echo.method, "GET");
    assert.equal(echo.path, "/hello/world");
    assert.deepEqual(echo.query, { name: "ada", x: "1" });
    assert.equal(echo.headers["user-agent"], "serve-test");
    assert.equal(echo.headers.host, new URL(stack.server.url).host);
    assert.equal(echo.headers["x-forwarded-for"], "198.51.100.1, 127.0.0.1");
    assert.equal(echo.headers["x-forwarded-proto"], "http");
    assert.match(echo.headers["x-request-id"], UUID_V4);
    for (const hop of ["x-private-hop", "keep-alive", "te"]) assert.equal(echo.headers[hop], undefined, hop);
  });

  test("response headers set by the application reach the client; hop-by-hop ones do not", async () => {
    const r = await request(`${stack.server.url}/headers?x-app=1&set-cookie=a%3D1&set-cookie=b%3D2&proxy-connection=x`);
    assert.equal(r.status, 200);
    assert.equal(r.headers["x-app"], "1");
    assert.deepEqual(r.headers["set-cookie"], ["a=1", "b=2"]);
    assert.equal(r.headers["proxy-connection"], undefined);
    assert.equal((await request(`${stack.server.url}/status/404`)).status, 404);
  });

  test("POST body arrives intact (1 MiB, chunked by the client)", async () => {
    const parts = Array.from({ length: 16 }, (_, i) => Buffer.alloc(64 * 1024, i));
    const r = await request(`${stack.server.url}/upload`, { method: "POST", headers: { "content-type": "application/octet-stream" }, chunks: parts });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json.body, { length: 1 << 20, sha256: sha(Buffer.concat(parts)) });
    assert.equal(r.json.headers["transfer-encoding"], "chunked"); // re-chunked by the proxy, not passed through
  });

  test("keep-alive: the client connection and the upstream connection are reused", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const a = await request(`${stack.server.url}/one`, { agent });
      const b = await request(`${stack.server.url}/two`, { agent });
      assert.equal(b.reused, true);
      assert.equal(a.localPort, b.localPort);
      assert.equal(a.json.remote.port, b.json.remote.port, "upstream socket reused from the pool");
    } finally {
      agent.destroy();
    }
  });

  test("request headers up to 60 KiB pass; larger ones get 431", async () => {
    const big = "v".repeat(50 * 1024);
    // user-agent: a header the default request allow-list (HeaderRewrites) forwards.
    const ok = await request(`${stack.server.url}/big`, { headers: { "user-agent": big } });
    assert.equal(ok.status, 200);
    assert.equal(ok.json.headers["user-agent"], big);
    const before = stack.accessLog.length;
    const tooBig = await rawExchange(new URL(stack.server.url).port,
      `GET /huge HTTP/1.1\r\nhost: x\r\nx-huge: ${"v".repeat(70 * 1024)}\r\n\r\n`);
    assert.match(tooBig, /^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    const rec = (await stack.waitForLog(before + 1)).at(-1);
    assert.equal(rec.status, 431);
    assert.deepEqual(rec.flags, ["DPE"]);
    const prom = parseProm((await request(`${stack.server.adminUrl}/metrics`)).body.toString());
    assert.ok(prom.bulwark_serve_request_headers_too_large_total >= 1);
  });

  test("more than 100 request headers get 431 (Envoy's max_headers_count)", async () => {
    const many = (n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`x-h${i}`, "1"]));
    const ok = await request(`${stack.server.url}/count`, { headers: many(95) });
    assert.equal(ok.status, 200);
    const before = stack.accessLog.length;
    const r = await request(`${stack.server.url}/count`, { headers: many(120) });
    assert.equal(r.status, 431);
    const rec = (await stack.waitForLog(before + 1)).at(-1);
    assert.deepEqual(rec.flags, ["DPE"]);
    assert.equal(rec.localReply, false);
  });

  test("HTTP/1.0 client, with and without Host", async () => {
    const port = new URL(stack.server.url).port;
    const noHost = await rawExchange(port, "GET /old?v=1 HTTP/1.0\r\n\r\n");
    assert.match(noHost, /^HTTP\/1\.1 200 OK\r\n/);
    const [head, body] = noHost.split("\r\n\r\n");
    assert.doesNotMatch(head, /transfer-encoding: chunked/i);
    const echo = JSON.parse(body);
    assert.equal(echo.path, "/old");
    assert.equal(echo.headers.host, `127.0.0.1:${port}`);
    const withHost = await rawExchange(port, "GET /old HTTP/1.0\r\nHost: app.example\r\n\r\n");
    assert.equal(JSON.parse(withHost.split("\r\n\r\n")[1]).headers.host, "app.example");
  });

  test("access log: one JSON line per request, no query, cookies, authorization or body", async () => {
    const secret = "s3cr3t-v4lue";
    const before = stack.accessLog.length;
    const r = await request(`${stack.server.url}/account/settings?token=${secret}`, {
      method: "POST",
      headers: { cookie: `session=${secret}`, authorization: `Bearer ${secret}`, "content-type": "text/plain" },
      body: `password=${secret}`,
    });
    assert.equal(r.status, 200);
    const rec = (await stack.waitForLog(before + 1)).at(-1);
    assert.deepEqual(Object.keys(rec), ["time", "requestId", "client", "worker", "method", "path", "protocol", "status", "bytesIn",
      "bytesOut", "durationMs", "upstreamMs", "localReply", "localReplyDetails", "flags"]);
    assert.equal(rec.method, "POST");
    assert.equal(rec.path, "/account/settings");
    assert.equal(rec.status, 200);
    assert.equal(rec.bytesIn, `password=${secret}`.length);
    assert.equal(rec.bytesOut, r.body.length);
    assert.equal(rec.requestId, r.json.headers["x-request-id"]);
    assert.match(rec.client, /^127\.0\.0\.1:\d+$/);
    assert.equal(rec.localReply, false);
    assert.equal(rec.localReplyDetails, null);
    assert.equal(typeof rec.upstreamMs, "number");
    assert.ok(rec.durationMs >= rec.upstreamMs);
    assert.ok(!Number.isNaN(Date.parse(rec.time)));
    assert.ok(!JSON.stringify(stack.accessLog).includes(secret));
  });

  test("admin: metrics (proxy and filter), health, readiness, config; unknown paths 404", async () => {
    const m = await request(`${stack.server.adminUrl}/metrics`);
    assert.equal(m.status, 200);
    assert.match(m.headers["content-type"], /^text\/plain; version=0\.0\.4/);
    const text = m.body.toString();
    const prom = parseProm(text);
    assert.ok(prom.bulwark_serve_requests_total >= 1);
    assert.equal(prom.bulwark_serve_active_requests, 0); // admin requests are not proxied ones
    // Every request went through the filter (it counts them itself), except those the proxy
    // rejected before the filter (over 100 headers); the parser's 431s are not requests at all.
    const filterCount = Object.entries(prom).find(([k]) => k.startsWith("bulwark_requests_total"))?.[1];
    const rejectedBeforeFilter = stack.accessLog.filter((r) => r.flags.includes("DPE") && r.method !== null).length;
    assert.equal(rejectedBeforeFilter, 1);
    assert.equal(filterCount, prom.bulwark_serve_requests_total - rejectedBeforeFilter);
    assert.deepEqual(stack.server.host.vmStatus().map((v) => v.contexts), [1], "every stream finished");
    assert.ok(prom['bulwark_serve_responses_total{class="2xx"}'] >= 1);
    // The filter's own metrics come from the host, in the same exposition.
    for (const line of stack.server.host.prometheus().split("\n").filter((l) => l.startsWith("# TYPE"))) {
      assert.ok(text.includes(line), `missing host metric family: ${line}`);
    }
    const alias = await request(`${stack.server.adminUrl}/stats/prometheus`);
    assert.equal(alias.status, 200);
    assert.match(alias.body.toString(), /# TYPE bulwark_serve_requests_total counter/);
    assert.equal((await request(`${stack.server.adminUrl}/ready`)).body.toString(), "LIVE\n");
    assert.equal((await request(`${stack.server.adminUrl}/healthz`)).status, 200);
    assert.equal((await request(`${stack.server.adminUrl}/nope`)).status, 404);
    assert.equal((await request(`${stack.server.adminUrl}/config`, { method: "POST" })).status, 405);
  });
});

describe("upstream failures and client aborts", () => {
  test("upstream down: 502 upstream connect error, logged and counted", async () => {
    const stack = await startStack({ upstream: `http://127.0.0.1:${await closedPort()}` });
    try {
      const r = await request(`${stack.server.url}/x`);
      assert.equal(r.status, 502);
      assert.match(r.body.toString(), /^upstream connect error/);
      const [rec] = await stack.waitForLog(1);
      assert.equal(rec.status, 502);
      assert.deepEqual(rec.flags, ["UF"]);
      assert.equal(rec.localReply, false);
      const prom = parseProm((await request(`${stack.server.adminUrl}/metrics`)).body.toString());
      assert.equal(prom['bulwark_serve_upstream_errors_total{reason="connect"}'], 1);
      // Still serving.
      assert.equal((await request(`${stack.server.url}/y`)).status, 502);
    } finally {
      await stack.close();
    }
  });

  test("upstream that never answers: 504 after the upstream timeout", async () => {
    const up = await startCustomUpstream(() => {});
    const stack = await startStack({ upstream: up.url, upstreamTimeoutMs: 200 });
    try {
      const r = await request(`${stack.server.url}/slow`);
      assert.equal(r.status, 504);
      assert.equal(r.body.toString(), "upstream request timeout");
      const [rec] = await stack.waitForLog(1);
      assert.deepEqual(rec.flags, ["UT"]);
    } finally {
      await stack.close();
      await up.close();
    }
  });

  test("upstream resets mid-response: the client connection is reset, not given a short body", async () => {
    const up = await startCustomUpstream((req, res) => {
      if (req.url !== "/cut") return res.end("fine");
      res.writeHead(200, { "content-length": "100000" });
      res.write("partial");
      setImmediate(() => res.socket.destroy());
    });
    const stack = await startStack({ upstream: up.url });
    try {
      await assert.rejects(request(`${stack.server.url}/cut`), /aborted|socket hang up|ECONNRESET/);
      const [rec] = await stack.waitForLog(1);
      assert.ok(rec.flags.includes("UR"), JSON.stringify(rec));
      assert.equal((await request(`${stack.server.url}/after`)).status, 200);
    } finally {
      await stack.close();
      await up.close();
    }
  });

  test("client disconnects mid-body: the exchange ends cleanly and the server keeps serving", async () => {
    let upstreamSawRequest;
    const seen = new Promise((r) => (upstreamSawRequest = r));
    const up = await startCustomUpstream((req, res) => {
      upstreamSawRequest();
      req.on("data", () => {});
      req.on("end", () => res.end("done"));
      req.on("error", () => {});
    });
    const stack = await startStack({ upstream: up.url, config: UNSECURED });
    try {
      const socket = net.connect(new URL(stack.server.url).port, "127.0.0.1");
      await new Promise((r) => socket.once("connect", r));
      socket.write("POST /upload HTTP/1.1\r\nhost: x\r\ncontent-length: 100000\r\n\r\n");
      socket.write("x".repeat(1000));
      await seen;
      socket.destroy();
      const [rec] = await stack.waitForLog(1);
      assert.ok(rec.flags.includes("DC"), JSON.stringify(rec));
      assert.equal(rec.status, 0);
      assert.equal(rec.bytesIn, 1000);
      const prom = parseProm((await request(`${stack.server.adminUrl}/metrics`)).body.toString());
      assert.equal(prom.bulwark_serve_active_requests, 0);
      assert.equal(prom.bulwark_serve_downstream_aborts_total, 1);
      // The filter's stream context was finished and deleted: only the root context is left.
      assert.deepEqual(stack.server.host.vmStatus().map((v) => v.contexts), [1]);
      const up2 = await request(`${stack.server.url}/next`, { method: "POST", body: "ok" });
      assert.equal(up2.status, 200);
    } finally {
      await stack.close();
      await up.close();
    }
  });
});

test("request body streams: the upstream sees the first chunk before the client sends the rest", async () => {
  let firstChunk;
  const gotFirst = new Promise((r) => (firstChunk = r));
  const up = await startCustomUpstream((req, res) => {
    const hash = createHash("sha256");
    let n = 0;
    req.on("data", (c) => {
      if (n === 0) firstChunk();
      n += c.length;
      hash.update(c);
    });
    req.on("end", () => res.end(JSON.stringify({ n, sha: hash.digest("hex") })));
  });
  const stack = await startStack({ upstream: up.url, config: UNSECURED });
  try {
    const a = Buffer.alloc(4096, "a");
    const b = Buffer.alloc(8192, "b");
    // If the proxy buffered the whole body, gotFirst would never resolve and the test would time out.
    const r = await request(`${stack.server.url}/stream`, { method: "POST", chunks: [a, () => gotFirst, b] });
    assert.deepEqual(r.json, { n: a.length + b.length, sha: sha(Buffer.concat([a, b])) });
  } finally {
    await stack.close();
    await up.close();
  }
});

test("response body streams to the client (8 MiB)", async () => {
  const stack = await startStack({ config: UNSECURED });
  try {
    const r = await request(`${stack.server.url}/bytes/${8 << 20}`);
    assert.equal(r.status, 200);
    assert.equal(r.body.length, 8 << 20);
    const [rec] = await stack.waitForLog(1);
    assert.equal(rec.bytesOut, 8 << 20);
  } finally {
    await stack.close();
  }
});

test("compiled policies: /config is the compiler's output", async () => {
  const stack = await startStack({ policies: ["policies"] });
  try {
    const { config } = await compile(["policies"], { cwd: process.cwd() });
    assert.deepEqual((await request(`${stack.server.adminUrl}/config`)).json, config);
    assert.equal((await request(`${stack.server.url}/`)).status, 200);
  } finally {
    await stack.close();
  }
});

test("reload through the API: a good configuration applies, a bad one keeps the last good", async () => {
  const stack = await startStack();
  try {
    const ok = await stack.server.reload({ config: UNSECURED });
    assert.equal(ok.ok, true, JSON.stringify(ok));
    assert.deepEqual((await request(`${stack.server.adminUrl}/config`)).json, UNSECURED);
    const bad = await stack.server.reload({ config: { version: 99, policies: [] } });
    assert.equal(bad.ok, false);
    assert.match(bad.error, /rejected/);
    assert.deepEqual((await request(`${stack.server.adminUrl}/config`)).json, UNSECURED);
    assert.equal((await request(`${stack.server.url}/still`)).status, 200);
    const prom = parseProm((await request(`${stack.server.adminUrl}/metrics`)).body.toString());
    assert.equal(prom['bulwark_serve_config_reloads_total{result="ok"}'], 1);
    assert.equal(prom['bulwark_serve_config_reloads_total{result="failed"}'], 1);
  } finally {
    await stack.close();
  }
});

test("reload re-reads the policies: a change applies, a broken policy keeps the last good configuration", async () => {
  const { cpSync, mkdtempSync, readFileSync, writeFileSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const dir = mkdtempSync(join(tmpdir(), "bulwark-reload-"));
  cpSync("policies", dir, { recursive: true });
  const route = join(dir, "demo", "http-route.yaml");
  const stack = await startStack({ policies: [dir] });
  try {
    const first = (await request(`${stack.server.adminUrl}/config`)).json;
    assert.deepEqual(first.routes.find((r) => r.name === "demo/demo").hosts, ["localhost"]);
    writeFileSync(route, readFileSync(route, "utf8").replace("    - localhost", "    - shop.example.com"));
    const ok = await stack.server.reload();
    assert.equal(ok.ok, true, ok.error);
    const second = (await request(`${stack.server.adminUrl}/config`)).json;
    assert.deepEqual(second.routes.find((r) => r.name === "demo/demo").hosts, ["shop.example.com"]);
    writeFileSync(route, readFileSync(route, "utf8").replace("kind: HTTPRoute", "kind: HTTPRoute\nspec: [broken"));
    const bad = await stack.server.reload();
    assert.equal(bad.ok, false);
    assert.match(bad.error, /policies do not compile:\n.*http-route\.yaml/);
    assert.deepEqual((await request(`${stack.server.adminUrl}/config`)).json, second);
    assert.equal((await request(`${stack.server.url}/`)).status, 200);
  } finally {
    await stack.close();
  }
});

test("--workers 2: connections are spread over two VMs and pinned", async () => {
  const stack = await startStack({ workers: 2 });
  try {
    const agents = [0, 1, 2].map(() => new http.Agent({ keepAlive: true, maxSockets: 1 }));
    for (const agent of agents) await request(`${stack.server.url}/a`, { agent });
    for (const agent of agents) await request(`${stack.server.url}/b`, { agent });
    const logs = await stack.waitForLog(6);
    const byClient = new Map();
    for (const r of logs) byClient.set(r.client, [...(byClient.get(r.client) ?? []), r.worker]);
    assert.equal(byClient.size, 3);
    for (const workers of byClient.values()) assert.equal(new Set(workers).size, 1, "a connection stays on one VM");
    assert.deepEqual([...new Set(logs.map((r) => r.worker))].sort(), [0, 1]);
    assert.equal(stack.server.host.vmStatus().length, 2);
    const prom = parseProm((await request(`${stack.server.adminUrl}/metrics`)).body.toString());
    assert.equal(Object.entries(prom).find(([k]) => k.startsWith("bulwark_requests_total"))?.[1], 6, "summed over both VMs");
    for (const a of agents) a.destroy();
  } finally {
    await stack.close();
  }
});

test("a filter that rejects its configuration fails start-up with the filter's message", async () => {
  await assert.rejects(startStack({ config: { version: 99, policies: [] } }), (err) => {
    assert.equal(err.userError, true);
    assert.match(err.message, /the filter rejected its configuration:\n.*version/);
    return true;
  });
});

test("port in use is a clear start-up error", async () => {
  const blocker = net.createServer();
  await new Promise((r) => blocker.listen(0, "127.0.0.1", r));
  try {
    await assert.rejects(startStack({ listen: `127.0.0.1:${blocker.address().port}` }), /--listen 127\.0\.0\.1:\d+: cannot listen: address already in use/);
  } finally {
    blocker.close();
  }
});

test("a client that stalls mid-body gets 408 after the stream idle timeout", async () => {
  const stack = await startStack({ streamIdleTimeoutMs: 200, config: UNSECURED });
  try {
    const port = new URL(stack.server.url).port;
    const reply = await rawExchange(port, "POST /stall HTTP/1.1\r\nhost: x\r\ncontent-length: 1000\r\n\r\nonly part");
    assert.match(reply, /^HTTP\/1\.1 408 Request Timeout\r\n/);
    assert.match(reply, /\r\n\r\nstream timeout$/);
    const [rec] = await stack.waitForLog(1);
    assert.deepEqual(rec.flags, ["SI"]);
    assert.equal(rec.bytesIn, 9);
    const prom = parseProm((await request(`${stack.server.adminUrl}/metrics`)).body.toString());
    assert.equal(prom.bulwark_serve_stream_idle_timeouts_total, 1);
    assert.equal(prom.bulwark_serve_active_requests, 0);
  } finally {
    await stack.close();
  }
});

test("close() drains: a request in flight completes, /ready says DRAINING meanwhile, new connections are refused", async () => {
  let release;
  const gate = new Promise((r) => (release = r));
  let arrived;
  const arrival = new Promise((r) => (arrived = r));
  const up = await startCustomUpstream(async (req, res) => {
    arrived();
    await gate;
    res.end("finished late");
  });
  const stack = await startStack({ upstream: up.url, drainMs: 5000 });
  try {
    const inFlight = request(`${stack.server.url}/slow`);
    await arrival;
    const closing = stack.server.close();
    const ready = await request(`${stack.server.adminUrl}/ready`);
    assert.equal(ready.status, 503);
    assert.equal(ready.body.toString(), "DRAINING\n");
    await assert.rejects(request(`${stack.server.url}/new`), /ECONNREFUSED/);
    release();
    const r = await inFlight;
    assert.equal(r.status, 200);
    assert.equal(r.body.toString(), "finished late");
    await closing;
    await assert.rejects(request(`${stack.server.adminUrl}/ready`), /ECONNREFUSED/);
  } finally {
    release();
    await stack.close();
    await up.close();
  }
});
