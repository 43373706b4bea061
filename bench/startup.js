// Start-up and memory per VM (release build, through the Node host):
// - WebAssembly.compile of the module (Envoy does it once per module, not per VM) and the
//   .wasm size;
// - the VM's own start-up (instantiate + proxy_on_vm_start + proxy_on_configure, from the
//   compiled module) with the default policy (deny rules at Standard) and with a large one
//   (two DenyRules of 250 custom rules each, 4,000 exceptions, and a route per policy): the
//   first VM, which also pays V8's lazy compilation of the functions it runs, and the median
//   of the later ones, in CPU time (the machine is shared);
// - linear memory per VM after start, after 10k and after 1M mixed requests (benign GET and
//   JSON, attacks, 64 KB bodies): it must not grow after warm-up.
// `node bench/startup.js [--requests 1000000] [--wasm build/bulwark.wasm]`; part of `npm run bench`.
import { readFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import { ProxyWasmHost } from "../host/index.js";
import { defaultConfig, compileSources } from "../src/compiler/index.js";
import { GET_10, POST_2K, json64k, ATTACKS } from "./requests.js";

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (typeof fallback === "number" ? Number(process.argv[i + 1]) : process.argv[i + 1]) : fallback;
}

// --wasm compares builds (e.g. a copy of the previous build kept aside).
const wasmPath = arg("--wasm", fileURLToPath(new URL("../build/bulwark.wasm", import.meta.url)));

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

const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

/** The first VM's and the median later VM's start-up from an already compiled module, in CPU ms. */
async function startupMs(module, config, runs = 9) {
  const text = JSON.stringify(config);
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const t0 = cpuMs();
    const host = await ProxyWasmHost.create({ wasm: module, pluginConfig: text, logLevel: "error" });
    samples.push(cpuMs() - t0);
    host.close();
  }
  const first = samples.shift();
  samples.sort((x, y) => x - y);
  return { first, median: samples[Math.floor(samples.length / 2)], spread: samples[samples.length - 1] - samples[0], bytes: text.length };
}

export async function run({ requests = arg("--requests", 1_000_000) } = {}) {
  if (!existsSync(wasmPath)) throw new Error("build/bulwark.wasm missing: run `npm run build` first");
  const rows = [];
  const bytes = readFileSync(wasmPath);
  rows.push({ name: ".wasm size", value: bytes.length / 1024, unit: "KiB" });
  const c0 = cpuMs();
  const module = await WebAssembly.compile(bytes);
  rows.push({ name: "WebAssembly.compile (once per module; V8 compiles functions lazily)", value: cpuMs() - c0, unit: "ms" });
  const def = await startupMs(module, defaultConfig());
  rows.push({ name: "VM start-up, default policy: first VM (incl. lazy function compilation)", value: def.first, unit: "ms" });
  rows.push({ name: `VM start-up, default policy: later VMs (median of 8, spread ${def.spread.toFixed(1)})`, value: def.median, unit: "ms" });
  let large = null;
  try { large = await largePolicy(); } catch (e) { rows.push({ name: "large policy", value: `not compiled: ${e.message.split("\n")[0]}`, unit: "" }); }
  if (large) {
    const l = await startupMs(module, large, 5);
    rows.push({ name: `VM start-up, 500 custom rules + 4,000 exceptions (${(l.bytes / 1024).toFixed(0)} KiB config), median of 4`, value: l.median, unit: "ms" });
  }

  const host = await ProxyWasmHost.create({ wasm: module, pluginConfig: JSON.stringify(defaultConfig()), logLevel: "error" });
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
  for (const r of await run()) console.log(`${r.name.padEnd(88)} ${typeof r.value === "number" ? r.value.toFixed(1) : r.value} ${r.unit}`);
}
