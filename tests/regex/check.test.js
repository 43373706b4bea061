// The compiler-side check (src/regex/check.js) answers with the engine's own
// parser: valid RE2 passes, unsupported or malformed syntax fails with a reason.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ensureBuilt } from "../../tools/build-regex-check.mjs";

await ensureBuilt("check");
const { validateRegex } = await import("../../src/regex/check.js");

test("valid RE2 patterns pass", () => {
  for (const p of ["^/api/.*", "(?i)ab+c", "[[:alpha:]]{1,3}", "\\bselect\\b", "a|b|", "(?P<n>x)", "\\x{263a}", "é.*", "(?s:.)"]) {
    assert.equal(validateRegex(p), null, p);
  }
});

test("unsupported and malformed patterns fail with a reason and offset", () => {
  const cases = [
    ["a(?=b)", /lookahead .* at offset 1/],
    ["(?<!a)b", /lookbehind/],
    ["(a)\\1", /backreference/],
    ["a++", /bad repetition operator/],
    ["(a", /missing closing \)/],
    ["[z-a]", /invalid character class range/],
    ["x{2000}", /limited to 1000/],
    ["((a{100}){100}){100}", /too large/],
    ["\\p{Greek}", /not supported/],
    ["", /non-empty/],
  ];
  for (const [p, re] of cases) assert.match(validateRegex(p) ?? "(accepted)", re, p);
  assert.match(validateRegex("a".repeat(1025)), /at most 1024/);
});

test("non-ASCII patterns are measured in characters and pass through UTF-8", () => {
  assert.equal(validateRegex("(?i)ÉTÉ|été"), null);
  assert.match(validateRegex("é(?=x)"), /offset 1/);
});
