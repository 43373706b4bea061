// host.simulate(): one full HTTP exchange through the filter with a fake upstream, for tests, the
// benchmark and `bulwark replay`.
//
// It drives the stream through its *Now phases, which return the outcome directly when the
// filter did not pause, so a request the filter lets through costs no promise per phase; only a
// held phase is awaited (under the stall timer).

import { Buffer } from "node:buffer";
import { HeaderMap, toPairList } from "./header-map.js";

const EMPTY = Buffer.alloc(0);

function toBytes(v) {
  if (v === undefined || v === null) return EMPTY;
  if (Buffer.isBuffer(v)) return v;
  if (v instanceof Uint8Array) return Buffer.from(v);
  return Buffer.from(String(v), "utf8");
}

/** The parts as one Buffer; a single part is returned as it is (no copy). */
function joined(parts) {
  return parts.length === 0 ? EMPTY : parts.length === 1 ? parts[0] : Buffer.concat(parts);
}

function ends(o) {
  return o.action === "local" || o.action === "reset";
}

/** What the next hop receives from the outcomes of one direction. */
class Hop {
  constructor() {
    this.headers = null;
    this.body = [];
    this.trailers = null;
  }

  take(o) {
    if (o.action !== "continue") return;
    if (o.headers) this.headers = o.headers;
    if (o.data && o.data.length) this.body.push(o.data);
    if (o.trailers) this.trailers = o.trailers;
  }
}

// The synchronous phase forms of each direction (stream.js *Now) and how a stall names them.
const REQUEST = {
  headers: (s, map, eos) => s.requestHeadersNow(map, eos),
  body: (s, chunk, eos) => s.requestBodyNow(chunk, eos),
  trailers: (s, map) => s.requestTrailersNow(map),
  headersLabel: "request headers", bodyLabel: "a request body chunk", trailersLabel: "request trailers",
};
const RESPONSE = {
  headers: (s, map, eos) => s.responseHeadersNow(map, eos),
  body: (s, chunk, eos) => s.responseBodyNow(chunk, eos),
  trailers: (s, map) => s.responseTrailersNow(map),
  headersLabel: "response headers", bodyLabel: "the response body", trailersLabel: "response trailers",
};

/**
 * One full exchange with a fake upstream: request phases, the upstream answer (an object, or a
 * function of the request the filter let through), response phases, finish().
 * @param {import("./host.js").ProxyWasmHost} host
 */
export async function simulate(host, opts = {}) {
  const stallMs = opts.stallTimeoutMs ?? 30000;
  const stream = host.createStream({ vm: opts.vm, connection: opts.connection, properties: opts.properties, protocol: opts.protocol });
  // A phase that settled at once is used as it is; only a held phase is awaited, with a stall timer.
  const wait = (p, what) => {
    if (!(p instanceof Promise)) return p;
    if (!stallMs || !stream.isWaiting()) return p;
    let t;
    return Promise.race([
      p,
      new Promise((_, rej) => {
        t = setTimeout(() => rej(new Error(`simulate: the filter held ${what} for ${stallMs} ms without continuing (stream ${stream.id})`)), stallMs);
      }),
    ]).finally(() => clearTimeout(t));
  };
  // One direction: headers, each body chunk, trailers, until an outcome ends the stream; `hop`
  // collects what the filter let through. Returns the last outcome.
  const pass = async (d, hop, map, bodyChunks, trailers) => {
    let o = d.headers(stream, map, bodyChunks.length === 0 && !trailers);
    if (o instanceof Promise) o = await wait(o, d.headersLabel);
    hop.take(o);
    for (let i = 0; i < bodyChunks.length && !ends(o); i++) {
      o = d.body(stream, bodyChunks[i], i === bodyChunks.length - 1 && !trailers);
      if (o instanceof Promise) o = await wait(o, d.bodyLabel);
      hop.take(o);
    }
    if (trailers && !ends(o)) {
      o = d.trailers(stream, trailers);
      if (o instanceof Promise) o = await wait(o, d.trailersLabel);
      hop.take(o);
    }
    return o;
  };
  const headers = new HeaderMap();
  headers.add(":method", opts.method ?? "GET");
  headers.add(":path", opts.path ?? "/");
  headers.add(":authority", opts.authority ?? "localhost");
  headers.add(":scheme", opts.scheme ?? "http");
  addAll(headers, opts.headers);
  const chunks = opts.chunks ? opts.chunks.map(toBytes) : opts.body !== undefined ? [toBytes(opts.body)] : [];
  const reqTrailers = opts.trailers ? HeaderMap.from(opts.trailers) : null;
  const result = { status: 0, blocked: false, local: null, response: null, upstreamRequest: null, logs: stream.logs, stream };
  try {
    const up = new Hop();
    let o = await pass(REQUEST, up, headers, chunks, reqTrailers);
    if (ends(o)) {
      result.blocked = o.action === "local";
      return finishSimulation(result, stream, o, null);
    }
    result.upstreamRequest = { headers: up.headers, body: joined(up.body), trailers: up.trailers };
    let u = opts.upstream ?? { status: 200, headers: {}, body: "" };
    if (typeof u === "function") u = await u(result.upstreamRequest);
    const ub = u.body === undefined ? EMPTY : toBytes(u.body);
    const uTrailers = u.trailers ? HeaderMap.from(u.trailers) : null;
    const respHeaders = new HeaderMap();
    respHeaders.add(":status", String(u.status ?? 200));
    addAll(respHeaders, u.headers);
    const down = new Hop();
    o = await pass(RESPONSE, down, respHeaders, ub.length > 0 ? [ub] : [], uTrailers);
    if (ends(o)) return finishSimulation(result, stream, o, null);
    // No outcome carried headers: the upstream's own, as given.
    const h = down.headers ?? [[":status", String(u.status ?? 200)], ...toPairList(u.headers)];
    return finishSimulation(result, stream, o, { status: Number(lastValue(h, ":status")), headers: h, body: joined(down.body), trailers: down.trailers });
  } catch (err) {
    stream.finish();
    throw err;
  }
}

/** Append caller headers (pairs array, plain object or HeaderMap), as toPairList reads them. */
function addAll(map, input) {
  if (input == null) return;
  const from = input instanceof HeaderMap ? input.pairs : Array.isArray(input) ? input : null;
  if (from !== null) {
    for (let i = 0; i < from.length; i++) map.add(from[i][0], from[i][1]);
    return;
  }
  for (const k in input) {
    if (!Object.prototype.hasOwnProperty.call(input, k)) continue;
    const v = input[k];
    if (Array.isArray(v)) for (const x of v) map.add(k, x);
    else if (v !== undefined) map.add(k, v);
  }
}

/** The last value of `key` in pairs (what `new Map(pairs).get(key)` gives). */
function lastValue(pairs, key) {
  for (let i = pairs.length - 1; i >= 0; i--) if (pairs[i][0] === key) return pairs[i][1];
  return undefined;
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
