#!/usr/bin/env node
// The demo backend: a tiny application that tells you exactly what reached it, so you can see
// what passed the filter. Every request gets a JSON echo (method, path, query, headers, body
// length and SHA-256); bodies are hashed as they stream in, never held in memory.
//   /status/<code>       answers with that status (query parameters set response headers, as /headers)
//   /headers?name=value  sets response headers from the query (repeat a name for several values)
//   /bytes/<n>           streams n bytes of response body (tests of streamed responses)
// Run alone: node src/demo/backend.js [--port 3000] [--host 127.0.0.1]
import { createHash } from "node:crypto";
import http from "node:http";
import { pathToFileURL } from "node:url";

const MAX_STREAM_BYTES = 1 << 30;
const CHUNK = Buffer.alloc(64 * 1024, "x");

/**
 * @param {{ port?: number, host?: string }} [opts] port 0 (the default) picks a free port
 * @returns {Promise<{ url: string, port: number, close(): Promise<void>, server: http.Server }>}
 */
export async function startBackend({ port = 0, host = "127.0.0.1" } = {}) {
  const server = http.createServer({ maxHeaderSize: 64 * 1024 }, (req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const addr = server.address();
  const hostText = addr.address.includes(":") ? `[${addr.address}]` : addr.address;
  return {
    url: `http://${hostText}:${addr.port}`,
    port: addr.port,
    server,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(req, res) {
  const url = new URL(req.url, "http://backend.invalid");
  const hash = createHash("sha256");
  let length = 0;
  for await (const chunk of req) {
    hash.update(chunk);
    length += chunk.length;
  }
  const echo = {
    method: req.method,
    path: url.pathname,
    query: queryObject(url.searchParams),
    httpVersion: req.httpVersion,
    headers: req.headers,
    rawHeaders: pairs(req.rawHeaders),
    trailers: req.rawTrailers.length ? pairs(req.rawTrailers) : undefined,
    body: { length, sha256: hash.digest("hex") },
    remote: { address: req.socket.remoteAddress, port: req.socket.remotePort },
  };

  let status = 200;
  const extra = [];
  const statusMatch = /^\/status\/(\d{3})$/.exec(url.pathname);
  if (statusMatch || url.pathname === "/headers") {
    if (statusMatch) {
      status = Number(statusMatch[1]);
      if (status < 200 || status > 599) return reply(res, 400, [], { error: "status must be 200-599" });
    }
    for (const [name, value] of url.searchParams) {
      if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || /[\r\n\0]/.test(value)) {
        return reply(res, 400, [], { error: `invalid header ${JSON.stringify(name)}` });
      }
      extra.push(name, value);
    }
  } else {
    const bytes = /^\/bytes\/(\d+)$/.exec(url.pathname);
    if (bytes) return streamBytes(res, Number(bytes[1]));
  }
  return reply(res, status, extra, echo);
}

function reply(res, status, extraHeaders, body) {
  if (status === 204 || status === 304) {
    res.writeHead(status, extraHeaders);
    return res.end();
  }
  const buf = Buffer.from(`${JSON.stringify(body, null, 2)}\n`);
  res.writeHead(status, ["content-type", "application/json", "content-length", String(buf.length), ...extraHeaders]);
  res.end(buf);
}

async function streamBytes(res, n) {
  if (!(n <= MAX_STREAM_BYTES)) return reply(res, 400, [], { error: `at most ${MAX_STREAM_BYTES} bytes` });
  res.writeHead(200, { "content-type": "application/octet-stream", "content-length": n });
  let left = n;
  while (left > 0 && !res.destroyed) {
    const part = left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left);
    left -= part.length;
    if (!res.write(part)) await drainedOrClosed(res);
  }
  res.end();
}

function drainedOrClosed(res) {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

function queryObject(params) {
  const out = Object.create(null); // "__proto__" is just another query name here
  for (const [k, v] of params) {
    if (!(k in out)) out[k] = v;
    else if (Array.isArray(out[k])) out[k].push(v);
    else out[k] = [out[k], v];
  }
  return out;
}

function pairs(raw) {
  const out = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i], raw[i + 1]]);
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => {
    const i = args.indexOf(name);
    return i === -1 ? dflt : args[i + 1];
  };
  const port = Number(opt("--port", "3000"));
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write("usage: node src/demo/backend.js [--port N] [--host ADDRESS]\n");
    process.exit(2);
  }
  const b = await startBackend({ port, host: opt("--host", "127.0.0.1") });
  process.stderr.write(`demo backend listening on ${b.url}\n`);
  const stop = () => b.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
