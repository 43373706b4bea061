// The dev proxy plays Envoy's part for remote JWKS: the filter configuration names a cluster per
// remote key set (`jwks[].remote.cluster`, see docs/jwt.md), and the generated Envoy configuration
// defines that cluster from `jwks[].remote.uri`. Here the same names map to the URI's origin
// through the host's `clusters` option; clusters given with --cluster take precedence.

/**
 * @param {string} pluginConfig the filter configuration text
 * @returns {Record<string, string>} cluster name -> origin
 */
export function jwksClusters(pluginConfig) {
  let cfg;
  try {
    cfg = JSON.parse(pluginConfig);
  } catch {
    return {};
  }
  const out = {};
  for (const entry of Array.isArray(cfg?.jwks) ? cfg.jwks : []) {
    const r = entry?.remote;
    if (!r || typeof r.cluster !== "string" || typeof r.uri !== "string") continue;
    try {
      const url = new URL(r.uri);
      if (url.protocol === "http:" || url.protocol === "https:") out[r.cluster] = url.origin;
    } catch {
      // an invalid URI is refused by the filter itself
    }
  }
  return out;
}

/** Adds the clusters of a (re)loaded configuration to a running host, keeping explicit ones. */
export function addJwksClusters(host, pluginConfig, explicit = {}) {
  if (!host || typeof host.clusters !== "object" || host.clusters === null) return;
  for (const [name, origin] of Object.entries(jwksClusters(pluginConfig))) {
    if (!Object.prototype.hasOwnProperty.call(explicit, name)) host.clusters[name] = origin;
  }
}
