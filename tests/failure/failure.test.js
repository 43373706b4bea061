// Failure behaviour of the real filter: a bad configuration update keeps the last good one, and a
// filter that traps (forced by the bulwark-trap test build) fails closed and stays closed on that
// VM, without touching the other VMs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ProxyWasmHost } from "../../host/index.js";
import { defaultConfig } from "../../src/compiler/index.js";

const fixture = (n) => readFileSync(fileURLToPath(new URL(`../../build/fixtures/${n}.wasm`, import.meta.url)));
const nested = (depth) => "[".repeat(depth) + "]".repeat(depth);
const jsonPost = (body, headers = {}) => ({ method: "POST", path: "/api", authority: "shop.example.com", headers: { "content-type": "application/json", ...headers }, body });

function tightConfig() {
  const cfg = defaultConfig();
  cfg.policies[0].limits.json.nestingDepth = 5;
  return cfg;
}

test("an invalid update is refused and the last good configuration stays in force on every VM", async () => {
  const host = await ProxyWasmHost.create({ wasm: fixture("bulwark-trap"), pluginConfig: JSON.stringify(tightConfig()), vms: 2, logLevel: "error" });
  assert.equal((await host.simulate({ ...jsonPost(nested(6)), vm: 0 })).status, 400);
  for (const bad of ["{", JSON.stringify({ ...tightConfig(), version: 2 }), JSON.stringify({ ...tightConfig(), policies: [] })]) {
    const r = await host.reconfigure(bad);
    assert.equal(r.ok, false, `accepted ${bad.slice(0, 40)}`);
    for (const vm of [0, 1]) {
      assert.equal((await host.simulate({ ...jsonPost(nested(6)), vm })).status, 400, "the old depth limit no longer applies");
      assert.equal((await host.simulate({ ...jsonPost(nested(3)), vm })).status, 200);
    }
  }
  host.close();
});

for (const phase of ["headers", "body"]) {
  test(`a trap in request ${phase} fails the stream closed, and the VM stays closed`, async () => {
    const host = await ProxyWasmHost.create({ wasm: fixture("bulwark-trap"), pluginConfig: JSON.stringify(defaultConfig()), vms: 2, failurePolicy: "FAIL_CLOSED", logLevel: "critical" });
    const r = await host.simulate({ ...jsonPost("{\"a\":1}", { "x-test-trap": phase }), vm: 0 });
    assert.equal(r.status, 503);
    assert.equal(r.blocked, true);
    assert.equal(r.local.details, "wasm_fail_stream");
    assert.equal(r.upstreamRequest?.body ?? null, null, "the body reached the upstream");
    assert.equal(host.vmStatus()[0].failed, true);
    // Later ordinary requests on the failed VM are refused without entering it; the other VM serves.
    assert.equal((await host.simulate({ ...jsonPost("{\"a\":1}"), vm: 0 })).status, 503);
    assert.equal((await host.simulate({ ...jsonPost("{\"a\":1}"), vm: 1 })).status, 200);
    host.close();
  });
}
