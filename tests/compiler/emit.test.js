// What the compiler emits: policies and routes of filter config v1, route selectors from
// HTTPRoutes, defaults on the internal model, determinism, and the reference examples.

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { compileFiles, compileError, CSP } from "./helpers.js";
import { defaultConfig, compileSources } from "../../src/compiler/index.js";
import { checkConfig } from "../../src/compiler/emit.js";

const ROUTE = (name, ns, spec) => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: ${name}, namespace: ${ns}}
spec:
${spec}`;

test("defaultConfig is one secured default policy and passes the contract schema", () => {
  const c = defaultConfig();
  assert.deepEqual(c.policies.map((p) => [p.name, p.mode]), [["default", "secured"]]);
  assert.equal(c.policies[0].limits.json.nestingDepth, 100, "the default policy enforces the reference's limits");
  assert.equal(c.policies[0].parser.json.mediaTypePattern, ".*json.*");
  assert.deepEqual(c.routes, []);
  assert.equal(c.defaultPolicy, "default");
  checkConfig(c);
});

test("a ContentSecurityPolicy becomes a policy and a route per target", async () => {
  const r = await compileFiles({
    "csp.yaml": CSP("shop-csp", "shop", ["shop", "admin"]),
    "route.yaml": ROUTE("shop", "shop", `  hostnames: [shop.example.com, "*.shop.example.com"]
  rules:
  - matches:
    - path: {type: PathPrefix, value: /api/}
    - path: {type: Exact, value: /login}
  - matches:
    - path: {value: /cart}
`),
  });
  assert.deepEqual(r.config.policies.map((p) => [p.name, p.mode]), [["default", "secured"], ["shop/shop-csp", "secured"]]);
  assert.deepEqual(r.config.routes, [
    {
      name: "shop/shop", policy: "shop/shop-csp", routeNames: ["shop/shop"], routeNamePrefixes: ["httproute/shop/shop/"],
      hosts: ["*.shop.example.com", "shop.example.com"], pathPrefixes: ["/api", "/cart", "/login"],
    },
    { name: "shop/admin", policy: "shop/shop-csp", routeNames: ["shop/admin"], routeNamePrefixes: ["httproute/shop/admin/"] },
  ]);
  assert.ok(r.warnings.some((w) => w.includes("HTTPRoute shop/admin is not among the inputs")), r.warnings.join("\n"));
});

test("a route matching every path has hosts only; unsecured policies keep their mode", async () => {
  const r = await compileFiles({
    "a.yaml": `${CSP("open", "web", ["site"], "  unsecured: {}\n")}---\n${ROUTE("site", "web", "  hostnames: [www.example.com]\n  rules:\n  - matches: [{path: {type: PathPrefix, value: /}}]\n  - matches: [{path: {type: PathPrefix, value: /x}}]\n")}`,
  });
  assert.deepEqual(r.config.policies[1], { name: "web/open", mode: "unsecured" });
  assert.deepEqual(r.config.routes[0].hosts, ["www.example.com"]);
  assert.equal(r.config.routes[0].pathPrefixes, undefined);
  assert.deepEqual(r.model.policies[1].features, {}, "unsecured policies carry no features");
});

test("regex path matches cannot be expressed: name-only selection and a warning", async () => {
  const r = await compileFiles({
    "a.yaml": `${CSP("p", "n", ["r"])}---\n${ROUTE("r", "n", "  hostnames: [a.example.com]\n  rules:\n  - matches: [{path: {type: RegularExpression, value: \"/x/.*\"}}]\n")}`,
  });
  assert.equal(r.config.routes[0].hosts, undefined);
  assert.equal(r.config.routes[0].pathPrefixes, undefined);
  assert.ok(r.warnings.includes("a.yaml:14 (document 2, HTTPRoute n/r): spec.rules: has RegularExpression (or non-absolute) path matches, which host/path selection cannot express: the policy is selected by Envoy route name only"), r.warnings.join("\n"));
});

test("more specific host/path selectors come first", async () => {
  const r = await compileFiles({
    "a.yaml": [
      CSP("p", "n", ["any", "wild", "exact", "exactlong"]),
      ROUTE("any", "n", "  rules:\n  - matches: [{path: {value: /a}}]\n"),
      ROUTE("wild", "n", "  hostnames: [\"*.example.com\"]\n"),
      ROUTE("exact", "n", "  hostnames: [x.example.com]\n"),
      ROUTE("exactlong", "n", "  hostnames: [x.example.com]\n  rules:\n  - matches: [{path: {value: /a/b/c}}]\n"),
    ].join("---\n"),
  });
  assert.deepEqual(r.config.routes.map((x) => x.name), ["n/exactlong", "n/exact", "n/wild", "n/any"]);
});

test("defaults of every feature are applied; quantities become bytes", async () => {
  const r = await compileFiles({
    "a.yaml": `${CSP("p", "n", ["r"], "  secured:\n    limitsRef: {name: l}\n")}---
