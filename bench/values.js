#!/usr/bin/env node
// The deny-rule scan of single values: nanoseconds per value for the kinds of values a JSON
// API carries (small integers, prices, SKUs, short names, e-mail addresses, product names
// with an SQL keyword in them, a search phrase, a URL), Standard rules at the JSON location,
// with the clean-value caches off so every value is scanned in full. The loop runs inside
// wasm (build/scan-bench.wasm, tools/build-scan-bench.mjs: release flags, minimal runtime),
// so the numbers hold no host or parser cost and vary far less than whole requests; use them
// to judge a change to the scan, the detectors or the automata. "patterns only" runs without
// the tokenizer detectors; `--detectors` adds each detector's own cost, run on every value
// without its signature predicate. Run alone with `node bench/values.js`; bench/run.js imports run().
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { ensureBuilt } from "../tools/build-scan-bench.mjs";

const JSON_LOCATION = 6; // Source.Json (assembly/parse/items.ts)

function generators() {
  let seed = 7;
  const rnd = (n) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
  const W = ["running", "shoes", "blue", "red", "jacket", "winter", "sale", "size", "men", "women", "kids", "trail",
    "road", "leather", "waterproof", "light", "black", "white", "green", "classic"];
  const words = (k) => Array.from({ length: k }, () => W[rnd(W.length)]).join(" ");
  return {
    "integer": () => String(rnd(500) + 1),
    "price": () => String(rnd(10000) / 100),
    "SKU": () => `SKU-${rnd(100000)}`,
    "name": () => `${words(3)} ${rnd(100)}`,
    "e-mail": () => `${words(1)}${rnd(1000)}@example.com`,
    "name with a keyword": () => `Item number ${rnd(700)} in ${words(1)}`,
    "search phrase": () => `${words(2)} for ${words(1)} and ${words(1)}`,
    "URL": () => `https://shop.example.com/p/${rnd(100000)}?ref=${words(1)}`,
  };
}

async function instantiate() {
  const bytes = fs.readFileSync(await ensureBuilt("bench"));
  const { instance } = await WebAssembly.instantiate(bytes, { env: { abort() { throw new Error("scan-bench aborted"); } } });
  const x = instance.exports;
  if (x.setup() !== 1) throw new Error("scan-bench: the deny engine did not compile");
  x.memo(0);
  return x;
}

function load(x, values) {
  x.clearValues();
  for (const v of values) {
    const b = Buffer.from(v, "utf8");
    const p = x.scratch(b.length);
    new Uint8Array(x.memory.buffer, p, b.length).set(b);
    x.addValue(p, b.length);
  }
}

/** Best of `repeats` timings of `rounds` passes over the loaded values, in ns per value. */
function nsPerValue(x, count, step = (rounds) => x.run(rounds, JSON_LOCATION), rounds = 5, repeats = 7) {
  step(2);
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    const t0 = process.hrtime.bigint();
    step(rounds);
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / (rounds * count));
  }
  return best;
}

export async function run({ count = 2000, detail = process.argv.includes("--detectors") } = {}) {
  const x = await instantiate();
  const rows = [];
  for (const [kind, gen] of Object.entries(generators())) {
    const values = Array.from({ length: count }, gen);
    load(x, values);
    x.detectors(1);
    const hits = x.run(1, JSON_LOCATION);
    if (hits !== 0) throw new Error(`scan-bench: ${hits} hits on ordinary ${kind} values (a false positive to look at)`);
    rows.push({ name: `${kind} (e.g. ${JSON.stringify(values[0])}): ns per value`, value: nsPerValue(x, count), unit: "ns" });
    x.detectors(0);
    rows.push({ name: `${kind}: patterns only`, value: nsPerValue(x, count), unit: "ns" });
    x.detectors(1);
    if (detail) {
      const each = ["SQL", "XSS", "shell"].map((d, i) => `${d} ${nsPerValue(x, count, (rounds) => x.runDetector(rounds, i + 1)).toFixed(0)}`);
      rows.push({ name: `${kind}: each detector alone (ungated)`, value: each.join(", "), unit: "ns" });
    }
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const r of await run()) console.log(`${r.name.padEnd(64)} ${typeof r.value === "number" ? r.value.toFixed(0).padStart(6) : r.value} ${r.unit}`);
}
