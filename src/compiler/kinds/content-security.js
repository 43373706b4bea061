// ContentSecurity (Airlock 4.x sidecar mode): the same feature references as a secured
// ContentSecurityPolicy, flat under `spec` and without targets; a SidecarGateway route refers to
// it. Airlock reference §3.1.

import { object } from "../schema-util.js";
import { featureRefProperties, resolveFeatures } from "./shared/policy.js";

const spec = object("Content security settings for sidecar routes.", featureRefProperties());

export default {
  kind: "ContentSecurity",
  description: "Content security settings referenced from sidecar routes (sidecar mode).",
  spec,
  resolve(doc, ctx) {
    const { features, sources } = resolveFeatures(doc.value.spec, ["spec"], ctx, doc);
    const name = `${doc.namespace}/${doc.name}`;
    ctx.addPolicy(doc, { name, mode: "secured", features, featureSources: sources });
    ctx.warn(doc, [], `becomes policy "${name}", but no route selects it: SidecarGateway routes are not supported by this version of bulwark`);
  },
};
