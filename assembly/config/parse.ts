// Parses and validates the filter configuration (schema/filter-config.v1.schema.json).
// The result is either a FilterConfig or one error message naming the JSON path,
// e.g. `routes[2].policy: unknown policy "shop/x" (known: default, shop/csp)`.
import { parseJson } from "./json";
import { FieldReader, ObjectFields, itemPath, listForMessage, formatNumber } from "./reader";
import { FilterConfig, Policy, PolicyMode, Route, SUPPORTED_VERSION } from "./model";
import { PolicySelector } from "../routing/select";
import { normalizeHostPattern } from "../routing/host_pattern";
import { normalizePathPrefix } from "../routing/path_prefix";
import { JsonValue, JsonKind, jsonKindName } from "./json";
import { readParser, readLimits } from "./features_parse";
import { readDenyRules } from "./deny_rules_parse";
import { readHeaderRewrites } from "./header_rewrites_parse";
import { readCustomResponses } from "./custom_responses_parse";
import { CustomResponses } from "./custom_responses";
import { readJwks } from "./jwks_parse";
import { readAccessControl } from "./access_control_parse";
import { JwksConfig } from "./jwks";

// Limits from the schema.
export const MAX_POLICIES: i32 = 4096;
export const MAX_ROUTES: i32 = 4096;
export const MAX_NAME_LENGTH: i32 = 512;
export const MAX_GENERATOR_LENGTH: i32 = 256;
export const MAX_SELECTOR_ITEMS: i32 = 256;
export const MAX_ROUTE_NAME_LENGTH: i32 = 1024;
export const MAX_HOST_LENGTH: i32 = 253;
export const MAX_PATH_PREFIX_LENGTH: i32 = 1024;
// Not in the schema: the largest document the filter will read (bounded memory).
export const MAX_CONFIG_BYTES: u32 = 16 << 20;

const POLICY_MODES: Array<string> = ["secured", "unsecured"];

export class ConfigResult {
  constructor(public config: FilterConfig | null, public error: string | null, public warnings: Array<string>) {}
}

export function parseFilterConfig(text: string): ConfigResult {
  let warnings = new Array<string>();
  if (text.length == 0) return new ConfigResult(null, "(root): the configuration is empty (expected a JSON object)", warnings);
  let parsed = parseJson(text);
  let doc = parsed.value;
  if (doc === null) return new ConfigResult(null, parsed.error, warnings);

  let reader = new FieldReader();
  let root = reader.objectAt(doc, "");
  if (root === null) return new ConfigResult(null, reader.error, warnings);

  readVersion(root);
  let generator = root.optionalString("generator", "", 0, MAX_GENERATOR_LENGTH);
  let jwks = readJwks(root);
  let policies = readPolicies(root, jwks);
  let byName = new Map<string, Policy>();
  for (let i = 0; i < policies.length; i++) {
    let p = policies[i];
    if (byName.has(p.name)) {
      reader.fail(itemPath("policies", i) + ".name", "duplicate policy name \"" + p.name + "\" (also policies[" + byName.get(p.name).index.toString() + "])");
      break;
    }
    byName.set(p.name, p);
  }
  let routes = readRoutes(root, byName, policies, warnings);
  let customResponses: CustomResponses | null = readCustomResponses(root.optionalObject("customResponses"), routes);
  let defaultName = root.requiredString("defaultPolicy", 1, MAX_NAME_LENGTH);
  root.finish();
  if (reader.failed) return new ConfigResult(null, reader.error, warnings);

  if (!byName.has(defaultName)) {
    reader.fail("defaultPolicy", unknownPolicy(defaultName, policies));
    return new ConfigResult(null, reader.error, warnings);
  }
  let defaultPolicy = byName.get(defaultName);
  let selector = new PolicySelector(routes, defaultPolicy);
  let config = new FilterConfig(generator, policies, routes, defaultPolicy, selector);
  config.customResponses = customResponses;
  config.jwks = jwks;
  return new ConfigResult(config, null, warnings);
}

function readVersion(root: ObjectFields): void {
  let v = root.field("version");
  let path = "version";
  if (v === null) { root.reader.fail(path, "required field is missing (this filter reads version " + SUPPORTED_VERSION.toString() + ")"); return; }
  if (v.kind != JsonKind.Number) { root.reader.fail(path, "expected the integer " + SUPPORTED_VERSION.toString() + ", got " + jsonKindName(v.kind)); return; }
  if (v.numberValue != <f64>SUPPORTED_VERSION) {
    root.reader.fail(path, "unsupported version " + formatNumber(v.numberValue) + " (this filter supports version " + SUPPORTED_VERSION.toString() + ")");
  }
}

