// Unit tests of the value parsers and checks behind the schema formats.

import { test } from "node:test";
import assert from "node:assert/strict";
import { parseQuantity } from "../../src/compiler/quantity.js";
import { parseDuration } from "../../src/compiler/duration.js";
import { validateCidr } from "../../src/compiler/cidr.js";
import { validateRegex, MAX_REGEX_LENGTH } from "../../src/compiler/regex.js";
import { suggest } from "../../src/compiler/suggest.js";
import { formatPath, formatProblem } from "../../src/compiler/errors.js";

test("quantities", () => {
  const ok = { "128": 128, "8Ki": 8192, "100Mi": 104857600, "1.5Gi": 1610612736, "64k": 64000, "2M": 2000000, "1e3": 1000, "0": 0, "+5": 5, "0.5Ki": 512 };
  for (const [input, bytes] of Object.entries(ok)) assert.deepEqual(parseQuantity(input), { bytes }, input);
  assert.deepEqual(parseQuantity(128), { bytes: 128 });
  for (const bad of ["8KB", "-1", "1.5", "10m", "Ki", "", "1 Ki", "0x10", "1.2.3"]) {
    assert.ok("error" in parseQuantity(bad), bad);
  }
  assert.ok("error" in parseQuantity(-1));
  assert.ok("error" in parseQuantity(1.5));
  assert.match(parseQuantity("9Ei").error, /too large/);
});

test("durations", () => {
  const ok = { "60s": 60000, "5m": 300000, "1h30m": 5400000, "250ms": 250, "1.5s": 1500, "0": 0, "2h": 7200000, "100us": 0.1 };
  for (const [input, ms] of Object.entries(ok)) assert.deepEqual(parseDuration(input), { ms }, input);
  for (const bad of ["60", "5 m", "-5s", "1d", "", "s", "1h30", 60]) assert.ok("error" in parseDuration(bad), String(bad));
});

test("CIDR ranges", () => {
  for (const good of ["10.0.0.0/8", "0.0.0.0/0", "192.168.1.1", "192.168.1.1/32", "2001:db8::/32", "::/0", "::1", "fe80::/10",
    "::ffff:10.0.0.0/104", "2001:0db8:0000:0000:0000:0000:0000:0000/128"]) {
    assert.equal(validateCidr(good), null, good);
  }
  for (const bad of ["10.0.0.1/8", "256.0.0.0/8", "10.0.0/8", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/08", "2001:db8::/129",
    "2001:db8:::/32", "1:2:3:4:5:6:7:8:9", "2001:db8::1/32", "x", "", "01.0.0.0/8"]) {
    assert.notEqual(validateCidr(bad), null, bad);
  }
});

test("regex check: the filter's own RE2 parser decides", () => {
  for (const good of [".*json.*", "^/api/", "a\\\\1", "(?i)abc", "(?:x|y)+", "[a-z]{1,3}", "\\++", "[(?=]"]) assert.equal(validateRegex(good), null, good);
  assert.match(validateRegex("(a)\\1"), /backreference \\1 is not supported .* at offset 3/);
  for (const la of ["(?=a)", "(?!a)", "(?<=a)", "(?<!a)"]) assert.match(validateRegex(la), /(lookahead|lookbehind) .* not supported/, la);
  assert.match(validateRegex("\\k<n>"), /invalid escape/);
  assert.match(validateRegex("(?>a)"), /unsupported group syntax/);
  assert.match(validateRegex("a++"), /possessive forms are not supported/);
  assert.match(validateRegex("(a"), /missing \)|unclosed|closing/i);
  assert.match(validateRegex(""), /non-empty/);
  assert.match(validateRegex("a".repeat(MAX_REGEX_LENGTH + 1)), /at most 1024/);
});

test("suggestions", () => {
  assert.equal(suggest("limitRef", ["parserRef", "limitsRef"]), "limitsRef");
  assert.equal(suggest("Strcit", ["Basic", "Standard", "Strict"]), "Strict");
  assert.equal(suggest("parserref", ["parserRef"]), "parserRef");
  assert.equal(suggest("zzz", ["parserRef", "limitsRef"]), null);
});

test("paths and problem format", () => {
  assert.equal(formatPath(["spec", "rules", 0, "name"]), "spec.rules[0].name");
  assert.equal(formatPath(["data", "a.b"]), 'data["a.b"]');
  assert.equal(formatProblem({ file: "policies/shop.yaml", line: 14, document: 2, kind: "DenyRules", name: "shop/shop-deny", path: "spec.request.builtIn.settings.level", message: 'must be one of Unfiltered, Basic, Standard, Strict, got "Strcit"' }),
    'policies/shop.yaml:14 (document 2, DenyRules shop/shop-deny): spec.request.builtIn.settings.level: must be one of Unfiltered, Basic, Standard, Strict, got "Strcit"');
  assert.equal(formatProblem({ file: "x.yaml", message: "no such file or directory" }), "x.yaml: no such file or directory");
});
