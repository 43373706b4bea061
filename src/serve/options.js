// Validation of `bulwark serve` settings, shared by the command line and startServer(), so a
// bad value gets the same message (naming the flag) whichever way it arrives.
import { existsSync, statSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const PACKAGE_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const DEFAULT_WASM = resolve(PACKAGE_ROOT, "build/bulwark.wasm");
export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "critical"];
/** Envoy's default `max_request_headers_kb` (and max_response_headers_kb). */
export const MAX_HEADERS_BYTES = 60 * 1024;
/** Envoy's default route timeout. */
export const DEFAULT_UPSTREAM_TIMEOUT_MS = 15000;
/** Envoy's default stream_idle_timeout. */
export const DEFAULT_STREAM_IDLE_TIMEOUT_MS = 300000;
const MAX_WORKERS = 256;

export class UsageError extends Error {
  constructor(message) {
    super(message);
    this.name = "UsageError";
    this.userError = true;
  }
}

/**
 * Parses `HOST:PORT`, `[IPv6]:PORT` or a bare `PORT` (meaning 127.0.0.1). Port 0 picks a free port.
 * @param {string} value
 * @param {string} flag for the message
 * @returns {{ host: string, port: number }}
 */
export function parseHostPort(value, flag) {
  const text = String(value ?? "").trim();
  let host;
  let portText;
  const v6 = /^\[([0-9A-Fa-f:.]+)\]:(\d+)$/.exec(text);
  if (v6) {
    [, host, portText] = v6;
  } else if (/^\d+$/.test(text)) {
    host = "127.0.0.1";
    portText = text;
  } else {
    const i = text.lastIndexOf(":");
    if (i <= 0 || text.indexOf(":") !== i) {
      throw new UsageError(`${flag} ${JSON.stringify(text)}: expected HOST:PORT (for example 127.0.0.1:8080 or [::1]:8080)`);
    }
    host = text.slice(0, i);
    portText = text.slice(i + 1);
    if (!/^[A-Za-z0-9.-]+$/.test(host)) {
      throw new UsageError(`${flag} ${JSON.stringify(text)}: ${JSON.stringify(host)} is not a host name or IPv4 address (write IPv6 as [::1]:PORT)`);
    }
  }
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 0 && port <= 65535)) {
    throw new UsageError(`${flag} ${JSON.stringify(text)}: port must be an integer from 0 to 65535`);
  }
  return { host, port };
}

/**
 * @param {string} value
 * @returns {URL} http(s) origin with no path, query, fragment or credentials
 */
export function parseUpstream(value, flag = "--upstream") {
  if (flag === "--upstream" && (value === undefined || value === null || value === "")) {
    throw new UsageError("--upstream is required: the URL of the application to protect, for example --upstream http://127.0.0.1:3000");
  }
  let url;
  try {
    url = new URL(String(value));
  } catch {
    throw new UsageError(`${flag} ${JSON.stringify(String(value))}: not a valid URL (expected http://HOST:PORT)`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UsageError(`${flag} ${JSON.stringify(String(value))}: scheme must be http or https, got ${url.protocol.slice(0, -1)}`);
  }
  if (url.username || url.password) {
    throw new UsageError(`${flag}: credentials in the URL are not supported (they would end up in logs)`);
  }
  if ((url.pathname !== "/" && url.pathname !== "") || url.search || url.hash) {
    throw new UsageError(`${flag} ${JSON.stringify(String(value))}: give only scheme, host and port; the request path is forwarded unchanged`);
  }
  return url;
}

/**
 * `--cluster NAME=URL` (repeatable): the targets of the filter's proxy_http_call, like Envoy
 * clusters (for example the JWKS endpoint a JWT policy fetches keys from).
 * @param {string[] | Record<string, string>} list
 * @returns {Record<string, string>} name -> origin URL
 */
export function parseClusters(list) {
  const out = Object.create(null);
  const entries = Array.isArray(list)
    ? list.map((item) => {
      const text = String(item);
      const eq = text.indexOf("=");
      if (eq <= 0) throw new UsageError(`--cluster ${JSON.stringify(text)}: expected NAME=URL, for example --cluster jwks=http://127.0.0.1:8081`);
      return [text.slice(0, eq), text.slice(eq + 1)];
    })
    : Object.entries(list);
  for (const [name, url] of entries) {
    if (!/^[A-Za-z0-9_.:|-]{1,256}$/.test(name)) throw new UsageError(`--cluster ${JSON.stringify(name)}: cluster names use letters, digits and _ . : | -`);
    if (name in out) throw new UsageError(`--cluster ${name}: given twice`);
    out[name] = parseUpstream(url, `--cluster ${name}`).origin;
  }
  return out;
}

export function parseWorkers(value) {
  const text = String(value ?? "").trim();
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(Number.isSafeInteger(n) && n >= 1)) {
    throw new UsageError(`--workers ${JSON.stringify(text)}: must be a positive integer (one filter VM per worker, like Envoy --concurrency)`);
  }
  if (n > MAX_WORKERS) throw new UsageError(`--workers ${n}: at most ${MAX_WORKERS}`);
  return n;
}

