#!/usr/bin/env node
// Measures the tokenizer detectors (assembly/detect) on a labelled JSONL corpus
// (default /work/shared/corpus/dev.jsonl, format in its README): for every
// record it decodes the path segments, query parameters, form fields, JSON
// values and keys (and, with --headers, cookies and request headers), runs the
// SQL, XSS and shell detectors on each value, and prints per category the
// share of attack records with a finding and the share of benign records with
// one, at each level (a finding of level L counts at L and every stricter level).
//
// Usage: node tools/eval-detectors.mjs [FILE] [--headers] [--show fp|fn] [--level 1|2|3]
//                                      [--category NAME] [--detector sql|xss|shell] [--limit N] [--bench]
// --bench also times each detector alone on every inspected value (inside wasm,
// 20 repetitions per value) and prints the mean and the 99th percentile.
// --show prints the values behind false positives (benign with a finding) or
// misses (attacks without one) so a developer can look at them locally. Never
// copy corpus records into the repository.
import fs from "node:fs";
import { loadDetectors, ensureBuilt } from "./build-detect-eval.mjs";

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const has = (name) => args.includes(name);
const file = args.find((a, i) => !a.startsWith("--") && (i === 0 || !args[i - 1].startsWith("--") || ["--headers"].includes(args[i - 1]))) ?? "/work/shared/corpus/dev.jsonl";
const show = opt("--show", null);
const showLevel = Number(opt("--level", "2"));
const showCategory = opt("--category", null);
const limit = Number(opt("--limit", "40"));
const DETECTORS = { sql: 1, xss: 2, shell: 3 };
const only = opt("--detector", null);
const useHeaders = has("--headers");

/** Percent-decoding that never throws: invalid escapes stay as written. */
function pct(s, plus) {
  if (plus) s = s.replace(/\+/g, " ");
  if (!s.includes("%")) return s;
  try { return decodeURIComponent(s); } catch {}
  // Decode byte runs one by one, keeping malformed escapes.
  return s.replace(/(%[0-9a-fA-F]{2})+/g, (run) => {
    try { return decodeURIComponent(run); } catch { return Buffer.from(run.replace(/%/g, ""), "hex").toString("latin1"); }
  });
}

const NAMED = { lt: "<", gt: ">", quot: '"', apos: "'", amp: "&", colon: ":", lpar: "(", rpar: ")", sol: "/", tab: "\t", newline: "\n" };
/** HTML character references (numeric and the common named ones). */
function entities(s) {
  return s.replace(/&(#[xX][0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);?/g, (m, e) => {
    if (e[0] === "#") {
      const cp = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    return NAMED[e.toLowerCase()] ?? m;
  });
}

function formPairs(s) {
  const out = [];
  for (const part of s.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    if (eq < 0) out.push(pct(part, true));
    else { out.push(pct(part.slice(0, eq), true)); out.push(pct(part.slice(eq + 1), true)); }
  }
  return out;
}

function jsonValues(v, out) {
  if (typeof v === "string") out.push(v);
  else if (typeof v === "number" || typeof v === "boolean") out.push(String(v));
  else if (Array.isArray(v)) for (const x of v) jsonValues(x, out);
  else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) { out.push(k); jsonValues(x, out); }
}

function header(rec, name) {
  for (const [k, v] of Object.entries(rec.headers ?? {})) if (k.toLowerCase() === name) return String(v);
  return "";
}

/** Every value of a record the filter would inspect, decoded as the application reads it. */
function values(rec) {
  const out = [];
  const target = rec.path ?? "";
  const q = target.indexOf("?");
  const path = q >= 0 ? target.slice(0, q) : target;
  for (const seg of path.split("/")) if (seg) out.push(pct(seg, false));
  if (q >= 0) out.push(...formPairs(target.slice(q + 1)));
  const body = rec.body;
  if (body) {
    const ct = header(rec, "content-type").toLowerCase();
    if (ct.includes("json")) {
      try { jsonValues(JSON.parse(body), out); } catch { out.push(body); }
    } else if (ct.includes("multipart/")) {
      const m = /boundary=("?)([^";]+)\1/.exec(ct);
      const parts = m ? body.split("--" + m[2]) : [body];
      for (const p of parts) { const i = p.indexOf("\r\n\r\n"); out.push(i >= 0 ? p.slice(i + 4) : p); }
    } else if (ct.includes("x-www-form-urlencoded") || (!ct && body.includes("="))) {
      out.push(...formPairs(body));
    } else {
      out.push(body);
    }
  }
  if (useHeaders) {
    for (const [k, v] of Object.entries(rec.headers ?? {})) {
      const name = k.toLowerCase();
      if (name === "cookie") for (const c of String(v).split(";")) { const e = c.indexOf("="); out.push(pct(c.slice(e + 1).trim(), false)); }
      else if (name !== "host" && name !== "content-type" && name !== "accept") out.push(String(v));
    }
  }
  // An attacker may encode twice, or hide markup behind HTML character references
  // (XML bodies, values the application entity-decodes): inspect those forms too.
  const more = [];
  for (const v of out) {
    if (/%[0-9a-fA-F]{2}/.test(v)) { const d = pct(v, false); if (d !== v) more.push(d); }
    if (/&(#x?[0-9a-fA-F]+|[a-zA-Z]+);?/.test(v)) { const d = entities(v); if (d !== v) more.push(d); }
  }
  return out.concat(more).filter((v) => v.length > 0);
}

const detect = await loadDetectors();
const records = fs.readFileSync(file, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));

