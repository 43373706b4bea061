// SidecarGateway (Airlock 4.x sidecar mode): protects the pods its podSelector selects. The
// Istio target turns it into one WasmPlugin per application port, selecting the workload by
// its labels; its routes (first match by path prefix) pick the ContentSecurity policy of a
// request. Airlock reference §14. Settings of Airlock's own sidecar engine (downstream,
// upstream, telemetry, raw Envoy references) belong to the mesh here and are not accepted.

import { object, array, string, integer, marker, reference } from "../schema-util.js";

const LABEL_KEY = "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$";

const route = object("A route: the first whose pathPrefix matches the request path applies.", {
  pathPrefix: string("Path prefix (whole segments: /api matches /api and /api/x, not /apix).", { minLength: 1, maxLength: 1024, pattern: "^/[^?#]*$", expected: "an absolute path without ? or #", default: "/" }),
  secured: object("Inspect requests with the referenced settings.", {
    contentSecurityRef: reference("ContentSecurity", "Content security settings; built-in defaults when omitted."),
  }),
  unsecured: marker("No inspection for this route (not recommended)."),
}, { oneOf: [["secured", "unsecured"]], defaultChoice: "secured" });

const spec = object("Protects the selected pods (sidecar mode).", {
  podSelector: object("Pods to protect.", {
    matchLabels: {
      type: "object", description: "Labels the pods must carry.", minProperties: 1, maxProperties: 32,
      propertyNames: { type: "string", pattern: LABEL_KEY, maxLength: 317, description: "Label key." },
      additionalProperties: { type: "string", maxLength: 63, pattern: "^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$", description: "Label value." },
    },
  }, { required: ["matchLabels"] }),
  applications: array("One entry per protected container port.", object("An application.", {
    containerPort: integer("Container port the application listens on.", { minimum: 1, maximum: 65535, default: 8080 }),
    routes: array("Routes, first match wins; a request no route matches gets the built-in default policy.", route, { minItems: 1, maxItems: 128 }),
  }, { required: ["routes"] }), { minItems: 1, maxItems: 16, uniqueBy: ["containerPort"] }),
}, { required: ["podSelector", "applications"] });

export default {
  kind: "SidecarGateway",
  description: "Sidecar-mode protection of pods selected by labels (Istio target: WasmPlugin per port).",
  spec,
};
