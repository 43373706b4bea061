// Emission of a policy's `denyRules` section (schema $defs denyRules) from the resolved,
// defaulted DenyRules spec: the `{matcher: …}` wrappers and the blockedData/blockData one-of
// objects are flattened into plain fields, as for the other feature sections.
import { stringMatcher, requestConditions } from "./emit-features.js";

const MATCHER_KINDS = ["exact", "prefix", "suffix", "contains", "regex"];

function caseInsensitiveMatcher(m) {
  const out = {};
  for (const k of MATCHER_KINDS) if (m[k] !== undefined) out[k] = m[k];
  return out;
}

const matcher = (wrapped) => stringMatcher(wrapped.matcher);

/** The item description shared by exceptions (blockedData) and custom rules (blockData). */
function data(d, exception) {
  if (d.parameter) {
    const p = {};
    if (d.parameter.name) p.name = matcher(d.parameter.name);
    if (d.parameter.value) p.value = matcher(d.parameter.value);
    if (exception) p.source = d.parameter.source ?? "Any";
    return { parameter: p };
  }
  if (d.header) {
    const h = {};
    if (d.header.name) h.name = caseInsensitiveMatcher(d.header.name.matcher);
    if (d.header.value) h.value = matcher(d.header.value);
    return { header: h };
  }
  if (d.path) return { path: matcher(d.path) };
  if (d.pathSegment) {
    const s = {};
    if (d.pathSegment.value) s.value = matcher(d.pathSegment.value);
    if (d.pathSegment.segments) s.index = d.pathSegment.segments.index;
    return { pathSegment: s };
  }
  if (d.json) {
    const j = {};
    if (exception) j.jsonPath = d.json.jsonPath;
    if (d.json.key) j.key = matcher(d.json.key);
    if (d.json.value) j.value = matcher(d.json.value);
    return { json: j };
  }
  const g = {};
  for (const k of ["field", "argument", "value"]) if (d.graphQL[k]) g[k] = matcher(d.graphQL[k]);
  return { graphQL: g };
}

/** @param {any} spec resolved DenyRules spec (defaults applied) */
export function denyRulesSection(spec) {
  const builtIn = spec.request?.builtIn ?? {};
  const settings = builtIn.settings ?? {};
  const out = {
    level: settings.level ?? "Standard",
    threatHandlingMode: settings.threatHandlingMode ?? "Block",
  };
  const overrides = builtIn.overrides ?? [];
  if (overrides.length) {
    out.overrides = overrides.map((o) => {
      const r = {};
      if (o.conditions.ruleKeys?.length) r.ruleKeys = [...o.conditions.ruleKeys];
      if (o.conditions.types?.length) r.types = [...o.conditions.types];
      if (o.settings.level) r.level = o.settings.level;
      if (o.settings.threatHandlingMode) r.threatHandlingMode = o.settings.threatHandlingMode;
      return r;
    });
  }
  const exceptions = builtIn.exceptions ?? [];
  if (exceptions.length) {
    out.exceptions = exceptions.map((e) => {
      const r = {};
      if (e.ruleKeys?.length) r.ruleKeys = [...e.ruleKeys];
      if (e.requestConditions) r.requestConditions = requestConditions(e.requestConditions);
      if (e.blockedData) Object.assign(r, data(e.blockedData, true));
      return r;
    });
  }
  const rules = spec.request?.custom?.rules ?? [];
  if (rules.length) {
    out.customRules = rules.map((c) => {
      const r = { ruleKey: c.ruleKey, threatHandlingMode: c.threatHandlingMode ?? "Block" };
      if (c.requestConditions) r.requestConditions = requestConditions(c.requestConditions);
      return Object.assign(r, data(c.blockData, false));
    });
  }
  return out;
}
