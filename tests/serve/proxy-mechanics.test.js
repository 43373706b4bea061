// How the proxy carries each kind of filter outcome, with a scripted host (support/scripted-host.js)
// standing in for the filter. These tests are about the proxy, not the filter: the filter's
// behaviour is tested with the real host in serve-*.test.js.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { createScriptedHost } from "./support/scripted-host.js";
import { request, startCustomUpstream, startStack } from "./support/harness.js";

const sha = (b) => createHash("sha256").update(b).digest("hex");

describe("pass-through with a filter that changes headers", () => {
  let stack;
  before(async () => {
    stack = await startStack({ config: {}, hostFactory: createScriptedHost });
  });
  after(() => stack.close());

  test("request and response headers go through the filter; edge headers added", async () => {
    const r = await request(`${stack.server.url}/a/b?x=1`, {
      headers: { "x-forwarded-for": "198.51.100.9", connection: "x-hop", "x-hop": "secret", "x-request-id": "client" },
    });
    assert.equal(r.status, 200);
    assert.equal(r.headers["x-scripted-response"], "1");
    const echo = r.json;
    assert.equal(echo.path, "/a/b");
    assert.deepEqual(echo.query, { x: "1" });
    assert.equal(echo.headers["x-scripted-vm"], "0");
    assert.equal(echo.headers["x-hop"], undefined);
    assert.equal(echo.headers["x-forwarded-for"], "198.51.100.9, 127.0.0.1");
    assert.equal(echo.headers["x-forwarded-proto"], "http");
    assert.notEqual(echo.headers["x-request-id"], "client");
    assert.equal(echo.headers.host, new URL(stack.server.url).host);
    const [log] = await stack.waitForLog(1);
    assert.equal(log.requestId, echo.headers["x-request-id"]);
    assert.equal(stack.server.host.finished, 1);
  });

  test("request trailers reach the upstream", async () => {
    const r = await request(`${stack.server.url}/t`, {
      method: "POST",
      headers: { "transfer-encoding": "chunked", trailer: "x-checksum" },
      chunks: [Buffer.from("abc")],
      trailers: { "x-checksum": "900150983cd24fb0" },
    });
    assert.equal(r.json.body.length, 3);
    assert.deepEqual(r.json.trailers, [["x-checksum", "900150983cd24fb0"]]);
  });
});

describe("filter holds or buffers", () => {
  test("a body buffered until end of stream is released whole", async () => {
    const stack = await startStack({ config: { bufferRequestBody: true }, hostFactory: createScriptedHost });
    try {
      const parts = [Buffer.alloc(100000, 1), Buffer.alloc(50000, 2), Buffer.from("end")];
      const r = await request(`${stack.server.url}/upload`, { method: "POST", chunks: parts });
      assert.equal(r.status, 200);
      assert.deepEqual(r.json.body, { length: 150003, sha256: sha(Buffer.concat(parts)) });
    } finally {
      await stack.close();
    }
  });

  test("headers held until the body's end do not deadlock, and a body verdict can block", async () => {
    const stack = await startStack({ config: { holdHeadersUntilBody: true, blockBodyWord: "evil" }, hostFactory: createScriptedHost });
    try {
      const ok = await request(`${stack.server.url}/p`, { method: "POST", body: "fine body" });
      assert.equal(ok.status, 200);
      assert.equal(ok.json.body.length, 9);
      const bad = await request(`${stack.server.url}/p`, { method: "POST", chunks: [Buffer.from("an ev"), Buffer.from("il body")] });
      assert.equal(bad.status, 403);
      assert.equal(bad.body.toString(), "blocked by scripted filter\n");
      const logs = await stack.waitForLog(2);
      assert.equal(logs[1].localReply, true);
      assert.equal(logs[1].localReplyDetails, "scripted_body");
      assert.equal(logs[1].upstreamMs, null);
    } finally {
      await stack.close();
    }
  });
});

test("while the filter holds the headers, the proxy stops reading past the buffer limit (watermark)", async () => {
  const limit = 16 * 1024;
  const stack = await startStack({ config: { holdHeadersMs: 100, bufferLimitBytes: limit }, hostFactory: createScriptedHost });
  try {
    const parts = Array.from({ length: 64 }, (_, i) => Buffer.alloc(4096, i));
    const r = await request(`${stack.server.url}/held`, { method: "POST", chunks: parts });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json.body, { length: 64 * 4096, sha256: sha(Buffer.concat(parts)) });
    // Held bytes stop growing once the limit is crossed (one socket read of slack, at most 64 KiB).
    assert.ok(stack.server.host.maxHeldBytes >= limit, `held ${stack.server.host.maxHeldBytes}`);
    assert.ok(stack.server.host.maxHeldBytes < limit + 64 * 1024, `held ${stack.server.host.maxHeldBytes}`);
  } finally {
    await stack.close();
  }
});

