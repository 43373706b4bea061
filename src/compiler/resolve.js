// Resolution: indexing documents by kind/namespace/name, checking references, and letting each
// policy kind build the internal model (policies with their features, route targets).

import { reporter } from "./documents.js";
import { validatorFor } from "./validate.js";
import { suggest } from "./suggest.js";
import { lineOf } from "./load.js";
import { deref } from "./schema-util.js";
import { attachAccessControl } from "./emit-access-control.js";

const key = (kind, ns, name) => `${kind}\u0000${ns}\u0000${name}`;
const where = (e, segments = ["metadata", "name"]) => `${e.file}:${lineOf(e.source, segments)} (document ${e.index})`;

/** Walks a schema and the matching data, calling `visit` for every x-bulwark-ref node present. */
function collectRefs(root, node, data, segments, visit) {
  const schema = deref(root, node);
  if (data === undefined || data === null || !schema) return;
  if (schema["x-bulwark-ref"] && typeof data === "object") visit(schema["x-bulwark-ref"], data, segments);
  if (schema.properties && typeof data === "object" && !Array.isArray(data)) {
    for (const [k, sub] of Object.entries(schema.properties)) collectRefs(root, sub, data[k], [...segments, k], visit);
  }
  if (schema.items && Array.isArray(data)) data.forEach((d, i) => collectRefs(root, schema.items, d, [...segments, i], visit));
}

/**
 * @typedef {object} Policy
 * @property {string} name
 * @property {"secured"|"unsecured"} mode
 * @property {Record<string, any>} features        resolved, defaulted feature specs (parser, limits, denyRules, headerRewrites)
 * @property {Record<string, string|null>} featureSources  `ns/name` of the feature document, null for built-in defaults
 * @property {string|null} source                   `Kind ns/name` of the document it came from
 *
 * @typedef {object} RouteTarget
 * @property {string} name         `ns/route`
 * @property {string} namespace
 * @property {string} route
 * @property {string} policy
 * @property {any|null} httpRoute  the HTTPRoute entry when it is among the inputs
 */

/**
 * @param {import("./documents.js").Entry[]} entries
 * @param {import("./registry.js").Registry} registry
 * @param {any[]} problems
 * @param {any[]} warnings
 */
/** Features the filter config carries (emit-features.js); the others are only validated. */
const ENFORCED_FEATURES = new Set(["parser", "limits", "denyRules", "headerRewrites"]);

