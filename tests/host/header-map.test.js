// Header maps: wire format, get/add/replace/remove, empty maps, availability by phase.
import { test } from "node:test";
import assert from "node:assert/strict";
import { HeaderMap, marshalPairs, unmarshalPairs, WasmResult } from "../../host/index.js";
import { conformance, find, fields, header, obs } from "./support.js";

test("wire format: u32 count, (u32 keyLen, u32 valLen) per pair, then NUL-terminated keys and values", () => {
  const buf = marshalPairs([["a", "1"], ["bc", ""]]);
  assert.equal(buf.toString("hex"), "02000000" + "01000000" + "01000000" + "02000000" + "00000000" + "6100" + "3100" + "626300" + "00");
  assert.deepEqual(unmarshalPairs(buf), [["a", "1"], ["bc", ""]]);
  assert.deepEqual(unmarshalPairs(marshalPairs([["ü", "ß€"]])), [["ü", "ß€"]]);
});

test("malformed pair buffers decode to an empty list, as cpp-host PairsUtil::toPairs does", () => {
  const good = marshalPairs([["a", "1"]]);
  assert.deepEqual(unmarshalPairs(good.subarray(0, good.length - 1)), []); // truncated
  assert.deepEqual(unmarshalPairs(Buffer.concat([good, Buffer.from([0])])), []); // trailing byte
  const noNul = Buffer.from(good);
  noNul[good.length - 3] = 0x41; // key terminator overwritten
  assert.deepEqual(unmarshalPairs(noNul), []);
  const huge = Buffer.alloc(8);
  huge.writeUInt32LE(2000, 0); // over PROXY_WASM_HOST_PAIRS_MAX_COUNT
  assert.deepEqual(unmarshalPairs(huge), []);
});

test("HeaderMap: replace removes every value then appends; pseudo-headers stay in front", () => {
  const m = new HeaderMap([["a", "1"], ["b", "2"], ["a", "3"]]);
  m.replace("A", "9");
  assert.deepEqual(m.toPairs(), [["b", "2"], ["a", "9"]]);
  m.add(":path", "/x");
  assert.deepEqual(m.toPairs()[0], [":path", "/x"]);
  assert.equal(m.byteSize(), 1 + 1 + 1 + 1 + 5 + 2);
});

test("get: present header value, missing header → NOT_FOUND, case-insensitive key", async () => {
  const host = await conformance(["request_headers get|0|User-Agent", "request_headers get|0|x-missing"]);
  const r = await host.simulate({ headers: { "user-agent": "curl/8" } });
  assert.equal(find(r.logs, "get 0 User-Agent"), "get 0 User-Agent rc=0 value=curl/8");
  assert.equal(fields(find(r.logs, "get 0 x-missing")).rc, String(WasmResult.NotFound));
});

test("add appends a second value; replace leaves exactly one; remove drops all", async () => {
  const host = await conformance([
    "request_headers add|0|x-multi|two",
    "request_headers replace|0|x-one|new",
    "request_headers remove|0|x-gone",
    "request_headers add|0|X-Upper|v",
  ]);
  const r = await host.simulate({ headers: [["x-multi", "one"], ["x-one", "a"], ["x-one", "b"], ["x-gone", "1"], ["x-gone", "2"]] });
  const h = r.upstreamRequest.headers;
  assert.deepEqual(h.filter(([k]) => k === "x-multi").map(([, v]) => v), ["one", "two"]);
  assert.deepEqual(h.filter(([k]) => k === "x-one").map(([, v]) => v), ["new"]);
  assert.equal(header(h, "x-gone"), undefined);
  assert.equal(header(h, "x-upper"), "v", "keys are lowercased like Envoy's LowerCaseString");
});

test("get_header_map_pairs returns all pairs; an empty map is pointer 0, size 0", async () => {
  const host = await conformance(["request_headers pairs|0", "request_trailers pairs|1", "response_headers pairs|3"]);
  const r = await host.simulate({ headers: { "x-a": "1" }, trailers: {} });
  const p = fields(find(r.logs, "pairs 0"));
  assert.equal(p.rc, "0");
  assert.notEqual(p.ptr, "0");
  assert.match(find(r.logs, "pairs 0"), /value=:method=GET&:path=\/&:authority=localhost&:scheme=http&x-a=1$/);
  // request trailers exist but are empty
  assert.equal(find(r.logs, "pairs 1"), "pairs 1 rc=0 ptr=0 size=0 value=");
  // response trailers do not exist during response headers: also an empty list, not an error
  assert.equal(find(r.logs, "pairs 3"), "pairs 3 rc=0 ptr=0 size=0 value=");
});

