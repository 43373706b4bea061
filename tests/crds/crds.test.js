// The generated CRDs: valid JSON Schema, Kubernetes structural schemas, one per kind the
// registry holds, and in agreement with the compiler on real documents (what `kubectl apply`
// with strict field validation would do, CEL rules evaluated through their JS equivalents).
import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import { parse, parseAllDocuments } from "yaml";
import { readFileSync } from "node:fs";
import path from "node:path";
import { generateCrds, celEquivalent, pluralOf, crdYaml } from "../../src/crds/generate.js";
import { BUILTIN_KINDS, OUR_GROUPS } from "../../src/compiler/registry.js";
import { loadInputs } from "../../src/compiler/load.js";
import { compileSources, CompileError } from "../../src/compiler/index.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const crds = generateCrds({ groups: OUR_GROUPS });
const schemaOf = (crd) => crd.spec.versions[0].schema.openAPIV3Schema;

// --- structural schema rules (k8s.io/apiextensions-apiserver pkg/apiserver/schema) ---------
function structuralProblems(node, path, out, { inMetadata = false } = {}) {
  const allowed = new Set(["type", "description", "properties", "additionalProperties", "items", "required", "enum", "default",
    "minimum", "maximum", "minLength", "maxLength", "pattern", "minItems", "maxItems", "minProperties", "maxProperties", "format", "nullable",
    "x-kubernetes-int-or-string", "x-kubernetes-preserve-unknown-fields", "x-kubernetes-validations", "x-kubernetes-list-type",
    "x-kubernetes-list-map-keys", "x-kubernetes-map-type", "x-kubernetes-embedded-resource", "title", "example", "uniqueItems", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"]);
  for (const k of Object.keys(node)) if (!allowed.has(k)) out.push(`${path}: keyword ${k} is not allowed in a structural schema`);
  if (!node.type && !node["x-kubernetes-int-or-string"] && !node["x-kubernetes-preserve-unknown-fields"]) out.push(`${path}: no type`);
  if (node["x-kubernetes-int-or-string"] && node.type) out.push(`${path}: int-or-string must not set type`);
  if (node.properties && node.additionalProperties !== undefined) out.push(`${path}: properties and additionalProperties are mutually exclusive`);
  if (node.additionalProperties === false || node.additionalProperties === true) out.push(`${path}: additionalProperties must be a schema`);
  if (node.type === "array" && !node.items) out.push(`${path}: array without items`);
  if (!inMetadata && path !== "metadata" && typeof node.description !== "string") out.push(`${path}: no description`);
  if (node.default !== undefined && node["x-kubernetes-int-or-string"] === undefined && node.type) {
    const t = Array.isArray(node.default) ? "array" : node.default === null ? "null" : typeof node.default === "number" ? (Number.isInteger(node.default) ? "integer" : "number") : typeof node.default;
    if (!(t === node.type || (t === "integer" && node.type === "number"))) out.push(`${path}: default ${JSON.stringify(node.default)} is not of type ${node.type}`);
    if (node.enum && !node.enum.includes(node.default)) out.push(`${path}: default not in enum`);
  }
  for (const r of node["x-kubernetes-validations"] ?? []) {
    if (typeof r.rule !== "string" || typeof r.message !== "string") out.push(`${path}: a validation rule needs rule and message`);
  }
  if (node["x-kubernetes-list-type"] === "set" && node.items?.type === "object") out.push(`${path}: list-type set needs scalar items`);
  for (const [k, sub] of Object.entries(node.properties ?? {})) structuralProblems(sub, `${path}.${k}`, out);
  if (node.items) structuralProblems(node.items, `${path}[]`, out);
  if (node.additionalProperties && typeof node.additionalProperties === "object") structuralProblems(node.additionalProperties, `${path}{}`, out);
}

test("one CRD per kind of ours in the registry, per group, with Kubernetes names", () => {
  const ours = BUILTIN_KINDS.filter((k) => !k.external).map((k) => k.kind).sort();
  assert.ok(ours.length >= 8);
  for (const group of OUR_GROUPS) {
    const forGroup = crds.filter((c) => c.spec.group === group);
    assert.deepEqual(forGroup.map((c) => c.spec.names.kind).sort(), ours);
    for (const c of forGroup) {
      assert.equal(c.metadata.name, `${c.spec.names.plural}.${group}`);
      assert.match(c.spec.names.plural, /^[a-z]+$/);
      assert.equal(c.spec.scope, "Namespaced");
    }
  }
  assert.equal(pluralOf("ContentSecurityPolicy"), "contentsecuritypolicies");
  assert.equal(pluralOf("Limits"), "limits");
  assert.equal(pluralOf("GatewayParameters"), "gatewayparameters");
  assert.equal(pluralOf("Parser"), "parsers");
});

test("every openAPIV3Schema is valid JSON Schema and a Kubernetes structural schema", () => {
  const ajv = new Ajv({ strict: false });
  for (const crd of crds) {
    const schema = schemaOf(crd);
    assert.ok(ajv.validateSchema(schema), `${crd.metadata.name}: ${ajv.errorsText(ajv.errors)}`);
    const out = [];
    structuralProblems(schema, "", out);
    // metadata is the only node allowed without a description and must stay an open object.
    assert.deepEqual(schema.properties.metadata, { type: "object" });
    assert.deepEqual(out.filter((p) => !p.startsWith(".metadata")), [], crd.metadata.name);
    assert.doesNotMatch(JSON.stringify(schema), /"\$ref"|"\$defs"|x-bulwark|"oneOf"|"anyOf"|"allOf"/, `${crd.metadata.name}: compiler-only keywords leaked`);
  }
});

test("the structural checker itself rejects what Kubernetes rejects", () => {
  const out = [];
  structuralProblems({ type: "object", description: "d", properties: { a: { description: "x" } }, additionalProperties: false }, "", out);
  assert.ok(out.some((p) => p.includes("mutually exclusive")));
  assert.ok(out.some((p) => p === ".a: no type"));
});

test("descriptions, defaults, enums and bounds survive the conversion", () => {
  const limits = schemaOf(crds.find((c) => c.metadata.name === "limits.bulwark.dev")).properties.spec;
  const text = JSON.stringify(limits);
  assert.match(text, /"enum":\[/);
  assert.match(text, /"default":/);
  assert.match(text, /"maximum":|"minimum":/);
  const cs = schemaOf(crds.find((c) => c.metadata.name === "contentsecuritypolicies.bulwark.dev")).properties.spec;
  assert.equal(cs.properties.targetRefs.maxItems, 16);
  assert.deepEqual(cs.properties.targetRefs.items.properties.kind.enum, ["HTTPRoute"]);
  assert.ok(cs["x-kubernetes-validations"].some((r) => /secured/.test(r.message)), "secured/unsecured exclusivity became a CEL rule");
  const text2 = crdYaml(crds[0]);
  assert.match(text2, /^# Generated by `bulwark crds`/);
  assert.equal(parse(text2).kind, "CustomResourceDefinition");
});

// --- kubectl-style round trip ----------------------------------------------------------------
function crdValidator(schema) {
  const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: true });
  ajv.addKeyword({ keyword: "x-kubernetes-validations" });
  ajv.addKeyword({ keyword: "x-kubernetes-list-type" });
  ajv.addKeyword({ keyword: "x-kubernetes-preserve-unknown-fields" });
  ajv.addKeyword({
    keyword: "x-kubernetes-int-or-string",
    validate: (_s, data) => typeof data === "string" || Number.isInteger(data),
  });
  // kubectl --validate=strict: unknown fields are errors; metadata and status stay open.
  const strict = (node, path = "") => {
    if (!node || typeof node !== "object") return node;
    const out = { ...node };
    if (out.properties) {
      out.properties = Object.fromEntries(Object.entries(out.properties).map(([k, v]) => [k, strict(v, `${path}.${k}`)]));
      out.additionalProperties = false;
    }
    if (out.items) out.items = strict(out.items, `${path}[]`);
    if (out.additionalProperties && typeof out.additionalProperties === "object") out.additionalProperties = strict(out.additionalProperties, `${path}{}`);
    return out;
  };
  const validate = ajv.compile(strict(schema));
  const cel = [];
  (function collect(node, at) {
    for (const r of node["x-kubernetes-validations"] ?? []) cel.push({ at, ...r, js: celEquivalent(r.rule) });
    for (const [k, s] of Object.entries(node.properties ?? {})) collect(s, [...at, k]);
    if (node.items) collect(node.items, [...at, "*"]);
    if (node.additionalProperties && typeof node.additionalProperties === "object") collect(node.additionalProperties, [...at, "{}"]);
  })(schema, []);
  for (const r of cel) assert.equal(typeof r.js, "function", `CEL rule without JS equivalent: ${r.rule}`);
  const select = (v, at) => {
    if (v === undefined || v === null) return [];
    if (!at.length) return [v];
    const [h, ...rest] = at;
    if (h === "*") return Array.isArray(v) ? v.flatMap((x) => select(x, rest)) : [];
    if (h === "{}") return typeof v === "object" ? Object.values(v).flatMap((x) => select(x, rest)) : [];
    return select(v[h], rest);
  };
  return (doc) => {
    const copy = structuredClone(doc);
    const errors = [];
    if (!validate(copy)) errors.push(...validate.errors.map((e) => `${e.instancePath} ${e.message}`));
    else for (const r of cel) for (const v of select(copy, r.at)) if (!r.js(v)) errors.push(`/${r.at.join("/")}: ${r.message}`);
    return errors;
  };
}

const validators = new Map(crds.map((c) => [`${c.spec.group}/${c.spec.names.kind}`, crdValidator(schemaOf(c))]));
const crdProblems = (doc) => {
  const group = doc.apiVersion.split("/")[0];
  return validators.get(`${group}/${doc.kind}`)(doc);
};

test("kubectl round trip: every document of ours in policies/ passes its CRD", () => {
  const { files } = loadInputs(["policies"], root);
  const ours = files.flatMap((f) => parseAllDocuments(readFileSync(path.resolve(root, f), "utf8")).map((d) => d.toJS())).filter((v) => OUR_GROUPS.includes(String(v.apiVersion).split("/")[0]));
  assert.ok(ours.length >= 15, "policies/ (demo and examples) holds documents of our kinds");
  for (const kind of ["SidecarGateway", "GatewayParameters", "ContentSecurity", "ContentSecurityPolicy", "Limits", "Parser", "DenyRules"]) {
    assert.ok(ours.some((d) => d.kind === kind), `an example uses ${kind}`);
  }
  for (const doc of ours) assert.deepEqual(crdProblems(doc), [], `${doc.kind} ${doc.metadata.namespace}/${doc.metadata.name}`);
});

// Documents the compiler rejects for shape reasons must be rejected by the CRD too (and vice versa
// for a valid one), so kubectl and bulwark compile agree.
const CASES = [
  { ok: true, doc: { kind: "Limits", spec: { request: { limited: { general: { bodySize: "10Mi" } } } } } },
  { ok: false, doc: { kind: "Limits", spec: { request: { limited: { general: { bodySize: "10 MB" } } } } } },
  { ok: false, doc: { kind: "Limits", spec: { request: { limited: { general: { bodySize: -1 } } } } } },
  { ok: false, doc: { kind: "Limits", spec: { request: { limted: {} } } } },
  { ok: false, doc: { kind: "ContentSecurityPolicy", spec: { targetRefs: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: "r" }], secured: {}, unsecured: {} } } },
  { ok: false, doc: { kind: "ContentSecurityPolicy", spec: { targetRefs: [{ group: "gateway.networking.k8s.io", kind: "Service", name: "r" }] } } },
  { ok: false, doc: { kind: "ContentSecurityPolicy", spec: { targetRefs: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: "r" }, { group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: "r" }] } } },
  { ok: true, doc: { kind: "ContentSecurityPolicy", spec: { targetRefs: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: "r" }] } } },
  { ok: true, doc: { kind: "SidecarGateway", spec: { podSelector: { matchLabels: { app: "shop" } }, applications: [{ routes: [{ pathPrefix: "/", secured: {} }] }] } } },
  { ok: false, doc: { kind: "SidecarGateway", spec: { podSelector: { matchLabels: { "bad key!": "x" } }, applications: [{ routes: [{}] }] } } },
  { ok: false, doc: { kind: "SidecarGateway", spec: { podSelector: { matchLabels: { app: "a" } }, applications: [{ routes: [{}] }, { routes: [{}] }] } } },
  { ok: false, doc: { kind: "GatewayParameters", spec: { defaults: { downstream: { remoteIP: { xff: { numTrustedHops: 1 }, connectionIP: {} } } } } } },
  { ok: false, doc: { kind: "GatewayParameters", spec: { defaults: { downstream: { remoteIP: { xff: {} } } } } } },
  { ok: true, doc: { kind: "GatewayParameters", spec: { logging: { level: "warn" }, defaults: { downstream: { remoteIP: { xff: { numTrustedHops: 2 } } } } } } },
  { ok: false, doc: { kind: "GatewayParameters", spec: { logging: { level: "verbose" } } } },
];

test("kubectl and bulwark compile agree on valid and invalid documents", async () => {
  for (const { ok, doc } of CASES) {
    const full = { apiVersion: "bulwark.dev/v1alpha1", metadata: { name: "x", namespace: "n" }, ...doc };
    const crd = crdProblems(full);
    let compiled = true;
    try {
      await compileSources([{ file: "case.yaml", text: JSON.stringify(full) }]);
    } catch (err) {
      if (!(err instanceof CompileError)) throw err;
      compiled = false;
    }
    const label = JSON.stringify(doc);
    assert.equal(compiled, ok, `compiler on ${label}`);
    assert.equal(crd.length === 0, ok, `CRD on ${label}: ${crd.join("; ")}`);
  }
});
