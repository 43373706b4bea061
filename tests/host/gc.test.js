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

test("64 KiB bodies mixed with small requests keep memory under 4 MiB and flat", async () => {
  const host = await start(defaultConfig());
  const big = { ...POST_2K, body: json64k() };
  const mix = [GET_10, big, POST_2K, GET_10, big, ATTACKS[0]];
  const run = async (n) => { for (let i = 0; i < n; i++) await host.simulate(mix[i % mix.length]); };
  try {
    await run(60);
    const warm = memory(host);
    await run(240);
    assert.ok(memory(host) < 4 * MiB, `linear memory: ${memory(host) / 1024} KiB`);
    assert.equal(memory(host), warm, "no growth after warm-up");
  } finally {
    host.close();
  }
});

// Varied hostile text keeps building new DFA states; the caches stop at their
// budgets (regex/limits.ts) and clear, so memory must level off under 4 MiB.
test("varied attack text fills the DFA caches only up to their budgets", async () => {
  const host = await start(defaultConfig());
  const parts = ["union", "select", "<svg", "onload=", "alert(", "../", "etc/passwd", "' or '", "1=1", "--", "/*", "*/",
    "${jndi:", "sleep(", ";cat ", "|id", "`", "$(", "<script>", "javascript:", "%27", "%3c", "char(", "0x", "{{", "}}",
    "eval(", "document.", "cookie", "&&", "||", "#", "~", "[", "]", "{", "}", "\\", "xp_", "waitfor", "delay"];
  let seed = 7;
  const rnd = (n) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
  const value = () => Array.from({ length: 2 + rnd(6) }, () => parts[rnd(parts.length)] + (rnd(3) ? "" : String(rnd(1000)))).join(rnd(2) ? " " : "");
  const request = () => ({ ...GET_10, path: `/s?q=${encodeURIComponent(value())}&id=${encodeURIComponent(value())}` });
  try {
    for (let i = 0; i < 1500; i++) await host.simulate(request());
    const warm = memory(host);
    for (let i = 0; i < 1500; i++) await host.simulate(request());
    assert.ok(memory(host) < 4 * MiB, `linear memory: ${memory(host) / 1024} KiB`);
    assert.equal(memory(host), warm, "no growth after the caches are full");
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
