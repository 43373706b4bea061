// The check rules' names: every name the vocabulary defines is implemented by
// assembly/rules/checks.ts (CHECK_NAMES, in the order of its `Check` numbers),
// and every check rule of the catalogue names one of them.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { ROOT, loadCatalogue } from "../../src/rules/catalogue.js";
import { CHECKS } from "../../src/rules/vocabulary.js";

const src = fs.readFileSync(path.join(ROOT, "assembly/rules/checks.ts"), "utf8");

test("CHECK_NAMES in checks.ts lists exactly the vocabulary's checks, numbered in order", () => {
  const list = /export const CHECK_NAMES: StaticArray<string> = \[([^\]]*)\]/.exec(src)[1];
  const names = [...list.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual([...names].sort(), Object.keys(CHECKS).sort());
  const ns = /export namespace Check \{([^}]*)\}/.exec(src)[1];
  const numbers = [...ns.matchAll(/export const (\w+) = (\d+);/g)].map((m) => [m[1], Number(m[2])]);
  const count = numbers.find(([n]) => n === "Count")[1];
  assert.equal(count, names.length);
  // Check.InvalidMethod = 0 ↔ "invalid-method": the constant is the camel-cased name.
  for (const [constName, n] of numbers) {
    if (constName === "Count") continue;
    const kebab = constName.replace(/[A-Z]/g, (c, i) => (i ? "-" : "") + c.toLowerCase()).replace(/utf-8/, "utf8");
    assert.equal(names[n], kebab.replace("utf-8", "utf8"), `Check.${constName} = ${n}`);
  }
});

test("every check rule names an implemented check", () => {
  const { rules } = loadCatalogue();
  for (const r of rules.filter((x) => x.check)) assert.ok(src.includes(`"${r.check}"`), `${r.id}: ${r.check}`);
});