export function parseTimeout(value, flag = "--upstream-timeout") {
  const text = String(value ?? "").trim();
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(Number.isSafeInteger(n) && n >= 1 && n <= 2 ** 31 - 1)) {
    throw new UsageError(`${flag} ${JSON.stringify(text)}: must be a positive number of milliseconds`);
  }
  return n;
}

export function parseRouteName(value) {
  const text = String(value);
  if (text.length === 0 || text.length > 1024 || /[\0-\x1f\x7f]/.test(text)) {
    throw new UsageError(`--route-name ${JSON.stringify(text)}: must be 1 to 1024 printable characters`);
  }
  return text;
}

export function parseLogLevel(value) {
  const level = String(value ?? "").trim().toLowerCase();
  if (!LOG_LEVELS.includes(level)) {
    throw new UsageError(`--log-level ${JSON.stringify(String(value))}: expected one of ${LOG_LEVELS.join(", ")}`);
  }
  return level;
}

/** @returns {string} absolute path of an existing file */
export function resolveWasm(value, cwd) {
  const path = value ? (isAbsolute(value) ? value : resolve(cwd, value)) : DEFAULT_WASM;
  if (!existsSync(path) || !statSync(path).isFile()) {
    const hint = value ? " (check the path; `npm run build` writes build/bulwark.wasm)" : " (build it with `npm run build`)";
    throw new UsageError(`--wasm: filter module ${path} not found${hint}`);
  }
  return path;
}

function resolvePaths(list, flag, cwd) {
  return list.map((p) => {
    const abs = isAbsolute(p) ? p : resolve(cwd, p);
    if (!existsSync(abs)) throw new UsageError(`${flag} ${p}: no such file or directory`);
    return abs;
  });
}

/**
 * Turns raw settings (strings from the command line, or values from startServer callers) into the
 * validated options the server runs with.
 * @param {object} raw
 * @param {string | string[]} [raw.policies] policy files or directories
 * @param {string} [raw.configFile] a filter configuration JSON file, used as is
 * @param {object | string} [raw.config] a filter configuration (programmatic use)
 * @param {string | URL} raw.upstream
 * @param {string | {host: string, port: number}} [raw.listen]
 * @param {string | {host: string, port: number} | false} [raw.admin] false: no admin server
 * @param {string | number} [raw.workers]
 * @param {string} [raw.wasm]
 * @param {string} [raw.logLevel]
 * @param {string | number} [raw.upstreamTimeoutMs]
 * @param {string | number} [raw.streamIdleTimeoutMs]
 * @param {boolean} [raw.preserveExternalRequestId]
 * @param {string[] | Record<string, string>} [raw.clusters] proxy_http_call targets, NAME=URL
 * @param {string} [raw.routeName] what the filter reads as `xds.route_name`
 * @param {string} [raw.cwd]
 */
export function normalizeOptions(raw) {
  const cwd = raw.cwd ?? process.cwd();
  const policies = raw.policies === undefined ? [] : [].concat(raw.policies);
  const sources = [policies.length > 0 && "--policies", raw.configFile !== undefined && "--config", raw.config !== undefined && "config"].filter(Boolean);
  if (sources.length > 1) {
    throw new UsageError(`${sources.join(" and ")} cannot be combined: give policies to compile or one compiled configuration`);
  }
  const hostPort = (v, flag, dflt) =>
    v === undefined ? dflt : typeof v === "object" && v !== null ? parseHostPort(`${v.host.includes(":") ? `[${v.host}]` : v.host}:${v.port}`, flag) : parseHostPort(v, flag);
  return {
    cwd,
    policies: resolvePaths(policies, "--policies", cwd),
    configFile: raw.configFile === undefined ? undefined : resolvePaths([raw.configFile], "--config", cwd)[0],
    config: raw.config,
    upstream: parseUpstream(raw.upstream instanceof URL ? raw.upstream.href : raw.upstream),
    listen: hostPort(raw.listen, "--listen", { host: "127.0.0.1", port: 8080 }),
    admin: raw.admin === false ? null : hostPort(raw.admin, "--admin", { host: "127.0.0.1", port: 9901 }),
    workers: raw.workers === undefined ? 1 : parseWorkers(raw.workers),
    wasm: resolveWasm(raw.wasm, cwd),
    logLevel: raw.logLevel === undefined ? "info" : parseLogLevel(raw.logLevel),
    upstreamTimeoutMs: raw.upstreamTimeoutMs === undefined ? DEFAULT_UPSTREAM_TIMEOUT_MS : parseTimeout(raw.upstreamTimeoutMs),
    streamIdleTimeoutMs: raw.streamIdleTimeoutMs === undefined ? DEFAULT_STREAM_IDLE_TIMEOUT_MS
      : parseTimeout(raw.streamIdleTimeoutMs, "--stream-idle-timeout"),
    preserveExternalRequestId: Boolean(raw.preserveExternalRequestId),
    clusters: raw.clusters === undefined ? {} : parseClusters(raw.clusters),
    routeName: raw.routeName === undefined ? undefined : parseRouteName(raw.routeName),
  };
}
