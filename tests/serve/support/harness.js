// Shared helpers for the serve tests: a proxy on random ports in front of the demo backend (or a
// custom upstream), and small HTTP clients that show exactly what went over the wire.
import { once } from "node:events";
import http from "node:http";
import net from "node:net";
import { startBackend } from "../../../src/demo/backend.js";
import { startServer } from "../../../src/serve/index.js";

/**
 * @param {object} [opts] startServer options (listen/admin default to random ports) plus
 *   upstream: a URL to use instead of the demo backend
 */
export async function startStack(opts = {}) {
  const backend = opts.upstream ? null : await startBackend({ port: 0 });
  const accessLog = [];
  const diag = [];
  const filterLogs = [];
  let server;
  try {
    server = await startServer({
      listen: "127.0.0.1:0",
      admin: "127.0.0.1:0",
      accessLog: (r) => accessLog.push(r),
      diag: (m) => diag.push(m),
      onFilterLog: (r) => filterLogs.push(r),
      drainMs: 200,
      ...opts,
      upstream: opts.upstream ?? backend.url,
    });
  } catch (err) {
    if (backend) await backend.close();
    throw err;
  }
  return {
    server,
    backend,
    accessLog,
    diag,
    filterLogs,
    /** Resolves once n access-log records exist (records are written when a response closes). */
    async waitForLog(n) {
      while (accessLog.length < n) await new Promise((r) => setTimeout(r, 5));
      return accessLog;
    },
    async close() {
      await server.close();
      if (backend) await backend.close();
    },
  };
}

/**
 * @returns {Promise<{ status: number, headers: object, rawHeaders: string[], body: Buffer, json: any, socket: object, reused: boolean }>}
 */
export function request(url, { method = "GET", headers = {}, body, agent = false, chunks, trailers } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent }, (res) => {
      const parts = [];
      res.on("data", (c) => parts.push(c));
      res.on("end", () => {
        const buf = Buffer.concat(parts);
        let json;
        try {
          json = JSON.parse(buf);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode, headers: res.headers, rawHeaders: res.rawHeaders, trailers: res.trailers, body: buf, json, localPort: req.socket?.localPort, reused: req.reusedSocket });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    if (chunks) {
      (async () => {
        for (const c of chunks) {
          if (typeof c === "function") await c();
          else if (!req.write(c)) await once(req, "drain");
        }
        if (trailers) req.addTrailers(trailers);
        req.end();
      })().catch(reject);
    } else {
      req.end(body);
    }
  });
}

/** Sends raw bytes and collects everything until the server closes (or `until` matches). */
export function rawExchange(port, text, { until } = {}) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    let data = "";
    socket.on("data", (d) => {
      data += d.toString("latin1");
      if (until && until.test(data)) {
        socket.destroy();
        resolve(data);
      }
    });
    socket.on("end", () => resolve(data));
    socket.on("close", () => resolve(data));
    socket.on("error", reject);
    socket.write(text);
  });
}

/** Parses Prometheus text into { "name{labels}": value }. */
export function parseProm(text) {
  const out = {};
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const i = line.lastIndexOf(" ");
    out[line.slice(0, i)] = Number(line.slice(i + 1));
  }
  return out;
}

/** An upstream whose behaviour a test scripts request by request. */
export async function startCustomUpstream(handler) {
  const server = http.createServer(handler);
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    server,
    close: () => new Promise((r) => { server.close(() => r()); server.closeAllConnections(); }),
  };
}

/** A port nothing listens on (bound, then released). */
export async function closedPort() {
  const s = net.createServer();
  await new Promise((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}
