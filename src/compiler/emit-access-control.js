// Access control: AccessControlPolicy / AccessControl with the JWT, JWKS and IdentityPropagation
// documents they refer to, turned into the filter configuration's `policies[].accessControl`
// sections and the root `jwks` array (schema/filter-config.v1.schema.json, docs/jwt.md).
//
// Attachment: an AccessControlPolicy targets HTTPRoutes like a ContentSecurityPolicy does, and a
// route can have one of each. The filter selects exactly one policy per request, so each
// (content security policy, access control policy) pair becomes its own filter policy named
// `<csp>+<acp>` carrying the content-security features of the first and the access control of
// the second; a route with only an AccessControlPolicy gets the default content security
// (`default+<acp>`). An unsecured ContentSecurityPolicy keeps content inspection off but the
// access control on (the pair is emitted `secured` without content-security sections).

import { readFileSync } from "node:fs";
import path from "node:path";
import { requestConditions, stringMatcher } from "./emit-features.js";

const SAN_SUPPORTED = new Set(["DNS", "URI"]);
const MAX_JWKS_BYTES = 1 << 20;

/** Envoy cluster the filter fetches a remote JWKS through (contracts: one per JWKS). */
export const jwksClusterName = (namespace, name) => `bulwark_jwks_${namespace}_${name}`;

const seconds = (ms) => Math.round(ms / 1000);

/**
 * Builds the filter-config `accessControl` section of an AccessControlPolicy/AccessControl
 * document, resolving its references; registers the JWKS it uses with ctx.addJwks.
 * Returns null after reporting problems.
 */
export function accessControlSection(doc, specPath, ctx) {
  const spec = doc.value.spec;
  const ns = doc.namespace;
  let ok = true;
  const problem = (segments, message) => { ok = false; ctx.problem(doc, segments, message); };
  const policies = [];
  const n = spec.policies.length;
  spec.policies.forEach((p, i) => {
    const at = [...specPath, "policies", i];
    if (!p.requestConditions && i !== n - 1) problem([...at, "requestConditions"], "only the last policy may omit requestConditions (the ones after it could never match)");
    if (p.requestConditions && i === n - 1) problem([...at, "requestConditions"], "the last policy must have no requestConditions (it is the fallback for every other request)");
    const out = {};
    if (p.requestConditions) out.requestConditions = requestConditions(p.requestConditions);
    const a = p.authorization;
    if (a.deny) {
      out.authorization = "deny";
      if (a.authentication || a.requireAll || a.requireAny) problem([...at, "authorization", "deny"], "deny cannot be combined with authentication, requireAll or requireAny");
      if (p.identityPropagation) problem([...at, "identityPropagation"], "a deny policy cannot propagate an identity");
    } else if (a.authentication?.oidc) {
      problem([...at, "authorization", "authentication", "oidc"], "OIDC authentication is not supported by this version of bulwark (use jwt)");
    } else if (a.authentication?.jwt) {
      out.authorization = "jwt";
      const jwt = jwtSection(ns, a.authentication.jwt.jwtRef.name, [...at, "authorization", "authentication", "jwt", "jwtRef"], doc, ctx, problem);
      if (jwt) out.jwt = jwt;
    } else out.authorization = "allow";
    for (const which of ["requireAll", "requireAny"]) {
      if (!a[which]) continue;
      out[which] = a[which].map((r, j) => requirement(r, [...at, "authorization", which, j], out.authorization, doc, ctx, problem)).filter(Boolean);
    }
    if (p.tokenExchange) problem([...at, "tokenExchange"], "token exchange is not supported by this version of bulwark");
    if (p.identityPropagation?.actions?.length) {
      out.identityPropagation = [];
      p.identityPropagation.actions.forEach((act, j) => {
        const seg = [...at, "identityPropagation", "actions", j, "identityPropagationRef"];
        const target = ctx.lookup("IdentityPropagation", ns, act.identityPropagationRef.name);
        if (!target || !target.valid) { ok = false; return; } // reported already
        ctx.markReferenced(target);
        const action = propagation(target, out.authorization, (m) => problem(seg, `IdentityPropagation ${ns}/${target.name}: ${m}`));
        if (action) out.identityPropagation.push(action);
      });
    }
    policies.push(out);
  });
  return ok ? { policies } : null;
}