function groupOf(r) {
  if (r.label === "attack") return `attack:${r.category}`;
  if (r.source === "crs-regression") return "benign:crs-negative";
  return "benign:realistic";
}

const stats = new Map(); // group -> {n, lvl:[0,0,0,0], det:{sql:[..],..}}
const shown = [];
const t0 = process.hrtime.bigint();
let valuesSeen = 0;
for (const r of records) {
  const g = groupOf(r);
  if (!stats.has(g)) stats.set(g, { n: 0, lvl: [0, 0, 0, 0], det: { sql: [0, 0, 0, 0], xss: [0, 0, 0, 0], shell: [0, 0, 0, 0] } });
  const st = stats.get(g);
  st.n++;
  let bestAll = 4;
  const bestDet = { sql: 4, xss: 4, shell: 4 };
  const hits = [];
  for (const v of values(r)) {
    valuesSeen++;
    for (const [name, which] of Object.entries(DETECTORS)) {
      if (only && only !== name) continue;
      const f = detect(which, v);
      if (!f) continue;
      bestDet[name] = Math.min(bestDet[name], f.level);
      bestAll = Math.min(bestAll, f.level);
      hits.push({ name, ...f, value: v });
    }
  }
  for (let L = 1; L <= 3; L++) {
    if (bestAll <= L) st.lvl[L]++;
    for (const name of Object.keys(bestDet)) if (bestDet[name] <= L) st.det[name][L]++;
  }
  if (show && (!showCategory || r.category === showCategory || g.endsWith(showCategory))) {
    if (show === "fp" && r.label !== "attack" && bestAll <= showLevel) {
      for (const h of hits.filter((h) => h.level <= showLevel)) shown.push(`${r.id} ${h.id} L${h.level} ${JSON.stringify(h.value.slice(Math.max(0, h.offset - 30), h.offset + h.length + 30))}`);
    }
    if (show === "fn" && r.label === "attack" && bestAll > showLevel) {
      shown.push(`${r.id} ${JSON.stringify(values(r).map((v) => v.slice(0, 160)))}`);
    }
  }
}
const ms = Number(process.hrtime.bigint() - t0) / 1e6;

if (has("--bench")) {
  const { instance } = await WebAssembly.instantiate(fs.readFileSync(await ensureBuilt()), { env: { abort() { throw new Error("abort"); } } });
  const x = instance.exports;
  const all = records.flatMap((r) => values(r));
  for (const [name, which] of Object.entries(DETECTORS)) {
    const times = [];
    for (const v of all) {
      const ptr = x.scratch(v.length);
      const u16 = new Uint16Array(x.memory.buffer, ptr, v.length);
      for (let i = 0; i < v.length; i++) u16[i] = v.charCodeAt(i);
      const t = process.hrtime.bigint();
      x.repeat(which, v.length, 20);
      times.push(Number(process.hrtime.bigint() - t) / 20);
    }
    times.sort((a, b) => a - b);
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    console.log(`bench ${name.padEnd(5)} ${times.length} values: mean ${(mean / 1000).toFixed(2)} µs, p50 ${(times[times.length >> 1] / 1000).toFixed(2)} µs, p99 ${(times[Math.floor(times.length * 0.99)] / 1000).toFixed(2)} µs, max ${(times[times.length - 1] / 1000).toFixed(1)} µs`);
  }
}

const pctOf = (a, n) => (n ? ((100 * a) / n).toFixed(1).padStart(5) + "%" : "   - ");
const line = (name, st) => `${name.padEnd(26)} ${String(st.n).padStart(5)}  ${pctOf(st.lvl[1], st.n)} ${pctOf(st.lvl[2], st.n)} ${pctOf(st.lvl[3], st.n)}   ` +
  Object.entries(st.det).map(([k, a]) => `${k} ${pctOf(a[2], st.n).trim()}`).join("  ");
console.log(`corpus ${file}: ${records.length} records, ${valuesSeen} values, ${ms.toFixed(0)} ms` + (useHeaders ? " (headers included)" : ""));
console.log(`${"group".padEnd(26)} ${"n".padStart(5)}   Basic Standard Strict   per detector at Standard`);
const groups = [...stats.keys()].sort();
const total = { n: 0, lvl: [0, 0, 0, 0], det: { sql: [0, 0, 0, 0], xss: [0, 0, 0, 0], shell: [0, 0, 0, 0] } };
for (const g of groups) {
  const st = stats.get(g);
  console.log(line(g, st));
  if (g.startsWith("attack:")) {
    total.n += st.n;
    for (let L = 1; L <= 3; L++) { total.lvl[L] += st.lvl[L]; for (const k of Object.keys(total.det)) total.det[k][L] += st.det[k][L]; }
  }
}
console.log(line("attack:ALL", total));
if (shown.length) {
  console.log(`\n--show ${show} (level ${showLevel}), ${shown.length} lines, first ${limit}:`);
  for (const s of shown.slice(0, limit)) console.log(s);
}
