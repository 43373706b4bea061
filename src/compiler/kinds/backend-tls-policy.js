// Gateway API BackendTLSPolicy: not ours. The plain-Envoy target turns it into the upstream
// TLS of the clusters of the Services it targets (CA validation, SNI/hostname, TLS options
// including pinned certificate hashes).
import { parseTlsOptions } from "../../deploy/tls-options.js";

const ref = (description) => ({
  type: "object", description, required: ["name"],
  properties: {
    group: { type: "string", maxLength: 253, description: "API group (\"\" for core)." },
    kind: { type: "string", maxLength: 63, description: "Kind." },
    name: { type: "string", minLength: 1, maxLength: 253, description: "Name in the policy's namespace." },
    sectionName: { type: "string", maxLength: 253, description: "Port name of the Service." },
  },
});

export default {
  kind: "BackendTLSPolicy",
  group: "gateway.networking.k8s.io",
  versions: ["v1", "v1alpha3"],
  external: true,
  description: "Gateway API BackendTLSPolicy; upstream TLS for the plain-Envoy target.",
  schema: {
    type: "object",
    description: "A Gateway API BackendTLSPolicy (only the fields bulwark reads are checked).",
    required: ["spec"],
    properties: {
      spec: {
        type: "object", description: "BackendTLSPolicy spec.", required: ["targetRefs", "validation"],
        properties: {
          targetRefs: { type: "array", minItems: 1, maxItems: 16, items: ref("A Service."), description: "Services this policy applies to." },
          validation: {
            type: "object", description: "How the backend certificate is validated.", required: ["hostname"],
            properties: {
              hostname: { type: "string", minLength: 1, maxLength: 253, description: "SNI and the name the certificate must carry." },
              caCertificateRefs: { type: "array", maxItems: 8, items: ref("A Secret or ConfigMap with key ca.crt."), description: "Trusted CAs." },
              wellKnownCACertificates: { type: "string", enum: ["System"], description: "Use the system trust store." },
              subjectAltNames: {
                type: "array", maxItems: 5, description: "Names the certificate must carry instead of hostname.",
                items: { type: "object", description: "A SAN.", properties: { type: { type: "string", enum: ["Hostname", "URI"], description: "SAN type." }, hostname: { type: "string", description: "DNS SAN." }, uri: { type: "string", description: "URI SAN." } } },
              },
            },
          },
          options: { type: "object", maxProperties: 16, additionalProperties: { type: "string", maxLength: 65536, description: "Option value." }, description: "Implementation-specific TLS options." },
        },
      },
    },
  },
  resolve(doc, ctx) {
    const s = doc.value.spec;
    for (const p of parseTlsOptions(s.options, "backend").problems) ctx.problem(doc, ["spec", "options", p.key], p.message);
    s.targetRefs.forEach((t, i) => {
      if ((t.group ?? "") !== "" || (t.kind ?? "Service") !== "Service") ctx.problem(doc, ["spec", "targetRefs", i], `must target a core Service (group "", kind Service), got ${t.group}/${t.kind}`);
    });
    const v = s.validation;
    if (!v.caCertificateRefs?.length && !v.wellKnownCACertificates) {
      const insecure = parseTlsOptions(s.options, "backend").insecure;
      if (!insecure) ctx.problem(doc, ["spec", "validation"], "must set caCertificateRefs or wellKnownCACertificates (or the insecure option, which GatewayParameters must allow)");
    }
  },
};
