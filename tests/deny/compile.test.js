// The DenyRules kind becomes the policy's denyRules section: settings, overrides, every
// blockedData and blockData form flattened, defaults for policies without a DenyRules
// reference, and no "not yet enforced" warning any more.
import { test } from "node:test";
import assert from "node:assert/strict";
import { compileFiles, CSP } from "../compiler/helpers.js";
import { checkConfig } from "../../src/compiler/emit.js";
import { defaultConfig } from "../../src/compiler/index.js";

const DENY = `apiVersion: bulwark.dev/v1alpha1
kind: DenyRules
metadata: {name: shop-deny, namespace: shop}
spec:
  request:
    builtIn:
      settings: {level: Strict, threatHandlingMode: Block}
      overrides:
      - conditions: {ruleKeys: [XSS], types: [JSON]}
        settings: {level: Standard}
      - conditions: {ruleKeys: [BOT]}
        settings: {threatHandlingMode: LogOnly}
      exceptions:
      - ruleKeys: [SQL]
        blockedData:
          parameter: {name: {matcher: {exact: q}}, source: Query}
        requestConditions:
          path: {matcher: {prefix: /search}}
          method: [GET]
      - ruleKeys: [HTML, XSS]
        blockedData:
          json: {jsonPath: "$.comment.body"}
      - blockedData: {header: {name: {matcher: {exact: X-Template}}, value: {matcher: {prefix: "{{"}}}}
      - blockedData: {path: {matcher: {regex: "/wiki/.*", ignoreCase: true}}}
      - blockedData: {pathSegment: {value: {matcher: {exact: etc}}, segments: {index: 1}}}
      - blockedData: {graphQL: {argument: {matcher: {exact: html}}}}
      - requestConditions: {remoteIP: {cidrRanges: [10.0.0.0/8]}}
    custom:
      rules:
      - ruleKey: NO_DEBUG_PARAM
        blockData:
          parameter: {name: {matcher: {exact: debug, ignoreCase: true}}}
      - ruleKey: NO_ADMIN_FROM_OUTSIDE
        threatHandlingMode: LogOnly
        requestConditions:
          remoteIP: {cidrRanges: [10.0.0.0/8], invert: true}
        blockData:
          path: {matcher: {prefix: /admin}}
      - ruleKey: NO_V0
        blockData: {pathSegment: {value: {matcher: {exact: v0}}, segments: {index: 0}}}
      - ruleKey: NO_ROLE
        blockData: {json: {key: {matcher: {exact: role}}, value: {matcher: {exact: admin}}}}
      - ruleKey: NO_TRACE
        blockData: {header: {name: {matcher: {exact: X-Trace}}}}
      - ruleKey: NO_INTROSPECTION
        blockData: {graphQL: {field: {matcher: {exact: __schema}}}}
`;

test("a DenyRules document becomes the policy's denyRules section", async () => {
  const r = await compileFiles({ "a.yaml": [CSP("p", "shop", ["r"], "  secured:\n    filter:\n      denyRulesRef: {name: shop-deny}\n"), DENY].join("---\n") });
  checkConfig(r.config);
  assert.ok(!r.warnings.some((w) => w.includes("not yet enforced") && w.includes("DenyRules")), r.warnings.join("\n"));
  const d = r.config.policies.find((x) => x.name === "shop/p").denyRules;
  assert.deepEqual(d, {
    level: "Strict",
    threatHandlingMode: "Block",
    overrides: [
      { ruleKeys: ["XSS"], types: ["JSON"], level: "Standard" },
      { ruleKeys: ["BOT"], threatHandlingMode: "LogOnly" },
    ],
    exceptions: [
      { ruleKeys: ["SQL"], requestConditions: { path: { prefix: "/search" }, methods: ["GET"] }, parameter: { name: { exact: "q" }, source: "Query" } },
      { ruleKeys: ["HTML", "XSS"], json: { jsonPath: "$.comment.body" } },
      { header: { name: { exact: "X-Template" }, value: { prefix: "{{" } } },
      { path: { regex: "/wiki/.*", ignoreCase: true } },
      { pathSegment: { value: { exact: "etc" }, index: 1 } },
      { graphQL: { argument: { exact: "html" } } },
      { requestConditions: { remoteIP: { cidrRanges: ["10.0.0.0/8"] } } },
    ],
    customRules: [
      { ruleKey: "NO_DEBUG_PARAM", threatHandlingMode: "Block", parameter: { name: { exact: "debug", ignoreCase: true } } },
      { ruleKey: "NO_ADMIN_FROM_OUTSIDE", threatHandlingMode: "LogOnly", requestConditions: { remoteIP: { cidrRanges: ["10.0.0.0/8"], invert: true } }, path: { prefix: "/admin" } },
      { ruleKey: "NO_V0", threatHandlingMode: "Block", pathSegment: { value: { exact: "v0" }, index: 0 } },
      { ruleKey: "NO_ROLE", threatHandlingMode: "Block", json: { key: { exact: "role" }, value: { exact: "admin" } } },
      { ruleKey: "NO_TRACE", threatHandlingMode: "Block", header: { name: { exact: "X-Trace" } } },
      { ruleKey: "NO_INTROSPECTION", threatHandlingMode: "Block", graphQL: { field: { exact: "__schema" } } },
    ],
  });
});

test("policies without a DenyRules reference get Standard and Block", async () => {
  assert.deepEqual(defaultConfig().policies[0].denyRules, { level: "Standard", threatHandlingMode: "Block" });
  const r = await compileFiles({ "a.yaml": CSP("p", "shop", ["r"]) });
  assert.deepEqual(r.config.policies.find((x) => x.name === "shop/p").denyRules, { level: "Standard", threatHandlingMode: "Block" });
});

test("unsecured policies carry no denyRules section", async () => {
  const r = await compileFiles({ "a.yaml": CSP("p", "shop", ["r"], "  unsecured: {}\n") });
  assert.equal(r.config.policies.find((x) => x.name === "shop/p").denyRules, undefined);
});

test("the filter schema rejects malformed denyRules sections", () => {
  const bad = [
    { level: "Standard" },
    { level: "High", threatHandlingMode: "Block" },
    { level: "Standard", threatHandlingMode: "Block", overrides: [{ level: "Basic" }] },
    { level: "Standard", threatHandlingMode: "Block", overrides: [{ ruleKeys: ["SQL"] }] },
    { level: "Standard", threatHandlingMode: "Block", exceptions: [{ ruleKeys: ["SQL"] }] },
    { level: "Standard", threatHandlingMode: "Block", exceptions: [{ path: { exact: "/" }, header: { name: { exact: "a" } } }] },
    { level: "Standard", threatHandlingMode: "Block", exceptions: [{ json: { jsonPath: "$.a", key: { exact: "a" }, value: { exact: "b" } } }] },
    { level: "Standard", threatHandlingMode: "Block", customRules: [{ ruleKey: "A" }] },
    { level: "Standard", threatHandlingMode: "Block", customRules: [{ ruleKey: "lower", path: { exact: "/" } }] },
  ];
  for (const d of bad) {
    const cfg = defaultConfig();
    cfg.policies[0].denyRules = d;
    assert.throws(() => checkConfig(cfg), undefined, JSON.stringify(d));
  }
});
