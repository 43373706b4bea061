// The admin listener, modelled on Envoy's admin interface (same paths where Envoy has one):
// Prometheus metrics, liveness/readiness, and the active filter configuration. It binds to
// 127.0.0.1 by default because /config shows the whole filter configuration.
import http from "node:http";

const ENDPOINTS = {
  "/": "this list",
  "/metrics": "Prometheus metrics: the proxy's counters and the filter's metrics",
  "/stats/prometheus": "same as /metrics (Envoy's path)",
  "/ready": "200 LIVE while serving, 503 DRAINING during shutdown",
  "/healthz": "200 OK while the process runs",
  "/config": "the active filter configuration (JSON)",
};

/**
 * @param {object} ctx
 * @param {() => string} ctx.metrics Prometheus text
 * @param {() => { text: string, json: object | null }} ctx.config
 * @param {() => boolean} ctx.draining
 */
export function createAdminHandler(ctx) {
  return (req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (!(path in ENDPOINTS)) return send(res, 404, "text/plain", `not found; see ${Object.keys(ENDPOINTS).join(" ")}\n`);
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.setHeader("allow", "GET, HEAD");
      return send(res, 405, "text/plain", "method not allowed\n");
    }
    switch (path) {
      case "/":
        return send(res, 200, "text/plain", Object.entries(ENDPOINTS).map(([p, d]) => `${p.padEnd(18)} ${d}`).join("\n") + "\n");
      case "/metrics":
      case "/stats/prometheus":
        return send(res, 200, "text/plain; version=0.0.4; charset=utf-8", ctx.metrics());
      case "/ready":
        return ctx.draining() ? send(res, 503, "text/plain", "DRAINING\n") : send(res, 200, "text/plain", "LIVE\n");
      case "/healthz":
        return send(res, 200, "text/plain", "OK\n");
      case "/config": {
        const active = ctx.config();
        const body = active.json !== null ? `${JSON.stringify(active.json, null, 2)}\n` : active.text;
        return send(res, 200, active.json !== null ? "application/json" : "text/plain", body);
      }
    }
  };
}

function send(res, status, type, body) {
  const buf = Buffer.from(body);
  res.writeHead(status, { "content-type": type, "content-length": buf.length, "cache-control": "no-store" });
  res.end(buf);
}

export function createAdminServer(ctx) {
  return http.createServer(createAdminHandler(ctx));
}
