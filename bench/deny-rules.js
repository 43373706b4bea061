// The whole pipeline with deny rules, through the Node host (release build): a benign
// GET with 10 parameters and a 2 KB JSON POST at Standard (targets: < 30 µs and < 80 µs
// median), the same without deny rules (what the rules add), blocked attacks, each level,
// and the configuration-time cost of compiling the rules. Runnable alone:
// `node bench/deny-rules.js`.
//
// Every request shape and configuration runs interleaved in rounds spread over 20 s
// (stats.js interleaved): a median is the median of the rounds' medians of per-request CPU
// time, so the shared machine's throttled phases weigh on every cell alike instead of on
// whichever ran then (sequential single medians of the same build moved by 2x).
import { readFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ProxyWasmHost } from "../host/index.js";
import { defaultConfig } from "../src/compiler/index.js";
import { GET_10, POST_2K } from "./requests.js";
import { interleaved } from "./stats.js";

const wasmPath = fileURLToPath(new URL("../build/bulwark.wasm", import.meta.url));

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

// Requests whose parameter values (GET) or string values (JSON) differ every time, so the
// cache of clean values (deny/memo.ts) only helps with what real clients repeat (header
// names and values, parameter names, JSON keys). Deterministic PRNG.
const WORDS = ["running", "shoes", "blue", "red", "jacket", "winter", "sale", "size", "men", "women", "kids", "trail",
  "road", "leather", "waterproof", "light", "black", "white", "green", "classic", "sport", "casual", "summer", "wool"];
let seed = 42;
function rnd(n) { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; }
function words(k) { const out = []; for (let i = 0; i < k; i++) out.push(WORDS[rnd(WORDS.length)]); return out.join(" "); }

function variedGet() {
  const q = new URLSearchParams({
    q: words(2), page: String(rnd(50)), size: String(12 + rnd(48)), sort: words(1), order: rnd(2) ? "asc" : "desc",
    color: words(1), brand: words(1) + rnd(1000), min: String(rnd(100)), max: String(100 + rnd(900)), lang: "en",
  });
  return { ...GET_10, path: `/shop/search?${q}` };
}

function variedPost() {
  const items = [];
  let body = "";
  for (let i = 0; body.length < 2048 - 120; i++) {
    items.push({ sku: `SKU-${rnd(100000)}`, name: `${words(3)} ${rnd(100)}`, qty: rnd(5) + 1, price: rnd(10000) / 100 });
    body = JSON.stringify({ order: { id: `ord-${rnd(1e6)}`, customer: { name: words(2), email: `${words(1)}${rnd(1000)}@example.com` }, items } });
  }
  return { ...POST_2K, body };
}

const ATTACK = {
  method: "GET",
  path: "/shop/search?q=1%27%20UNION%20SELECT%20password%20FROM%20users--&page=2",
  authority: "shop.example.com",
  headers: { "user-agent": "Mozilla/5.0", accept: "*/*" },
};

export async function run({ iterations = 5000, warmup = 1000, seconds = 20 } = {}) {
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
  const check = await std.simulate(ATTACK);
  if (check.status !== 400) throw new Error(`the attack request was not blocked (status ${check.status})`);
  // Every cell (request shape × configuration) runs in the same rounds, spread over
  // `seconds` (stats.js interleaved explains why).
  const hosts = { "no deny rules": bare.host, "deny rules Basic": levels.Basic.host, "deny rules Standard": std, "deny rules Strict": levels.Strict.host };
  const cells = {};
  for (const [name, req] of [["GET, 10 params", GET_10], ["POST 2 KB JSON", POST_2K]]) {
    for (const [label, h] of Object.entries(hosts)) cells[`${name}, ${label}`] = () => h.simulate(req);
  }
  for (const [name, make] of [["GET, 10 varied params", variedGet], ["POST 2 KB JSON, varied values", variedPost]]) {
    // Every request its own values; both configurations see the same ones.
    const reqs = Array.from({ length: 4096 }, make);
    cells[`${name}, no deny rules`] = (i) => bare.host.simulate(reqs[i & 4095]);
    cells[`${name}, deny rules Standard`] = (i) => std.simulate(reqs[i & 4095]);
  }
  cells["SQL injection GET, blocked at Standard"] = () => std.simulate(ATTACK);
  // CPU time, not wall time: the machine is shared.
  const m = await interleaved(cells, iterations, warmup, { kind: "cpu", batch: 500, seconds });
  for (const [name, r] of Object.entries(m)) {
    if (typeof r !== "object") continue;
    rows.push({ name: `${name}: median (CPU)`, value: r.median, unit: "µs" });
    if (name === "GET, 10 params, deny rules Standard" || name === "POST 2 KB JSON, deny rules Standard") rows.push({ name: `${name}: p99 (CPU)`, value: r.p99, unit: "µs" });
  }
  rows.push({ name: "rounds (each cell one batch of 500 per round)", value: m.rounds, unit: "" });
  bare.host.close();
  for (const l of Object.values(levels)) l.host.close();
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const r of await run()) console.log(`${r.name.padEnd(64)} ${r.value.toFixed(2).padStart(10)} ${r.unit}`);
}
