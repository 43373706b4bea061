// Gateway API HTTPRoute: not ours, read only for what policy selection needs (hostnames and
// path matches). Other fields are left to the Gateway API's own validation.

const GW = "gateway.networking.k8s.io";

export default {
  kind: "HTTPRoute",
  group: GW,
  versions: ["v1", "v1beta1"],
  external: true,
  description: "Gateway API route; hostnames and path matches feed the filter's host/path route selection.",
  schema: {
    type: "object",
    description: "A Gateway API HTTPRoute (only the fields bulwark reads are checked).",
    properties: {
      spec: {
        type: "object",
        description: "HTTPRoute spec.",
        default: {},
        properties: {
          hostnames: {
            type: "array", maxItems: 16, description: "Host names the route serves.",
            items: {
              type: "string", minLength: 1, maxLength: 253, description: "Host name or *.wildcard.",
              pattern: "^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$",
              "x-bulwark-expected": "a lower-case host name, optionally starting with *.",
            },
          },
          rules: {
            type: "array", maxItems: 64, description: "Routing rules.",
            items: {
              type: "object", description: "A routing rule.",
              properties: {
                matches: {
                  type: "array", maxItems: 64, description: "Request matches; none means every request.",
                  items: {
                    type: "object", description: "A request match.",
                    properties: {
                      path: {
                        type: "object", description: "Path match.",
                        properties: {
                          type: { type: "string", enum: ["Exact", "PathPrefix", "RegularExpression"], default: "PathPrefix", description: "Path match type." },
                          value: { type: "string", maxLength: 1024, default: "/", description: "Path or pattern." },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
  /** Path values the filter matches as prefixes must be absolute paths without query or fragment. */
  resolve(doc, ctx) {
    (doc.value.spec.rules ?? []).forEach((rule, r) => (rule.matches ?? []).forEach((m, i) => {
      const type = m.path?.type ?? "PathPrefix";
      const value = m.path?.value;
      if (type === "RegularExpression" || typeof value !== "string") return;
      if (!value.startsWith("/") || /[?#]/.test(value)) {
        ctx.problem(doc, ["spec", "rules", r, "matches", i, "path", "value"],
          `must be an absolute path starting with / and without ? or # for type ${type}, got ${JSON.stringify(value)}`);
      }
    }));
  },
};
