// `bulwark compile` end to end: output to stdout or a file, warnings on stderr, exit code 1
// with every problem and no stack trace on bad input.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { tempTree, CSP } from "./helpers.js";

const BIN = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../bin/bulwark.js");
const run = (args, cwd) => spawnSync(process.execPath, [BIN, "compile", ...args], { cwd, encoding: "utf8" });

test("compiles to stdout, warnings to stderr", () => {
  const { dir, cleanup } = tempTree({ "p/csp.yaml": CSP("p", "n", ["r"]) });
  try {
    const r = run(["p"], dir);
    assert.equal(r.status, 0, r.stderr);
    const config = JSON.parse(r.stdout);
    assert.equal(config.routes[0].policy, "n/p");
    assert.equal(r.stdout.split("\n").length, 2, "compact single-line JSON by default");
    assert.match(r.stderr, /^warning: p\/csp\.yaml:6 \(document 1, ContentSecurityPolicy n\/p\): spec\.targetRefs\[0\]: HTTPRoute n\/r is not among the inputs/m);
  } finally {
    cleanup();
  }
});

test("-o writes the file, --pretty indents", () => {
  const { dir, cleanup } = tempTree({ "csp.yaml": CSP("p", "n", ["r"]) });
  try {
    const r = run(["csp.yaml", "-o", "out.json", "--pretty"], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "");
    const text = readFileSync(path.join(dir, "out.json"), "utf8");
    assert.match(text, /^\{\n {2}"version": 1,/);
    assert.equal(JSON.parse(text).defaultPolicy, "default");
  } finally {
    cleanup();
  }
});

test("bad input: exit 1, all problems, no stack trace, no output file", () => {
  const { dir, cleanup } = tempTree({
    "bad.yaml": "apiVersion: bulwark.dev/v1alpha1\nkind: DenyRules\nmetadata: {name: d, namespace: shop}\nspec:\n  request:\n    builtIn:\n      settings: {level: Strcit}\n---\napiVersion: bulwark.dev/v1alpha1\nkind: Limits\nmetadata: {name: l, namespace: shop}\nspec: {request: {limited: {general: {bodySize: 8KB}}}}\n",
  });
  try {
    const r = run([".", "-o", "out.json"], dir);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^bulwark: policy compilation failed with 2 problems:$/m);
    assert.match(r.stderr, /bad\.yaml:7 \(document 1, DenyRules shop\/d\): spec\.request\.builtIn\.settings\.level: must be one of Unfiltered, Basic, Standard, Strict, got "Strcit"/);
    assert.match(r.stderr, /bad\.yaml:12 \(document 2, Limits shop\/l\): spec\.request\.limited\.general\.bodySize: must be a byte size/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
    assert.equal(existsSync(path.join(dir, "out.json")), false);
  } finally {
    cleanup();
  }
});
