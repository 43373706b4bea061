// Body handling in Envoy terms: a parsed body is buffered (StopIterationAndBuffer) until end of
// stream and decided on before any of it goes upstream; an unparsed body streams through and is
// only counted; either is refused at the chunk that crosses its limit, without holding the rest.
import { test } from "node:test";
import assert from "node:assert/strict";
import { filterWith, events, post } from "./support.js";

function headers(path, contentType, extra = []) {
  return [[":method", "POST"], [":path", path], [":authority", "shop.example.com"], [":scheme", "http"], ["content-type", contentType], ...extra];
}

test("a JSON body in many chunks is buffered, parsed once at end of stream and then released whole", async () => {
  const host = await filterWith(() => {});
  try {
    const body = JSON.stringify({ order: { items: Array.from({ length: 50 }, (_, i) => ({ id: i, name: `item ${i}` })) } });
    const chunks = [];
    for (let i = 0; i < body.length; i += 37) chunks.push(Buffer.from(body.slice(i, i + 37)));
    const s = host.createStream();
    assert.equal((await s.requestHeaders(headers("/j", "application/json"), false)).action, "continue");
    for (let i = 0; i < chunks.length - 1; i++) {
      const o = await s.requestBody(chunks[i], false);
      assert.equal(o.action, "buffer", `chunk ${i} is held`);
    }
    const last = await s.requestBody(chunks.at(-1), true);
    assert.equal(last.action, "continue");
    assert.equal(Buffer.from(last.data).toString(), body, "everything is released at once, unchanged");
    s.finish();
  } finally {
    host.close();
  }
});

test("a broken JSON body split into chunks is blocked at end of stream with the parser reason", async () => {
  const host = await filterWith(() => {});
  try {
    const r = await host.simulate({ ...post("/j", "application/json"), chunks: ['{"a": [1, 2', ', 3', '}'].map((c) => Buffer.from(c)) });
    assert.equal(r.status, 400);
    assert.equal(r.upstreamRequest, null);
    const [ev] = events(r);
    assert.equal(ev.block_type, "parser");
    assert.equal(ev.block_subtype, "json_syntax");
    assert.equal(r.local.details, "bulwark_request_blocked_parser");
  } finally {
    host.close();
  }
});

test("a parsed body crossing its limit mid-stream is refused at that chunk; the rest is never buffered", async () => {
  const host = await filterWith((s) => { s.limits.json.bodySize = 4096; });
  try {
    const s = host.createStream();
    await s.requestHeaders(headers("/j", "application/json"), false);
    const outcomes = [];
    for (let i = 0; i < 10; i++) {
      outcomes.push((await s.requestBody(Buffer.alloc(1024, 0x20), i === 9)).action);
      if (outcomes.at(-1) === "local") break;
    }
    assert.deepEqual(outcomes, ["buffer", "buffer", "buffer", "buffer", "local"], "the 5th KiB crosses 4 KiB");
    assert.equal(s.localResponse.status, 400);
    const ev = events({ logs: s.logs })[0];
    assert.equal(ev.block_subtype, "json_body_size");
    assert.equal(ev.limit, 4096);
    assert.equal(ev.observed, 5120);
    assert.equal((await s.requestBody(Buffer.alloc(1024), true)).action, "local", "later chunks get the same local reply");
    s.finish();
  } finally {
    host.close();
  }
});

test("an unparsed body streams chunk by chunk and is refused when the general limit is crossed", async () => {
  const host = await filterWith((s) => { s.limits.general.bodySize = 3000; });
  try {
    const s = host.createStream();
    await s.requestHeaders(headers("/upload", "application/octet-stream"), false);
    const outcomes = [];
    for (let i = 0; i < 5; i++) outcomes.push((await s.requestBody(Buffer.alloc(1000, 0x61), i === 4)).action);
    assert.deepEqual(outcomes.slice(0, 4), ["continue", "continue", "continue", "local"], "streamed, not held; refused at 4000 > 3000 bytes");
    const ev = events({ logs: s.logs })[0];
    assert.equal(ev.block_subtype, "general_body_size");
    assert.equal(ev.observed, 4000);
    s.finish();
  } finally {
    host.close();
  }
});

test("LogOnly: a body over its limit is released and streams on uninspected", async () => {
  const host = await filterWith((s) => { s.limits.threatHandlingMode = "LogOnly"; s.limits.json.bodySize = 100; });
  try {
    const s = host.createStream();
    await s.requestHeaders(headers("/j", "application/json"), false);
    assert.equal((await s.requestBody(Buffer.from("[" + "1,".repeat(40)), false)).action, "buffer");
    const crossing = await s.requestBody(Buffer.from("1,".repeat(20)), false);
    assert.equal(crossing.action, "continue", "what was held is released");
    assert.equal(Buffer.from(crossing.data).length, 121);
    assert.equal((await s.requestBody(Buffer.from("1]"), true)).action, "continue");
    assert.equal(events({ logs: s.logs })[0].action, "log_only");
    s.finish();
  } finally {
    host.close();
  }
});

test("trailers end a buffered body: it is parsed and decided on then", async () => {
  const host = await filterWith(() => {});
  try {
    const ok = await host.simulate({ ...post("/j", "application/json", '{"a":1}'), trailers: { "x-checksum": "1" } });
    assert.equal(ok.status, 200);
    assert.equal(ok.upstreamRequest.body.toString(), '{"a":1}');
    const bad = await host.simulate({ ...post("/j", "application/json", '{"a":'), trailers: { "x-checksum": "1" } });
    assert.equal(bad.status, 400);
    assert.equal(events(bad)[0].block_subtype, "json_syntax");
  } finally {
    host.close();
  }
});

test("memory stays flat over many parsed requests", async () => {
  const host = await filterWith(() => {});
  try {
    const body = JSON.stringify({ a: Array.from({ length: 100 }, (_, i) => ({ k: `v${i}` })) });
    const run = async (n) => { for (let i = 0; i < n; i++) await host.simulate(post("/j", "application/json", body)); };
    await run(300);
    const before = host.vmStatus()[0].memoryBytes;
    await run(2000);
    assert.equal(host.vmStatus()[0].memoryBytes, before, "no growth after warm-up");
  } finally {
    host.close();
  }
});
