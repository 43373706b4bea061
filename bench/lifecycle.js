// Cost of one full request lifecycle through the Node proxy-wasm host (create stream,
// request headers/body, upstream response headers/body, done/log/delete), the module
// size, and linear memory after many requests. Runnable alone: `node bench/lifecycle.js`.
import { readFileSync, statSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ProxyWasmHost } from "../host/index.js";
import { defaultConfig } from "../src/compiler/index.js";
import { GET_10, POST_2K } from "./requests.js";
import { timeAsync } from "./stats.js";

const root = new URL("..", import.meta.url);
const path = (p) => fileURLToPath(new URL(p, root));

const measure = (host, req, iterations, warmup) => timeAsync(() => host.simulate(req), iterations, warmup);

export async function run({ iterations = 20000, warmup = 5000, memoryRequests = 100000 } = {}) {
  const wasmPath = path("build/bulwark.wasm");
  if (!existsSync(wasmPath)) throw new Error("build/bulwark.wasm missing: run `npm run build` first");
  const rows = [];
  const config = JSON.stringify(defaultConfig());
  const host = await ProxyWasmHost.create({ wasm: readFileSync(wasmPath), pluginConfig: config, logLevel: "info" });
  rows.push({ name: "wasm size (release)", value: statSync(wasmPath).size, unit: "bytes" });
  const get = await measure(host, GET_10, iterations, warmup);
  rows.push({ name: "lifecycle GET, 10 params: median", value: get.median, unit: "µs" });
  rows.push({ name: "lifecycle GET, 10 params: p99", value: get.p99, unit: "µs" });
  const post = await measure(host, POST_2K, iterations, warmup);
  rows.push({ name: "lifecycle POST 2 KB JSON: median", value: post.median, unit: "µs" });
  rows.push({ name: "lifecycle POST 2 KB JSON: p99", value: post.p99, unit: "µs" });

  const passPath = path("build/fixtures/passthrough.wasm");
  if (existsSync(passPath)) {
    const pass = await ProxyWasmHost.create({ wasm: readFileSync(passPath), pluginConfig: "{}" });
    const p = await measure(pass, GET_10, iterations, warmup);
    rows.push({ name: "host overhead (pass-through module), GET: median", value: p.median, unit: "µs" });
    pass.close();
  }

  const pages = () => host.vmStatus()[0].memoryBytes / 65536;
  const pagesBefore = pages();
  for (let i = 0; i < memoryRequests; i++) await host.simulate(i % 2 ? GET_10 : POST_2K);
  const pagesAfter = pages();
  rows.push({ name: `linear memory pages after warm-up`, value: pagesBefore, unit: "pages (64 KiB)" });
  rows.push({ name: `linear memory pages after ${memoryRequests} more requests`, value: pagesAfter, unit: "pages (64 KiB)" });
  host.close();
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const r of await run()) console.log(`${r.name.padEnd(60)} ${typeof r.value === "number" ? r.value.toFixed(r.unit === "µs" ? 2 : 0) : r.value} ${r.unit}`);
}
