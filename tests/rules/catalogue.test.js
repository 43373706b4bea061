// The rule catalogue loads, and the validator rejects each kind of mistake
// with a message naming the file, the rule and the field.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { loadCatalogue, validateRuleFile, ROOT } from "../../src/rules/catalogue.js";
import { KEYS, LEVELS, LOCATIONS, TRANSFORMS, CHECKS, DETECTORS } from "../../src/rules/vocabulary.js";

const { rules } = loadCatalogue();

test("every rule key has rules, ids are unique and carry their key", () => {
  for (const k of KEYS) assert.ok(rules.some((r) => r.key === k), `no rule for ${k}`);
  const ids = rules.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const r of rules) assert.ok(r.id.startsWith(`BW-${r.key}-`), r.id);
});

test("each rule is exactly one of pattern, detector or check, with examples where testable", () => {
  for (const r of rules) {
    const kinds = [r.pattern, r.detector, r.check].filter((x) => x !== null);
    assert.equal(kinds.length, 1, r.id);
    if (r.check) assert.ok(CHECKS[r.check], r.id);
    if (r.detector) assert.ok(DETECTORS[r.detector], r.id);
    if (!r.check) {
      assert.ok(r.examples.match.length >= 1 && r.examples.nomatch.length >= 1, `${r.id} needs examples`);
    }
  }
});

test("the catalogue's vocabulary mirrors the filter's Source and Transform enums", () => {
  const items = fs.readFileSync(path.join(ROOT, "assembly/parse/items.ts"), "utf8");
  const body = /export const enum Source \{([^}]*)\}/.exec(items)[1];
  const source = Object.fromEntries([...body.matchAll(/(\w+)\s*=\s*(\d+)/g)].map((m) => [m[1], Number(m[2])]));
  // The YAML spells Json/GraphQL the way the API does.
  const spelled = { ...source, JSON: source.Json };
  delete spelled.Json;
  assert.deepEqual(LOCATIONS, spelled);
  const cache = fs.readFileSync(path.join(ROOT, "assembly/transform/cache.ts"), "utf8");
  const bits = Object.fromEntries([...cache.matchAll(/export const (\w+): u32 = 1 << (\d+);/g)].map((m) => [m[1], 1 << Number(m[2])]));
  assert.deepEqual(TRANSFORMS, bits);
});

function check(doc, extra = {}) {
  const ctx = { ids: new Map(), retired: new Map(), problems: [], expectedKey: doc.key, ...extra };
  validateRuleFile("rules/test.yaml", doc, ctx);
  return ctx.problems;
}

const good = () => ({
  key: "SQL",
  rules: [{
    id: "BW-SQL-9001", description: "A valid test rule for the validator", level: "Standard",
    locations: ["Query", { Header: ["User-Agent"] }], transforms: ["UrlDecodeUni"], pattern: "(?i)\\bunion\\b",
    examples: { match: ["union"], nomatch: ["onion"] },
  }],
});

test("a valid rule file passes and is normalised", () => {
  const ctx = { ids: new Map(), retired: new Map(), problems: [], expectedKey: "SQL" };
  const [r] = validateRuleFile("rules/test.yaml", good(), ctx);
  assert.deepEqual(ctx.problems, []);
  assert.deepEqual(r.locations, ["Query", "Header"]);
  assert.deepEqual(r.headers, ["user-agent"]);
  assert.equal(r.transformMask, TRANSFORMS.UrlDecodeUni);
  assert.equal(r.levelIndex, LEVELS.indexOf("Standard"));
});

test("mistakes are rejected with file, rule and field", () => {
  const cases = [
    [(d) => { d.rules[0].level = "Paranoid"; }, /rules\[0\]\.level: must be equal to one of the allowed values: Basic, Standard, Strict/],
    [(d) => { d.rules[0].locations = ["Body"]; }, /rules\[0\]\.locations\[0\]/],
    [(d) => { d.rules[0].transforms = ["Base64"]; }, /rules\[0\]\.transforms\[0\].*UrlDecode/],
    [(d) => { d.rules[0].pattern = "a(?=b)"; }, /BW-SQL-9001\): pattern: lookahead .* at offset 1/],
    [(d) => { d.rules[0].pattern = "x".repeat(1100); }, /pattern: must be at most 1024/],
    [(d) => { d.rules[0].id = "BW-XSS-9001"; }, /id: must start with BW-SQL-/],
    [(d) => { d.rules[0].id = "SQL-1"; }, /rules\[0\]\.id: must match pattern/],
    [(d) => { delete d.rules[0].examples; }, /exactly one of: pattern/],
    [(d) => { d.rules[0].examples.nomatch = []; }, /examples\.nomatch: must NOT have fewer than 1 items/],
    [(d) => { d.rules[0].check = "nul-byte"; }, /exactly one of: pattern/],
    [(d) => { d.rules[0].colour = "red"; }, /unknown field "colour"/],
    [(d) => { d.rules[0].description = "short"; }, /description: must NOT have fewer than 10 characters/],
    [(d) => { d.rules.push(structuredClone(d.rules[0])); }, /id: duplicate of a rule in rules\/test\.yaml/],
    [(d) => { d.key = "XSS"; }, /key: expected SQL \(the file name\), got XSS/],
  ];
  for (const [mutate, re] of cases) {
    const d = good();
    mutate(d);
    const problems = check(d, { expectedKey: "SQL" });
    assert.ok(problems.some((p) => re.test(p)), `${re} not in:\n${problems.join("\n")}`);
    for (const p of problems) assert.match(p, /^rules\/test\.yaml: /);
  }
});

test("a check rule needs no pattern, transforms or examples", () => {
  const d = { key: "ENCODING", rules: [{ id: "BW-ENCODING-9001", description: "NUL byte check for the test", level: "Basic", locations: ["Query"], check: "nul-byte" }] };
  assert.deepEqual(check(d), []);
  d.rules[0].check = "no-such-check";
  assert.ok(check(d).some((p) => /check: must be equal to one of the allowed values/.test(p)));
});

test("retired ids cannot come back", async () => {
  const { loadCatalogue: load } = await import("../../src/rules/catalogue.js");
  const dir = fs.mkdtempSync(path.join(ROOT, "build", "rules-test-"));
  try {
    for (const f of fs.readdirSync(path.join(ROOT, "rules"))) {
      if (f.endsWith(".yaml")) fs.copyFileSync(path.join(ROOT, "rules", f), path.join(dir, f));
    }
    fs.appendFileSync(path.join(dir, "sql.yaml"), "retired: [BW-SQL-0001]\n");
    assert.throws(() => load(dir), /id BW-SQL-0001 was retired in rules\/sql\.yaml and must not be reused/);
    fs.writeFileSync(path.join(dir, "extra.yaml"), "key: SQL\nrules: []\n");
    fs.rmSync(path.join(dir, "bot.yaml"));
    assert.throws(() => load(dir), (e) => e.problems.some((p) => /rules\/extra\.yaml: not a rule key file/.test(p)) && e.problems.some((p) => /rules\/bot\.yaml: missing/.test(p)));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
