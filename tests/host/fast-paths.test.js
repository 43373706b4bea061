// The host's cheap paths (docs/host.md "Performance") must behave exactly like the general ones:
// phases that settle at once, the JS encoder of the pairs wire format, lazily made stream state.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { HeaderMap, marshalPairs, unmarshalPairs } from "../../host/index.js";
import { conformance, find, fields } from "./support.js";

/** The wire format written with Buffer#write only (the reference the fast encoder must match). */
function referencePairs(pairs, enc) {
  let size = 4 + pairs.length * 8;
  for (const [k, v] of pairs) size += Buffer.byteLength(k, enc) + Buffer.byteLength(v, enc) + 2;
  const b = Buffer.alloc(size);
  b.writeUInt32LE(pairs.length, 0);
  let sizes = 4;
  let at = 4 + pairs.length * 8;
  for (const [k, v] of pairs) {
    const kl = b.write(k, at, enc);
    at += kl + 1;
    const vl = b.write(v, at, enc);
    at += vl + 1;
    b.writeUInt32LE(kl, sizes);
    b.writeUInt32LE(vl, sizes + 4);
    sizes += 8;
  }
  return b;
}

test("pairs encoder: short, long, empty, non-ASCII and lone-surrogate strings encode as Buffer#write does (utf8 and latin1)", () => {
  const pairs = [
    [":path", "/a?b=c"], ["", ""], ["x-short", "ascii"], ["x-ü", "ß€"], ["x-long", "v".repeat(31) + "é"],
    ["k".repeat(40), "w".repeat(200)], ["x-surrogate", "a\ud800b"], ["x-astral", "😀"], ["x-latin", "caf\u00e9 \u0141"],
  ];
  for (const enc of ["utf8", "latin1"]) {
    const got = marshalPairs(pairs, enc);
    assert.ok(got.equals(referencePairs(pairs, enc)), `${enc}: bytes differ`);
    assert.equal(new HeaderMap(pairs).byteSize(enc), referencePairs(pairs, enc).length - 4 - pairs.length * 10);
  }
  assert.deepEqual(unmarshalPairs(marshalPairs(pairs.filter(([, v]) => !v.includes("\ud800")))), pairs.filter(([, v]) => !v.includes("\ud800")));
});

test("HeaderMap.from normalises pairs, objects (arrays repeat, undefined skipped) and maps like toPairList did", () => {
  assert.deepEqual(HeaderMap.from([["X-A", 1], [":path", "/"]]).pairs, [[":path", "/"], ["x-a", "1"]]);
  assert.deepEqual(HeaderMap.from({ B: ["1", "2"], c: undefined, d: 0 }).pairs, [["b", "1"], ["b", "2"], ["d", "0"]]);
  const src = new HeaderMap([["a", "1"]]);
  const copy = HeaderMap.from(src);
  copy.add("b", "2");
  assert.deepEqual(src.pairs, [["a", "1"]], "from(HeaderMap) copies");
  assert.deepEqual(HeaderMap.from(null).pairs, []);
});

test("*Now phases return the outcome itself unless the filter holds the phase; the public phases still return promises", async () => {
  const host = await conformance(["response_headers return|1"]);
  const s = host.createStream();
  const o = s.requestHeadersNow(HeaderMap.from([[":method", "GET"], [":path", "/"], [":authority", "a"], [":scheme", "http"]]), true);
  assert.ok(!(o instanceof Promise));
  assert.equal(o.action, "continue");
  const held = s.responseHeadersNow(HeaderMap.from([[":status", "200"]]), true);
  assert.ok(held instanceof Promise, "StopIteration holds the response headers");
  assert.ok(s.isWaiting());
  s.finish();
  assert.equal((await held).action, "reset");

  const t = host.createStream();
  const p = t.requestHeaders([[":method", "GET"], [":path", "/"], [":authority", "a"], [":scheme", "http"]], true);
  assert.ok(p instanceof Promise);
  assert.equal((await p).action, "continue");
  t.finish();
  const u = host.createStream();
  const misuse = u.requestBody("x", true);
  assert.ok(misuse instanceof Promise, "misuse is a rejection, not a throw");
  await assert.rejects(misuse, /requestBody before requestHeaders/);
  u.finish();
  host.close();
});

test("stream.ended made after the stream ended still reports the first outcome", async () => {
  const host = await conformance(["request_headers local|403|no|denied||-1"]);
  const s = host.createStream();
  await s.requestHeaders([[":method", "GET"], [":path", "/"], [":authority", "a"], [":scheme", "http"]], true);
  s.finish();
  const ended = await s.ended;
  assert.equal(ended.action, "local");
  assert.equal(ended.response.status, 403);
  host.close();
});

test("simulate: a single-chunk body reaches the upstream and the client unchanged; several chunks are joined", async () => {
  const host = await conformance([]);
  const body = Buffer.from("hello body");
  const r = await host.simulate({ method: "POST", body, upstream: { status: 200, body: "resp" } });
  assert.deepEqual(r.upstreamRequest.body, body);
  assert.equal(r.response.body.toString(), "resp");
  const r2 = await host.simulate({ method: "POST", chunks: ["ab", "cd", "e"] });
  assert.equal(r2.upstreamRequest.body.toString(), "abcde");
  host.close();
});

test("get_header_map_pairs after the guest grew its memory writes the current view", async () => {
  const host = await conformance(["request_headers grow|20", "request_headers pairs|0"]);
  const r = await host.simulate({ headers: { "x-a": "1", "x-é": "ü" } });
  const p = fields(find(r.logs, "pairs 0"));
  assert.equal(p.rc, "0");
  assert.match(find(r.logs, "pairs 0"), /value=:method=GET&:path=\/&:authority=localhost&:scheme=http&x-a=1&x-é=ü$/);
  host.close();
});
