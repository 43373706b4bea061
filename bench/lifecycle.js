// Cost of one full request lifecycle through the Node proxy-wasm host (create stream,
// request headers/body, upstream response headers/body, done/log/delete), the module
// size, and linear memory after many requests. Runnable alone: `node bench/lifecycle.js`.
import { readFileSync, statSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ProxyWasmHost } from "../host/index.js";
import { defaultConfig } from "../src/compiler/index.js";

const root = new URL("..", import.meta.url);
const path = (p) => fileURLToPath(new URL(p, root));

export const GET_10 = {
  method: "GET",
  path: "/shop/search?q=running+shoes&page=2&size=24&sort=price&order=asc&color=blue&brand=acme&min=10&max=200&lang=en",
  authority: "shop.example.com",
  scheme: "https",
  headers: {
    "user-agent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
    accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "accept-language": "en-US,en;q=0.5",
    "accept-encoding": "gzip, deflate, br",
    cookie: "session=0123456789abcdef; theme=dark",
    "x-request-id": "6c0c1d3e-1f7a-4d7e-9a61-2f0c8f1c2d3e",
  },
  upstream: { status: 200, headers: { "content-type": "text/html" }, body: "<html>ok</html>" },
};

/** A 2 KB JSON document shaped like an ordinary API call (an order with line items). */
export function json2k() {
  const items = [];
  let body = "";
  for (let i = 0; body.length < 2048 - 120; i++) {
    items.push({ sku: `SKU-${1000 + i}`, name: `Item number ${i} in blue`, qty: (i % 3) + 1, price: 9.99 + i });
    body = JSON.stringify({ order: { id: "ord-42", customer: { name: "Ada O'Brien", email: "ada@example.com" }, items } });
  }
  return body;
}

export const POST_2K = {
  method: "POST",
  path: "/api/orders",
  authority: "shop.example.com",
  scheme: "https",
  headers: { "content-type": "application/json", accept: "application/json", "user-agent": "shop-app/1.0" },
  body: json2k(),
  upstream: { status: 201, headers: { "content-type": "application/json" }, body: '{"ok":true}' },
};

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function measure(host, req, iterations, warmup) {
  for (let i = 0; i < warmup; i++) await host.simulate(req);
  const samples = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) {
    const t0 = process.hrtime.bigint();
    await host.simulate(req);
    samples[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  samples.sort();
  return { median: quantile(samples, 0.5), p99: quantile(samples, 0.99) };
}

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