function readPolicies(root: ObjectFields, jwks: JwksConfig): Array<Policy> {
  let items = root.requiredArray("policies", 1, MAX_POLICIES);
  let out = new Array<Policy>();
  for (let i = 0; i < items.length && !root.reader.failed; i++) {
    let o = root.reader.objectAt(items[i], itemPath("policies", i));
    if (o === null) break;
    let name = o.requiredString("name", 1, MAX_NAME_LENGTH);
    let mode = o.requiredEnum("mode", POLICY_MODES);
    let policy = new Policy(name, i, mode == "unsecured" ? PolicyMode.Unsecured : PolicyMode.Secured);
    policy.parser = readParser(o.optionalObject("parser"));
    policy.limits = readLimits(o.optionalObject("limits"));
    policy.denyRules = readDenyRules(o.optionalObject("denyRules"));
    policy.headerRewrites = readHeaderRewrites(o.optionalObject("headerRewrites"));
    policy.accessControl = readAccessControl(o.optionalObject("accessControl"), jwks);
    // Unsecured policies skip every stage: access control there would silently be off.
    if (policy.accessControl !== null && !policy.secured) o.reader.fail(o.fieldPath("accessControl"), "not allowed on an unsecured policy (it would never run); use mode \"secured\" without content-security sections");
    o.finish();
    out.push(policy);
  }
  return out;
}

function readRoutes(root: ObjectFields, byName: Map<string, Policy>, policies: Array<Policy>, warnings: Array<string>): Array<Route> {
  let items = root.optionalArray("routes", 0, MAX_ROUTES);
  let out = new Array<Route>();
  let reader = root.reader;
  for (let i = 0; i < items.length && !reader.failed; i++) {
    let path = itemPath("routes", i);
    let o = reader.objectAt(items[i], path);
    if (o === null) break;
    let name = o.requiredString("name", 1, MAX_NAME_LENGTH);
    let policyName = o.requiredString("policy", 1, MAX_NAME_LENGTH);
    let routeNames = o.optionalStringArray("routeNames", MAX_SELECTOR_ITEMS, 1, MAX_ROUTE_NAME_LENGTH);
    let routeNamePrefixes = o.optionalStringArray("routeNamePrefixes", MAX_SELECTOR_ITEMS, 1, MAX_ROUTE_NAME_LENGTH);
    let hosts = o.optionalStringArray("hosts", MAX_SELECTOR_ITEMS, 1, MAX_HOST_LENGTH);
    let pathPrefixes = o.optionalStringArray("pathPrefixes", MAX_SELECTOR_ITEMS, 1, MAX_PATH_PREFIX_LENGTH);
    o.finish();
    if (reader.failed) break;

    for (let h = 0; h < hosts.length; h++) {
      let normalized = normalizeHostPattern(hosts[h]);
      if (normalized.error !== null) { reader.fail(itemPath(path + ".hosts", h), normalized.error!); break; }
      hosts[h] = normalized.value;
    }
    for (let p = 0; p < pathPrefixes.length && !reader.failed; p++) {
      let normalized = normalizePathPrefix(pathPrefixes[p]);
      if (normalized.error !== null) { reader.fail(itemPath(path + ".pathPrefixes", p), normalized.error!); break; }
      pathPrefixes[p] = normalized.value;
    }
    if (!byName.has(policyName)) { reader.fail(path + ".policy", unknownPolicy(policyName, policies)); break; }
    if (reader.failed) break;

    let route = new Route(name, i, byName.get(policyName), routeNames, routeNamePrefixes, hosts, pathPrefixes);
    if (!route.selectsByRouteName && !route.selectsByHostOrPath) {
      warnings.push(path + " (\"" + name + "\") has no routeNames, routeNamePrefixes, hosts or pathPrefixes and never selects a request");
    }
    out.push(route);
  }
  return out;
}

function unknownPolicy(name: string, policies: Array<Policy>): string {
  let names = new Array<string>();
  for (let i = 0; i < policies.length; i++) names.push(policies[i].name);
  return "unknown policy \"" + name + "\" (known: " + listForMessage(names, 10) + ")";
}
