// AccessControl (Airlock 4.x sidecar mode): the same policy list as AccessControlPolicy, without
// targets; a SidecarGateway route refers to it. Airlock reference §10.1.

import { object } from "../schema-util.js";
import { policiesProperty } from "./shared/access-control.js";
import { accessControlSection } from "../emit-access-control.js";

const spec = object("Access control settings for sidecar routes.", { policies: policiesProperty() }, { required: ["policies"] });

export default {
  kind: "AccessControl",
  description: "Access control settings referenced from sidecar routes (sidecar mode).",
  spec,
  resolve(doc, ctx) {
    // Checked and resolved like an AccessControlPolicy, so mistakes surface now.
    if (!accessControlSection(doc, ["spec"], ctx)) return;
    ctx.warn(doc, [], "validated, but no route selects it: SidecarGateway routes are not supported by this version of bulwark");
  },
};