function jwtSection(ns, name, segments, doc, ctx, problem) {
  const target = ctx.lookup("JWT", ns, name);
  if (!target || !target.valid) return null; // dangling or invalid: reported already
  ctx.markReferenced(target);
  const s = target.value.spec;
  const sources = (s.extractionSources ?? [{ bearerToken: {} }]).map((src) => {
    if (src.bearerToken) return { kind: "bearer" };
    if (src.header) return { kind: "header", name: src.header.name.toLowerCase() };
    if (src.cookie) return { kind: "cookie", name: src.cookie.name };
    return { kind: "query", name: src.queryParameter.name };
  });
  const requireAny = [];
  s.requireAny.forEach((r, i) => {
    const jwks = ctx.lookup("JWKS", ns, r.jwksRef.name);
    if (!jwks || !jwks.valid) return;
    ctx.markReferenced(jwks);
    const entry = jwksEntry(jwks, ctx);
    if (!entry) return;
    ctx.addJwks(entry);
    const out = { jwks: entry.name };
    if (r.issuer !== undefined) out.issuer = r.issuer;
    if (r.audiences) out.audiences = [...r.audiences];
    if (r.subject) out.subject = stringMatcher(r.subject.matcher);
    requireAny.push(out);
  });
  if (requireAny.length !== s.requireAny.length) { problem(segments, `JWT ${ns}/${name} refers to a JWKS that cannot be used (see the problems above)`); return null; }
  const out = {
    name: `${ns}/${name}`,
    sources,
    requireAny,
    expirationRequired: s.expirationRequired,
    clockSkewSeconds: seconds(s.clockSkewTolerance),
  };
  if (s.maxLifetime !== undefined) {
    if (s.maxLifetime < 1000) { problem(segments, `JWT ${ns}/${name}: maxLifetime must be at least 1s`); return null; }
    out.maxLifetimeSeconds = seconds(s.maxLifetime);
  }
  return out;
}

// Cached per JWKS document: several JWT documents may share one.
const jwksEntries = new WeakMap();

function jwksEntry(e, ctx) {
  if (jwksEntries.has(e)) return jwksEntries.get(e);
  const entry = buildJwksEntry(e, ctx);
  jwksEntries.set(e, entry);
  return entry;
}

function buildJwksEntry(e, ctx) {
  const p = e.value.spec.provider;
  const name = `${e.namespace}/${e.name}`;
  if (p.remote) {
    const url = new URL(p.remote.uri);
    const defaultPort = url.protocol === "https:" ? "443" : "80";
    return {
      name,
      remote: {
        uri: p.remote.uri,
        cluster: jwksClusterName(e.namespace, e.name),
        authority: url.port && url.port !== defaultPort ? `${url.hostname}:${url.port}` : url.hostname,
        path: `${url.pathname || "/"}${url.search}`,
        timeoutMs: p.remote.timeouts.maxDuration,
        refreshIntervalMs: p.remote.refreshInterval,
      },
    };
  }
  const at = ["spec", "provider", "local"];
  let text;
  if (p.local.secretRef) {
    const secret = ctx.lookup("Secret", e.namespace, p.local.secretRef.name);
    if (!secret) { ctx.problem(e, [...at, "secretRef", "name"], `Secret ${e.namespace}/${p.local.secretRef.name} not found among the inputs`); return null; }
    const data = secret.value.data?.["jwks.json"];
    const plain = secret.value.stringData?.["jwks.json"];
    if (plain !== undefined) text = plain;
    else if (data !== undefined) text = Buffer.from(data, "base64").toString("utf8");
    else { ctx.problem(e, [...at, "secretRef"], `Secret ${e.namespace}/${secret.name} has no key jwks.json (in data or stringData)`); return null; }
  } else {
    const file = path.resolve(path.dirname(path.resolve(ctx.cwd ?? process.cwd(), e.file)), p.local.file);
    try {
      text = readFileSync(file, "utf8");
    } catch (err) {
      ctx.problem(e, [...at, "file"], `cannot read ${p.local.file}: ${err.code ?? err.message}`);
      return null;
    }
  }
  const where = p.local.secretRef ? ["secretRef"] : ["file"];
  if (Buffer.byteLength(text) > MAX_JWKS_BYTES) { ctx.problem(e, [...at, ...where], `the JWKS is larger than ${MAX_JWKS_BYTES} bytes`); return null; }
  let keys;
  try {
    keys = JSON.parse(text);
  } catch (err) {
    // Never echo the content: it may hold secrets.
    ctx.problem(e, [...at, ...where], "the JWKS is not valid JSON");
    return null;
  }
  const problems = checkJwks(keys);
  if (problems.length) { ctx.problem(e, [...at, ...where], `the JWKS cannot be used: ${problems.join("; ")}`); return null; }
  return { name, keys };
}

