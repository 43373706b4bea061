// Emission of the `headerRewrites` policy section and the root `customResponses` section
// (schema/filter-config.v1.schema.json $defs headerRewrites, customResponses) from the resolved,
// defaulted HeaderRewrites, CustomResponse and CustomResponsePolicy specs.

import { stringMatcher, requestConditions } from "./emit-features.js";

const KINDS = ["exact", "prefix", "suffix", "contains", "regex"];
const ciMatcher = (m) => Object.fromEntries(KINDS.filter((k) => m[k] !== undefined).map((k) => [k, m[k]]));

function headerRules(rules) {
  return rules.map((r) => {
    const out = {
      name: r.name,
      headers: r.headers.map((h) => {
        const e = { name: ciMatcher(h.name.matcher) };
        if (h.value) e.value = stringMatcher(h.value.matcher);
        return e;
      }),
    };
    if (r.requestConditions) out.requestConditions = requestConditions(r.requestConditions);
    return out;
  });
}

function addRules(rules) {
  return rules.map((r) => {
    const out = { name: r.name, mode: r.mode ?? "AddIfAbsent", headers: r.headers.map((h) => ({ name: h.name, value: h.value })) };
    if (r.requestConditions) out.requestConditions = requestConditions(r.requestConditions);
    return out;
  });
}

const withList = (out, key, list, map) => {
  if (list?.length) out[key] = map(list);
  return out;
};

/** @param {any} spec resolved HeaderRewrites spec (defaults applied) */
export function headerRewritesSection(spec) {
  const rq = spec.request;
  const rqAllow = rq.allow.matchingHeaders;
  const request = {
    allowAll: Boolean(rq.allow.allHeaders),
    standardHeaders: rqAllow ? rqAllow.builtIn.standardHeaders : false,
    tracingHeaders: rqAllow ? rqAllow.builtIn.tracingHeaders : false,
  };
  withList(request, "allow", rqAllow?.custom, headerRules);
  request.removeAlternativeForwardedHeaders = rq.remove.builtIn.alternativeForwardedHeaders;
  withList(request, "remove", rq.remove.custom, headerRules);
  withList(request, "add", rq.add.custom, addRules);

  const rs = spec.response;
  const rsAllow = rs.allow.matchingHeaders;
  const rb = rs.remove.builtIn;
  const ab = rs.add.builtIn;
  const response = {
    allowAll: Boolean(rs.allow.allHeaders),
    standardHeaders: rsAllow ? rsAllow.builtIn.standardHeaders : false,
  };
  withList(response, "allow", rsAllow?.custom, headerRules);
  Object.assign(response, {
    removeServer: rb.informationLeakage.server,
    removeApplication: rb.informationLeakage.application,
    removeAuthBasic: rb.auth.basic,
    removeAuthNtlm: rb.auth.ntlm,
    removeAuthNegotiate: rb.auth.negotiate,
    removePermissiveCors: rb.permissiveCors,
  });
  withList(response, "remove", rs.remove.custom, headerRules);
  Object.assign(response, {
    addHsts: ab.hsts,
    hstsPreload: ab.hstsPreload,
    addXFrameOptions: ab.xFrameOptions,
    addXContentTypeOptions: ab.xContentTypeOptions,
    addReferrerPolicy: ab.referrerPolicy,
    addPermissionsPolicy: ab.permissionsPolicy,
    addFeaturePolicy: ab.featurePolicy,
    addCsp: ab.csp,
  });
  withList(response, "add", rs.add.custom, addRules);
  return { operationalMode: spec.settings.operationalMode, request, response };
}

/**
 * The root customResponses section from the resolved custom response model (kinds/custom-response*.js),
 * keeping only policies that target emitted routes. Returns null when there is nothing to emit.
 * @param {{ responses: any[], policies: any[] }} model
 * @param {Set<string>} routeNames names of the emitted routes
 */
export function customResponsesSection(model, routeNames) {
  if (!model || (!model.responses.length && !model.policies.length)) return null;
  const responses = model.responses.map((r) => {
    const out = { name: r.name };
    if (r.statusCode !== undefined) out.statusCode = r.statusCode;
    out.content = r.content.map((c) => {
      const e = { contentType: c.contentType };
      if (c.headers?.length) e.headers = c.headers.map((h) => ({ name: h.name, value: h.value }));
      if (c.body !== undefined) e.body = c.body;
      return e;
    });
    return out;
  });
  const policies = model.policies.map((p) => {
    const out = { name: p.name, routes: p.routes.filter((r) => routeNames.has(r)) };
    for (const key of ["local", "upstream"]) {
      if (!p[key]) continue;
      out[key] = p[key].map((e) => {
        const entry = {};
        if (e.requestConditions) entry.requestConditions = requestConditions(e.requestConditions);
        entry.responses = e.responses;
        return entry;
      });
    }
    return out;
  });
  return { responses, policies };
}
