// The whole pipeline with deny rules, through the Node host (release build): a benign
// GET with 10 parameters and a 2 KB JSON POST at Standard (targets: < 30 µs and < 80 µs
// median), the same without deny rules (what the rules add), blocked attacks, each level,
// and the configuration-time cost of compiling the rules. Runnable alone:
// `node bench/deny-rules.js`.
import { readFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ProxyWasmHost } from "../host/index.js";
import { defaultConfig } from "../src/compiler/index.js";
import { GET_10, POST_2K } from "./lifecycle.js";

const wasmPath = fileURLToPath(new URL("../build/bulwark.wasm", import.meta.url));

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

// CPU time, not wall time: the machine is shared.
async function measure(host, req, iterations, warmup) {
  for (let i = 0; i < warmup; i++) await host.simulate(req);
  const samples = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) {
    const t0 = process.cpuUsage();
    await host.simulate(req);
    const d = process.cpuUsage(t0);
    samples[i] = d.user + d.system;
  }
  samples.sort();
  return { median: quantile(samples, 0.5), p99: quantile(samples, 0.99) };
}

function configWith(denyRules) {
  const cfg = defaultConfig();
  if (denyRules) cfg.policies[0].denyRules = denyRules;
  else delete cfg.policies[0].denyRules;
  return JSON.stringify(cfg);
}

async function start(config) {
  const t0 = performance.now();
  const host = await ProxyWasmHost.create({ wasm: readFileSync(wasmPath), pluginConfig: config, logLevel: "error" });
  return { host, ms: performance.now() - t0 };
}

const ATTACK = {
  method: "GET",
  path: "/shop/search?q=1%27%20UNION%20SELECT%20password%20FROM%20users--&page=2",
  authority: "shop.example.com",
  headers: { "user-agent": "Mozilla/5.0", accept: "*/*" },
};

export async function run({ iterations = 5000, warmup = 1000 } = {}) {
  if (!existsSync(wasmPath)) throw new Error("build/bulwark.wasm missing: run `npm run build` first");
  const rows = [];
  const bare = await start(configWith(null));
  rows.push({ name: "configure without deny rules (VM start + configure)", value: bare.ms, unit: "ms" });
  const levels = {};
  for (const level of ["Basic", "Standard", "Strict"]) {
    levels[level] = await start(configWith({ level, threatHandlingMode: "Block" }));
    rows.push({ name: `configure with deny rules at ${level}`, value: levels[level].ms, unit: "ms" });
  }
  const std = levels.Standard.host;
  for (const [name, req] of [["GET, 10 params", GET_10], ["POST 2 KB JSON", POST_2K]]) {
    const without = await measure(bare.host, req, iterations, warmup);
    rows.push({ name: `${name}, no deny rules: median (CPU)`, value: without.median, unit: "µs" });
    for (const level of ["Basic", "Standard", "Strict"]) {
      const r = await measure(levels[level].host, req, iterations, warmup);
      rows.push({ name: `${name}, deny rules ${level}: median (CPU)`, value: r.median, unit: "µs" });
      if (level === "Standard") rows.push({ name: `${name}, deny rules Standard: p99 (CPU)`, value: r.p99, unit: "µs" });
    }
  }
  const check = await std.simulate(ATTACK);
  if (check.status !== 400) throw new Error(`the attack request was not blocked (status ${check.status})`);
  const attack = await measure(std, ATTACK, iterations, warmup);
  rows.push({ name: "SQL injection GET, blocked at Standard: median (CPU)", value: attack.median, unit: "µs" });
  bare.host.close();
  for (const l of Object.values(levels)) l.host.close();
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const r of await run()) console.log(`${r.name.padEnd(64)} ${r.value.toFixed(2).padStart(10)} ${r.unit}`);
}