/** Structural checks of a local JWKS (the filter checks the key material itself). */
export function checkJwks(doc) {
  if (!doc || typeof doc !== "object" || Array.isArray(doc) || !Array.isArray(doc.keys)) return ["expected a JSON object with a \"keys\" array"];
  if (doc.keys.length === 0) return ["\"keys\" is empty"];
  if (doc.keys.length > 64) return ["more than 64 keys"];
  const out = [];
  doc.keys.forEach((k, i) => {
    const bad = (m) => out.push(`keys[${i}]${k?.kid ? ` (kid ${JSON.stringify(String(k.kid))})` : ""}: ${m}`);
    if (!k || typeof k !== "object") return bad("not an object");
    if (!["RSA", "EC", "OKP", "oct"].includes(k.kty)) return bad(`unsupported kty ${JSON.stringify(k.kty)}`);
    if (k.use !== undefined && k.use !== "sig") return bad("use is not \"sig\"");
    if (k.kty !== "oct" && k.d !== undefined) return bad("a private key (publish only the public part)");
    const b64 = (v) => typeof v === "string" && /^[A-Za-z0-9_-]*$/.test(v) ? Buffer.from(v, "base64url") : null;
    if (k.kty === "RSA") {
      const n = b64(k.n);
      if (!n || !b64(k.e)) return bad("n and e must be base64url");
      const bits = n.length * 8 - Math.clz32(n[0] ?? 0) + 24;
      if (bits < 2048 || bits > 4096) return bad(`RSA keys must have 2048 to 4096 bits, this one has ${bits}`);
    } else if (k.kty === "EC") {
      if (!["P-256", "P-384", "P-521"].includes(k.crv)) return bad(`unsupported curve ${JSON.stringify(k.crv)} (P-256, P-384, P-521)`);
      if (!b64(k.x) || !b64(k.y)) return bad("x and y must be base64url");
    } else if (k.kty === "OKP") {
      if (k.crv !== "Ed25519") return bad(`unsupported curve ${JSON.stringify(k.crv)} (Ed25519)`);
      if (!b64(k.x)) return bad("x must be base64url");
    } else {
      const key = b64(k.k);
      if (!key) return bad("k must be base64url");
      if (key.length < 32) return bad(`HMAC secrets must be at least 32 bytes, this one has ${key.length}`);
    }
    return undefined;
  });
  return out;
}

