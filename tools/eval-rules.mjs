#!/usr/bin/env node
// Development tool: runs the built-in rules (patterns and detectors) over a labelled corpus in the
// JSONL record format (/work/shared/corpus/README.md) and prints detection per
// attack category, false positives per benign source, and the rules that fire
// most on benign records. It evaluates the catalogue, not the filter: requests
// are split into items in plain JS (src/rules/request-items.js), check rules
// are not run (the deny stage implements them), and a record counts as blocked
// when any pattern or detector rule of the level matches.
//
//   node tools/eval-rules.mjs [FILE] [--level Basic|Standard|Strict]... [--fp] [--misses CATEGORY|all] [--json] [--per-location]
//
// --fp lists each benign record a rule blocked (with the item); --misses lists
// attacks nothing blocked; --per-location compiles one automaton group per
// location instead of the shared ones (the answers must be the same).
//
// FILE defaults to /work/shared/corpus/dev.jsonl. Never copy that corpus (or
// parts of it) into the repository: it measures the rules, it does not train them.
import fs from "node:fs";
import { loadCatalogue } from "../src/rules/catalogue.js";
import { RulesEngine } from "../src/rules/engine.js";
import { LEVELS } from "../src/rules/vocabulary.js";
import { ensureBuilt } from "./build-rules-eval.mjs";
import { requestItems } from "../src/rules/request-items.js";

const REALISTIC = new Set(["generated-benign", "csic2010-normal"]);

function parseArgs(argv) {
  const o = { file: "/work/shared/corpus/dev.jsonl", levels: [], fp: false, misses: null, json: false, top: 15, shared: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--level") o.levels.push(argv[++i]);
    else if (a === "--fp") o.fp = true;
    else if (a === "--misses") o.misses = argv[++i];
    else if (a === "--json") o.json = true;
    else if (a === "--per-location") o.shared = false;
    else if (a === "--top") o.top = Number(argv[++i]);
    else if (a.startsWith("--")) throw new Error(`unknown option ${a}`);
    else o.file = a;
  }
  if (o.levels.length === 0) o.levels = [...LEVELS];
  for (const l of o.levels) if (!LEVELS.includes(l)) throw new Error(`unknown level ${l} (expected ${LEVELS.join(", ")})`);
  return o;
}

const pct = (n, d) => (d ? ((100 * n) / d).toFixed(1) + "%" : "-");

/** Evaluates one level; returns the summary and per-record hits. */
export function evaluate(engine, rules, records, level) {
  const byCat = new Map();
  const bySource = new Map();
  const ruleOnBenign = new Map();
  const ruleOnCrsBenign = new Map();
  const hits = [];
  let items = 0;
  let bytes = 0;
  let matchNs = 0n;
  for (const rec of records) {
    const fired = new Map(); // rule index -> first item that matched
    for (const it of requestItems(rec)) {
      items++;
      bytes += Buffer.byteLength(it.value);
      const t0 = process.hrtime.bigint();
      const found = engine.match(level, it.location, it.value, it.header ?? "");
      matchNs += process.hrtime.bigint() - t0;
      for (const r of found) {
        if (!fired.has(r)) fired.set(r, it);
      }
    }
    const blocked = fired.size > 0;
    hits.push({ rec, fired });
    if (rec.label === "attack") {
      const c = byCat.get(rec.category) ?? { n: 0, blocked: 0 };
      c.n++; if (blocked) c.blocked++;
      byCat.set(rec.category, c);
    } else {
      const s = bySource.get(rec.source) ?? { n: 0, blocked: 0 };
      s.n++; if (blocked) s.blocked++;
      bySource.set(rec.source, s);
      const m = REALISTIC.has(rec.source) ? ruleOnBenign : ruleOnCrsBenign;
      for (const r of fired.keys()) m.set(r, (m.get(r) ?? 0) + 1);
    }
  }
  const sum = (m) => [...m.values()].reduce((a, c) => ({ n: a.n + c.n, blocked: a.blocked + c.blocked }), { n: 0, blocked: 0 });
  const realistic = sum(new Map([...bySource].filter(([k]) => REALISTIC.has(k))));
  const top = (m) => [...m].sort((a, b) => b[1] - a[1]).map(([r, n]) => ({ id: rules[r].id, records: n }));
  return {
    level,
    attacks: sum(byCat),
    categories: Object.fromEntries([...byCat].sort()),
    realisticBenign: realistic,
    sources: Object.fromEntries([...bySource].sort()),
    topBenignRules: top(ruleOnBenign),
    topCrsBenignRules: top(ruleOnCrsBenign),
    // Wall time of the match calls (JS→wasm copies, transforms, sets, detectors).
    cost: { items, bytes, ms: Number(matchNs) / 1e6 },
    hits,
  };
}

