// Bodies no parser reads, inspected by the deny rules at Standard through the Node host
// (release build): a 2 KB XML (SOAP) POST and a 2 KB text/plain POST with values that differ
// every request, next to the 2 KB JSON POST of bench/requests.js. CPU time, median and p99.
// Runnable alone: `node bench/raw-body.js` (BENCH_WASM=path compares another build).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ProxyWasmHost } from "../host/index.js";
import { defaultConfig } from "../src/compiler/index.js";
import { POST_2K } from "./requests.js";
import { timeAsync } from "./stats.js";

const wasmPath = process.env.BENCH_WASM ?? fileURLToPath(new URL("../build/bulwark.wasm", import.meta.url));

const WORDS = ["running", "shoes", "blue", "red", "jacket", "winter", "sale", "size", "men", "women", "kids", "trail",
  "road", "leather", "waterproof", "light", "black", "white", "green", "classic", "sport", "casual", "summer", "wool"];
let seed = 7;
function rnd(n) { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; }
function words(k) { const out = []; for (let i = 0; i < k; i++) out.push(WORDS[rnd(WORDS.length)]); return out.join(" "); }

/** A SOAP order of about 2 KB whose element and attribute values differ every call. */
export function soap2k() {
  let items = "";
  const head = `<?xml version="1.0" encoding="UTF-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:o="urn:example:orders">
<soap:Header><o:Trace id="${rnd(1e6)}"/></soap:Header>
<soap:Body><o:PlaceOrder><o:Customer><o:Name>${words(2)}</o:Name><o:Email>${words(1)}${rnd(1000)}@example.com</o:Email></o:Customer><o:Items>`;
  const tail = `</o:Items><o:Note>${words(6)} &amp; ${words(3)}</o:Note></o:PlaceOrder></soap:Body></soap:Envelope>`;
  while (head.length + items.length + tail.length < 2048 - 110) {
    items += `<o:Item sku="SKU-${rnd(100000)}" qty="${rnd(5) + 1}"><o:Name>${words(3)} ${rnd(100)}</o:Name><o:Price>${rnd(10000) / 100}</o:Price></o:Item>`;
  }
  return head + items + tail;
}

function text2k() {
  let s = "";
  while (s.length < 2000) s += `${words(8)}, ${rnd(100)} items.\n`;
  return s;
}

const post = (type, body) => ({ ...POST_2K, headers: { ...POST_2K.headers, "content-type": type }, body });

export async function run() {
  const cfg = defaultConfig();
  cfg.policies[0].denyRules = { level: "Standard", threatHandlingMode: "Block" };
  const host = await ProxyWasmHost.create({ wasm: readFileSync(wasmPath), pluginConfig: JSON.stringify(cfg), logLevel: "error" });
  const rows = [];
  const iterations = 3000, warmup = 500;
  for (const [name, make] of [
    ["2 KB XML (SOAP) POST, varied values", () => post("text/xml; charset=utf-8", soap2k())],
    ["2 KB text/plain POST, varied values", () => post("text/plain", text2k())],
    ["2 KB JSON POST (same document each time)", () => POST_2K],
  ]) {
    const reqs = Array.from({ length: iterations + warmup }, make);
    for (const r of reqs.slice(0, 3)) {
      const res = await host.simulate(r);
      if (res.status !== 201) throw new Error(`${name}: status ${res.status}`);
    }
    const s = await timeAsync((i) => host.simulate(reqs[i]), iterations, warmup, "cpu");
    rows.push({ name: `raw body: ${name}, median`, value: s.median, unit: "µs CPU" });
    rows.push({ name: `raw body: ${name}, p99`, value: s.p99, unit: "µs CPU" });
  }
  host.close?.();
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const r of await run()) console.log(`${r.name.padEnd(64)} ${r.value.toFixed(1).padStart(10)} ${r.unit}`);
}
