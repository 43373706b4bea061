// ContentSecurityPolicy (Gateway API mode): switches content security on (`secured`, with
// references to the feature documents) or off (`unsecured`) for the HTTPRoutes it targets.
// Airlock reference §1.2, §3.

import { object, array, string, enumeration, marker } from "../schema-util.js";
import { featureRefProperties, resolveFeatures } from "./shared/policy.js";

const spec = object("Content security for the targeted HTTPRoutes: secured (the default) or unsecured.", {
  targetRefs: array("The HTTPRoutes (in the same namespace) this policy applies to.", object("An HTTPRoute.", {
    group: enumeration("API group of the target.", ["gateway.networking.k8s.io"]),
    kind: enumeration("Kind of the target.", ["HTTPRoute"]),
    name: string("Name of the HTTPRoute in the same namespace.", { minLength: 1, maxLength: 253 }),
  }, { required: ["group", "kind", "name"] }), { minItems: 1, maxItems: 16, uniqueBy: ["group", "kind", "name"] }),
  secured: object("Inspect requests, with the referenced feature settings (built-in defaults for those omitted).",
    featureRefProperties()),
  unsecured: marker("Turn all content security off for these routes (not recommended)."),
}, { required: ["targetRefs"], oneOf: [["secured", "unsecured"]], defaultChoice: "secured" });

export default {
  kind: "ContentSecurityPolicy",
  description: "Per-HTTPRoute content security (Gateway API mode).",
  spec,
  /** Adds the policy and one route entry per target. */
  resolve(doc, ctx) {
    const s = doc.value.spec;
    const policyName = `${doc.namespace}/${doc.name}`;
    const mode = s.unsecured ? "unsecured" : "secured";
    const { features, sources } = s.secured
      ? resolveFeatures(s.secured, ["spec", "secured"], ctx, doc)
      : { features: {}, sources: {} };
    ctx.addPolicy(doc, { name: policyName, mode, features, featureSources: sources });
    s.targetRefs.forEach((ref, i) => ctx.addRouteTarget(doc, ["spec", "targetRefs", i], policyName, ref.name));
  },
};
