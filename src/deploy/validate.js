// Validation of every emitted deployment document before it is written (fail closed: a document
// its consumer would reject, or would read differently, is a bulwark bug and stops the command).
//
//   Istio objects        -> @kubernetes-models/istio (Istio 1.29 CRD schemas) + the CEL rules of
//                           WasmPlugin that the models do not run, written out here
//   Gateway API objects  -> @kubernetes-models/gateway-api
//   Envoy Gateway        -> the vendored subset of its CRD schema (vendor/README.md), with
//                           unknown fields rejected and its CEL rules as JS equivalents
//   Envoy configuration  -> src/envoy/proto-check.js (Envoy API protos)
import { readFileSync } from "node:fs";
import Ajv from "ajv";
import { WasmPlugin } from "@kubernetes-models/istio/extensions.istio.io/v1alpha1/WasmPlugin";
import { ServiceEntry } from "@kubernetes-models/istio/networking.istio.io/v1/ServiceEntry";
import { DestinationRule } from "@kubernetes-models/istio/networking.istio.io/v1/DestinationRule";
import { Gateway } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/Gateway";
import { HTTPRoute } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute";
import { BackendTLSPolicy } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/BackendTLSPolicy";
import { BackendTLSPolicy as BackendTLSPolicyV1alpha3 } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1alpha3/BackendTLSPolicy";
import { checkEnvoyMessage, checkReferences } from "../envoy/proto-check.js";

const EEP_SCHEMA = JSON.parse(readFileSync(new URL("./vendor/envoy-extension-policy.v1alpha1.schema.json", import.meta.url), "utf8"));

const MODELS = {
  "extensions.istio.io/v1alpha1/WasmPlugin": WasmPlugin,
  "networking.istio.io/v1/ServiceEntry": ServiceEntry,
  "networking.istio.io/v1/DestinationRule": DestinationRule,
  "gateway.networking.k8s.io/v1/Gateway": Gateway,
  "gateway.networking.k8s.io/v1/HTTPRoute": HTTPRoute,
  "gateway.networking.k8s.io/v1/BackendTLSPolicy": BackendTLSPolicy,
  "gateway.networking.k8s.io/v1alpha3/BackendTLSPolicy": BackendTLSPolicyV1alpha3,
};

/** Fields of each emitted kind we know and set; anything else is a typo (the models accept unknown fields). */
const WASM_PLUGIN_SPEC_FIELDS = new Set(["selector", "targetRef", "targetRefs", "url", "sha256", "imagePullPolicy", "imagePullSecret",
  "pluginConfig", "pluginName", "phase", "priority", "failStrategy", "match", "type", "vmConfig"]);

const name = (doc) => `${doc?.kind ?? "?"} ${doc?.metadata?.namespace ?? "default"}/${doc?.metadata?.name ?? "?"}`;

/** CEL rules of WasmPlugin (istio/api extensions/v1alpha1/wasm.proto) that the models do not evaluate. */
function wasmPluginRules(doc) {
  const s = doc.spec ?? {};
  const out = [];
  for (const k of Object.keys(s)) if (!WASM_PLUGIN_SPEC_FIELDS.has(k)) out.push(`spec.${k}: unknown field of WasmPlugin`);
  const set = ["selector", "targetRef", "targetRefs"].filter((k) => s[k] !== undefined);
  if (set.length > 1) out.push(`spec: only one of selector, targetRef or targetRefs may be set, got ${set.join(", ")}`);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//.exec(s.url ?? "")?.[1];
  if (scheme && !["http", "https", "file", "oci"].includes(scheme)) out.push(`spec.url: scheme must be http, https, file or oci, got ${scheme}`);
  const pinned = /@sha256:([a-f0-9]{64})$/.exec(s.url ?? "")?.[1];
  if (s.sha256 && pinned && s.sha256 !== pinned) out.push("spec.sha256: differs from the digest in spec.url");
  for (const [i, r] of (s.targetRefs ?? []).entries()) {
    const ok = (r.group === "gateway.networking.k8s.io" && ["Gateway", "GatewayClass"].includes(r.kind))
      || (r.group === "" && r.kind === "Service") || (r.group === "networking.istio.io" && r.kind === "ServiceEntry");
    if (!ok) out.push(`spec.targetRefs[${i}]: must be a Gateway, GatewayClass, Service or ServiceEntry, got ${r.group}/${r.kind}`);
  }
  if ((s.targetRefs ?? []).length > 16) out.push("spec.targetRefs: at most 16 entries");
  return out;
}

// --- Envoy Gateway ---------------------------------------------------------------------------

/** Makes a structural schema strict: objects with `properties` reject other keys unless they preserve unknown fields. */
function closed(schema) {
  if (Array.isArray(schema)) return schema.map(closed);
  if (!schema || typeof schema !== "object") return schema;
  const out = {};
  for (const [k, v] of Object.entries(schema)) out[k] = k === "properties" ? Object.fromEntries(Object.entries(v).map(([p, s]) => [p, closed(s)])) : closed(v);
  if (out.properties && !out["x-kubernetes-preserve-unknown-fields"] && out.additionalProperties === undefined && schema !== EEP_SCHEMA.properties.metadata) {
    out.additionalProperties = false;
  }
  return out;
}

