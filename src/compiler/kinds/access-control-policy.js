// AccessControlPolicy (Gateway API mode): authentication and authorization for the HTTPRoutes
// it targets. It attaches next to the route's ContentSecurityPolicy: the compiler gives each
// (content security, access control) pair its own filter policy (emit-access-control.js).
// Airlock reference §1.2, §10.1.

import { object, array, string, enumeration } from "../schema-util.js";
import { policiesProperty } from "./shared/access-control.js";
import { accessControlSection } from "../emit-access-control.js";

const spec = object("Access control for the targeted HTTPRoutes.", {
  targetRefs: array("The HTTPRoutes (in the same namespace) this policy applies to.", object("An HTTPRoute.", {
    group: enumeration("API group of the target.", ["gateway.networking.k8s.io"]),
    kind: enumeration("Kind of the target.", ["HTTPRoute"]),
    name: string("Name of the HTTPRoute in the same namespace.", { minLength: 1, maxLength: 253 }),
  }, { required: ["group", "kind", "name"] }), { minItems: 1, maxItems: 16, uniqueBy: ["group", "kind", "name"] }),
  policies: policiesProperty(),
}, { required: ["targetRefs", "policies"] });

export default {
  kind: "AccessControlPolicy",
  description: "Per-HTTPRoute authentication and authorization (Gateway API mode).",
  spec,
  resolve(doc, ctx) {
    const section = accessControlSection(doc, ["spec"], ctx);
    if (!section) return;
    doc.value.spec.targetRefs.forEach((ref, i) => ctx.addAccessControl(doc, ["spec", "targetRefs", i], ref.name, section));
  },
};
