// envoy-configs/envoy.yaml and docker-compose.yml are checked in for `docker compose up`; they
// must be exactly what `npm run envoy-config` makes from policies/demo and
// envoy-configs/gateway.yaml today, or Envoy would run a stale policy.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { compile } from "../../src/compiler/index.js";
import { checkEnvoyMessage, checkReferences } from "../../src/envoy/proto-check.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const script = JSON.parse(readFileSync(`${root}/package.json`, "utf8")).scripts["envoy-config"];

test("envoy-configs/envoy.yaml and docker-compose.yml are what `npm run envoy-config` writes today", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "bulwark-envoy-config-"));
  try {
    mkdirSync(path.join(dir, "envoy-configs"));
    const args = script.replace(/^node bin\/bulwark\.js /, "").split(/\s+/)
      .map((a) => (a === "envoy-configs/envoy.yaml" || a === "docker-compose.yml" ? path.join(dir, a) : a));
    const r = spawnSync(process.execPath, ["bin/bulwark.js", ...args], { cwd: root, encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(`${root}/envoy-configs/envoy.yaml`, "utf8"), readFileSync(path.join(dir, "envoy-configs/envoy.yaml"), "utf8"), "run `npm run envoy-config`");
    assert.equal(readFileSync(`${root}/docker-compose.yml`, "utf8"), readFileSync(path.join(dir, "docker-compose.yml"), "utf8"), "run `npm run envoy-config`");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the checked-in bootstrap is valid against Envoy's API protos and loads the filter fail-closed", async () => {
  const boot = parse(readFileSync(`${root}/envoy-configs/envoy.yaml`, "utf8"));
  assert.deepEqual(checkEnvoyMessage(boot), []);
  assert.deepEqual(checkReferences(boot), []);
  const hcm = boot.static_resources.listeners[0].filter_chains[0].filters[0].typed_config;
  assert.deepEqual(hcm.http_filters.map((f) => f.name), ["bulwark", "envoy.filters.http.router"], "the filter runs before the router");
  const wasm = hcm.http_filters[0].typed_config.config;
  assert.equal(wasm.failure_policy, "FAIL_CLOSED");
  assert.equal(wasm.root_id, "bulwark");
  const { config } = await compile(["policies/demo", "envoy-configs/gateway.yaml"], { cwd: root });
  assert.deepEqual(JSON.parse(wasm.configuration.value), config);
  assert.equal(wasm.vm_config.code.local.filename, "/etc/envoy/bulwark.wasm");
  // The demo route carries the name the filter's routeNamePrefixes select.
  const route = hcm.route_config.virtual_hosts[0].routes[0];
  assert.equal(route.name, "httproute/demo/demo/rule/0/match/0");
  assert.ok(config.routes.find((r) => r.name === "demo/demo").routeNamePrefixes.some((p) => route.name.startsWith(p)));
  // docker compose publishes every listener and answers for every cluster address.
  const compose = parse(readFileSync(`${root}/docker-compose.yml`, "utf8"));
  for (const l of boot.static_resources.listeners) assert.ok(compose.services.envoy.ports.includes(`${l.address.socket_address.port_value}:${l.address.socket_address.port_value}`));
  for (const c of boot.static_resources.clusters) {
    const host = c.load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address.address;
    assert.ok(compose.services[host], `cluster ${c.name} points at ${host}, a compose service`);
  }
});
