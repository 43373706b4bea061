// Cost of header rewriting for a typical browser request (20 request headers, a 10-header
// response from an nginx/PHP-style upstream): the same request through two configurations that
// differ only in the headerRewrites section (the defaults vs none), in the Node proxy-wasm host.
// The difference is what the rewrites cost in the filter, including the header-map calls that
// remove and add headers. Interleaved runs so drift hits both sides alike.
// Also the planning alone (which headers go, which come), in a stand-alone build of
// assembly/headers/bench-entry.ts with the filter's release flags: the filter's own share.
// Runnable alone: `node bench/headers.js`.
import { readFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ProxyWasmHost } from "../host/index.js";
import { defaultConfig } from "../src/compiler/index.js";
import { compileStandalone, RELEASE } from "../tools/lib/standalone-wasm.mjs";
import { quantile } from "./stats.js";

const BROWSER = {
  method: "GET",
  path: "/shop/products/42",
  authority: "shop.example.com",
  scheme: "https",
  headers: [
    ["user-agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"],
    ["accept", "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"],
    ["accept-language", "en-US,en;q=0.9,de;q=0.8"],
    ["accept-encoding", "gzip, deflate, br, zstd"],
    ["cookie", "session=0123456789abcdef0123456789abcdef; theme=dark; consent=yes"],
    ["referer", "https://shop.example.com/shop/products"],
    ["upgrade-insecure-requests", "1"],
    ["sec-ch-ua", "\"Chromium\";v=\"126\", \"Not.A/Brand\";v=\"24\""],
    ["sec-ch-ua-mobile", "?0"],
    ["sec-ch-ua-platform", "\"Windows\""],
    ["sec-fetch-dest", "document"],
    ["sec-fetch-mode", "navigate"],
    ["sec-fetch-site", "same-origin"],
    ["sec-fetch-user", "?1"],
    ["cache-control", "max-age=0"],
    ["priority", "u=0, i"],
    ["x-forwarded-for", "203.0.113.7"],
    ["x-forwarded-proto", "https"],
    ["x-request-id", "6c0c1d3e-1f7a-4d7e-9a61-2f0c8f1c2d3e"],
    ["x-real-ip", "198.51.100.9"],
  ],
  upstream: {
    status: 200,
    headers: [
      ["content-type", "text/html; charset=utf-8"], ["cache-control", "private, max-age=0"], ["etag", "\"33a64df5\""],
      ["last-modified", "Wed, 21 Oct 2025 07:28:00 GMT"], ["vary", "Accept-Encoding"], ["server", "nginx/1.25.3"],
      ["x-powered-by", "PHP/8.3.1"], ["set-cookie", "theme=dark; Path=/; Secure; HttpOnly"], ["content-language", "en"],
      ["x-content-type-options", "nosniff"],
    ],
    body: "<html>ok</html>",
  },
};

async function time(host, req) {
  const t0 = process.hrtime.bigint();
  await host.simulate(req);
  return Number(process.hrtime.bigint() - t0) / 1000;
}

// CPU time (process.cpuUsage) rather than wall time: on a shared machine wall-clock medians
// measure the scheduler as much as the code (both are reported).
function cpuMicros(c0) {
  const c = process.cpuUsage(c0);
  return c.user + c.system;
}

async function planningCost(n = 50000) {
  const out = await compileStandalone({ entry: "assembly/headers/bench-entry.ts", out: "build/headers-bench.wasm", flags: RELEASE });
  const { instance } = await WebAssembly.instantiate(readFileSync(out), { env: { abort() { throw new Error("abort in headers bench"); } } });
  const per = (f) => {
    for (let i = 0; i < 10; i++) instance.exports[f](n / 10);
    const c0 = process.cpuUsage();
    instance.exports[f](n);
    return cpuMicros(c0) / n;
  };
  return { request: per("runRequest"), response: per("runResponse") };
}

export async function run({ iterations = 20000, warmup = 5000, block = 500 } = {}) {
  const wasmPath = fileURLToPath(new URL("../build/bulwark.wasm", import.meta.url));
  if (!existsSync(wasmPath)) throw new Error("build/bulwark.wasm missing: run `npm run build` first");
  const wasm = readFileSync(wasmPath);
  const withRewrites = defaultConfig();
  const without = structuredClone(withRewrites);
  delete without.policies[0].headerRewrites;
  const a = await ProxyWasmHost.create({ wasm, pluginConfig: JSON.stringify(withRewrites), logLevel: "info" });
  const b = await ProxyWasmHost.create({ wasm, pluginConfig: JSON.stringify(without), logLevel: "info" });
  const check = await a.simulate(BROWSER);
  const removed = BROWSER.headers.length + 4 - check.upstreamRequest.headers.length;
  for (let i = 0; i < warmup; i++) { await a.simulate(BROWSER); await b.simulate(BROWSER); }
  const wa = [];
  const wb = [];
  let ca = 0;
  let cb = 0;
  // Interleaved blocks, so drift and load hit both configurations alike.
  for (let done = 0; done < iterations; done += block) {
    let c0 = process.cpuUsage();
    for (let i = 0; i < block; i++) wa.push(await time(a, BROWSER));
    ca += cpuMicros(c0);
    c0 = process.cpuUsage();
    for (let i = 0; i < block; i++) wb.push(await time(b, BROWSER));
    cb += cpuMicros(c0);
  }
  wa.sort((x, y) => x - y);
  wb.sort((x, y) => x - y);
  a.close();
  b.close();
  const plan = await planningCost();
  const n = wa.length;
  return [
    { name: "browser GET, 20 headers, default header rewrites: CPU per request", value: ca / n, unit: "µs" },
    { name: "same request without headerRewrites: CPU per request", value: cb / n, unit: "µs" },
    { name: `header rewriting cost, CPU (request: ${removed} removed; response: 2 removed, 4 added)`, value: (ca - cb) / n, unit: "µs (target < 10)" },
    { name: "browser GET with / without header rewrites: wall median", value: `${quantile(wa, 0.5).toFixed(2)} / ${quantile(wb, 0.5).toFixed(2)}`, unit: "µs" },
    { name: "planning alone, request (20 headers), in wasm, CPU", value: plan.request, unit: "µs" },
    { name: "planning alone, response (10 headers), in wasm, CPU", value: plan.response, unit: "µs" },
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const r of await run()) console.log(`${r.name.padEnd(80)} ${typeof r.value === "number" ? r.value.toFixed(2) : r.value} ${r.unit}`);
}
