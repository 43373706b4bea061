// Gateway API Gateway: not ours. The plain-Envoy target builds its listeners from it (ports,
// protocols, certificates, TLS options, per-port client-certificate validation); the Istio
// and Envoy Gateway targets attach the filter to it. Only the fields bulwark reads are checked
// here; the Gateway API's own validation covers the rest.
import { parseTlsOptions } from "../../deploy/tls-options.js";

const GW = "gateway.networking.k8s.io";
const name = (description) => ({ type: "string", minLength: 1, maxLength: 253, description });
const objectRef = (description) => ({
  type: "object", description, required: ["name"],
  properties: {
    group: { type: "string", maxLength: 253, description: "API group of the referent (\"\" for core)." },
    kind: { type: "string", maxLength: 63, description: "Kind of the referent." },
    name: name("Name of the referent."),
    namespace: { type: "string", maxLength: 63, description: "Namespace of the referent." },
  },
});
const validation = {
  type: "object", description: "Client certificate validation.",
  properties: {
    mode: { type: "string", enum: ["AllowValidOnly", "AllowInsecureFallback"], default: "AllowValidOnly", description: "AllowValidOnly rejects connections without a valid client certificate." },
    caCertificateRefs: { type: "array", minItems: 1, maxItems: 8, items: objectRef("A Secret or ConfigMap holding CA certificates (key ca.crt)."), description: "Trusted CAs." },
  },
};

export default {
  kind: "Gateway",
  group: GW,
  versions: ["v1", "v1beta1"],
  external: true,
  description: "Gateway API Gateway; listeners and TLS for the plain-Envoy target, attachment point for Istio and Envoy Gateway.",
  schema: {
    type: "object",
    description: "A Gateway API Gateway (only the fields bulwark reads are checked).",
    required: ["spec"],
    properties: {
      spec: {
        type: "object", description: "Gateway spec.", required: ["gatewayClassName", "listeners"],
        properties: {
          gatewayClassName: name("GatewayClass of this Gateway."),
          infrastructure: {
            type: "object", description: "Infrastructure settings.",
            properties: { parametersRef: objectRef("GatewayParameters (group microgateway.airlock.com or bulwark.dev) in the same namespace.") },
          },
          listeners: {
            type: "array", minItems: 1, maxItems: 64, description: "Listeners.",
            items: {
              type: "object", description: "A listener.", required: ["name", "port", "protocol"],
              properties: {
                name: { type: "string", minLength: 1, maxLength: 253, pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", description: "Listener name (section name)." },
                hostname: { type: "string", minLength: 1, maxLength: 253, description: "Host name or *.wildcard this listener serves." },
                port: { type: "integer", minimum: 1, maximum: 65535, description: "Port." },
                protocol: { type: "string", minLength: 1, maxLength: 255, description: "HTTP or HTTPS (others are not supported by bulwark's targets)." },
                allowedRoutes: {
                  type: "object", description: "Which routes may attach.",
                  properties: {
                    namespaces: {
                      type: "object", description: "Namespaces routes may come from.",
                      properties: { from: { type: "string", enum: ["All", "Same", "Selector"], description: "Same (the default): the Gateway's namespace only." } },
                    },
                  },
                },
                tls: {
                  type: "object", description: "TLS settings.",
                  properties: {
                    mode: { type: "string", enum: ["Terminate", "Passthrough"], default: "Terminate", description: "TLS mode." },
                    certificateRefs: { type: "array", maxItems: 64, items: objectRef("A kubernetes.io/tls Secret."), description: "Server certificates." },
                    options: { type: "object", maxProperties: 16, additionalProperties: { type: "string", maxLength: 4096, description: "Option value." }, description: "Implementation-specific TLS options." },
                  },
                },
              },
            },
          },
          tls: {
            type: "object", description: "Gateway-wide TLS settings (Gateway API experimental channel).",
            properties: {
              frontend: {
                type: "object", description: "Client-facing TLS.",
                properties: {
                  default: { type: "object", description: "Settings for every port.", properties: { validation } },
                  perPort: {
                    type: "array", maxItems: 64, description: "Settings for one port.",
                    items: { type: "object", description: "Per-port settings.", required: ["port", "tls"], properties: { port: { type: "integer", minimum: 1, maximum: 65535, description: "Port." }, tls: { type: "object", description: "TLS.", properties: { validation } } } },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
  /** Option values are checked for every target: a typo must not silently weaken TLS. */
  resolve(doc, ctx) {
    const seen = new Map();
    doc.value.spec.listeners.forEach((l, i) => {
      if (seen.has(l.name)) ctx.problem(doc, ["spec", "listeners", i, "name"], `duplicate listener name ${l.name} (also listeners[${seen.get(l.name)}])`);
      seen.set(l.name, i);
      for (const p of parseTlsOptions(l.tls?.options, "listener").problems) {
        ctx.problem(doc, ["spec", "listeners", i, "tls", "options", p.key], p.message);
      }
    });
  },
};