apiVersion: bulwark.dev/v1alpha1
kind: Limits
metadata: {name: l, namespace: n}
spec:
  request:
    limited:
      json: {bodySize: 1.5Mi, nestingDepth: 5}
`,
  });
  const p = r.model.policies.find((x) => x.name === "n/p");
  assert.equal(p.featureSources.limits, "n/l");
  assert.equal(p.featureSources.denyRules, null);
  const lim = p.features.limits.request.limited;
  assert.equal(lim.json.bodySize, 1572864);
  assert.equal(lim.json.nestingDepth, 5);
  assert.equal(lim.json.keyCount, 250);
  assert.equal(lim.general.bodySize, 100 * 1024 * 1024);
  assert.equal(lim.general.pathLength, 1024);
  assert.equal(lim.parameter.valueLength, 8192);
  assert.equal(lim.graphQL.valueLength, 256);
  assert.equal(p.features.limits.settings.threatHandlingMode, "Block");
  assert.deepEqual(p.features.denyRules.request.builtIn.settings, { level: "Standard", threatHandlingMode: "Block" });
  assert.equal(p.features.parser.request.defaultContentType, "application/x-www-form-urlencoded");
  assert.equal(p.features.parser.request.parsers.json.mediaTypePattern, ".*json.*");
  const hr = p.features.headerRewrites;
  assert.deepEqual(hr.request.allow, { matchingHeaders: { builtIn: { standardHeaders: true, tracingHeaders: false } } });
  assert.deepEqual(hr.response.allow, { allHeaders: {} });
  assert.equal(hr.response.remove.builtIn.auth.basic, false);
  assert.equal(hr.response.remove.builtIn.auth.ntlm, true);
  assert.equal(hr.response.add.builtIn.hsts, true);
  assert.equal(hr.response.add.builtIn.csp, false);
  assert.ok(!r.warnings.some((w) => w.includes("Limits n/l") && w.includes("not yet enforced")), "Limits are enforced now");
  const def = r.model.policies.find((x) => x.name === "default");
  assert.deepEqual(Object.keys(def.features).sort(), ["denyRules", "headerRewrites", "limits", "parser"]);
});

test("Limits unlimited and explicit one-of branches keep the user's choice", async () => {
  const r = await compileFiles({
    "a.yaml": `${CSP("p", "n", ["r"], "  secured:\n    limitsRef: {name: l}\n    headerRewritesRef: {name: h}\n")}---
apiVersion: bulwark.dev/v1alpha1
kind: Limits
metadata: {name: l, namespace: n}
spec:
  request: {unlimited: {}}
---
apiVersion: bulwark.dev/v1alpha1
kind: HeaderRewrites
metadata: {name: h, namespace: n}
spec:
  request:
    allow: {allHeaders: {}}