function print(s, top) {
  console.log(`\n== ${s.level} ==`);
  console.log(`attacks blocked: ${pct(s.attacks.blocked, s.attacks.n)} (${s.attacks.blocked}/${s.attacks.n})`);
  for (const [c, v] of Object.entries(s.categories)) console.log(`  ${c.padEnd(20)} ${pct(v.blocked, v.n).padStart(6)}  (${v.blocked}/${v.n})`);
  console.log(`realistic benign blocked (generated-benign + csic2010-normal): ${pct(s.realisticBenign.blocked, s.realisticBenign.n)} (${s.realisticBenign.blocked}/${s.realisticBenign.n})`);
  for (const [c, v] of Object.entries(s.sources)) console.log(`  ${c.padEnd(20)} ${pct(v.blocked, v.n).padStart(6)}  (${v.blocked}/${v.n})`);
  console.log(`cost: ${s.cost.items} items, ${(s.cost.bytes / 1024).toFixed(0)} KiB, ${s.cost.ms.toFixed(0)} ms matching (${((1000 * s.cost.ms) / s.cost.items).toFixed(1)} µs per item), ${s.compileMs.toFixed(0)} ms compiling`);
  if (s.topBenignRules.length) console.log(`rules firing on realistic benign: ${s.topBenignRules.slice(0, top).map((r) => `${r.id} ${r.records}`).join(", ")}`);
  if (s.topCrsBenignRules.length) console.log(`rules firing on CRS negative tests: ${s.topCrsBenignRules.slice(0, top).map((r) => `${r.id} ${r.records}`).join(", ")}`);
}

const clip = (s, n = 160) => (s.length > n ? s.slice(0, n) + "…" : s);

async function main() {
  const o = parseArgs(process.argv.slice(2));
  await ensureBuilt();
  const { rules } = loadCatalogue();
  const engine = new RulesEngine();
  if (engine.ruleCount !== rules.length) throw new Error("build/rules-eval.wasm is stale: run node tools/gen-rules.mjs");
  const records = fs.readFileSync(o.file, "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l));
  const checks = rules.filter((r) => r.check !== null);
  console.log(`${records.length} records, ${rules.length} rules (${checks.length} check rules are not run here: the deny stage implements them)`);
  const out = [];
  for (const level of o.levels) {
    const ms = engine.build(level, { shared: o.shared });
    const s = evaluate(engine, rules, records, level);
    s.compileMs = ms;
    if (!o.json) print(s, o.top);
    if (o.fp) {
      for (const { rec, fired } of s.hits) {
        if (rec.label !== "benign" || !fired.size) continue;
        for (const [r, it] of fired) console.log(`  FP ${rec.id} ${rules[r].id} ${it.location}${it.header ? `(${it.header})` : ""}: ${JSON.stringify(clip(it.value))}`);
      }
    }
    if (o.misses) {
      for (const { rec, fired } of s.hits) {
        if (rec.label !== "attack" || fired.size || (o.misses !== "all" && rec.category !== o.misses)) continue;
        console.log(`  MISS ${rec.id} ${JSON.stringify(clip(rec.path, 120))} ${JSON.stringify(clip(rec.body ?? "", 120))}`);
      }
    }
    delete s.hits;
    out.push(s);
  }
  if (o.json) console.log(JSON.stringify(out, null, 2));
}

main().catch((e) => { console.error(e.message); process.exit(1); });
