// Emission of the policy feature sections the filter enforces (`parser`, `limits`) from the
// resolved, defaulted feature specs. The filter config flattens the Airlock API's `{matcher: …}`
// wrappers and one-of objects into plain fields (schema/filter-config.v1.schema.json $defs).

import { denyRulesSection } from "./emit-deny-rules.js";
import { headerRewritesSection } from "./emit-headers.js";

const MATCHER_KINDS = ["exact", "prefix", "suffix", "contains", "regex"];

/** `{exact: "x", ignoreCase: true}` from a StringMatcher (ignoreCase only when true). */
export function stringMatcher(m) {
  const out = {};
  for (const k of MATCHER_KINDS) if (m[k] !== undefined) out[k] = m[k];
  if (m.ignoreCase) out.ignoreCase = true;
  return out;
}

/** The case-insensitive matcher has no ignoreCase: the filter always folds case. */
function caseInsensitiveMatcher(m) {
  const out = {};
  for (const k of MATCHER_KINDS) if (m[k] !== undefined) out[k] = m[k];
  return out;
}

/** RequestConditions without the `{matcher}` wrappers; `method` becomes `methods`. */
export function requestConditions(c) {
  const out = {};
  if (c.path) out.path = stringMatcher(c.path.matcher);
  if (c.method?.length) out.methods = [...c.method];
  if (c.header) {
    out.header = { name: caseInsensitiveMatcher(c.header.name.matcher) };
    if (c.header.value) out.header.value = stringMatcher(c.header.value.matcher);
  }
  if (c.mediaType) out.mediaType = caseInsensitiveMatcher(c.mediaType.matcher);
  if (c.remoteIP) {
    out.remoteIP = { cidrRanges: [...c.remoteIP.cidrRanges] };
    if (c.remoteIP.invert) out.remoteIP.invert = true;
  }
  if (c.invert) out.invert = true;
  return out;
}

/** @param {any} spec resolved Parser spec (defaults applied) */
export function parserSection(spec) {
  const r = spec.request;
  const toggle = (p) => ({ enable: p.enable, mediaTypePattern: p.mediaTypePattern });
  const out = {
    defaultContentType: r.defaultContentType,
    form: toggle(r.parsers.form),
    json: toggle(r.parsers.json),
    multipart: toggle(r.parsers.multipart),
  };
  const rules = r.custom?.rules ?? [];
  if (rules.length) {
    out.rules = rules.map((rule) => ({
      requestConditions: requestConditions(rule.requestConditions),
      action: rule.action.skip ? "skip" : Object.keys(rule.action.parse)[0],
    }));
  }
  return out;
}

/** @param {any} spec resolved Limits spec (defaults applied) */
export function limitsSection(spec) {
  const threatHandlingMode = spec.settings?.threatHandlingMode ?? "Block";
  if (spec.request.unlimited) return { threatHandlingMode, unlimited: true };
  const l = spec.request.limited;
  const out = {
    threatHandlingMode,
    general: { bodySize: l.general.bodySize, pathLength: l.general.pathLength },
    parameter: { bodySize: l.parameter.bodySize, count: l.parameter.count, nameLength: l.parameter.nameLength, valueLength: l.parameter.valueLength },
    json: {
      bodySize: l.json.bodySize, nestingDepth: l.json.nestingDepth, keyCount: l.json.keyCount,
      elementCount: l.json.elementCount, keyLength: l.json.keyLength, valueLength: l.json.valueLength,
    },
    multipart: { bodySize: l.multipart.bodySize },
    graphQL: { querySize: l.graphQL.querySize, nestingDepth: l.graphQL.nestingDepth, valueLength: l.graphQL.valueLength },
  };
  const exceptions = l.exceptions ?? [];
  if (exceptions.length) out.exceptions = exceptions.map(limitsException);
  return out;
}

function limitsException(e) {
  const out = {};
  if (e.requestConditions) out.requestConditions = requestConditions(e.requestConditions);
  const len = e.length;
  if (len.parameter) out.parameter = { name: stringMatcher(len.parameter.name.matcher), source: len.parameter.source ?? "Any" };
  else if (len.json) out.json = { jsonPath: len.json.jsonPath };
  else {
    out.graphQL = {};
    for (const k of ["field", "argument", "value"]) if (len.graphQL[k]) out.graphQL[k] = stringMatcher(len.graphQL[k].matcher);
  }
  return out;
}

/** The feature sections of one emitted policy (secured policies only). */
export function featureSections(features) {
  const out = {};
  if (features?.parser) out.parser = parserSection(features.parser);
  if (features?.limits) out.limits = limitsSection(features.limits);
  if (features?.denyRules) out.denyRules = denyRulesSection(features.denyRules);
  if (features?.headerRewrites) out.headerRewrites = headerRewritesSection(features.headerRewrites);
  return out;
}

/**
 * The largest request body the filter may buffer under `config`: bodies it parses (form, JSON,
 * multipart) are held until end of stream, up to their limit. `general.bodySize` is only
 * counted while streaming, so it does not count here. `unlimited` when some secured policy
 * with a parser has no limit (unlimited mode, a 0 limit, or no limits section).
 * @returns {{ bytes: number, unlimited: boolean }}
 */
export function largestBufferedBody(config) {
  let bytes = 0;
  for (const p of config.policies) {
    if (p.mode !== "secured" || !p.parser) continue;
    const l = p.limits;
    if (!l || l.unlimited) return { bytes: 0, unlimited: true };
    for (const v of [l.parameter.bodySize, l.json.bodySize, l.multipart.bodySize]) {
      if (v === 0) return { bytes: 0, unlimited: true };
      if (v > bytes) bytes = v;
    }
  }
  return { bytes, unlimited: false };
}
