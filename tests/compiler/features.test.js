// Emission of the sections the filter enforces (parser, limits): the resolved Parser and Limits
// documents become flat JSON the filter reads (schema/filter-config.v1.schema.json $defs).

import { test } from "node:test";
import assert from "node:assert/strict";
import { compileFiles, CSP } from "./helpers.js";
import { checkConfig } from "../../src/compiler/emit.js";
import { largestBufferedBody } from "../../src/compiler/emit-features.js";

const doc = (kind, name, spec) => `apiVersion: bulwark.dev/v1alpha1\nkind: ${kind}\nmetadata: {name: ${name}, namespace: n}\nspec:\n${spec}`;

test("a Parser document becomes the policy's parser section, custom rules flattened", async () => {
  const r = await compileFiles({
    "a.yaml": [
      CSP("p", "n", ["r"], "  secured:\n    parserRef: {name: ps}\n"),
      doc("Parser", "ps", `  request:
    defaultContentType: application/json
    parsers:
      json: {mediaTypePattern: ".*(json|\\\\+json).*"}
      form: {enable: false}
    custom:
      rules:
      - requestConditions: {method: [PUT], path: {matcher: {prefix: /upload/raw/}}}
        action: {skip: {}}
      - requestConditions:
          mediaType: {matcher: {exact: text/plain}}
          header: {name: {matcher: {exact: X-Api}}, value: {matcher: {regex: "v[0-9]+", ignoreCase: true}}}
          remoteIP: {cidrRanges: [10.0.0.0/8], invert: true}
          invert: true
        action: {parse: {json: {}}}
`),
    ].join("---\n"),
  });
  const p = r.config.policies.find((x) => x.name === "n/p");
  assert.deepEqual(p.parser, {
    defaultContentType: "application/json",
    form: { enable: false, mediaTypePattern: ".*urlencoded.*" },
    json: { enable: true, mediaTypePattern: ".*(json|\\+json).*" },
    multipart: { enable: true, mediaTypePattern: ".*multipart.*" },
    rules: [
      { requestConditions: { path: { prefix: "/upload/raw/" }, methods: ["PUT"] }, action: "skip" },
      {
        requestConditions: {
          header: { name: { exact: "X-Api" }, value: { regex: "v[0-9]+", ignoreCase: true } },
          mediaType: { exact: "text/plain" },
          remoteIP: { cidrRanges: ["10.0.0.0/8"], invert: true },
          invert: true,
        },
        action: "json",
      },
    ],
  });
  assert.ok(!r.warnings.some((w) => w.includes("not yet enforced")), r.warnings.join("\n"));
  checkConfig(r.config);
});

test("a Limits document becomes the limits section in bytes, with exceptions and mode", async () => {
  const r = await compileFiles({
    "a.yaml": [
      CSP("p", "n", ["r"], "  secured:\n    limitsRef: {name: l}\n"),
      doc("Limits", "l", `  settings: {threatHandlingMode: LogOnly}
  request:
    limited:
      general: {bodySize: 10Mi, pathLength: 2Ki}
      json: {nestingDepth: 32}
      exceptions:
      - length: {json: {jsonPath: "$.avatar"}}
        requestConditions: {path: {matcher: {prefix: /profile}}}
      - length: {parameter: {name: {matcher: {exact: token}}, source: Query}}
      - length: {parameter: {name: {matcher: {prefix: x}}}}
      - length: {graphQL: {argument: {matcher: {exact: text}}}}
`),
    ].join("---\n"),
  });
  const l = r.config.policies.find((x) => x.name === "n/p").limits;
  assert.equal(l.threatHandlingMode, "LogOnly");
  assert.deepEqual(l.general, { bodySize: 10 * 1024 * 1024, pathLength: 2048 });
  assert.deepEqual(l.json, { bodySize: 102400, nestingDepth: 32, keyCount: 250, elementCount: 10000, keyLength: 128, valueLength: 8192 });
  assert.deepEqual(l.parameter, { bodySize: 102400, count: 128, nameLength: 128, valueLength: 8192 });
  assert.deepEqual(l.multipart, { bodySize: 100 * 1024 * 1024 });
  assert.deepEqual(l.graphQL, { querySize: 1024, nestingDepth: 10, valueLength: 256 });
  assert.deepEqual(l.exceptions, [
    { requestConditions: { path: { prefix: "/profile" } }, json: { jsonPath: "$.avatar" } },
    { parameter: { name: { exact: "token" }, source: "Query" } },
    { parameter: { name: { prefix: "x" }, source: "Any" } },
    { graphQL: { argument: { exact: "text" } } },
  ]);
  checkConfig(r.config);
});

test("Limits unlimited emits only the mode and the flag; unsecured policies carry no sections", async () => {
  const r = await compileFiles({
    "a.yaml": [
      CSP("p", "n", ["r"], "  secured:\n    limitsRef: {name: l}\n"),
      CSP("open", "n", ["o"], "  unsecured: {}\n"),
      doc("Limits", "l", "  request: {unlimited: {}}\n"),
    ].join("---\n"),
  });
  const p = r.config.policies.find((x) => x.name === "n/p");
  assert.deepEqual(p.limits, { threatHandlingMode: "Block", unlimited: true });
  assert.ok(p.parser, "parser defaults still apply");
  const open = r.config.policies.find((x) => x.name === "n/open");
  assert.deepEqual(open, { name: "n/open", mode: "unsecured" });
  assert.deepEqual(largestBufferedBody(r.config), { bytes: 0, unlimited: true });
});

test("the contract rejects a limits section mixing unlimited with limit groups, and matchers with two kinds", async () => {
  const r = await compileFiles({ "a.yaml": CSP("p", "n", ["r"]) });
  const base = r.config;
  const mixed = structuredClone(base);
  mixed.policies[1].limits.unlimited = true;
  assert.throws(() => checkConfig(mixed), /compiler bug/);
  const twoKinds = structuredClone(base);
  twoKinds.policies[1].parser.rules = [{ requestConditions: { path: { exact: "/a", prefix: "/b" } }, action: "skip" }];
  assert.throws(() => checkConfig(twoKinds), /compiler bug/);
  assert.deepEqual(largestBufferedBody(base), { bytes: 100 * 1024 * 1024, unlimited: false }, "multipart's 100Mi default is the largest buffered body");
});