/** The CEL rules of the vendored schema, each with its JS equivalent. A new rule must be added here. */
const EEP_CEL = new Map([
  ["(has(self.targetRef) && !has(self.targetRefs)) || (!has(self.targetRef) && has(self.targetRefs)) || (has(self.targetSelectors) && self.targetSelectors.size() > 0) ",
    (s) => (s.targetRef !== undefined) !== (s.targetRefs !== undefined) || (s.targetSelectors?.length ?? 0) > 0],
  ["has(self.targetRef) ? self.targetRef.group == 'gateway.networking.k8s.io' : true", (s) => !s.targetRef || s.targetRef.group === "gateway.networking.k8s.io"],
  ["has(self.targetRef) ? self.targetRef.kind in ['Gateway', 'ListenerSet', 'HTTPRoute', 'GRPCRoute', 'UDPRoute', 'TCPRoute', 'TLSRoute'] : true",
    (s) => !s.targetRef || ["Gateway", "ListenerSet", "HTTPRoute", "GRPCRoute", "UDPRoute", "TCPRoute", "TLSRoute"].includes(s.targetRef.kind)],
  ["has(self.targetRefs) ? self.targetRefs.all(ref, ref.group == 'gateway.networking.k8s.io') : true ",
    (s) => !s.targetRefs || s.targetRefs.every((r) => r.group === "gateway.networking.k8s.io")],
  ["has(self.targetRefs) ? self.targetRefs.all(ref, ref.kind in ['Gateway', 'ListenerSet', 'HTTPRoute', 'GRPCRoute', 'UDPRoute', 'TCPRoute', 'TLSRoute']) : true ",
    (s) => !s.targetRefs || s.targetRefs.every((r) => ["Gateway", "ListenerSet", "HTTPRoute", "GRPCRoute", "UDPRoute", "TCPRoute", "TLSRoute"].includes(r.kind))],
  ["self.type == 'HTTP' ? has(self.http) : !has(self.http)", (c) => (c.type === "HTTP") === (c.http !== undefined)],
  ["self.type == 'Image' ? has(self.image) : !has(self.image)", (c) => (c.type === "Image") === (c.image !== undefined)],
  ["self.kind == 'Secret'", (r) => (r.kind ?? "Secret") === "Secret"],
]);

/** Every x-kubernetes-validations rule in a schema, with the JSON path pattern where it applies. */
function celRules(schema, at = []) {
  const out = [];
  for (const r of schema["x-kubernetes-validations"] ?? []) out.push({ at, ...r });
  for (const [k, s] of Object.entries(schema.properties ?? {})) out.push(...celRules(s, [...at, k]));
  if (schema.items) out.push(...celRules(schema.items, [...at, "*"]));
  return out;
}

const EEP_RULES = celRules(EEP_SCHEMA);
for (const r of EEP_RULES) {
  if (!EEP_CEL.has(r.rule)) throw new Error(`bulwark bug: the vendored EnvoyExtensionPolicy schema has a CEL rule without a JS equivalent: ${r.rule}`);
}

const ajv = new Ajv({ allErrors: true, strict: false });
const validateEepSchema = ajv.compile(closed(EEP_SCHEMA));

function select(value, at, path = []) {
  if (!at.length) return value === undefined ? [] : [{ value, path }];
  const [head, ...rest] = at;
  if (value === undefined || value === null) return [];
  if (head === "*") return Array.isArray(value) ? value.flatMap((v, i) => select(v, rest, [...path, i])) : [];
  return select(value[head], rest, [...path, head]);
}

function validateEnvoyExtensionPolicy(doc) {
  const out = [];
  if (!validateEepSchema(doc)) {
    for (const e of validateEepSchema.errors) out.push(`${e.instancePath.replace(/^\//, "").replace(/\//g, ".") || "(document)"}: ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ""}`);
  }
  for (const r of EEP_RULES) {
    for (const { value, path } of select(doc, r.at)) {
      if (!EEP_CEL.get(r.rule)(value)) out.push(`${path.join(".")}: ${r.message}`);
    }
  }
  return out;
}

// --- entry points --------------------------------------------------------------------------

/**
 * Problems of one emitted Kubernetes document (empty when valid).
 * @param {any} doc
 * @returns {string[]}
 */
export function kubernetesProblems(doc) {
  const [group, version] = String(doc?.apiVersion ?? "").split("/");
  if (doc?.apiVersion === "gateway.envoyproxy.io/v1alpha1" && doc.kind === "EnvoyExtensionPolicy") return validateEnvoyExtensionPolicy(doc);
  const Model = MODELS[`${group}/${version}/${doc?.kind}`];
  if (!Model) return [`no validator for ${doc?.apiVersion} ${doc?.kind}`];
  const out = [];
  try {
    new Model(doc).validate();
  } catch (err) {
    out.push(...String(err.message).split("\n").filter(Boolean));
  }
  if (doc.kind === "WasmPlugin") out.push(...wasmPluginRules(doc));
  return out;
}

/**
 * Throws unless every document is valid for its consumer.
 * @param {any[]} docs Kubernetes objects or `{ envoy: bootstrap }`
 */
export function assertValid(docs) {
  const problems = [];
  for (const doc of docs) {
    if (doc && doc.static_resources) {
      for (const p of [...checkEnvoyMessage(doc), ...checkReferences(doc)]) problems.push(`Envoy bootstrap: ${p}`);
    } else {
      for (const p of kubernetesProblems(doc)) problems.push(`${name(doc)}: ${p}`);
    }
  }
  if (problems.length) {
    throw Object.assign(new Error(`bulwark bug: an emitted document is not valid for its consumer:\n  ${problems.join("\n  ")}`), { problems });
  }
}