function requirement(r, at, authorization, doc, ctx, problem) {
  if (r.jwt) {
    if (authorization !== "jwt") { problem(at, "a jwt claim requirement needs authentication.jwt"); return null; }
    const out = { kind: "jwtClaim", name: r.jwt.claim.name };
    if (r.jwt.claim.value) out.value = stringMatcher(r.jwt.claim.value.matcher);
    return out;
  }
  if (r.oidc || r.tokenExchange) { problem(at, `${r.oidc ? "oidc" : "tokenExchange"} claims are not supported by this version of bulwark`); return null; }
  const c = r.clientCertificate;
  if (c.hash) {
    let values = c.hash.in.values;
    if (c.hash.in.valuesFrom) {
      const ref = c.hash.in.valuesFrom.configMapRef.name;
      const cm = ctx.lookup("ConfigMap", doc.namespace, ref);
      const text = cm?.value.data?.["fingerprints.txt"];
      if (text === undefined) { problem([...at, "clientCertificate", "hash", "in", "valuesFrom"], `ConfigMap ${doc.namespace}/${ref} with key fingerprints.txt not found among the inputs`); return null; }
      values = text.split("\n").map((l) => l.replace(/#.*/, "").trim()).filter(Boolean);
    }
    const bad = values.find((v) => !/^([0-9A-Fa-f]{64}|[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){31})$/.test(v));
    if (bad !== undefined) { problem([...at, "clientCertificate", "hash"], `not a SHA-256 fingerprint: ${JSON.stringify(bad)}`); return null; }
    if (!values.length) { problem([...at, "clientCertificate", "hash"], "no fingerprints"); return null; }
    return { kind: "certificateHash", values };
  }
  if (c.issuer) { problem([...at, "clientCertificate", "issuer"], "Envoy exposes no client-certificate issuer to Wasm filters: issuer requirements are not supported"); return null; }
  if (c.subject) return { kind: "certificateSubject", field: c.subject.field, value: stringMatcher(c.subject.value.matcher) };
  if (!SAN_SUPPORTED.has(c.san.type)) { problem([...at, "clientCertificate", "san", "type"], `Envoy exposes only DNS and URI SANs of the client certificate to Wasm filters, not ${c.san.type}`); return null; }
  return { kind: "certificateSan", sanType: c.san.type, value: stringMatcher(c.san.value.matcher) };
}

function propagation(target, authorization, fail) {
  const s = target.value.spec;
  const src = s.header ? s.header.value.source : s.bearerToken.source;
  let source;
  if (src.jwt) {
    if (authorization !== "jwt") { fail("a jwt source needs authentication.jwt in the same access policy"); return null; }
    source = src.jwt.claim ? { kind: "jwtClaim", claim: src.jwt.claim } : { kind: "jwtToken" };
  } else if (src.clientCertificate) {
    const c = src.clientCertificate;
    if (c.issuer) { fail("Envoy exposes no client-certificate issuer to Wasm filters"); return null; }
    if (c.subject) source = { kind: "certificateSubject", field: c.subject.field };
    else if (!SAN_SUPPORTED.has(c.san.type)) { fail(`Envoy exposes only DNS and URI SANs to Wasm filters, not ${c.san.type}`); return null; }
    else source = { kind: "certificateSan", sanType: c.san.type };
  } else {
    fail(`source ${Object.keys(src)[0]} is not supported by this version of bulwark (jwt, clientCertificate)`);
    return null;
  }
  if (s.header) {
    const name = s.header.name.toLowerCase();
    if (["host", "content-length", "transfer-encoding", "connection", "te", "upgrade", "cookie", "x-request-id"].includes(name) || name.startsWith(":")) {
      fail(`header ${name} cannot be propagated`);
      return null;
    }
    return { header: name, source };
  }
  return { bearerToken: true, source };
}

/**
 * Merges access control into the resolved policies and routes (see the header comment).
 * @param {{ policies: any[], routes: any[], jwks: any[] }} model  mutated
 * @param {Map<string, { doc: any, section: any }>} byRoute  `ns/route` -> access control
 * @param {(ns: string, route: string) => any} httpRouteOf
 * @param {any} defaultPolicy
 */
export function attachAccessControl(model, byRoute, httpRouteOf, defaultPolicy) {
  const derived = new Map();
  const derive = (base, ac) => {
    const name = `${base.name}+${ac.doc.namespace}/${ac.doc.name}`;
    if (!derived.has(name)) {
      const p = {
        ...base,
        name,
        mode: "secured",
        features: base.mode === "secured" ? base.features : {},
        accessControl: ac.section,
        source: `${base.source ?? "defaults"} + ${ac.doc.kind} ${ac.doc.namespace}/${ac.doc.name}`,
      };
      derived.set(name, p);
      model.policies.push(p);
    }
    return name;
  };
  const covered = new Set();
  for (const r of model.routes) {
    const ac = byRoute.get(r.name);
    if (!ac) continue;
    covered.add(r.name);
    const base = model.policies.find((p) => p.name === r.policy);
    r.policy = derive(base, ac);
  }
  for (const [name, ac] of byRoute) {
    if (covered.has(name)) continue;
    const route = name.slice(ac.doc.namespace.length + 1);
    const httpRoute = httpRouteOf(ac.doc.namespace, route);
    model.routes.push({ name, namespace: ac.doc.namespace, route, policy: derive(defaultPolicy, ac), httpRoute: httpRoute?.valid ? httpRoute : null });
  }
}
