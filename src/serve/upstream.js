// The upstream side: one keep-alive agent per server, and the mapping of failures to the replies
// Envoy gives (same status codes and body wording, so clients and tests see familiar errors).
import http from "node:http";
import https from "node:https";
import { MAX_HEADERS_BYTES } from "./options.js";

export const CONNECT_FAILURE_BODY = "upstream connect error or disconnect/reset before headers. reset reason: connection failure";
export const RESET_BEFORE_HEADERS_BODY = "upstream connect error or disconnect/reset before headers. reset reason: connection termination";
export const TIMEOUT_BODY = "upstream request timeout";

/**
 * @param {URL} origin
 */
export function createUpstream(origin) {
  const mod = origin.protocol === "https:" ? https : http;
  const agent = new mod.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 256, scheduling: "lifo" });
  const port = origin.port ? Number(origin.port) : origin.protocol === "https:" ? 443 : 80;
  const hostname = origin.hostname.replace(/^\[|\]$/g, "");
  return {
    origin,
    /**
     * @param {{ method: string, path: string, headers: string[] }} req headers flat [name, value, ...]
     * @returns {import("node:http").ClientRequest}
     */
    request({ method, path, headers }) {
      return mod.request({
        agent,
        hostname,
        port,
        method,
        path,
        headers,
        setHost: false,
        maxHeaderSize: MAX_HEADERS_BYTES,
        servername: origin.protocol === "https:" ? hostname : undefined,
      });
    },
    close() {
      agent.destroy();
    },
  };
}

/**
 * Classifies an error from the upstream request before response headers arrived.
 * @returns {{ status: number, body: string, reason: "connect" | "timeout" | "reset", flag: string }}
 */
export function upstreamFailure(err, timedOut) {
  if (timedOut) return { status: 504, body: TIMEOUT_BODY, reason: "timeout", flag: "UT" };
  const code = err && err.code;
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EHOSTUNREACH" || code === "ENETUNREACH" ||
      code === "EAI_AGAIN" || code === "ECONNABORTED" || code === "ETIMEDOUT" || (code && String(code).startsWith("ERR_TLS")) ||
      code === "DEPTH_ZERO_SELF_SIGNED_CERT" || code === "UNABLE_TO_VERIFY_LEAF_SIGNATURE" || code === "SELF_SIGNED_CERT_IN_CHAIN") {
    return { status: 502, body: CONNECT_FAILURE_BODY, reason: "connect", flag: "UF" };
  }
  return { status: 502, body: RESET_BEFORE_HEADERS_BODY, reason: "reset", flag: "UC" };
}