test("set_header_map_pairs replaces the whole map", async () => {
  const host = await conformance(["response_headers setpairs|2|:status=202&x-only=1"]);
  const r = await host.simulate({ upstream: { status: 200, headers: { "x-old": "1" } } });
  assert.deepEqual(r.response.headers, [[":status", "202"], ["x-only", "1"]]);
  assert.equal(r.status, 202);
});

test("get_header_map_size reports Envoy's byteSize (sum of key and value lengths)", async () => {
  const host = await conformance(["request_headers size|0"]);
  const r = await host.simulate({ path: "/ab", headers: { "x-k": "vv" } });
  const expected = ":method".length + 3 + ":path".length + 3 + ":authority".length + "localhost".length + ":scheme".length + 4 + 3 + 2;
  assert.equal(find(r.logs, "size 0"), `size 0 rc=0 value=${expected}`);
});

test("request headers are gone after they continued: body and response phases get BAD_ARGUMENT", async () => {
  const host = await conformance([
    "request_body get|0|x-a",
    "request_body add|0|x-late|1",
    "response_headers get|0|x-a",
    "log get|0|x-a",
    "log add|0|x-log|1",
    "log get|2|content-type",
  ]);
  const r = await host.simulate({ method: "POST", body: "x", headers: { "x-a": "1" }, upstream: { status: 200, headers: { "content-type": "text/plain" } } });
  const lines = obs(r.logs);
  const body = lines.filter((l) => l.startsWith("get 0 x-a") || l.startsWith("add 0 x-late"));
  assert.deepEqual(body.slice(0, 3), [`get 0 x-a rc=${WasmResult.BadArgument} value=`, `add 0 x-late rc=${WasmResult.BadArgument}`, `get 0 x-a rc=${WasmResult.BadArgument} value=`]);
  // the access-log phase can read the final request and response headers but not change them
  assert.equal(lines.filter((l) => l.startsWith("get 0 x-a"))[2], "get 0 x-a rc=0 value=1");
  assert.equal(find(r.logs, "add 0 x-log"), `add 0 x-log rc=${WasmResult.BadArgument}`);
  assert.equal(find(r.logs, "get 2 content-type"), "get 2 content-type rc=0 value=text/plain");
  assert.equal(header(r.upstreamRequest.headers, "x-late"), undefined);
});

test("an unknown map type is BAD_ARGUMENT", async () => {
  const host = await conformance(["request_headers get|9|x", "request_headers pairs|8"]);
  const r = await host.simulate({});
  assert.equal(fields(find(r.logs, "get 9")).rc, String(WasmResult.BadArgument));
  assert.equal(fields(find(r.logs, "pairs 8")).rc, String(WasmResult.BadArgument));
});

test("trailers can be added from the end-of-stream body callback", async () => {
  const host = await conformance(["request_body add|1|x-trailer|t"]);
  const r = await host.simulate({ method: "POST", body: "abc" });
  assert.deepEqual(r.upstreamRequest.trailers, [["x-trailer", "t"]]);
});

test("headerEncoding latin1 passes raw header bytes through unchanged (as Node's HTTP parser delivers them)", async () => {
  // "é" in UTF-8 is C3 A9; Node hands those bytes over as the two characters "Ã©".
  const raw = Buffer.from("é", "utf8").toString("latin1");
  const host = await conformance(["request_headers get|0|x-name", "request_headers size|0", "request_headers add|0|x-out|ü"], { headerEncoding: "latin1" });
  const r = await host.simulate({ path: "/", headers: { "x-name": raw } });
  assert.equal(find(r.logs, "get 0 x-name"), "get 0 x-name rc=0 value=é", "the filter sees the original UTF-8 bytes");
  const out = r.upstreamRequest.headers.find(([k]) => k === "x-out")[1];
  assert.equal(Buffer.from(out, "latin1").toString("utf8"), "ü", "bytes the filter writes come back one character per byte");
  // in the default utf8 mode the same JS string would be re-encoded: 4 bytes instead of 2
  const utf8 = await conformance(["request_headers get|0|x-name"]);
  const r2 = await utf8.simulate({ path: "/", headers: { "x-name": raw } });
  assert.equal(find(r2.logs, "get 0 x-name"), `get 0 x-name rc=0 value=${raw}`);
  await assert.rejects(conformance([], { headerEncoding: "ascii" }), /headerEncoding: expected "utf8" or "latin1"/);
});
