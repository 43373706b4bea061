#!/usr/bin/env node
// Parser benchmark: the cost of parsing alone (no host, no rules) per request
// for a benign GET with 10 parameters (path normalisation + query parsing),
// a 2 KB JSON POST, a 64 KB JSON POST and a 64 KB form POST, plus the wasm
// memory after 100k parses (it must stay flat). Uses build/parse-bench.wasm
// (assembly/parse/bench-entry.ts with the filter's release flags: -O3
// --converge --noAssert, incremental runtime). The loop runs inside wasm, so
// the numbers exclude the JS<->wasm boundary; they are CPU time per call (see
// perCall). Target (issue 4): 2 KB JSON
// under 20 µs. Run alone with `node bench/parsing.js`; bench/run.js imports run().
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { ensureBuilt } from "../tools/build-parse-bench.mjs";

export const GET_10 = "/api/v1/shop/products/1234/reviews?page=2&size=20&sort=price%2Cdesc&filter=category%3Abooks"
  + "&q=nice+item+with+quality&lang=en&currency=EUR&from=2024-01-01&to=2024-12-31&session=a1b2c3d4e5";

/** A realistic order document of about `bytes` bytes (deterministic). */
export function jsonBody(bytes) {
  const item = (i) => ({
    sku: `SKU-${100000 + i}`, name: `Product number ${i} with a descriptive name`, quantity: (i % 5) + 1,
    price: { amount: 19.99 + i, currency: "EUR" }, tags: ["books", "paperback", i % 2 ? "sale" : "new"], giftWrap: i % 3 === 0,
    note: i % 4 === 0 ? null : "Please deliver to the \"back door\" \u00e9t\u00e9",
  });
  const doc = {
    order: { id: "ord_8f3a2c", customer: { id: 4711, email: "jane.doe@example.com", name: "Jane Doe" },
      shipping: { street: "Main Street 1", city: "Zürich", zip: "8001", country: "CH" }, items: [] },
    meta: { source: "web", version: 3 },
  };
  for (let i = 0; JSON.stringify(doc).length < bytes; i++) doc.order.items.push(item(i));
  return Buffer.from(JSON.stringify(doc));
}

/** A form body of about `bytes` bytes with realistic names and encoded values. */
export function formBody(bytes) {
  const parts = [];
  let len = 0;
  for (let i = 0; len < bytes; i++) {
    const p = `field_${i}=${encodeURIComponent(`value ${i}: Zürich & more, 100% ok`).replaceAll("%20", "+")}`;
    parts.push(p);
    len += p.length + 1;
  }
  return Buffer.from(parts.join("&"));
}

function median(a) { const s = [...a].sort((x, y) => x - y); return s[s.length >> 1]; }

// Per-call cost: the median over batches of the process's CPU time (user +
// system) per call. CPU time, not wall time, because this machine is shared:
// wall time also counts the time other processes held the core. The loop runs
// inside wasm on one thread, so CPU time is the work done.
function perCall(fn, len, minMs = 400) {
  fn(len, 200); // warm up (and let V8 tier the code up)
  const samples = [];
  const t0 = Date.now();
  let iterations = 50;
  while (Date.now() - t0 < minMs || samples.length < 7) {
    const c = process.cpuUsage();
    fn(len, iterations);
    const d = process.cpuUsage(c);
    const us = (d.user + d.system) / iterations;
    samples.push(us);
    if (us * iterations < 5000) iterations *= 2;
  }
  return median(samples);
}

/** @returns {Promise<{name: string, value: number, unit: string}[]>} */
export async function run() {
  const file = await ensureBuilt("bench");
  const { exports: x } = new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync(file)), {
    env: { abort() { throw new Error("wasm abort"); }, seed: () => 42 },
  });
  const put = (buf) => { const p = x.scratch(buf.length); new Uint8Array(x.memory.buffer).set(buf, p); return buf.length; };
  const rows = [];

  const get = Buffer.from(GET_10);
  let len = put(get);
  if (x.benchGet(len, 1) !== 10 + 6) throw new Error("GET benchmark input did not parse as expected");
  rows.push({ name: "parse GET, 10 params (path normalisation + query)", value: perCall(x.benchGet, len), unit: "µs" });

  for (const [label, body] of [["2 KB", jsonBody(2048)], ["64 KB", jsonBody(64 * 1024)]]) {
    len = put(body);
    const items = x.benchJson(len, 1);
    if (items <= 0) throw new Error(`JSON ${label} did not parse`);
    const us = perCall(x.benchJson, len);
    rows.push({ name: `parse JSON POST ${label} (${body.length} B, ${items} items)`, value: us, unit: "µs" });
    rows.push({ name: `parse JSON POST ${label}: throughput`, value: body.length / us, unit: "MB/s" });
    // Values are decoded on first read: what reading all of them adds.
    if (x.benchJsonRead(len, 1) <= 0) throw new Error(`JSON ${label} values did not read`);
    rows.push({ name: `parse JSON POST ${label} and read every value`, value: perCall(x.benchJsonRead, len), unit: "µs" });
  }

  const form = formBody(64 * 1024);
  len = put(form);
  const params = x.benchForm(len, 1);
  if (params <= 0) throw new Error("form body did not parse");
  const us = perCall(x.benchForm, len);
  rows.push({ name: `parse form POST 64 KB (${form.length} B, ${params} params)`, value: us, unit: "µs" });
  rows.push({ name: "parse form POST 64 KB: throughput", value: form.length / us, unit: "MB/s" });

  // Memory over 100k requests: 2 KB JSON bodies, memory read before and after.
  const json2k = jsonBody(2048);
  len = put(json2k);
  x.benchJson(len, 1000);
  x.collect();
  const before = x.memory.buffer.byteLength;
  for (let i = 0; i < 100; i++) x.benchJson(len, 1000);
  x.collect();
  rows.push({ name: "wasm memory before 100k 2 KB JSON parses", value: before / 1024, unit: "KiB" });
  rows.push({ name: "wasm memory after 100k 2 KB JSON parses", value: x.memory.buffer.byteLength / 1024, unit: "KiB" });
  return rows;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const r of await run()) {
    const v = Number.isInteger(r.value) ? String(r.value) : r.value.toFixed(2);
    console.log(`${r.name.padEnd(64)} ${v.padStart(12)} ${r.unit}`);
  }
}
