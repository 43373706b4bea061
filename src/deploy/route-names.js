// How each platform names the Envoy routes it builds from an HTTPRoute (Envoy's
// `xds.route_name`, which the filter matches against routes[].routeNames / routeNamePrefixes):
//
//   Envoy Gateway  httproute/<ns>/<name>/rule/<i>/match/<j>/<hostname with . as _>
//                  (the compiler's routeNamePrefixes `httproute/<ns>/<name>/` cover it)
//   plain Envoy    httproute/<ns>/<name>/rule/<i>/match/<j> (src/envoy/gateway.js; same prefix)
//   Istio          <ns>.<name>.<i> for rule i, or the rule's `name` when it has one (Istio's
//                  Gateway API conversion names the VirtualService HTTP route so, and the Envoy
//                  route takes that name; Gateway API matches carry no name of their own)
//   bulwark serve  <ns>/<name> (the compiler's routeNames)
//
// The compiler emits the names every platform shares; a target adds its own here.
import { checkConfig } from "../compiler/emit.js";

const MAX_ROUTE_NAMES = 256; // routes[].routeNames maxItems in the filter config schema

/** Istio's Envoy route names for the rules of one HTTPRoute. */
export function istioRouteNames(namespace, name, rules) {
  return (rules ?? [{}]).map((rule, i) => (typeof rule?.name === "string" && rule.name ? rule.name : `${namespace}.${name}.${i}`));
}

/**
 * The filter configuration with Istio's route names added to each route whose HTTPRoute is
 * among the inputs (a route without one keeps host/path selection).
 * @param {object} config compiled filter configuration (not modified)
 * @param {{ routes: { name: string, namespace: string, route: string, httpRoute: any }[] }} model
 */
export function withIstioRouteNames(config, model) {
  const out = structuredClone(config);
  for (const t of model.routes) {
    const entry = out.routes.find((r) => r.name === t.name);
    if (!entry || !t.httpRoute) continue;
    const names = istioRouteNames(t.namespace, t.route, t.httpRoute.value.spec?.rules);
    const merged = [...new Set([...(entry.routeNames ?? []), ...names])];
    if (merged.length > MAX_ROUTE_NAMES) {
      throw Object.assign(new Error(`HTTPRoute ${t.name} has ${names.length} rules; the filter configuration holds at most ${MAX_ROUTE_NAMES} route names per route`), { userError: true });
    }
    entry.routeNames = merged;
  }
  checkConfig(out);
  return out;
}