describe("local replies", () => {
  test("a local reply on request headers is written as is and never reaches the upstream", async () => {
    let upstreamHits = 0;
    const up = await startCustomUpstream((req, res) => {
      upstreamHits++;
      res.end("should not be seen");
    });
    const stack = await startStack({ upstream: up.url, config: { blockPathPrefix: "/blocked" }, hostFactory: createScriptedHost });
    try {
      const r = await request(`${stack.server.url}/blocked/x?q=1`);
      assert.equal(r.status, 403);
      assert.equal(r.headers["x-scripted-local"], "1");
      assert.equal(r.headers["content-type"], "text/plain");
      assert.equal(r.headers["content-length"], String(r.body.length));
      assert.equal(r.body.toString(), "blocked by scripted filter\n");
      assert.equal(upstreamHits, 0);
      const [log] = await stack.waitForLog(1);
      assert.equal(log.status, 403);
      assert.equal(log.localReply, true);
      const prom = await request(`${stack.server.adminUrl}/metrics`);
      assert.match(prom.body.toString(), /bulwark_serve_local_replies_total\{status="403"\} 1/);
    } finally {
      await stack.close();
      await up.close();
    }
  });

  test("a local reply on response headers replaces the upstream response", async () => {
    const stack = await startStack({ config: { blockResponseStatus: 500 }, hostFactory: createScriptedHost });
    try {
      const r = await request(`${stack.server.url}/status/500`);
      assert.equal(r.status, 502);
      assert.equal(r.body.toString(), "response hidden\n");
      const ok = await request(`${stack.server.url}/status/201`);
      assert.equal(ok.status, 201);
    } finally {
      await stack.close();
    }
  });
});

test("a filter that emits an invalid header gets 500 filter error; the server keeps serving", async () => {
  const stack = await startStack({ config: { invalidHeaderOn: "/broken" }, hostFactory: createScriptedHost });
  try {
    const r = await request(`${stack.server.url}/broken`);
    assert.equal(r.status, 500);
    assert.equal(r.body.toString(), "filter error");
    const [rec] = await stack.waitForLog(1);
    assert.deepEqual(rec.flags, ["FE"]);
    assert.match(stack.diag.join("\n"), /filter error on request/);
    assert.equal((await request(`${stack.server.url}/fine`)).status, 200);
    assert.equal(stack.server.host.finished, 2);
  } finally {
    await stack.close();
  }
});

test("a filter that grows a body but keeps content-length cannot desynchronise either connection", async () => {
  const seen = [];
  const up = await startCustomUpstream((req, res) => {
    const parts = [];
    req.on("data", (c) => parts.push(c));
    req.on("end", () => {
      seen.push(Buffer.concat(parts).toString());
      res.writeHead(200, { "content-length": "5" });
      res.end("hello");
    });
    req.on("error", () => {});
  });
  try {
    const reqSide = await startStack({ upstream: up.url, config: { growRequestBody: "SMUGGLED" }, hostFactory: createScriptedHost });
    try {
      const r = await request(`${reqSide.server.url}/p`, { method: "POST", headers: { "content-length": "4" }, body: "abcd" });
      assert.equal(r.status, 500);
      assert.equal(r.body.toString(), "filter error");
      assert.ok(!seen.some((b) => b.includes("SMUGGLED")), JSON.stringify(seen));
      assert.match(reqSide.diag.join("\n"), /released 12 request body bytes but left content-length: 4/);
    } finally {
      await reqSide.close();
    }
    const resSide = await startStack({ upstream: up.url, config: { growResponseBody: "EXTRA" }, hostFactory: createScriptedHost });
    try {
      await assert.rejects(request(`${resSide.server.url}/g`), /aborted|socket hang up|ECONNRESET/);
      const [rec] = await resSide.waitForLog(1);
      assert.ok(rec.flags.includes("FE"), JSON.stringify(rec));
    } finally {
      await resSide.close();
    }
  } finally {
    await up.close();
  }
});

test("--workers 2: connections are pinned to one VM each, round-robin", async () => {
  const stack = await startStack({ workers: 2, config: {}, hostFactory: createScriptedHost });
  try {
    const { default: http } = await import("node:http");
    const agentA = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const agentB = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const a1 = await request(`${stack.server.url}/`, { agent: agentA });
    const b1 = await request(`${stack.server.url}/`, { agent: agentB });
    const a2 = await request(`${stack.server.url}/`, { agent: agentA });
    assert.equal(a2.reused, true);
    assert.equal(a1.json.headers["x-scripted-vm"], a2.json.headers["x-scripted-vm"]);
    assert.notEqual(a1.json.headers["x-scripted-vm"], b1.json.headers["x-scripted-vm"]);
    assert.deepEqual(stack.server.host.streamsPerVm.toSorted(), [1, 2]);
    agentA.destroy();
    agentB.destroy();
  } finally {
    await stack.close();
  }
});

test("reload: a rejected configuration keeps the last good one", async () => {
  const stack = await startStack({ config: {}, hostFactory: createScriptedHost });
  try {
    assert.equal((await request(`${stack.server.url}/blocked`)).status, 200);
    const ok = await stack.server.reload({ config: { blockPathPrefix: "/blocked" } });
    assert.equal(ok.ok, true);
    assert.equal((await request(`${stack.server.url}/blocked`)).status, 403);
    const bad = await stack.server.reload({ config: { reject: true } });
    assert.equal(bad.ok, false);
    assert.match(bad.error, /rejected.*scripted: configuration rejected/);
    assert.equal((await request(`${stack.server.url}/blocked`)).status, 403);
    assert.deepEqual(JSON.parse((await request(`${stack.server.adminUrl}/config`)).body), { blockPathPrefix: "/blocked" });
  } finally {
    await stack.close();
  }
});
