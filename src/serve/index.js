// startServer(): the filter in our Node proxy-wasm host, on a real HTTP/1.1 port in front of one
// upstream, plus an admin port. The command line (src/cli/serve.js), `bulwark demo` and the
// end-to-end tests all start the proxy through here.
import { bufferLimitFor } from "../envoy/bootstrap.js";
import http from "node:http";
import { openAccessLog } from "./access-log.js";
import { createAdminServer } from "./admin.js";
import { configSource, fromValue } from "./config-source.js";
import { MAX_HEADERS_BYTES, UsageError, normalizeOptions } from "./options.js";
import { formatAddress } from "./http-message.js";
import { createProxyHandler } from "./proxy.js";
import { ProxyStats } from "./proxy-stats.js";
import { createUpstream } from "./upstream.js";
import { jwksClusters, addJwksClusters } from "./jwks-clusters.js";

export { UsageError } from "./options.js";

/** How long close() lets in-flight requests finish before cutting their connections. */
const DEFAULT_DRAIN_MS = 5000;

/**
 * @param {object} options see normalizeOptions() in options.js, plus:
 * @param {"-" | string | ((record: object) => void) | null} [options.accessLog] "-" (stdout, the default), a file, a function, or null
 * @param {(message: string) => void} [options.diag] proxy diagnostics (default: stderr)
 * @param {(record: object) => void} [options.onFilterLog] the filter's log records (default: stderr)
 * @param {number} [options.drainMs]
 * @param {(createOptions: object) => Promise<object>} [options.hostFactory] test seam: builds the host
 *   instead of host/index.js (tests of the proxy's own mechanics with a scripted filter)
 * @returns {Promise<{ url: string, adminUrl: string | null, host: object, close(): Promise<void>,
 *   reload(override?: { config?: object | string }): Promise<{ ok: boolean, logs: object[], warnings: string[], error?: string }>,
 *   activeConfig(): object | null, stats: ProxyStats, source: string, workers: number }>}
 */
export async function startServer(options) {
  const opts = normalizeOptions(options);
  const diag = options.diag ?? ((m) => process.stderr.write(`bulwark serve: ${m}\n`));
  const onFilterLog = options.onFilterLog ?? ((r) => process.stderr.write(`[filter vm${r.vm ?? "?"} ${r.levelName ?? r.level}] ${r.message}\n`));
  const source = configSource(opts);
  let active = await source.load();
  for (const w of active.warnings) diag(`warning: ${w}`);

  const host = await createHost(opts, active.text, onFilterLog, options.hostFactory);
  const stats = new ProxyStats();
  const cleanups = [() => host.close()];
  let draining = false;
  try {
    const accessLog = openAccessLog(options.accessLog === undefined ? "-" : options.accessLog);
    cleanups.push(() => accessLog.close());
    const upstream = createUpstream(opts.upstream);
    cleanups.push(() => upstream.close());

    // Envoy pins a connection to one worker; we pin a socket to one VM, round-robin.
    const workerOfSocket = new WeakMap();
    let nextWorker = 0;
    const server = http.createServer({
      maxHeaderSize: MAX_HEADERS_BYTES,
      requestTimeout: 0, // long uploads are fine (Envoy's request_timeout is off by default)
      keepAliveTimeout: 60_000,
    });
    server.on("connection", (socket) => {
      workerOfSocket.set(socket, nextWorker);
      nextWorker = (nextWorker + 1) % opts.workers;
    });
    let boundAuthority = "";
    // Sockets with a request in progress: a parse error on them (a client that left mid-body)
    // belongs to that request, which handles it; no 400 is written into its response.
    const busy = new WeakMap();
    const handler = createProxyHandler({
      host: () => host,
      upstream,
      stats,
      accessLog,
      workerOf: (socket) => workerOfSocket.get(socket) ?? 0,
      defaultAuthority: () => boundAuthority,
      upstreamTimeoutMs: opts.upstreamTimeoutMs,
      preserveExternalRequestId: opts.preserveExternalRequestId,
      diag,
    });
    server.on("request", (req, res) => {
      const socket = req.socket;
      busy.set(socket, handler(req, res));
      res.once("close", () => busy.delete(socket));
    });
    server.setTimeout(opts.streamIdleTimeoutMs, (socket) => {
      const exchange = busy.get(socket);
      if (exchange) exchange.idleTimeout();
      else socket.destroy();
    });
    server.on("clientError", (err, socket) => {
      if (busy.has(socket)) socket.destroy();
      else rejectMalformed(err, socket, stats, accessLog);
    });
    const addr = await listen(server, opts.listen, "--listen");
    cleanups.unshift(() => closeServer(server, options.drainMs ?? DEFAULT_DRAIN_MS));
    boundAuthority = formatAddress(addr.address, addr.port);
    const url = `http://${boundAuthority}`;

    let adminUrl = null;
    if (opts.admin !== null) {
      const admin = createAdminServer({
        metrics: () => stats.prometheus() + host.prometheus(),
        config: () => active,
        draining: () => draining,
      });
      const a = await listen(admin, opts.admin, "--admin");
      // Closed right after the proxy has drained, so /ready can say DRAINING meanwhile.
      cleanups.splice(1, 0, () => closeServer(admin, 0));
      adminUrl = `http://${formatAddress(a.address, a.port)}`;
    }

    let closing = null;
    return {
      url,
      adminUrl,
      host,
      stats,
      workers: opts.workers,
      source: source.describe(),
      activeConfig: () => active.json,
      /**
       * Re-reads the configuration source (recompiles policies, re-reads --config) or applies the
       * given one. On any failure the filter keeps the last good configuration.
       */
      async reload(override = {}) {
        let next;
        try {
          next = override.config !== undefined ? fromValue(override.config) : await source.load();
        } catch (err) {
          stats.reloads.failed++;
          return { ok: false, logs: [], warnings: [], error: err.message };
        }
        addJwksClusters(host, next.text, opts.clusters);
        const r = await host.reconfigure(next.text);
        if (!r.ok) {
          stats.reloads.failed++;
          const lines = (r.logs ?? []).map((l) => l.message ?? String(l));
          return { ok: false, logs: r.logs ?? [], warnings: next.warnings, error: `the filter rejected the new configuration${lines.length ? `: ${lines.join("; ")}` : ""}` };
        }
        stats.reloads.ok++;
        active = next;
        return { ok: true, logs: r.logs ?? [], warnings: next.warnings };
      },
      close() {
        draining = true;
        closing ??= (async () => {
          for (const c of cleanups) await c();
        })();
        return closing;
      },
    };
  } catch (err) {
    for (const c of cleanups) await c();
    throw err;
  }
}

