// Helpers for the Limits and Parser end-to-end tests: the release filter in the Node
// proxy-wasm host, configured with the default policy's sections (the compiler's
// defaults) plus per-test overrides.
import { defaultConfig } from "../../src/compiler/index.js";
import { checkConfig } from "../../src/compiler/emit.js";
import { startFilter } from "../filter/support.js";

/** The default policy's limits and parser sections, as the compiler emits them. */
export function defaults() {
  const p = defaultConfig().policies[0];
  return { limits: structuredClone(p.limits), parser: structuredClone(p.parser) };
}

/**
 * A config whose default policy has the reference defaults changed by `edit(sections)`.
 * The result must pass the contract schema, so tests cannot drift from it.
 */
export function configWith(edit = () => {}) {
  const cfg = defaultConfig();
  const s = { limits: cfg.policies[0].limits, parser: cfg.policies[0].parser };
  edit(s);
  cfg.policies[0].limits = s.limits;
  cfg.policies[0].parser = s.parser;
  if (!s.limits) delete cfg.policies[0].limits;
  if (!s.parser) delete cfg.policies[0].parser;
  checkConfig(cfg);
  return cfg;
}

export async function filterWith(edit, opts = {}) {
  return startFilter(configWith(edit), { bufferLimitBytes: 64 << 20, ...opts });
}

/** The security events (parsed JSON) among a request's log lines. */
export function events(r) {
  return r.logs.map((l) => l.message).filter((m) => m.startsWith("{\"type\":\"security_event\"")).map((m) => JSON.parse(m));
}

export function counter(host, name) {
  return host.metrics.find((m) => m.name === name)?.value ?? 0;
}

export const blockedCounter = (type, subtype) => `bulwark_threats_blocked_total.block_type.${type}.block_subtype.${subtype}`;
export const loggedCounter = (type, subtype) => `bulwark_threats_logged_total.block_type.${type}.block_subtype.${subtype}`;

export function post(path, contentType, body, extra = {}) {
  return { method: "POST", path, authority: "shop.example.com", headers: { "content-type": contentType, ...extra.headers }, body, ...extra.request };
}

export function get(path, headers = {}) {
  return { method: "GET", path, authority: "shop.example.com", headers };
}
