// One JSON line per request. The record is built from an allow-list of fields, never from the
// request's headers, so query strings, cookies, authorization and bodies cannot leak into it.
import { createWriteStream, openSync } from "node:fs";
import { UsageError } from "./options.js";

const MAX_PATH_CHARS = 2048;
const MAX_DETAILS_CHARS = 256;

/**
 * The path as logged: the query string (which often carries tokens) is cut off, and the length
 * is bounded so an attacker cannot blow up log volume with one request.
 * @param {string} path
 */
export function loggablePath(path) {
  const q = path.indexOf("?");
  const bare = q === -1 ? path : path.slice(0, q);
  return bare.length > MAX_PATH_CHARS ? `${bare.slice(0, MAX_PATH_CHARS)}...` : bare;
}

/**
 * @param {object} e facts gathered while proxying one request
 * @returns {object} the access-log record
 */
export function accessLogRecord(e) {
  return {
    time: new Date(e.startWall).toISOString(),
    requestId: e.requestId,
    client: e.client,
    worker: e.worker,
    method: e.method,
    path: loggablePath(e.path),
    protocol: e.protocol,
    status: e.status,
    bytesIn: e.bytesIn,
    bytesOut: e.bytesOut,
    durationMs: round(e.durationMs),
    upstreamMs: e.upstreamMs === null ? null : round(e.upstreamMs),
    localReply: e.localReply,
    localReplyDetails: e.localReplyDetails === null ? null : String(e.localReplyDetails).slice(0, MAX_DETAILS_CHARS),
    flags: e.flags,
  };
}

function round(ms) {
  return Math.round(ms * 1000) / 1000;
}

/**
 * @param {"-" | string | ((record: object) => void) | null} target "-" for stdout, a file path
 *   (appended to), a function receiving each record, or null for no access log
 * @returns {{ write(record: object): void, close(): Promise<void> }}
 */
export function openAccessLog(target) {
  if (target === null || target === false) return { write() {}, close: async () => {} };
  if (typeof target === "function") return { write: target, close: async () => {} };
  if (target === "-" || target === undefined) {
    return { write: (r) => process.stdout.write(`${JSON.stringify(r)}\n`), close: async () => {} };
  }
  let fd;
  try {
    fd = openSync(target, "a");
  } catch (err) {
    throw new UsageError(`--access-log ${target}: cannot open for appending (${err.code ?? err.message})`);
  }
  const out = createWriteStream("", { fd });
  let failed = null;
  out.on("error", (err) => {
    // A full disk must not take the proxy down; say so once.
    if (failed === null) process.stderr.write(`bulwark serve: access log ${target}: ${err.message}\n`);
    failed = err;
  });
  return {
    write: (r) => {
      if (failed === null) out.write(`${JSON.stringify(r)}\n`);
    },
    close: () => new Promise((res) => out.end(res)),
  };
}
