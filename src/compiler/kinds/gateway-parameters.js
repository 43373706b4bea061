// GatewayParameters (Gateway API mode): gateway-wide settings referenced from a Gateway's
// `spec.infrastructure.parametersRef`. The plain-Envoy target reads the client IP detection,
// the TLS feature switch and the experimental frontend client-certificate validation; the
// Kubernetes deployment shape is for an operator and is only validated. Airlock reference §15.

import { object, array, string, enumeration, integer, boolean, marker } from "../schema-util.js";

const cidrs = array("Trusted proxy address ranges.", string("A CIDR range.", { format: "cidr" }), { minItems: 1, maxItems: 64 });
const remoteIP = object("How the client IP is determined (logs, conditions).", {
  connectionIP: marker("The address of the TCP connection (the default)."),
  xff: object("The X-Forwarded-For header, behind trusted proxies.", {
    numTrustedHops: integer("Number of trusted proxies in front of the gateway.", { minimum: 0, maximum: 64 }),
    trustedCIDRRanges: cidrs,
  }, { oneOf: [["numTrustedHops", "trustedCIDRRanges"]] }),
  customHeader: object("A header set by a trusted proxy.", {
    headerName: string("Header name.", { minLength: 1, maxLength: 256, pattern: "^[A-Za-z0-9!#$%&'*+.^_`|~-]+$", expected: "an HTTP header name" }),
    required: boolean("Reject requests without the header (403).", true),
  }, { required: ["headerName"] }),
  proxyProtocol: object("The PROXY protocol header (every connection must send it).", {
    version: enumeration("PROXY protocol version.", ["V1", "V2"]),
  }, { required: ["version"] }),
}, { oneOf: [["connectionIP", "xff", "customHeader", "proxyProtocol"]], defaultChoice: "connectionIP" });

const caRef = object("A Secret or ConfigMap (key ca.crt) in the same namespace.", {
  group: enumeration("API group (\"\" for core).", [""], ""),
  kind: enumeration("Kind of the referent.", ["Secret", "ConfigMap"], "Secret"),
  name: string("Name in the same namespace.", { minLength: 1, maxLength: 253 }),
}, { required: ["name"] });
const validation = object("Client certificate validation.", {
  caCertificateRefs: array("Trusted client CAs.", caRef, { minItems: 1, maxItems: 8 }),
  mode: enumeration("AllowValidOnly rejects a connection without a valid client certificate; AllowInsecureFallback accepts it (not recommended).",
    ["AllowValidOnly", "AllowInsecureFallback"], "AllowValidOnly"),
}, { required: ["caCertificateRefs"] });

const spec = object("Gateway-wide settings.", {
  defaults: object("Defaults for every route of the gateway.", {
    downstream: object("Client side.", { remoteIP }),
  }),
  features: object("Feature switches.", {
    envoyExtensionPolicyEnabled: boolean("Allow EnvoyExtensionPolicy (Airlock) resources.", false),
    insecureTLSAllowed: boolean("Allow BackendTLSPolicy without certificate verification (option insecure).", false),
  }),
  logging: object("Envoy's own log.", {
    level: enumeration("Log level.", ["off", "critical", "error", "warn", "info", "debug", "trace"], "info"),
  }),
  experimental: object("Settings that move to the Gateway once the Gateway API standard channel has them.", {
    tls: object("TLS.", {
      frontend: object("Client-facing TLS (ignored when the Gateway sets spec.tls.frontend).", {
        default: object("For every HTTPS port.", { validation }),
        perPort: array("For single ports.", object("Port settings.", {
          port: integer("Listener port.", { minimum: 1, maximum: 65535 }),
          tls: object("TLS.", { validation }, { required: ["validation"] }),
        }, { required: ["port", "tls"] }), { maxItems: 64, uniqueBy: ["port"] }),
      }),
      backend: object("Upstream TLS.", {
        clientCertificateRef: object("Client certificate (a kubernetes.io/tls Secret in the same namespace) presented to backends whose BackendTLSPolicy enables TLS.", {
          group: enumeration("API group (\"\" for core).", [""], ""),
          kind: enumeration("Kind of the referent.", ["Secret"], "Secret"),
          name: string("Name in the same namespace.", { minLength: 1, maxLength: 253 }),
        }, { required: ["name"] }),
      }),
    }),
  }),
  kubernetes: object("Deployment shape (for an operator; the manifests targets do not create Deployments).", {
    deployment: object("The gateway Deployment.", {
      replicas: integer("Replicas.", { minimum: 0, maximum: 1000, default: 2 }),
    }),
    service: object("The gateway Service.", {
      type: enumeration("Service type.", ["ClusterIP", "NodePort", "LoadBalancer"], "ClusterIP"),
    }),
  }),
});

export default {
  kind: "GatewayParameters",
  description: "Gateway-wide settings referenced by a Gateway (Gateway API mode).",
  spec,
};
