// envoy-configs/envoy.yaml is checked in for `docker compose up`; it must be exactly what
// the compiler makes from policies/ today, or Envoy would run a stale policy.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { compile } from "../../src/compiler/index.js";
import { envoyBootstrap, envoyBootstrapYaml } from "../../src/envoy/bootstrap.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

test("checked-in envoy-configs/envoy.yaml is up to date with policies/ (run `npm run envoy-config`)", async () => {
  const { config } = await compile(["policies"], { cwd: root });
  const expected = envoyBootstrapYaml(config);
  const actual = readFileSync(`${root}/envoy-configs/envoy.yaml`, "utf8");
  assert.equal(actual, expected);
});

test("the bootstrap loads the module fail-closed and carries the compiled configuration", async () => {
  const { config } = await compile(["policies"], { cwd: root });
  const boot = parse(envoyBootstrapYaml(config));
  const hcm = boot.static_resources.listeners[0].filter_chains[0].filters[0].typed_config;
  const names = hcm.http_filters.map((f) => f.name);
  assert.deepEqual(names, ["bulwark", "envoy.filters.http.router"], "the filter runs before the router");
  const wasm = hcm.http_filters[0].typed_config.config;
  assert.equal(wasm.failure_policy, "FAIL_CLOSED");
  assert.equal(wasm.root_id, "bulwark");
  assert.deepEqual(JSON.parse(wasm.configuration.value), config);
  assert.equal(wasm.vm_config.code.local.filename, "/etc/envoy/bulwark.wasm");
  assert.deepEqual(envoyBootstrap(config).static_resources.clusters.map((c) => c.name), ["backend"]);
});
