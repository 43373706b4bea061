// Core v1 ConfigMap: kept for features that read documents (OpenAPI, GraphQL schemas, custom
// response bodies) in later versions.

export default {
  kind: "ConfigMap",
  group: "",
  versions: ["v1"],
  external: true,
  description: "Kubernetes ConfigMap (kept for later features).",
  schema: {
    type: "object",
    description: "A Kubernetes ConfigMap.",
    properties: {
      data: { type: "object", description: "Text values.", additionalProperties: { type: "string", description: "Value." } },
      binaryData: { type: "object", description: "Base64-encoded values.", additionalProperties: { type: "string", description: "Base64 value." } },
      immutable: { type: "boolean", description: "Immutable config map." },
    },
  },
};
