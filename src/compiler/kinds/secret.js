// Core v1 Secret: kept for features that read key material (JWKS, TLS) in later versions.
// Sensitive: problems about it never echo values.

export default {
  kind: "Secret",
  group: "",
  versions: ["v1"],
  external: true,
  sensitive: true,
  description: "Kubernetes Secret (kept for later features).",
  schema: {
    type: "object",
    description: "A Kubernetes Secret.",
    properties: {
      type: { type: "string", description: "Secret type." },
      data: { type: "object", description: "Base64-encoded values.", additionalProperties: { type: "string", description: "Base64 value.", pattern: "^[A-Za-z0-9+/]*={0,2}$", "x-bulwark-expected": "base64" } },
      stringData: { type: "object", description: "Plain-text values.", additionalProperties: { type: "string", description: "Value." } },
      immutable: { type: "boolean", description: "Immutable secret." },
    },
  },
};
