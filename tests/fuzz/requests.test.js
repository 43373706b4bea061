// Property-based fuzzing of whole requests through the Node host (release build, default
// policy): whatever arrives, the filter never traps, its linear memory stays under a bound, and a
// body its parser cannot read is never passed to the upstream.
//
// Fixed seed and a small run count in `npm test`; `npm run fuzz` runs many more
// (FUZZ_RUNS, FUZZ_SEED). A failure prints the seed and the shrunk counterexample.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { defaultConfig } from "../../src/compiler/index.js";
import { startFilter } from "../filter/support.js";
import { fuzzSettings, MEMORY_BOUND_BYTES } from "./settings.js";

const settings = fuzzSettings(150);
const host = await startFilter(defaultConfig(), { bufferLimitBytes: 64 << 20, logLevel: "error" });

function assertHealthy() {
  const vm = host.vmStatus()[0];
  assert.equal(vm.failed, false, `the VM failed: ${vm.failure}`);
  assert.ok(vm.memoryBytes <= MEMORY_BOUND_BYTES, `linear memory ${vm.memoryBytes} bytes exceeds ${MEMORY_BOUND_BYTES}`);
}

// Text an attacker controls: ASCII with the characters parsers care about, some UTF-8.
const piece = fc.constantFrom("a", "Z", "0", " ", "%", "%2", "%25", "%zz", "%u00", "%c0%af", "+", "&", "=", ";", "/", "..", "\\",
  "'", "\"", "<", ">", "{", "}", "[", "]", ":", ",", "\u0000", "é", "😀", "\uFFFD", "\\u0000", "\\ud800");
const text = fc.array(piece, { maxLength: 40 }).map((a) => a.join(""));
const token = fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/);
const headerValue = fc.array(fc.constantFrom("a", "1", " ", ";", "=", ",", "/", "(", ")", "é", "%", "'"), { maxLength: 30 }).map((a) => a.join("").trim());

const pathArb = fc.tuple(fc.array(text, { maxLength: 5 }), fc.option(fc.array(fc.tuple(text, text), { maxLength: 8 })))
  .map(([segments, query]) => {
    const p = "/" + segments.map((s) => s.replace(/[?#\s]/g, "")).join("/");
    if (!query) return p;
    return p + "?" + query.map(([k, v]) => `${k}=${v}`.replace(/[#\s]/g, "")).join("&");
  });

const bodyArb = fc.oneof(
  fc.record({ type: fc.constant("application/json"), body: fc.oneof(fc.json({ maxDepth: 6 }), text, fc.json().map((j) => j.slice(0, Math.max(0, j.length - 1)))) }),
  fc.record({ type: fc.constant("application/x-www-form-urlencoded"), body: fc.array(fc.tuple(text, text), { maxLength: 12 }).map((kv) => kv.map(([k, v]) => `${k}=${v}`).join("&")) }),
  fc.record({ type: fc.constantFrom("multipart/form-data; boundary=XyZ", "multipart/form-data"), body: fc.array(fc.tuple(token, text), { maxLength: 5 })
    .map((parts) => parts.map(([n, v]) => `--XyZ\r\nContent-Disposition: form-data; name="${n}"\r\n\r\n${v}\r\n`).join("") + "--XyZ--\r\n") }),
  fc.record({ type: fc.constantFrom("text/plain", "application/octet-stream"), body: text }),
);

const requestArb = fc.record({
  method: fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"),
  path: pathArb,
  headers: fc.dictionary(token.filter((n) => !["host", "content-length", "transfer-encoding", "content-type", "connection"].includes(n)), headerValue, { maxKeys: 8 }),
  body: fc.option(bodyArb),
});

function toRequest(r) {
  const req = { method: r.method, path: r.path, authority: "shop.example.com", headers: { ...r.headers } };
  if (r.body) { req.headers["content-type"] = r.body.type; req.body = r.body.body; }
  return req;
}

/** Whether the reference parser refuses the body the filter would parse (null: no opinion). */
function referenceRefuses(req) {
  const type = req.headers["content-type"];
  if (req.body === undefined || req.body.length === 0) return null;
  if (type === "application/json") { try { JSON.parse(req.body); return false; } catch { return true; } }
  if (type === "application/x-www-form-urlencoded") return /%(?![0-9A-Fa-f]{2})/.test(req.body) ? true : null;
  if (type === "multipart/form-data") return true; // no boundary parameter
  return null;
}

test("random requests: no trap, bounded memory, unreadable bodies never reach the upstream", async () => {
  await fc.assert(fc.asyncProperty(requestArb, async (r) => {
    const req = toRequest(r);
    const res = await host.simulate(req);
    assertHealthy();
    assert.ok(res.status >= 200 && res.status < 600, `status ${res.status}`);
    if (referenceRefuses(req) === true) {
      assert.equal(res.blocked, true, `an unparsable ${req.headers["content-type"]} body was passed upstream (status ${res.status})`);
    }
    if (!res.blocked) assert.equal(res.status, 200);
  }), settings);
});

test("bodies split into random chunks get the same decision as whole bodies", async () => {
  const chunked = fc.tuple(bodyArb, fc.array(fc.nat({ max: 64 }), { minLength: 1, maxLength: 6 }));
  await fc.assert(fc.asyncProperty(chunked, async ([b, cuts]) => {
    const whole = { method: "POST", path: "/submit", authority: "shop.example.com", headers: { "content-type": b.type }, body: b.body };
    const bytes = Buffer.from(b.body, "utf8");
    const chunks = [];
    let at = 0;
    for (const c of cuts) { const end = Math.min(bytes.length, at + c); chunks.push(bytes.subarray(at, end)); at = end; }
    chunks.push(bytes.subarray(at));
    const a = await host.simulate(whole);
    const { body, ...rest } = whole;
    const c = await host.simulate({ ...rest, chunks });
    assertHealthy();
    assert.equal(c.status, a.status, "chunking changed the decision");
  }), { ...settings, numRuns: Math.max(20, Math.floor(settings.numRuns / 3)) });
});
