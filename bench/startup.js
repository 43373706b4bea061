// Start-up and memory per VM (release build, through the Node host):
// - time from module load to ready (compile + instantiate + proxy_on_vm_start +
//   proxy_on_configure) with the default policy and with a large one (two DenyRules of 250
//   custom rules each, 4,000 exceptions, and a route per policy);
// - linear memory per VM after start, after 10k and after 1M mixed requests (benign GET and
//   JSON, attacks, 64 KB bodies): it must not grow after warm-up.
// `node bench/startup.js [--requests 1000000]`; part of `npm run bench`.
import { readFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import { ProxyWasmHost } from "../host/index.js";
import { defaultConfig, compileSources } from "../src/compiler/index.js";
import { GET_10, POST_2K, json64k, ATTACKS } from "./requests.js";

const wasmPath = fileURLToPath(new URL("../build/bulwark.wasm", import.meta.url));

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** Policies with `rules` custom rules and `exceptions` exceptions in all, split over two DenyRules. */
export async function largePolicy({ rules = 500, exceptions = 4000 } = {}) {
  const docs = [];
  for (let d = 0; d < 2; d++) {
    const custom = [];
    for (let i = d * rules / 2; i < (d + 1) * rules / 2; i++) {
      custom.push(i % 2
        ? { ruleKey: `NO_PARAM_${i}`, blockData: { parameter: { name: { matcher: { exact: `debug_${i}` } } } } }
        : { ruleKey: `NO_PATH_${i}`, requestConditions: { method: ["POST"] }, blockData: { path: { matcher: { prefix: `/internal/${i}/` } } } });
    }
    const ex = [];
    for (let i = d * exceptions / 2; i < (d + 1) * exceptions / 2; i++) {
      ex.push(i % 3 === 0
        ? { ruleKeys: ["SQL"], blockedData: { parameter: { name: { matcher: { exact: `q${i}` } }, source: "Query" } }, requestConditions: { path: { matcher: { prefix: `/search/${i}` } } } }
        : i % 3 === 1
          ? { ruleKeys: ["XSS", "HTML"], blockedData: { json: { jsonPath: `$.posts[*].body${i}` } } }
          : { blockedData: { header: { name: { matcher: { exact: `x-custom-${i}` } } } } });
    }
    docs.push({ apiVersion: "bulwark.dev/v1alpha1", kind: "DenyRules", metadata: { name: `deny-${d}`, namespace: "bench" },
      spec: { request: { builtIn: { exceptions: ex }, custom: { rules: custom } } } });
    docs.push({ apiVersion: "gateway.networking.k8s.io/v1", kind: "HTTPRoute", metadata: { name: `route-${d}`, namespace: "bench" },
      spec: { hostnames: [`app${d}.example.com`], rules: [{ matches: [{ path: { type: "PathPrefix", value: "/" } }] }] } });
    docs.push({ apiVersion: "bulwark.dev/v1alpha1", kind: "ContentSecurityPolicy", metadata: { name: `csp-${d}`, namespace: "bench" },
      spec: { targetRefs: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: `route-${d}` }], secured: { filter: { denyRulesRef: { name: `deny-${d}` } } } } });
  }
  const text = docs.map((d) => stringify(d)).join("---\n");
  const { config } = await compileSources([{ file: "large.yaml", text }]);
  return config;
}

async function startupMs(config, runs = 5) {
  const wasm = readFileSync(wasmPath);
  const text = JSON.stringify(config);
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const host = await ProxyWasmHost.create({ wasm, pluginConfig: text, logLevel: "error" });
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
    host.close();
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)], bytes: text.length };
}

export async function run({ requests = arg("--requests", 1_000_000) } = {}) {
  if (!existsSync(wasmPath)) throw new Error("build/bulwark.wasm missing: run `npm run build` first");
  const rows = [];
  const def = await startupMs(defaultConfig());
  rows.push({ name: "start-up to ready, default policy (median of 5)", value: def.median, unit: "ms" });
  let large = null;
  try { large = await largePolicy(); } catch (e) { rows.push({ name: "large policy", value: `not compiled: ${e.message.split("\n")[0]}`, unit: "" }); }
  if (large) {
    const l = await startupMs(large);
    rows.push({ name: `start-up to ready, 500 custom rules + 4,000 exceptions (${(l.bytes / 1024).toFixed(0)} KiB config)`, value: l.median, unit: "ms" });
  }

  const host = await ProxyWasmHost.create({ wasm: readFileSync(wasmPath), pluginConfig: JSON.stringify(defaultConfig()), logLevel: "error" });
  const memory = () => host.vmStatus()[0].memoryBytes;
  rows.push({ name: "linear memory after start", value: memory() / 1024, unit: "KiB" });
  const POST_64K = { ...POST_2K, body: json64k() };
  const mix = [GET_10, POST_2K, GET_10, ...ATTACKS.slice(0, 3), GET_10, POST_2K, ATTACKS[3], GET_10];
  let sent = 0;
  const send = async (n) => {
    for (let i = 0; i < n; i++, sent++) await host.simulate(sent % 500 === 0 ? POST_64K : mix[sent % mix.length]);
  };
  await send(10_000);
  const after10k = memory();
  rows.push({ name: "linear memory after 10k mixed requests", value: after10k / 1024, unit: "KiB" });
  await send(Math.max(0, requests - 10_000));
  rows.push({ name: `linear memory after ${requests.toLocaleString("en")} mixed requests`, value: memory() / 1024, unit: "KiB" });
  rows.push({ name: "growth after warm-up (10k → end)", value: (memory() - after10k) / 1024, unit: "KiB" });
  host.close();
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const r of await run()) console.log(`${r.name.padEnd(72)} ${typeof r.value === "number" ? r.value.toFixed(1) : r.value} ${r.unit}`);
}
