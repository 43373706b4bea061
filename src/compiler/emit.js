// Emission of filter configuration v1 (schema/filter-config.v1.schema.json) from the model:
// policy names, modes, route selectors, and for secured policies the sections the filter
// enforces (parser, limits: emit-features.js). The other resolved features stay on the model
// until the schema grows sections for them.

import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import { featureSections } from "./emit-features.js";
import { customResponsesSection } from "./emit-headers.js";

const schemaUrl = new URL("../../schema/filter-config.v1.schema.json", import.meta.url);
const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
export const FILTER_CONFIG_SCHEMA = JSON.parse(readFileSync(schemaUrl, "utf8"));
export const GENERATOR = `bulwark ${pkg.version} compile`;

const validateConfig = new Ajv2020({ allErrors: true, strict: true }).compile(FILTER_CONFIG_SCHEMA);

const MAX_SELECTORS = 256; // maxItems of hosts and pathPrefixes in the config schema
export const MAX_POLICIES = 4096;
export const MAX_ROUTES = 4096;

/** Envoy Gateway names xDS routes `httproute/<ns>/<name>/rule/<i>/match/<j>/<host>`. */
export const routeNamePrefix = (namespace, route) => `httproute/${namespace}/${route}/`;

/** Host and path selectors of an HTTPRoute; `{}` when they cannot narrow the selection. */
function selectors(target, warn) {
  const spec = target.httpRoute?.value.spec;
  if (!spec) return {};
  const hosts = [...new Set((spec.hostnames ?? []).map((h) => h.toLowerCase()))].sort();
  const prefixes = new Set();
  let everyPath = (spec.rules ?? []).length === 0;
  let regex = false;
  for (const rule of spec.rules ?? []) {
    const matches = rule.matches?.length ? rule.matches : [{}];
    for (const m of matches) {
      const type = m.path?.type ?? "PathPrefix";
      let value = m.path?.value ?? "/";
      // A regex (or a value Gateway API would reject) cannot become a prefix.
      if (type === "RegularExpression" || !value.startsWith("/")) { regex = true; continue; }
      // Gateway API ignores a trailing slash of a PathPrefix; the filter matches whole segments.
      if (type === "PathPrefix" && value.length > 1) value = value.replace(/\/+$/, "");
      if (value === "/" && type === "PathPrefix") everyPath = true;
      else prefixes.add(value);
    }
  }
  if (regex) {
    warn(target.httpRoute, ["spec", "rules"], `has RegularExpression (or non-absolute) path matches, which host/path selection cannot express: the policy is selected by Envoy route name only`);
    return {};
  }
  if (prefixes.size > MAX_SELECTORS) {
    warn(target.httpRoute, ["spec", "rules"], `has more than ${MAX_SELECTORS} distinct path matches: the policy is selected by Envoy route name only`);
    return {};
  }
  const out = {};
  if (hosts.length) out.hosts = hosts;
  if (!everyPath && prefixes.size) out.pathPrefixes = [...prefixes].sort();
  return out;
}

/** More specific host/path selectors first, since the filter takes the first match. */
function specificity(r) {
  const hostRank = !r.hosts ? 2 : r.hosts.some((h) => !h.startsWith("*.")) ? 0 : 1;
  const longest = Math.max(0, ...(r.pathPrefixes ?? []).map((p) => p.length));
  return [hostRank, -longest];
}

/**
 * @param {ReturnType<import("./resolve.js").resolve>} model
 * @param {(entry: any, segments: (string|number)[], message: string) => void} warn  about an input document
 */
export function emit(model, warn) {
  const policies = [...model.policies]
    .sort((a, b) => (a.name === model.defaultPolicy ? -1 : b.name === model.defaultPolicy ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((p) => ({ name: p.name, mode: p.mode, ...(p.mode === "secured" ? featureSections(p.features) : {}), ...(p.accessControl ? { accessControl: p.accessControl } : {}) }));
  const routes = model.routes.map((t) => ({
    name: t.name,
    policy: t.policy,
    routeNames: [t.name],
    routeNamePrefixes: [routeNamePrefix(t.namespace, t.route)],
    ...selectors(t, warn),
  }));
  routes.sort((a, b) => {
    const [x, y] = [specificity(a), specificity(b)];
    return x[0] - y[0] || x[1] - y[1] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  });
  const config = { version: 1, generator: GENERATOR, policies, routes, defaultPolicy: model.defaultPolicy, ...(model.jwks?.length ? { jwks: model.jwks } : {}) };
  const custom = customResponsesSection(model.customResponses, new Set(routes.map((r) => r.name)));
  if (custom) config.customResponses = custom;
  checkConfig(config);
  return config;
}

/** A config that fails the contract is a compiler bug, never the user's fault. */
export function checkConfig(config) {
  if (!validateConfig(config)) {
    const detail = validateConfig.errors.map((e) => `${e.instancePath || "/"} ${e.message}`).join("; ");
    throw new Error(`compiler bug: the emitted filter config does not match schema/filter-config.v1.schema.json: ${detail}`);
  }
}