`,
  });
  const p = r.model.policies.find((x) => x.name === "n/p");
  assert.deepEqual(p.features.limits.request, { unlimited: {} });
  assert.deepEqual(p.features.headerRewrites.request.allow, { allHeaders: {} });
});

test("Airlock manifests are accepted unchanged", async () => {
  const airlock = (kind, name, spec) => `apiVersion: microgateway.airlock.com/v1alpha1\nkind: ${kind}\nmetadata: {name: ${name}, namespace: shop}\nspec:\n${spec}`;
  const r = await compileFiles({
    "airlock.yaml": [
      airlock("ContentSecurityPolicy", "csp", "  targetRefs:\n  - {group: gateway.networking.k8s.io, kind: HTTPRoute, name: shop}\n  secured:\n    filter: {denyRulesRef: {name: d}}\n"),
      airlock("DenyRules", "d", "  request:\n    builtIn:\n      settings: {level: Basic}\n"),
    ].join("---\n"),
  });
  assert.equal(r.config.policies[1].name, "shop/csp");
  assert.equal(r.model.policies[1].features.denyRules.request.builtIn.settings.level, "Basic");
  assert.equal(r.documents[0].apiVersion, "microgateway.airlock.com/v1alpha1");
});

test("documents of other groups are skipped with a warning; Secrets and ConfigMaps are kept", async () => {
  const r = await compileFiles({
    "k8s.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {a: b}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {x: y}\n---\napiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: g}\n",
  });
  assert.ok(r.warnings.includes("k8s.yaml:1 (document 1, Deployment default/web): skipped: apps/v1 Deployment is not used by bulwark"), r.warnings.join("\n"));
  assert.ok(r.warnings.some((w) => w.startsWith("k8s.yaml:15 (document 4, GatewayClass default/g): skipped")));
  assert.deepEqual(r.documents.map((d) => d.kind), ["Secret", "ConfigMap"]);
});

test("references to kinds not supported yet, unreferenced features, ContentSecurity: warnings", async () => {
  const r = await compileFiles({
    "a.yaml": `${CSP("p", "n", ["r"], "  secured:\n    csrfProtectionRef: {name: csrf}\n")}---
apiVersion: bulwark.dev/v1alpha1
kind: Parser
metadata: {name: lonely, namespace: n}
---
apiVersion: microgateway.airlock.com/v1alpha1
kind: ContentSecurity
metadata: {name: cs, namespace: n}
spec:
  parserRef: {name: lonely}
