// Independent import check: would build/bulwark.wasm link in Envoy? The list of what Envoy
// provides lives in envoy-abi-imports.js, written from the ABI spec and cpp-host, not from
// host/, so this proves loadability without trusting our own host.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { ENVOY_ABI_0_2_1_IMPORTS, ENVOY_REQUIRED_EXPORTS } from "./envoy-abi-imports.js";
import { ROOT, fixture } from "./support.js";
import { HOST_FUNCTIONS, ABI_SPECIFIC } from "../../host/imports.js";
import { WASI_FUNCTIONS } from "../../host/wasi.js";

function check(file) {
  const mod = new WebAssembly.Module(readFileSync(file));
  const imports = WebAssembly.Module.imports(mod);
  const exports = new Map(WebAssembly.Module.exports(mod).map((e) => [e.name, e.kind]));
  const unknown = imports.filter((i) => i.kind !== "function" || !ENVOY_ABI_0_2_1_IMPORTS.has(`${i.module}.${i.name}`)).map((i) => `${i.module}.${i.name}`);
  const missing = [];
  if (exports.get(ENVOY_REQUIRED_EXPORTS.abiMarker) !== "function") missing.push(ENVOY_REQUIRED_EXPORTS.abiMarker);
  if (exports.get(ENVOY_REQUIRED_EXPORTS.memory) !== "memory") missing.push("memory");
  if (!ENVOY_REQUIRED_EXPORTS.allocator.some((n) => exports.get(n) === "function")) missing.push(ENVOY_REQUIRED_EXPORTS.allocator.join("|"));
  return { imports, unknown, missing };
}

for (const name of ["bulwark.wasm", "bulwark.debug.wasm"]) {
  const file = path.join(ROOT, "build", name);
  test(`build/${name} imports only what Envoy provides for ABI 0.2.1`, { skip: existsSync(file) ? false : `build/${name} is not built (run npm run build)` }, () => {
    const { imports, unknown, missing } = check(file);
    assert.deepEqual(unknown, [], `imports Envoy would refuse: ${unknown.join(", ")}`);
    assert.deepEqual(missing, [], `exports Envoy needs: ${missing.join(", ")}`);
    assert.ok(imports.length > 0);
  });
}

test("the conformance and pass-through fixtures would load in Envoy too", () => {
  for (const name of ["conformance", "passthrough", "blocker"]) {
    const { unknown, missing } = check(fixture(name));
    assert.deepEqual(unknown, [], name);
    assert.deepEqual(missing, [], name);
  }
});

test("the negative fixture is refused by the independent list as well", () => {
  const { unknown } = check(fixture("missing-import"));
  assert.equal(unknown.length, 3);
});

test("our host links exactly the functions Envoy provides (no more, no fewer)", () => {
  const ours = new Set([
    ...HOST_FUNCTIONS.map((f) => `env.proxy_${f}`),
    ...ABI_SPECIFIC.proxy_abi_version_0_2_1.map((f) => `env.proxy_${f}`),
    "env.pthread_equal",
    "env.emscripten_notify_memory_growth",
    ...WASI_FUNCTIONS.flatMap((f) => [`wasi_snapshot_preview1.${f}`, `wasi_unstable.${f}`]),
  ]);
  assert.deepEqual([...ours].filter((n) => !ENVOY_ABI_0_2_1_IMPORTS.has(n)), []);
  assert.deepEqual([...ENVOY_ABI_0_2_1_IMPORTS].filter((n) => !ours.has(n)), []);
});
