// The compiler side of HeaderRewrites and custom responses: emitted sections, problems reported
// with file and line (unsupported command operators, headers that must not be set, missing
// ConfigMap keys), warnings, and the built-in lists kept in one data file.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { compileSources, defaultConfig, formatProblems } from "../../src/compiler/index.js";
import { checkConfig } from "../../src/compiler/emit.js";
import { operatorProblem, literalPercents } from "../../src/compiler/operators.js";
import { policyYaml } from "./support.js";

async function problems(yaml) {
  try {
    await compileSources([{ file: "p.yaml", text: yaml }]);
  } catch (err) {
    if (err.name !== "CompileError") throw err;
    return formatProblems(err.problems);
  }
  throw new Error("expected compilation to fail");
}

test("the default policy carries the HeaderRewrites defaults", () => {
  const hr = defaultConfig().policies[0].headerRewrites;
  assert.deepEqual(hr.request, { allowAll: false, standardHeaders: true, tracingHeaders: false, removeAlternativeForwardedHeaders: true });
  assert.equal(hr.operationalMode, "Production");
  assert.equal(hr.response.allowAll, true);
  assert.equal(hr.response.removeAuthBasic, false);
  assert.equal(hr.response.addCsp, false);
  assert.equal(hr.response.addHsts, true);
});

test("custom rules are emitted flat, with case-insensitive name matchers and conditions", async () => {
  const { config } = await compileSources([{ file: "p.yaml", text: policyYaml({ headerRewrites: `request:
  allow:
    matchingHeaders:
      custom:
      - name: key
        headers: [{name: {matcher: {exact: X-Key}}, value: {matcher: {regex: "k-.*", ignoreCase: true}}}]
        requestConditions: {method: [POST]}
  add:
    custom:
    - name: id
      headers: [{name: X-Id, value: "%STREAM_ID%"}]` }) }]);
  const hr = config.policies.find((p) => p.name === "t/shop").headerRewrites;
  assert.deepEqual(hr.request.allow, [{ name: "key", headers: [{ name: { exact: "X-Key" }, value: { regex: "k-.*", ignoreCase: true } }], requestConditions: { methods: ["POST"] } }]);
  assert.deepEqual(hr.request.add, [{ name: "id", mode: "AddIfAbsent", headers: [{ name: "X-Id", value: "%STREAM_ID%" }] }]);
  checkConfig(config);
});

test("unsupported operators and forbidden header names are compile errors with file and line", async () => {
  const out = await problems(policyYaml({ headerRewrites: `request:
  add:
    custom:
    - name: cert
      headers:
      - {name: X-Cert, value: "%DOWNSTREAM_PEER_CERT%"}
      - {name: Content-Length, value: "0"}
      - {name: X-Code, value: "%RESPONSE_CODE%"}` }));
  assert.match(out, /p\.yaml:\d+ \(document 3, HeaderRewrites t\/hr\): spec\.request\.add\.custom\[0\]\.headers\[0\]\.value: unsupported command operator %DOWNSTREAM_PEER_CERT% \(the client certificate is not available to a proxy-wasm filter\)/);
  assert.match(out, /headers\[1\]\.name: "Content-Length" cannot be added/);
  assert.match(out, /headers\[2\]\.value: %RESPONSE_CODE% is only available in responses/);
});

test("operator checks agree with the filter's grammar", () => {
  assert.equal(operatorProblem("a %% b %REQ(x-a?x-b):10% %START_TIME%", { response: false }), null);
  assert.match(operatorProblem("%REQ(a b)%", { response: false }), /malformed/);
  assert.match(operatorProblem("50%", { response: false }), /unterminated/);
  assert.equal(literalPercents("width:100%; %STREAM_ID% %% %x"), "width:100%%; %STREAM_ID% %% %%x");
});

test("CustomResponse bodies from ConfigMaps, missing keys, and policies for routes without a ContentSecurityPolicy", async () => {
  const yaml = `${policyYaml()}---
apiVersion: microgateway.airlock.com/v1alpha1
kind: CustomResponse
metadata: {name: page, namespace: t}
spec:
  content:
  - contentType: text/html
    body: {valueFrom: {configMapKeyRef: {name: pages, key: missing.html}}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: pages, namespace: t}
data: {a.html: "x"}
`;
  assert.match(await problems(yaml), /spec\.content\[0\]\.body\.valueFrom\.configMapKeyRef\.key: ConfigMap t\/pages has no data key "missing\.html"/);
  const ok = yaml.replace("missing.html", "a.html") + `---
apiVersion: microgateway.airlock.com/v1alpha1
kind: CustomResponsePolicy
metadata: {name: crp, namespace: t}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: shop}, {group: gateway.networking.k8s.io, kind: HTTPRoute, name: ghost}]
  policies:
    local:
    - responses:
      - statusCodeCondition: {matcher: {exact: 400}}
        customResponseRef: {name: page}
`;
  const { config, warnings } = await compileSources([{ file: "p.yaml", text: ok }]);
  assert.deepEqual(config.customResponses, {
    responses: [{ name: "t/page", content: [{ contentType: "text/html", body: "x" }] }],
    policies: [{ name: "t/crp", routes: ["t/shop"], local: [{ responses: [{ statusCode: { exact: 400 }, response: "t/page" }] }] }],
  });
  assert.ok(warnings.some((w) => w.includes("HTTPRoute t/ghost has no ContentSecurityPolicy among the inputs")), warnings.join("\n"));
});

test("the generated filter lists match data/header-rewrites.json", () => {
  const tool = fileURLToPath(new URL("../../tools/gen-header-lists.mjs", import.meta.url));
  execFileSync(process.execPath, [tool, "--check"], { stdio: "pipe" });
});

test("docs/header-rewrites.md lists every built-in name and value of the data file", async () => {
  const { readFileSync } = await import("node:fs");
  const doc = readFileSync(new URL("../../docs/header-rewrites.md", import.meta.url), "utf8");
  const data = JSON.parse(readFileSync(new URL("../../data/header-rewrites.json", import.meta.url), "utf8"));
  const lists = [data.request.protected, data.request.standardHeaders, data.request.tracingHeaders, data.request.alternativeForwardedHeaders,
    data.response.protected, data.response.standardHeaders, data.response.informationLeakageServer, data.response.informationLeakageApplication];
  for (const l of lists) {
    for (const n of l.names) assert.ok(doc.includes(`\`${n}\``), `${n} documented`);
    for (const p of l.prefixes) assert.ok(doc.includes(`\`${p}*\``), `${p}* documented`);
  }
  for (const [k, v] of Object.entries(data.response.add)) if (k !== "about") assert.ok(doc.includes(`\`${v.value}\``), `${k} value documented`);
});