`,
  });
  const w = r.warnings.join("\n");
  assert.match(w, /spec\.secured\.csrfProtectionRef: CSRFProtection n\/csrf is not supported by this version of bulwark: the reference is not resolved and the feature is not enforced/);
  assert.match(w, /\(document 3, ContentSecurity n\/cs\): becomes policy "n\/cs", but no route selects it/);
  assert.doesNotMatch(w, /Parser n\/lonely\): validated, but not yet enforced/);
  assert.deepEqual(r.config.policies.map((p) => p.name), ["default", "n/cs", "n/p"]);
});

test("unreferenced feature documents are reported", async () => {
  const r = await compileFiles({ "a.yaml": "apiVersion: bulwark.dev/v1alpha1\nkind: Limits\nmetadata: {name: l, namespace: n}\n" });
  assert.ok(r.warnings.some((w) => w.includes("Limits n/l): not referenced by any ContentSecurityPolicy or ContentSecurity in namespace n")));
});

test("output is deterministic whatever the input order and file layout", async () => {
  const files = {
    "z/one.yaml": CSP("zeta", "n", ["r1"]),
    "a/two.yml": CSP("alpha", "n", ["r2"]),
    "m/three.json": JSON.stringify({ apiVersion: "bulwark.dev/v1alpha1", kind: "ContentSecurityPolicy", metadata: { name: "mid", namespace: "n" }, spec: { targetRefs: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: "r3" }], unsecured: {} } }),
    "ignored.txt": "not read",
  };
  const a = await compileFiles(files);
  const b = await compileFiles(files, { inputs: ["z", "m/three.json", "a"] });
  assert.equal(JSON.stringify(a.config), JSON.stringify(b.config));
  assert.deepEqual(a.config.policies.map((p) => p.name), ["default", "n/alpha", "n/mid", "n/zeta"]);
  assert.equal(a.documents.length, 3);
  assert.deepEqual(a.documents.map((d) => d.file), ["a/two.yml", "m/three.json", "z/one.yaml"], "directories are walked in sorted order");
});

test("JSON input errors carry lines too", async () => {
  const err = await compileError({ "p.json": '{\n  "apiVersion": "bulwark.dev/v1alpha1",\n  "kind": "Parser",\n  "metadata": {"name": "p"},\n  "spec": {"request": {"defaultContentType": 7}}\n}\n' });
  assert.match(err.message, /p\.json:5 \(document 1, Parser default\/p\): spec\.request\.defaultContentType: must be a string, got the number 7/);
});

test("compileSources compiles in-memory text", async () => {
  const r = await compileSources([{ file: "mem.yaml", text: CSP("p", "n", ["r"]) }]);
  assert.equal(r.config.routes[0].policy, "n/p");
});

test("the demo policies in policies/ compile with a policy for demo/demo", async () => {
  const { compile } = await import("../../src/compiler/index.js");
  const root = new URL("../../", import.meta.url).pathname;
  const r = await compile(["policies"], { cwd: root });
  const route = r.config.routes.find((x) => x.name === "demo/demo");
  assert.equal(route.policy, "demo/demo");
  const p = r.model.policies.find((x) => x.name === "demo/demo");
  for (const f of ["parser", "limits", "denyRules", "headerRewrites"]) assert.ok(p.featureSources[f], `demo references a ${f} document`);
});

// The reference's examples for the supported kinds are read from the shared reference (not
// copied into the repo); the test is skipped where that file is not available.
const REFERENCE = "/work/shared/reference/airlock-api.md";
test("the examples of the API reference compile", { skip: !existsSync(REFERENCE) && "reference not available" }, async () => {
  const md = readFileSync(REFERENCE, "utf8");
  const supported = new Set(["ContentSecurityPolicy", "DenyRules", "Limits", "Parser", "HeaderRewrites"]);
  const blocks = [...md.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1])
    .filter((b) => [...b.matchAll(/^kind: (\w+)/gm)].every((k) => supported.has(k[1])));
  assert.equal(blocks.length, 5, "one example per supported kind");
  const r = await compileSources(blocks.map((text, i) => ({ file: `example-${i + 1}.yaml`, text })));
  const p = r.model.policies.find((x) => x.name === "shop/shop-csp");
  assert.deepEqual(Object.values(p.featureSources).sort(), ["shop/shop-deny", "shop/shop-headers", "shop/shop-limits", "shop/shop-parser"]);
  assert.equal(p.features.denyRules.request.builtIn.settings.level, "Strict");
  assert.equal(p.features.limits.request.limited.general.bodySize, 10 * 1024 * 1024);
  assert.ok(r.warnings.some((w) => w.includes("APIProtection shop/shop-api is not supported")));
});

test("a config that breaks the contract is reported as a compiler bug", () => {
  assert.throws(() => checkConfig({ version: 2, policies: [], defaultPolicy: "" }), /^Error: compiler bug: the emitted filter config does not match schema\/filter-config\.v1\.schema\.json/);
  assert.throws(() => checkConfig({ ...defaultConfig(), routes: [{ name: "x", policy: "default", pathPrefixes: ["nope"] }] }), /compiler bug/);
});

test("ContentSecurity accepts the deprecated apiProtection references with a warning", async () => {
  const r = await compileFiles({
    "cs.yaml": "apiVersion: microgateway.airlock.com/v1alpha1\nkind: ContentSecurity\nmetadata: {name: cs, namespace: n}\nspec:\n  apiProtection:\n    openAPIRef: {name: api}\n",
  });
  assert.ok(r.warnings.includes("cs.yaml:6 (document 1, ContentSecurity n/cs): spec.apiProtection.openAPIRef: OpenAPI n/api is not supported by this version of bulwark: the reference is not resolved and the feature is not enforced (deprecated field, use apiProtectionRef)"), r.warnings.join("\n"));
  const p = r.model.policies.find((x) => x.name === "n/cs");
  assert.equal(p.mode, "secured");
  assert.equal(p.features.denyRules.request.builtIn.settings.level, "Standard");
});
