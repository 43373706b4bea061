// host.simulate(): one full HTTP exchange through the filter with a fake upstream, for tests, the
// benchmark and `bulwark replay`.

import { Buffer } from "node:buffer";
import { toPairList } from "./header-map.js";

function toBytes(v) {
  if (v === undefined || v === null) return Buffer.alloc(0);
  if (Buffer.isBuffer(v)) return v;
  if (v instanceof Uint8Array) return Buffer.from(v);
  return Buffer.from(String(v), "utf8");
}

/**
 * One full exchange with a fake upstream: request phases, the upstream answer (an object, or a
 * function of the request the filter let through), response phases, finish().
 * @param {import("./host.js").ProxyWasmHost} host
 */
export async function simulate(host, opts = {}) {
  const stallMs = opts.stallTimeoutMs ?? 30000;
  const stream = host.createStream({ vm: opts.vm, connection: opts.connection, properties: opts.properties, protocol: opts.protocol });
  const guard = (p, what) => {
    // Phases that did not pause are already settled; only a held phase needs a stall timer.
    if (!stallMs || !stream.isWaiting()) return p;
    let t;
    return Promise.race([
      p,
      new Promise((_, rej) => {
        t = setTimeout(() => rej(new Error(`simulate: the filter held ${what} for ${stallMs} ms without continuing (stream ${stream.id})`)), stallMs);
      }),
    ]).finally(() => clearTimeout(t));
  };
  const headers = [
    [":method", opts.method ?? "GET"],
    [":path", opts.path ?? "/"],
    [":authority", opts.authority ?? "localhost"],
    [":scheme", opts.scheme ?? "http"],
    ...toPairList(opts.headers),
  ];
  let chunks = opts.chunks ? opts.chunks.map(toBytes) : opts.body !== undefined ? [toBytes(opts.body)] : [];
  const reqTrailers = opts.trailers ? toPairList(opts.trailers) : null;
  const result = { status: 0, blocked: false, local: null, response: null, upstreamRequest: null, logs: stream.logs, stream };
  try {
    let o = await guard(stream.requestHeaders(headers, chunks.length === 0 && !reqTrailers), "request headers");
    let up = { headers: null, body: [], trailers: null };
    const take = (o) => {
      if (o.headers) up.headers = o.headers;
      if (o.data && o.data.length) up.body.push(o.data);
      if (o.trailers) up.trailers = o.trailers;
    };
    if (o.action === "continue") take(o);
    for (let i = 0; i < chunks.length && o.action !== "local" && o.action !== "reset"; i++) {
      o = await guard(stream.requestBody(chunks[i], i === chunks.length - 1 && !reqTrailers), "a request body chunk");
      if (o.action === "continue") take(o);
    }
    if (reqTrailers && o.action !== "local" && o.action !== "reset") {
      o = await guard(stream.requestTrailers(reqTrailers), "request trailers");
      if (o.action === "continue") take(o);
    }
    if (o.action === "local" || o.action === "reset") {
      result.blocked = o.action === "local";
      return finishSimulation(result, stream, o, null);
    }
    result.upstreamRequest = { headers: up.headers, body: Buffer.concat(up.body), trailers: up.trailers };
    let u = opts.upstream ?? { status: 200, headers: {}, body: "" };
    if (typeof u === "function") u = await u(result.upstreamRequest);
    const ub = u.body === undefined ? Buffer.alloc(0) : toBytes(u.body);
    const uTrailers = u.trailers ? toPairList(u.trailers) : null;
    const respHeaders = [[":status", String(u.status ?? 200)], ...toPairList(u.headers)];
    o = await guard(stream.responseHeaders(respHeaders, ub.length === 0 && !uTrailers), "response headers");
    const down = { headers: null, body: [], trailers: null };
    const takeDown = (o) => {
      if (o.headers) down.headers = o.headers;
      if (o.data && o.data.length) down.body.push(o.data);
      if (o.trailers) down.trailers = o.trailers;
    };
    if (o.action === "continue") takeDown(o);
    if (ub.length > 0 && o.action !== "local" && o.action !== "reset") {
      o = await guard(stream.responseBody(ub, !uTrailers), "the response body");
      if (o.action === "continue") takeDown(o);
    }
    if (uTrailers && o.action !== "local" && o.action !== "reset") {
      o = await guard(stream.responseTrailers(uTrailers), "response trailers");
      if (o.action === "continue") takeDown(o);
    }
    if (o.action === "local" || o.action === "reset") return finishSimulation(result, stream, o, null);
    const status = Number(new Map(down.headers ?? respHeaders).get(":status"));
    return finishSimulation(result, stream, o, { status, headers: down.headers ?? respHeaders, body: Buffer.concat(down.body), trailers: down.trailers });
  } catch (err) {
    stream.finish();
    throw err;
  }
}

function finishSimulation(result, stream, last, response) {
  if (last.action === "local") {
    result.local = last.response;
    result.response = { status: last.response.status, headers: last.response.headers, body: last.response.body };
  } else if (last.action === "reset") {
    result.reset = last;
    result.response = null;
  } else {
    result.response = response;
  }
  result.status = result.response ? result.response.status : 0;
  stream.finish();
  result.logs = stream.logs;
  return result;
}
