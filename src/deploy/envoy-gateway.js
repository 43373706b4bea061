// Envoy Gateway target: EnvoyExtensionPolicy (gateway.envoyproxy.io/v1alpha1) with the module
// as a `wasm` extension: code of type Image (pinned by digest) or HTTP (URL + sha256 of the
// module), rootID = the filter's root context, config = the compiled filter configuration
// (Envoy Gateway hands it to the module as JSON text), failOpen false.
//   With a Gateway among the inputs: one policy per Gateway, targeting it; the filter then
//     selects a policy per request by Envoy Gateway's route names (httproute/<ns>/<name>/...).
//   Without one: one policy per namespace, targeting the HTTPRoutes the policies target.
// Envoy Gateway runs Wasm with V8 only and serves the module to Envoy itself.
import { createHash } from "node:crypto";
import { pinnedImage, ROOT_ID } from "./istio.js";

/**
 * @param {{ config: object, documents: any[], model: any }} compiled
 * @param {{ image?: string, digest?: string, wasmUrl?: string, wasm?: Buffer, gateway?: string, pullSecret?: string }} opts
 */
export function envoyGatewayManifests(compiled, opts) {
  let code;
  if (opts.wasmUrl) {
    if (!/^https:\/\//.test(opts.wasmUrl)) throw userError(`--wasm-url must be an https URL, got ${JSON.stringify(opts.wasmUrl)}`);
    if (!opts.wasm) throw userError("--wasm-url needs the module (--wasm) to pin its sha256");
    code = { type: "HTTP", http: { url: opts.wasmUrl, sha256: createHash("sha256").update(opts.wasm).digest("hex") } };
  } else {
    code = {
      type: "Image",
      image: { url: pinnedImage(opts.image, opts.digest), ...(opts.pullSecret ? { pullSecretRef: { group: "", kind: "Secret", name: opts.pullSecret } } : {}) },
      pullPolicy: "IfNotPresent",
    };
  }
  const policy = (namespace, name, targetRefs) => ({
    apiVersion: "gateway.envoyproxy.io/v1alpha1",
    kind: "EnvoyExtensionPolicy",
    metadata: { name, namespace, labels: { "app.kubernetes.io/managed-by": "bulwark" } },
    spec: {
      targetRefs,
      wasm: [{ name: ROOT_ID, rootID: ROOT_ID, code, config: compiled.config, failOpen: false }],
    },
  });

  let gateways = compiled.documents.filter((d) => d.kind === "Gateway");
  if (opts.gateway) {
    gateways = gateways.filter((d) => `${d.namespace}/${d.name}` === opts.gateway);
    if (!gateways.length) throw userError(`Gateway ${opts.gateway} is not among the inputs`);
  }
  if (gateways.length) {
    return { documents: gateways.map((g) => policy(g.namespace, `bulwark-${g.name}`, [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: g.name }])), warnings: [] };
  }
  const byNs = new Map();
  for (const t of compiled.model.routes) {
    if (!byNs.has(t.namespace)) byNs.set(t.namespace, []);
    byNs.get(t.namespace).push({ group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: t.route });
  }
  if (!byNs.size) throw userError("nothing to attach to for the envoy-gateway target: the inputs need a Gateway or policies that target HTTPRoutes");
  const warnings = ["no Gateway among the inputs: requests on routes no policy targets are not inspected (attach to the Gateway to cover them)"];
  return { documents: [...byNs.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([ns, refs]) => policy(ns, "bulwark", refs)), warnings };
}

function userError(message) {
  return Object.assign(new Error(message), { userError: true });
}
