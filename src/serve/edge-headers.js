// The request mutations Envoy's HTTP connection manager applies at the edge
// (`use_remote_address: true`) before any HTTP filter runs, so the filter sees what it would see
// in Envoy. Reference: Envoy docs, "HTTP header manipulation" (configuration/http/http_conn_man/headers):
// - x-forwarded-for: the downstream remote address is appended (IP only, no port).
// - x-forwarded-proto: overwritten with the downstream scheme for edge requests.
// - x-request-id: "Envoy will generate an x-request-id header for all external origin requests
//   (the header is sanitized)" unless `preserve_external_request_id` is set (default false). We do
//   the same: a client-sent value is replaced unless preserveExternalRequestId is on, and a
//   missing one is always generated.
import { randomUUID } from "node:crypto";

/**
 * @param {Array<[string, string]>} pairs request headers, lower-case names, hop-by-hop already stripped
 * @param {{ clientIp: string, scheme: string, preserveExternalRequestId: boolean }} edge
 * @returns {{ pairs: Array<[string, string]>, requestId: string }}
 */
export function applyEdgeHeaders(pairs, { clientIp, scheme, preserveExternalRequestId }) {
  const out = [];
  const xff = [];
  let requestId = null;
  for (const pair of pairs) {
    const name = pair[0];
    if (name === "x-forwarded-for") {
      xff.push(pair[1]);
    } else if (name === "x-forwarded-proto") {
      // dropped: replaced below
    } else if (name === "x-request-id") {
      if (preserveExternalRequestId && requestId === null && pair[1] !== "") requestId = pair[1];
    } else {
      out.push(pair);
    }
  }
  requestId ??= randomUUID();
  xff.push(clientIp);
  out.push(["x-forwarded-for", xff.join(", ")], ["x-forwarded-proto", scheme], ["x-request-id", requestId]);
  return { pairs: out, requestId };
}
