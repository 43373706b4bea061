// Every pattern rule's examples, run through the filter's own transformations
// and regex engine (build/rules-eval.wasm): each `match` example fires the rule
// at every location it inspects, each `nomatch` example does not. Also checks
// level selection, header-name scoping, and reports the size of the sets.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { ensureBuilt } from "../../tools/build-rules-eval.mjs";
import { loadCatalogue, ROOT } from "../../src/rules/catalogue.js";
import { RulesEngine } from "../../src/rules/engine.js";
import { LEVELS, LOCATIONS } from "../../src/rules/vocabulary.js";

await ensureBuilt();
const { rules } = loadCatalogue();
const engine = new RulesEngine();
const MAX_SET_PROGRAM_SIZE = Number(/MAX_SET_PROGRAM_SIZE[^=]*=\s*([\d_]+)/.exec(fs.readFileSync(path.join(ROOT, "assembly/regex/limits.ts"), "utf8"))[1].replace(/_/g, ""));

test("the wasm holds the catalogue it was generated from", () => {
  assert.equal(engine.ruleCount, rules.length);
});

/** Header name to use for a rule at a location: its first listed header, else any. */
const headerFor = (r, loc) => (loc === "Header" ? r.headers[0] ?? "x-any" : "");

test("every pattern and detector rule matches its match examples and not its nomatch examples, at each of its locations", () => {
  const problems = [];
  rules.forEach((r, i) => {
    if (r.check !== null) return;
    for (const loc of r.locations) {
      const h = headerFor(r, loc);
      for (const ex of r.examples.match) {
        if (!engine.match("Strict", loc, ex, h).includes(i)) problems.push(`${r.id} at ${loc}: does not match ${JSON.stringify(ex)}`);
      }
      for (const ex of r.examples.nomatch) {
        if (engine.match("Strict", loc, ex, h).includes(i)) problems.push(`${r.id} at ${loc}: matches ${JSON.stringify(ex)}`);
      }
    }
  });
  assert.deepEqual(problems, []);
});

// Detector findings carry their own level, so only pattern rules are checked here.
test("a pattern rule runs at its own level and above, never below", () => {
  rules.forEach((r, i) => {
    if (r.pattern === null) return;
    const loc = r.locations[0];
    const ex = r.examples.match[0];
    LEVELS.forEach((level, l) => {
      assert.equal(engine.match(level, loc, ex, headerFor(r, loc)).includes(i), l >= r.levelIndex, `${r.id} at ${level}`);
    });
  });
});

test("a rule never fires at a location it does not inspect", () => {
  rules.forEach((r, i) => {
    if (r.check !== null) return;
    for (const loc of Object.keys(LOCATIONS)) {
      if (r.locations.includes(loc)) continue;
      for (const ex of r.examples.match) assert.ok(!engine.match("Strict", loc, ex, "x-any").includes(i), `${r.id} fired at ${loc}`);
    }
  });
});

test("header-scoped rules fire only on the headers they name", () => {
  const scoped = rules.map((r, i) => [r, i]).filter(([r]) => r.pattern !== null && r.headers.length > 0);
  assert.ok(scoped.length > 0);
  for (const [r, i] of scoped) {
    const ex = r.examples.match[0];
    assert.ok(engine.match("Strict", "Header", ex, r.headers[0]).includes(i), r.id);
    assert.ok(!engine.match("Strict", "Header", ex, "x-unrelated").includes(i), r.id);
  }
});

test("values are decoded before matching, as the rule's transforms say", () => {
  const xss = rules.findIndex((r) => r.id === "BW-XSS-0001");
  assert.ok(engine.match("Standard", "Query", "%3Cscript%3E", "").includes(xss), "URL-decoded");
  assert.ok(engine.match("Standard", "Query", "&#60;script&#62;", "").includes(xss), "entity-decoded");
  assert.ok(engine.match("Standard", "Query", "<scr\u0000ipt>", "").includes(xss), "NUL removed");
  const trav = rules.findIndex((r) => r.id === "BW-IDOR-0001");
  assert.ok(engine.match("Standard", "Path", "/a/%252e%252e%252f%252e%252e%252fetc/passwd", "").includes(trav), "repeated decoding");
});

test("a detector finding is reported only at levels at least as strict as the finding", () => {
  const sql = rules.findIndex((r) => r.id === "BW-SQL-0100");
  const attack = "1' or '1'='1";
  const levels = LEVELS.filter((l) => engine.match(l, "Query", attack, "").includes(sql));
  assert.ok(levels.length > 0 && levels.includes("Strict"));
  // Monotone: once reported at a level, reported at every stricter one.
  assert.deepEqual(levels, LEVELS.slice(LEVELS.indexOf(levels[0])));
  for (const l of LEVELS) assert.ok(!engine.match(l, "Query", "O'Brien", "").includes(sql), l);
});

test("shared automata and per-location automata give the same answers", () => {
  const perLocation = new RulesEngine();
  perLocation.build("Strict", { shared: false });
  let compared = 0;
  for (const r of rules) {
    if (r.check !== null) continue;
    for (const loc of Object.keys(LOCATIONS)) {
      for (const ex of [...r.examples.match, ...r.examples.nomatch]) {
        const h = loc === "Header" ? r.headers[0] ?? "x-any" : "";
        assert.deepEqual(perLocation.match("Strict", loc, ex, h).sort(), engine.match("Strict", loc, ex, h).sort(), `${r.id} ${loc} ${ex}`);
        compared++;
      }
    }
  }
  assert.ok(compared > 1000);
});

test("sets fit the engine's limits at every level, shared and per location", (t) => {
  for (const level of LEVELS) {
    for (const shared of [true, false]) {
      const e = new RulesEngine();
      const ms = e.build(level, { shared });
      const lines = [];
      let total = 0;
      for (const loc of shared ? ["Query"] : Object.keys(LOCATIONS)) {
        const s = e.stats(level, loc);
        for (const [k, v] of Object.entries(s)) assert.ok(Number.isInteger(v) && v >= 0, `${level} ${loc} ${k}`);
        assert.ok(s.instructions <= MAX_SET_PROGRAM_SIZE * s.groups, `${level} ${loc}`);
        total += s.instructions;
        lines.push(`${shared ? "all locations" : loc} ${s.rules} rules/${s.groups} sets/${s.instructions} instr`);
      }
      // Sizes are reported, not asserted against time (performance lives in benchmarks).
      t.diagnostic(`${level} ${shared ? "shared" : "per location"}: compiled in ${ms.toFixed(0)} ms, ${total} instructions, wasm memory ${(e.memoryBytes() / 1048576).toFixed(1)} MiB: ${lines.join("; ")}`);
    }
  }
});
