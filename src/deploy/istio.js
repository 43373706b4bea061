// Istio target: one WasmPlugin (extensions.istio.io/v1alpha1) per protected workload.
//   Gateway API mode: per Gateway, `targetRefs` to it; pluginConfig = the compiled filter
//     configuration with Istio's route names added (route-names.js).
//   Sidecar mode: per SidecarGateway application (container port), `selector` from its
//     podSelector and `match` on the port; pluginConfig = a configuration whose routes are the
//     SidecarGateway's routes (first match by path prefix).
// Always phase AUTHN (before Istio's authn/authz filters), failStrategy FAIL_CLOSE, the module
// pinned by digest (`oci://<image>@sha256:<digest>`) and pluginName = the filter's root id.
import { checkConfig } from "../compiler/emit.js";
import { withIstioRouteNames } from "./route-names.js";
import { istioJwksEgress } from "./istio-jwks.js";

export const ROOT_ID = "bulwark";

/** The image repository without scheme and tag: `ghcr.io/acme/bulwark`. */
export function imageRepository(image) {
  let ref = String(image ?? "").replace(/^oci:\/\//, "");
  if (ref.includes("@")) throw userError(`--image names the repository only (the digest comes from the module or --digest), got ${JSON.stringify(image)}`);
  const colon = ref.lastIndexOf(":");
  if (colon > ref.lastIndexOf("/")) ref = ref.slice(0, colon); // a tag is replaced by the digest
  if (!/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9]+([._-]+[a-z0-9]+)*)+$/.test(ref)) {
    throw userError(`--image must be an OCI repository such as ghcr.io/acme/bulwark, got ${JSON.stringify(image)}`);
  }
  return ref;
}

/** The image reference pinned by digest: `ghcr.io/acme/bulwark@sha256:...`. */
export function pinnedImage(image, digest) {
  if (!/^sha256:[a-f0-9]{64}$/.test(digest ?? "")) throw userError(`the image digest must be sha256:<64 hex digits>, got ${JSON.stringify(digest)}`);
  return `${imageRepository(image)}@${digest}`;
}

/** `oci://` URL of the module image pinned by digest. */
export const ociUrl = (image, digest) => `oci://${pinnedImage(image, digest)}`;

/**
 * @param {{ config: object, documents: any[], model: any }} compiled result of compile()
 * @param {{ image: string, digest: string, gateway?: string, pullSecret?: string }} opts
 * @returns {{ documents: object[], warnings: string[] }}
 */
export function istioManifests(compiled, opts) {
  const url = ociUrl(opts.image, opts.digest);
  const warnings = [];
  const common = (pluginConfig) => ({
    url,
    imagePullPolicy: "IfNotPresent",
    ...(opts.pullSecret ? { imagePullSecret: opts.pullSecret } : {}),
    phase: "AUTHN",
    failStrategy: "FAIL_CLOSE",
    pluginName: ROOT_ID,
    pluginConfig,
  });
  const documents = [];
  const egress = new Map(); // namespace -> ServiceEntry/DestinationRule for remote JWKS
  const withEgress = (cfg, namespace) => {
    const r = istioJwksEgress(cfg, namespace);
    for (const d of r.documents) egress.set(`${d.kind}/${namespace}/${d.metadata.name}`, d);
    return r.config;
  };

  let gateways = compiled.documents.filter((d) => d.kind === "Gateway");
  if (opts.gateway) {
    gateways = gateways.filter((d) => `${d.namespace}/${d.name}` === opts.gateway);
    if (!gateways.length) throw userError(`Gateway ${opts.gateway} is not among the inputs`);
  }
  if (gateways.length) {
    const config = withIstioRouteNames(compiled.config, compiled.model);
    for (const g of gateways) {
      documents.push({
        apiVersion: "extensions.istio.io/v1alpha1",
        kind: "WasmPlugin",
        metadata: { name: `bulwark-${g.name}`, namespace: g.namespace, labels: { "app.kubernetes.io/managed-by": "bulwark" } },
        spec: { targetRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: g.name }], ...common(withEgress(config, g.namespace)) },
      });
    }
  }

  for (const sg of opts.gateway ? [] : compiled.documents.filter((d) => d.kind === "SidecarGateway")) {
    for (const app of sg.value.spec.applications) {
      documents.push({
        apiVersion: "extensions.istio.io/v1alpha1",
        kind: "WasmPlugin",
        metadata: { name: `bulwark-${sg.name}-${app.containerPort}`, namespace: sg.namespace, labels: { "app.kubernetes.io/managed-by": "bulwark" } },
        spec: {
          selector: { matchLabels: { ...sg.value.spec.podSelector.matchLabels } },
          match: [{ mode: "SERVER", ports: [{ number: app.containerPort }] }],
          ...common(withEgress(sidecarConfig(compiled.config, sg, app), sg.namespace)),
        },
      });
    }
  }
  if (!documents.length) {
    throw userError("nothing to protect for the istio target: the inputs need a Gateway (Gateway API mode) or a SidecarGateway (sidecar mode)");
  }
  return { documents: [...documents, ...egress.values()], warnings };
}

/**
 * The filter configuration of one sidecar application: its routes in order (the filter takes the
 * first whose path prefix matches), each selecting the ContentSecurity it references (the
 * built-in defaults when it references none) or an unsecured policy.
 */
export function sidecarConfig(config, sg, app) {
  const base = `${sg.namespace}/${sg.name}`;
  const unsecuredName = `${base}/unsecured`;
  const routes = app.routes.map((r, i) => {
    const policy = r.unsecured ? unsecuredName : r.secured?.contentSecurityRef ? `${sg.namespace}/${r.secured.contentSecurityRef.name}` : config.defaultPolicy;
    return { name: `${base}/${app.containerPort}/${i}`, policy, pathPrefixes: [r.pathPrefix] };
  });
  const used = new Set([config.defaultPolicy, ...routes.map((r) => r.policy)]);
  const policies = config.policies.filter((p) => used.has(p.name));
  if (routes.some((r) => r.policy === unsecuredName)) policies.push({ name: unsecuredName, mode: "unsecured" });
  for (const r of routes) {
    if (!policies.some((p) => p.name === r.policy)) throw new Error(`bulwark bug: policy ${r.policy} of ${base} is not in the compiled configuration`);
  }
  const out = { ...config, policies, routes };
  checkConfig(out);
  return out;
}

function userError(message) {
  return Object.assign(new Error(message), { userError: true });
}
