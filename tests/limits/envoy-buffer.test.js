// The generated Envoy configuration must let the filter buffer the largest body it parses
// (per_connection_buffer_limit_bytes), within a cap, and turn the threat counters' name-encoded
// labels into tags.
import { test } from "node:test";
import assert from "node:assert/strict";
import { bufferLimitFor, envoyBootstrap, BUFFER_LIMIT_CAP, BUFFER_LIMIT_SLACK, ENVOY_DEFAULT_BUFFER_LIMIT, THREAT_STATS_TAGS } from "../../src/envoy/bootstrap.js";
import { configWith } from "./support.js";

test("the buffer limit covers the largest parsed body limit plus one chunk", () => {
  const cfg = configWith((s) => { s.limits.multipart.bodySize = 5 << 20; s.limits.json.bodySize = 2 << 20; });
  assert.deepEqual(bufferLimitFor(cfg), { bytes: (5 << 20) + BUFFER_LIMIT_SLACK, warning: null });
  const boot = envoyBootstrap(cfg);
  assert.equal(boot.static_resources.listeners[0].per_connection_buffer_limit_bytes, (5 << 20) + BUFFER_LIMIT_SLACK);
});

test("general.bodySize does not count (unparsed bodies stream); small limits keep Envoy's default", () => {
  const cfg = configWith((s) => { s.limits.multipart.bodySize = 1000; s.limits.general.bodySize = 1 << 30; });
  assert.equal(bufferLimitFor(cfg).bytes, Math.max(ENVOY_DEFAULT_BUFFER_LIMIT, 102400 + BUFFER_LIMIT_SLACK));
});

test("limits above the cap, unlimited bodies: capped with a warning", () => {
  const big = bufferLimitFor(configWith(() => {})); // multipart default 100Mi
  assert.equal(big.bytes, BUFFER_LIMIT_CAP);
  assert.match(big.warning, /largest parsed body limit is 100 MiB.*capped at 32 MiB.*413/);
  const unlimited = bufferLimitFor(configWith((s) => { s.limits = { threatHandlingMode: "Block", unlimited: true }; }));
  assert.equal(unlimited.bytes, BUFFER_LIMIT_CAP);
  assert.match(unlimited.warning, /without a body size limit/);
  const zero = bufferLimitFor(configWith((s) => { s.limits.json.bodySize = 0; }));
  assert.equal(zero.bytes, BUFFER_LIMIT_CAP);
  assert.equal(bufferLimitFor(configWith((s) => { s.parser = undefined; })).bytes, ENVOY_DEFAULT_BUFFER_LIMIT, "nothing parsed, nothing buffered");
});

test("stats tags extract block_type and block_subtype from the counter names", () => {
  const name = "wasmcustom.bulwark_threats_logged_total.block_type.parser.block_subtype.json_syntax";
  const [type, subtype] = THREAT_STATS_TAGS.map((t) => new RegExp(t.regex).exec(name));
  assert.deepEqual([type[1], type[2]], [".block_type.parser", "parser"]);
  assert.deepEqual([subtype[1], subtype[2]], [".block_subtype.json_syntax", "json_syntax"]);
  assert.equal(new RegExp(THREAT_STATS_TAGS[0].regex).exec("wasmcustom.bulwark_requests_total"), null);
});

test("bulwark manifests warns about the cap and honours --buffer-limit", async () => {
  const { execFileSync, spawnSync } = await import("node:child_process");
  const { fileURLToPath } = await import("node:url");
  const bin = fileURLToPath(new URL("../../bin/bulwark.js", import.meta.url));
  const r = spawnSync(process.execPath, [bin, "manifests", "--target", "envoy"], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /warning: the largest parsed body limit is 100 MiB: per_connection_buffer_limit_bytes is capped at 32 MiB/);
  assert.match(r.stdout, /per_connection_buffer_limit_bytes: 33554432/);
  const chosen = execFileSync(process.execPath, [bin, "manifests", "--target", "envoy", "--buffer-limit", "5000000"], { encoding: "utf8" });
  assert.match(chosen, /per_connection_buffer_limit_bytes: 5000000/);
  const bad = spawnSync(process.execPath, [bin, "manifests", "--target", "envoy", "--buffer-limit", "12k"], { encoding: "utf8" });
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /--buffer-limit: expected a byte count/);
});