export function resolve(entries, registry, problems, warnings, opts = {}) {
  const index = new Map();
  for (const e of entries) {
    const k = key(e.kind, e.namespace, e.name);
    const first = index.get(k);
    if (first) {
      reporter(e.source, problems, { kind: e.kind, name: `${e.namespace}/${e.name}` })(["metadata", "name"],
        `duplicate ${e.kind} ${e.namespace}/${e.name}: also defined at ${where(first)}`);
      continue;
    }
    index.set(k, e);
  }
  const lookup = (kind, ns, name) => index.get(key(kind, ns, name)) ?? null;

  // Dangling references (to kinds this version supports; the others are warned about by the policy kinds).
  for (const e of index.values()) {
    if (e.def.external) continue; // invalid documents too: report every problem at once
    collectRefs(e.def.schema, e.def.schema, e.value, [], (kind, ref, segments) => {
      if (!registry.ours.has(kind) || typeof ref.name !== "string") return;
      if (lookup(kind, e.namespace, ref.name)) return;
      const same = [...index.values()].filter((o) => o.kind === kind && o.namespace === e.namespace).map((o) => o.name);
      const close = suggest(ref.name, same);
      const elsewhere = [...index.values()].find((o) => o.kind === kind && o.name === ref.name);
      let msg = `${kind} ${e.namespace}/${ref.name} not found among the inputs`;
      if (close) msg += `; did you mean "${close}"?`;
      else if (elsewhere) msg += ` (there is one in namespace ${elsewhere.namespace}; references are resolved in the same namespace)`;
      reporter(e.source, problems, { kind: e.kind, name: `${e.namespace}/${e.name}` })([...segments, "name"], msg);
    });
  }

  /** @type {Policy[]} */
  const policies = [];
  /** @type {RouteTarget[]} */
  const routes = [];
  const routeOwners = new Map();
  const referenced = new Set();
  const accessControlByRoute = new Map();
  const jwks = new Map();
  const defaultsCache = new Map();
  // CustomResponse / CustomResponsePolicy documents (kinds/custom-response*.js, emit-headers.js).
  const customResponses = { responses: [], policies: [], docs: [] };

  const defaultsOf = (kind) => {
    if (!defaultsCache.has(kind)) {
      const def = registry.ours.get(kind);
      const doc = { apiVersion: "bulwark.dev/v1alpha1", kind, metadata: { name: "defaults" }, spec: {} };
      const validate = validatorFor(def.schema);
      if (!validate(doc)) throw new Error(`compiler bug: the defaults of ${kind} do not validate: ${JSON.stringify(validate.errors)}`);
      defaultsCache.set(kind, doc.spec);
    }
    return structuredClone(defaultsCache.get(kind));
  };

  const ctx = {
    // Relative input paths (SourceDocument.file) are relative to this.
    cwd: opts.cwd ?? process.cwd(),
    featureKinds: registry.features,
    lookup,
    defaultsOf,
    markReferenced: (target) => referenced.add(target),
    warn: (doc, segments, message) => reporter(doc.source, warnings, { kind: doc.kind, name: `${doc.namespace}/${doc.name}` })(segments, message),
    problem: (doc, segments, message) => reporter(doc.source, problems, { kind: doc.kind, name: `${doc.namespace}/${doc.name}` })(segments, message),
    addCustomResponse: (doc, response) => customResponses.responses.push(response),
    addCustomResponsePolicy: (doc, policy) => { customResponses.policies.push(policy); customResponses.docs.push(doc); },
    addPolicy: (doc, policy) => policies.push({ ...policy, source: `${doc.kind} ${doc.namespace}/${doc.name}` }),
    addRouteTarget: (doc, segments, policy, routeName) => {
      const name = `${doc.namespace}/${routeName}`;
      const owner = routeOwners.get(name);
      if (owner) {
        ctx.problem(doc, segments, `HTTPRoute ${name} is already targeted by ${owner.doc.kind} ${owner.doc.namespace}/${owner.doc.name} at ${where(owner.doc, owner.segments)}; a route can have only one ${doc.kind}`);
        return;
      }
      routeOwners.set(name, { doc, segments });
      const httpRoute = lookup("HTTPRoute", doc.namespace, routeName);
      if (!httpRoute) {
        ctx.warn(doc, segments, `HTTPRoute ${name} is not among the inputs: the policy is selected by Envoy route name only (prefix httproute/${name}/ or name ${name}), not by host and path`);
      }
      routes.push({ name, namespace: doc.namespace, route: routeName, policy, httpRoute: httpRoute?.valid ? httpRoute : null });
    },
    // Access control attaches next to content security (emit-access-control.js).
    addAccessControl: (doc, segments, routeName, section) => {
      const name = `${doc.namespace}/${routeName}`;
      const owner = accessControlByRoute.get(name);
      if (owner) {
        ctx.problem(doc, segments, `HTTPRoute ${name} is already targeted by ${owner.doc.kind} ${owner.doc.namespace}/${owner.doc.name}; a route can have only one ${doc.kind}`);
        return;
      }
      accessControlByRoute.set(name, { doc, section });
    },
    addJwks: (entry) => { if (!jwks.has(entry.name)) jwks.set(entry.name, entry); },
  };

  for (const e of index.values()) if (e.valid && e.def.resolve) e.def.resolve(e, ctx);

  for (const e of index.values()) {
    if (!e.def.feature || !e.valid) continue;
    if (referenced.has(e)) {
      if (!ENFORCED_FEATURES.has(e.def.feature)) {
        ctx.warn(e, [], `validated, but not yet enforced: filter config v1 carries no ${e.def.feature} settings (a later version adds them)`);
      }
    } else {
      ctx.warn(e, [], `not referenced by any ContentSecurityPolicy or ContentSecurity in namespace ${e.namespace}`);
    }
  }

  customResponses.policies.forEach((p, i) => p.routes.forEach((r, k) => {
    if (!routeOwners.has(r)) ctx.warn(customResponses.docs[i], ["spec", "targetRefs", k], `HTTPRoute ${r} has no ContentSecurityPolicy among the inputs: the filter cannot select it, so these custom responses do not apply`);
  }));

  const defaultPolicy = {
    name: "default",
    mode: /** @type {const} */ ("secured"),
    features: Object.fromEntries([...registry.features.values()].map((k) => [k.feature, defaultsOf(k.kind)])),
    featureSources: Object.fromEntries([...registry.features.values()].map((k) => [k.feature, null])),
    source: null,
  };
  const model = { policies: [defaultPolicy, ...policies], routes, defaultPolicy: "default", index, customResponses, jwks: [...jwks.values()] };
  attachAccessControl(model, accessControlByRoute, (ns, route) => lookup("HTTPRoute", ns, route), defaultPolicy);
  return model;
}