/** The per-connection buffer limit Envoy would get for this configuration (Envoy's 1 MiB if unreadable). */
function bufferLimitForText(pluginConfig) {
  try {
    return bufferLimitFor(JSON.parse(pluginConfig)).bytes;
  } catch {
    return 1024 * 1024;
  }
}

async function createHost(opts, pluginConfig, onLog, factory) {
  const createOptions = {
    wasm: opts.wasm,
    pluginConfig,
    vms: opts.workers,
    logLevel: opts.logLevel,
    onLog,
    failurePolicy: "FAIL_CLOSED",
    timers: "real",
    clusters: { ...jwksClusters(pluginConfig), ...opts.clusters },
    // Like the generated Envoy configuration: room for the largest body the filter parses.
    bufferLimitBytes: bufferLimitForText(pluginConfig),
    ...(opts.routeName !== undefined ? { routeName: opts.routeName } : {}),
  };
  try {
    if (factory) return await factory(createOptions);
    let hostModule;
    try {
      hostModule = await import("../../host/index.js");
    } catch (err) {
      if (err && err.code === "ERR_MODULE_NOT_FOUND" && /host[\\/]index\.js/.test(err.message)) {
        throw new UsageError("the proxy-wasm host (host/index.js) is not available in this checkout");
      }
      throw err;
    }
    return await hostModule.ProxyWasmHost.create(createOptions);
  } catch (err) {
    if (err && err.name === "HostLoadError") {
      const missing = err.missingImports?.length ? `: ${err.missingImports.join(", ")}` : "";
      throw new UsageError(`cannot load filter module ${opts.wasm}: ${err.message}${missing}`);
    }
    if (err && err.name === "ConfigureError") {
      const lines = (err.logs ?? []).map((l) => `  ${l.levelName ?? l.level ?? ""} ${l.message ?? l}`.trimEnd());
      throw new UsageError(`the filter rejected its configuration${lines.length ? `:\n${lines.join("\n")}` : ` (${err.message})`}`);
    }
    throw err;
  }
}

function listen(server, { host, port }, flag) {
  return new Promise((resolve, reject) => {
    const onError = (err) => {
      const where = `${formatAddress(host, port)}`;
      const reason = err.code === "EADDRINUSE" ? "address already in use (is another bulwark or Envoy running? pick another port)"
        : err.code === "EACCES" ? "permission denied (ports below 1024 need privileges)"
        : err.code === "EADDRNOTAVAIL" || err.code === "ENOTFOUND" ? "no such local address"
        : err.message;
      reject(new UsageError(`${flag} ${where}: cannot listen: ${reason}`));
    };
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve(server.address());
    });
  });
}

function closeServer(server, drainMs) {
  return new Promise((resolve) => {
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
    const timer = setTimeout(() => server.closeAllConnections(), drainMs);
    timer.unref();
  });
}

/**
 * Requests the HTTP/1 parser refuses never reach the filter (as in Envoy, where the codec rejects
 * them first); they still get a status line and an access-log entry.
 */
function rejectMalformed(err, socket, stats, accessLog) {
  if (err.code === "ECONNRESET" || !socket.writable || socket.destroyed) {
    socket.destroy();
    return;
  }
  let status = 400;
  let body = "bad request";
  if (err.code === "HPE_HEADER_OVERFLOW") {
    status = 431;
    body = "request headers too large";
    stats.headersTooLarge++;
  } else if (err.code === "HPE_HEADERS_TIMEOUT" || err.code === "ERR_HTTP_REQUEST_TIMEOUT") {
    status = 408;
    body = "request timeout";
  } else {
    stats.badRequests++;
  }
  stats.response(status);
  const reason = http.STATUS_CODES[status];
  socket.end(`HTTP/1.1 ${status} ${reason}\r\ncontent-type: text/plain\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`);
  accessLog.write({
    time: new Date().toISOString(),
    requestId: null,
    client: formatAddress(socket.remoteAddress, socket.remotePort),
    worker: null,
    method: null,
    path: null,
    protocol: null,
    status,
    bytesIn: 0,
    bytesOut: body.length,
    durationMs: 0,
    upstreamMs: null,
    localReply: false,
    localReplyDetails: null,
    flags: ["DPE"],
  });
}
