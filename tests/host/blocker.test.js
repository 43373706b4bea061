// The blocking fixture (tests/fixtures/blocker.ts) stands in for Bulwark when bench/compare.js
// measures the host's own share of a blocked request; it is a fair stand-in only while its
// reply looks like Bulwark's and is sent at the same point of the request.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { ProxyWasmHost } from "../../host/index.js";
import { defaultConfig } from "../../src/compiler/index.js";
import { ATTACKS } from "../../bench/requests.js";
import { fixture } from "./support.js";

test("the blocking fixture answers every attack request like Bulwark's block: status, reply headers, body size, no upstream", async () => {
  const blocker = await ProxyWasmHost.create({ wasm: fixture("blocker"), pluginConfig: "{}", logLevel: "error" });
  const bulwark = await ProxyWasmHost.create({ wasm: readFileSync(new URL("../../build/bulwark.wasm", import.meta.url)), pluginConfig: JSON.stringify(defaultConfig()), logLevel: "error" });
  try {
    for (const req of ATTACKS) {
      const ours = await bulwark.simulate(req);
      const fix = await blocker.simulate(req);
      assert.equal(ours.status, 400, req.path);
      assert.equal(fix.status, 400, req.path);
      assert.equal(fix.upstreamRequest, ours.upstreamRequest, `${req.path}: neither reaches the upstream`);
      assert.deepEqual(fix.local.headers.map(([k]) => k), ours.local.headers.map(([k]) => k), `${req.path}: same reply headers`);
      assert.equal(fix.local.body.length, ours.local.body.length, `${req.path}: same body size`);
    }
  } finally {
    blocker.close();
    bulwark.close();
  }
});
