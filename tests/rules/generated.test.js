// assembly/rules/generated.ts and docs/rules.md are what tools/gen-rules.mjs
// makes of rules/*.yaml today: a rule edit without regeneration fails here.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { renderAll } from "../../tools/gen-rules.mjs";
import { loadCatalogue, ROOT } from "../../src/rules/catalogue.js";

test("generated files are up to date (run node tools/gen-rules.mjs)", () => {
  for (const { file, text } of renderAll()) {
    const onDisk = fs.readFileSync(path.join(ROOT, file), "utf8");
    assert.ok(onDisk === text, `${file} is stale: run node tools/gen-rules.mjs`);
  }
});

test("the generated table lists every rule once, with its level and how it matches", () => {
  const { rules } = loadCatalogue();
  const md = fs.readFileSync(path.join(ROOT, "docs/rules.md"), "utf8");
  for (const r of rules) {
    const rows = md.split("\n").filter((l) => l.startsWith(`| ${r.id} |`));
    assert.equal(rows.length, 1, r.id);
    assert.match(rows[0], new RegExp(`\\| ${r.key} \\| ${r.level} \\|`));
    assert.match(rows[0], r.pattern ? /\| pattern \|/ : r.detector ? /detector `/ : /check `/);
  }
});
