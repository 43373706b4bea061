// What ContentSecurityPolicy (Gateway API mode) and ContentSecurity (sidecar mode) share: the
// references to the feature documents, and turning them into the features of a policy.

import { object, reference } from "../../schema-util.js";

/** Feature references relative to the object holding them (`spec.secured` or `spec`). */
export const FEATURE_REFS = [
  { feature: "parser", kind: "Parser", at: ["parserRef"] },
  { feature: "limits", kind: "Limits", at: ["limitsRef"] },
  { feature: "headerRewrites", kind: "HeaderRewrites", at: ["headerRewritesRef"] },
  { feature: "denyRules", kind: "DenyRules", at: ["filter", "denyRulesRef"] },
  { feature: "apiProtection", kind: "APIProtection", at: ["apiProtectionRef"] },
  { feature: "csrfProtection", kind: "CSRFProtection", at: ["csrfProtectionRef"] },
  { feature: "openAPI", kind: "OpenAPI", at: ["apiProtection", "openAPIRef"], deprecated: "use apiProtectionRef" },
  { feature: "graphQL", kind: "GraphQL", at: ["apiProtection", "graphQLRef"], deprecated: "use apiProtectionRef" },
];

/** Schema properties for the references, to be spread into `secured` / ContentSecurity `spec`. */
export function featureRefProperties() {
  return {
    parserRef: reference("Parser", "Request body parsing settings; built-in defaults when omitted."),
    limitsRef: reference("Limits", "Request limits; built-in defaults when omitted."),
    headerRewritesRef: reference("HeaderRewrites", "Header rewriting; built-in defaults when omitted."),
    filter: object("Filtering (deny rules).", {
      denyRulesRef: reference("DenyRules", "Deny rules; built-in defaults (level Standard, Block) when omitted."),
    }),
    apiProtectionRef: reference("APIProtection", "API schema validation (OpenAPI, GraphQL); not supported by this version yet."),
    csrfProtectionRef: reference("CSRFProtection", "CSRF protection, off when omitted; not supported by this version yet."),
    apiProtection: object("Deprecated: API schema references, replaced by apiProtectionRef.", {
      openAPIRef: reference("OpenAPI", "Deprecated OpenAPI reference."),
      graphQLRef: reference("GraphQL", "Deprecated GraphQL reference."),
    }),
  };
}

/**
 * Resolves the feature references of one policy document into the policy's features: the
 * referenced document's validated and defaulted spec, or the kind's defaults.
 * @param {object} holder     the object holding the refs (`spec.secured` or `spec`)
 * @param {(string|number)[]} holderPath path of `holder` in the document
 * @param {any} ctx           resolution context (see resolve.js)
 * @param {any} doc           the policy document
 */
export function resolveFeatures(holder, holderPath, ctx, doc) {
  const features = {};
  const sources = {};
  for (const ref of FEATURE_REFS) {
    let value = holder;
    for (const k of ref.at) value = value?.[k];
    const refPath = [...holderPath, ...ref.at];
    const supported = ctx.featureKinds.get(ref.kind);
    if (!supported) {
      if (value) {
        ctx.warn(doc, refPath, `${ref.kind} ${doc.namespace}/${value.name} is not supported by this version of bulwark: the reference is not resolved and the feature is not enforced${ref.deprecated ? ` (deprecated field, ${ref.deprecated})` : ""}`);
      }
      continue;
    }
    if (value) {
      const target = ctx.lookup(ref.kind, doc.namespace, value.name);
      if (!target || !target.valid) continue; // dangling or invalid: already reported
      features[ref.feature] = structuredClone(target.value.spec);
      sources[ref.feature] = `${target.namespace}/${target.name}`;
      ctx.markReferenced(target);
    } else {
      features[ref.feature] = ctx.defaultsOf(ref.kind);
      sources[ref.feature] = null;
    }
  }
  return { features, sources };
}
