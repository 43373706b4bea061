// Emitted documents are validated before they are written (src/deploy/validate.js); these
// checks must catch what each consumer would reject.
import { test } from "node:test";
import assert from "node:assert/strict";
import { kubernetesProblems, assertValid } from "../../src/deploy/validate.js";

const DIGEST = `sha256:${"0".repeat(64)}`;
const wasmPlugin = (spec) => ({ apiVersion: "extensions.istio.io/v1alpha1", kind: "WasmPlugin", metadata: { name: "w", namespace: "n" },
  spec: { url: `oci://r.example/b@${DIGEST}`, phase: "AUTHN", failStrategy: "FAIL_CLOSE", pluginName: "bulwark", pluginConfig: { version: 1 }, ...spec } });
const eep = (wasm, spec = {}) => ({ apiVersion: "gateway.envoyproxy.io/v1alpha1", kind: "EnvoyExtensionPolicy", metadata: { name: "e", namespace: "n" },
  spec: { targetRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "g" }], wasm: [{ name: "b", rootID: "bulwark", code: { type: "Image", image: { url: `r.example/b@${DIGEST}` } }, config: {}, failOpen: false, ...wasm }], ...spec } });

test("WasmPlugin: schema (Istio 1.29 CRD through @kubernetes-models/istio) and the CEL rules", () => {
  assert.deepEqual(kubernetesProblems(wasmPlugin({ selector: { matchLabels: { app: "a" } } })), []);
  assert.ok(kubernetesProblems(wasmPlugin({ phase: "FIRST" })).some((p) => /phase/.test(p)));
  assert.ok(kubernetesProblems(wasmPlugin({ failStrategy: "FAIL_CLOSED" })).some((p) => /failStrategy/.test(p)));
  assert.ok(kubernetesProblems(wasmPlugin({ sha256: "xyz" })).some((p) => /sha256/.test(p)));
  assert.deepEqual(kubernetesProblems(wasmPlugin({ selector: { matchLabels: { a: "b" } }, targetRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "g" }] })),
    ["spec: only one of selector, targetRef or targetRefs may be set, got selector, targetRefs"]);
  assert.deepEqual(kubernetesProblems(wasmPlugin({ url: "ftp://x/y" })), ["spec.url: scheme must be http, https, file or oci, got ftp"]);
  assert.deepEqual(kubernetesProblems(wasmPlugin({ pluginConfg: {} })), ["spec.pluginConfg: unknown field of WasmPlugin"]);
  assert.deepEqual(kubernetesProblems(wasmPlugin({ targetRefs: [{ group: "", kind: "Pod", name: "p" }] })), ["spec.targetRefs[0]: must be a Gateway, GatewayClass, Service or ServiceEntry, got /Pod"]);
});

test("EnvoyExtensionPolicy: the vendored CRD schema, strict about unknown fields, with its CEL rules", () => {
  assert.deepEqual(kubernetesProblems(eep({})), []);
  assert.ok(kubernetesProblems(eep({ failOpen: "no" })).some((p) => /failOpen: must be boolean/.test(p)));
  assert.ok(kubernetesProblems(eep({ fail_open: false })).some((p) => /additional properties \(fail_open\)/.test(p)));
  assert.ok(kubernetesProblems(eep({ code: { type: "HTTP", image: { url: "x" } } })).includes("spec.wasm.0.code: If type is HTTP, http field needs to be set."));
  assert.ok(kubernetesProblems(eep({ code: { type: "Image", image: { url: "x", pullSecretRef: { kind: "ConfigMap", name: "c" } } } })).includes("spec.wasm.0.code.image.pullSecretRef: only support Secret kind."));
  assert.ok(kubernetesProblems(eep({}, { targetRefs: [{ group: "gateway.networking.k8s.io", kind: "Service", name: "s" }] })).some((p) => /targetRefs\[\*\]\.kind/.test(p)));
  assert.ok(kubernetesProblems(eep({}, { targetRefs: undefined })).some((p) => /either targetRef or targetRefs must be used/.test(p)));
});

test("Gateway API objects through @kubernetes-models/gateway-api; unknown kinds have no validator", () => {
  const gw = { apiVersion: "gateway.networking.k8s.io/v1", kind: "Gateway", metadata: { name: "g" }, spec: { gatewayClassName: "c", listeners: [{ name: "h", port: 80, protocol: "HTTP" }] } };
  assert.deepEqual(kubernetesProblems(gw), []);
  assert.ok(kubernetesProblems({ ...gw, spec: { ...gw.spec, listeners: [{ name: "h", port: 0, protocol: "HTTP" }] } }).length > 0);
  assert.deepEqual(kubernetesProblems({ apiVersion: "v1", kind: "Pod", metadata: { name: "p" } }), ["no validator for v1 Pod"]);
});

test("assertValid throws naming the document and the problem", () => {
  assert.throws(() => assertValid([wasmPlugin({ phase: "NOPE" })]), /WasmPlugin n\/w: .*phase/);
  assert.throws(() => assertValid([{ static_resources: { clusters: [{ name: "c", typo: 1 }] } }]), /Envoy bootstrap: static_resources\.clusters\[0\]\.typo: unknown field/);
});
