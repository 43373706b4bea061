// Connection-level ("hop-by-hop") headers describe one TCP connection, not the request, so a
// proxy must not forward them (RFC 9110 §7.6.1). Envoy's connection manager removes the same
// fixed set before any HTTP filter runs; we also drop headers that `connection` nominates, as the
// RFC asks, because they are hop-by-hop by declaration.

const FIXED = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade"]);

/**
 * Returns the pairs without hop-by-hop headers. `te` survives only as `te: trailers` when it lists
 * `trailers` (the one value with end-to-end meaning, which gRPC needs), as in Envoy.
 * @param {Array<[string, string]>} pairs lower-case names
 * @returns {Array<[string, string]>}
 */
export function stripHopByHop(pairs) {
  let nominated = null;
  for (const [name, value] of pairs) {
    if (name !== "connection") continue;
    for (const token of value.split(",")) {
      const t = token.trim().toLowerCase();
      if (t) (nominated ??= new Set()).add(t);
    }
  }
  const out = [];
  for (const pair of pairs) {
    const name = pair[0];
    if (FIXED.has(name)) continue;
    if (nominated !== null && nominated.has(name) && !name.startsWith(":")) continue;
    if (name === "te") {
      if (pair[1].split(",").some((t) => t.trim().toLowerCase() === "trailers")) out.push(["te", "trailers"]);
      continue;
    }
    out.push(pair);
  }
  return out;
}
