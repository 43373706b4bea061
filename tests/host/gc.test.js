// The collector policy of the release module (assembly/sdk/gc.ts): the minimal
// runtime collects only at the end of callbacks, the built-in rules compile with
// a collection after each pattern (deny/engine.ts buildPendingEngines), and the
// pressure budget keeps large bodies from growing memory. Behaviour after many
// collections must be unchanged (a collection that freed something live would
// show up as wrong decisions or traps).
import { test } from "node:test";
import assert from "node:assert/strict";
import { ProxyWasmHost } from "../../host/index.js";
import { defaultConfig } from "../../src/compiler/index.js";
import { wasm } from "../filter/support.js";
import { GET_10, POST_2K, json64k, ATTACKS } from "../../bench/requests.js";

const MiB = 1 << 20;
const start = (cfg) => ProxyWasmHost.create({ wasm: wasm(), pluginConfig: JSON.stringify(cfg), logLevel: "error" });
const memory = (host) => host.vmStatus()[0].memoryBytes;

test("the default policy (deny rules at Standard) starts within 2 MiB of linear memory", async () => {
  const cfg = defaultConfig();
  assert.equal(cfg.policies[0].denyRules?.level ?? "Standard", "Standard");
  const host = await start(cfg);
  try {
    assert.ok(memory(host) <= 2 * MiB, `linear memory after start: ${memory(host) / 1024} KiB`);
  } finally {
    host.close();
  }
});

test("64 KiB bodies mixed with small requests keep memory at 4 MiB and flat", async () => {
  const host = await start(defaultConfig());
  const big = { ...POST_2K, body: json64k() };
  const mix = [GET_10, big, POST_2K, GET_10, big, ATTACKS[0]];
  const run = async (n) => { for (let i = 0; i < n; i++) await host.simulate(mix[i % mix.length]); };
  try {
    await run(60);
    const warm = memory(host);
    await run(240);
    assert.ok(memory(host) <= 4 * MiB, `linear memory: ${memory(host) / 1024} KiB`);
    assert.equal(memory(host), warm, "no growth after warm-up");
  } finally {
    host.close();
  }
});

test("decisions stay right across many collections and a reconfiguration", async () => {
  const host = await start(defaultConfig());
  const big = { ...POST_2K, body: json64k() };
  try {
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 40; i++) {
        for (const benign of [big, GET_10]) {
          const res = await host.simulate(benign);
          assert.ok(res.upstreamRequest, `passes: ${benign.method} ${benign.path} (status ${res.status})`);
        }
        for (const attack of ATTACKS) assert.equal((await host.simulate(attack)).status, 400, `blocked: ${attack.path}`);
      }
      // A new level compiles another engine while the first configuration is in force.
      const strict = defaultConfig();
      strict.policies[0].denyRules = { ...(strict.policies[0].denyRules ?? {}), level: round === 0 ? "Strict" : "Basic" };
      const res = host.reconfigure(JSON.stringify(strict));
      assert.equal(res.ok, true, JSON.stringify(res.logs));
    }
  } finally {
    host.close();
  }
});
