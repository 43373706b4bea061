// CustomResponsePolicy: which CustomResponse replaces which local reply (by status code or range)
// or upstream response, per HTTPRoute and request conditions. Airlock reference §11;
// docs/custom-responses.md.

import { object, array, string, integer, reference } from "../schema-util.js";
import { requestConditions } from "./shared/matchers.js";

const statusMatcher = (description) => object(description, {
  matcher: object("exact or range.", {
    exact: integer("This status code.", { minimum: 100, maximum: 599 }),
    range: object("Status codes start..end (inclusive).", {
      start: integer("First status code.", { minimum: 100, maximum: 599 }),
      end: integer("Last status code.", { minimum: 100, maximum: 599 }),
    }, { required: ["start", "end"] }),
  }, { oneOf: [["exact", "range"]] }),
}, { required: ["matcher"] });

const entries = (description, rule) => array(description, object("An entry: the first whose request conditions hold decides.", {
  requestConditions: requestConditions("Requests this entry applies to; only the last entry may omit it."),
  responses: array("Status rules, first match wins; empty: the built-in responses.", rule, { maxItems: 128 }),
}, { required: ["responses"] }), { maxItems: 128 });

const spec = object("Custom responses for the targeted HTTPRoutes.", {
  targetRefs: array("The HTTPRoutes (in the same namespace) this policy applies to.", object("An HTTPRoute.", {
    group: string("API group of the target.", { enum: ["gateway.networking.k8s.io"] }),
    kind: string("Kind of the target.", { enum: ["HTTPRoute"] }),
    name: string("Name of the HTTPRoute in the same namespace.", { minLength: 1, maxLength: 253 }),
  }, { required: ["group", "kind", "name"] }), { minItems: 1, maxItems: 16, uniqueBy: ["group", "kind", "name"] }),
  policies: object("Replacement rules.", {
    local: entries("Replacements of the gateway's own replies (blocked, unauthorised, ...).", object("A status rule.", {
      statusCodeCondition: statusMatcher("The reply's status code."),
      customResponseRef: reference("CustomResponse", "The response to send."),
    }, { required: ["statusCodeCondition", "customResponseRef"] })),
    upstream: entries("Replacements of upstream responses (the upstream body and headers are dropped).", object("A status rule.", {
      responseConditions: object("Conditions on the upstream response.", {
        statusCode: statusMatcher("The upstream status code."),
      }, { required: ["statusCode"] }),
      customResponseRef: reference("CustomResponse", "The response to send."),
    }, { required: ["responseConditions", "customResponseRef"] })),
  }, { default: {} }),
}, { required: ["targetRefs"] });

function statusOf(m) {
  return m.exact !== undefined ? { exact: m.exact } : { range: { start: m.range.start, end: m.range.end } };
}

export default {
  kind: "CustomResponsePolicy",
  description: "Selects custom responses for local replies and upstream responses of HTTPRoutes.",
  spec,
  resolve(doc, ctx) {
    const s = doc.value.spec;
    const ns = doc.namespace;
    const out = { name: `${ns}/${doc.name}`, routes: s.targetRefs.map((r) => `${ns}/${r.name}`) };
    for (const key of ["local", "upstream"]) {
      const list = s.policies?.[key];
      if (!list) continue;
      out[key] = list.map((e, i) => {
        if (!e.requestConditions && i < list.length - 1) {
          ctx.problem(doc, ["spec", "policies", key, i], "only the last entry may omit requestConditions (the entries after it could never apply)");
        }
        e.responses.forEach((r, k) => {
          const m = key === "local" ? r.statusCodeCondition.matcher : r.responseConditions.statusCode.matcher;
          if (m.range && m.range.end < m.range.start) ctx.problem(doc, ["spec", "policies", key, i, "responses", k], `range end ${m.range.end} is below start ${m.range.start}`);
        });
        return {
          requestConditions: e.requestConditions,
          responses: e.responses.map((r) => ({
            statusCode: statusOf(key === "local" ? r.statusCodeCondition.matcher : r.responseConditions.statusCode.matcher),
            response: `${ns}/${r.customResponseRef.name}`,
          })),
        };
      });
    }
    ctx.addCustomResponsePolicy?.(doc, out);
  },
};
