import assert from "node:assert/strict";
import { test } from "node:test";
import { applyEdgeHeaders } from "../../src/serve/edge-headers.js";
import { stripHopByHop } from "../../src/serve/hop-by-hop.js";

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test("hop-by-hop headers are removed, including ones Connection nominates", () => {
  const out = stripHopByHop([
    [":path", "/"],
    ["connection", "keep-alive, X-Secret-Hop"],
    ["keep-alive", "timeout=5"],
    ["proxy-connection", "keep-alive"],
    ["transfer-encoding", "chunked"],
    ["upgrade", "websocket"],
    ["x-secret-hop", "1"],
    ["te", "gzip"],
    ["accept", "*/*"],
    ["set-cookie", "a=1"],
    ["set-cookie", "b=2"],
  ]);
  assert.deepEqual(out, [[":path", "/"], ["accept", "*/*"], ["set-cookie", "a=1"], ["set-cookie", "b=2"]]);
});

test("te survives only as trailers", () => {
  assert.deepEqual(stripHopByHop([["te", "trailers"]]), [["te", "trailers"]]);
  assert.deepEqual(stripHopByHop([["te", "deflate, Trailers"]]), [["te", "trailers"]]);
  assert.deepEqual(stripHopByHop([["te", "deflate"]]), []);
});

test("edge headers: request id generated and client one replaced by default", () => {
  const a = applyEdgeHeaders([["accept", "*/*"]], { clientIp: "203.0.113.7", scheme: "http", preserveExternalRequestId: false });
  assert.match(a.requestId, UUID_V4);
  assert.deepEqual(a.pairs, [["accept", "*/*"], ["x-forwarded-for", "203.0.113.7"], ["x-forwarded-proto", "http"], ["x-request-id", a.requestId]]);

  const b = applyEdgeHeaders([["x-request-id", "client-chosen"]], { clientIp: "203.0.113.7", scheme: "http", preserveExternalRequestId: false });
  assert.notEqual(b.requestId, "client-chosen");
  assert.equal(b.pairs.filter(([n]) => n === "x-request-id").length, 1);

  const c = applyEdgeHeaders([["x-request-id", "client-chosen"]], { clientIp: "203.0.113.7", scheme: "http", preserveExternalRequestId: true });
  assert.equal(c.requestId, "client-chosen");
});

test("edge headers: x-forwarded-for appended, x-forwarded-proto overwritten", () => {
  const r = applyEdgeHeaders(
    [["x-forwarded-for", "198.51.100.1"], ["x-forwarded-for", "198.51.100.2"], ["x-forwarded-proto", "https"]],
    { clientIp: "::1", scheme: "http", preserveExternalRequestId: false },
  );
  const get = (n) => r.pairs.filter(([k]) => k === n).map(([, v]) => v);
  assert.deepEqual(get("x-forwarded-for"), ["198.51.100.1, 198.51.100.2, ::1"]);
  assert.deepEqual(get("x-forwarded-proto"), ["http"]);
});
