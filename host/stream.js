// One HTTP exchange through the filter, as Envoy's wasm HTTP filter (Context::decode*/encode*
// in source/extensions/common/wasm/context.cc) and its filter manager drive it.
//
// Each phase resolves to an Outcome:
//   { action: "continue", headers?, data?, trailers? }  what goes on to the next hop now
//   { action: "buffer", dropped? }                      the filter holds (or dropped) the data
//   { action: "local", response }                       a local reply ends the stream
//   { action: "reset", reason, details }                 the stream is reset (close_stream, or a
//                                                        local reply after response headers left)
// A phase the filter paused resolves when the filter continues the stream (or replies).

import { Buffer } from "node:buffer";
import { MapType, LogLevel, HeadersStatus, DataStatus } from "./abi.js";
import { HeaderMap } from "./header-map.js";
import { TRAPPED } from "./vm.js";
import { Direction } from "./direction.js";
import { httpLocalReply, grpcLocalReply } from "./local-reply.js";

const EMPTY = Buffer.alloc(0);
const PENDING = Symbol("pending");

/**
 * Runs `start(resolve)` and returns the outcome when `resolve` ran before `start` returned (the
 * usual case: the filter did not pause), else a promise of it. Synchronous phases thus cost no
 * promise and no microtask turn; like a promise, only the first resolution counts.
 */
function settle(start) {
  let out = PENDING;
  let later = null;
  start((o) => {
    if (later !== null) later(o);
    else if (out === PENDING) out = o;
  });
  return out !== PENDING ? out : new Promise((r) => (later = r));
}

/** The public phases return promises; a synchronous throw becomes a rejection, as from an async function. */
function promised(fn) {
  try {
    const r = fn();
    return r instanceof Promise ? r : Promise.resolve(r);
  } catch (err) {
    return Promise.reject(err);
  }
}

export class HttpStream {
  /**
   * @param {import("./host.js").ProxyWasmHost} host
   * @param {import("./vm.js").WasmVm} vm
   */
  constructor(host, vm, { connection, properties, protocol } = {}) {
    this.host = host;
    this.vm = vm;
    this.request = new Direction(true);
    this.response = new Direction(false);
    this.created = false;
    this.finished = false;
    /** null or the local reply that ended the stream */
    this.localResponse = null;
    this.terminal = null;
    this.pendingLocal = null;
    this.pendingClose = null;
    this.failureReplySent = false; // Envoy failure_local_reply_sent_
    this.inLocalReply = false;
    this.accessLogPhase = false;
    this.phase = null;
    this.filterState = new Map();
    this.propertyOverrides = properties ?? null;
    this.routeCacheClears = 0;
    /** @type {object[]} log records of this stream */
    this.logs = [];
    const conn = connection ?? {};
    const startHr = process.hrtime.bigint();
    // The BigInt arithmetic of the start time is done when request.time is asked for; an
    // injected clock is still read now, once per stream.
    const clockNs = host.clock ? host.nowNanoseconds() : null;
    const startMs = Date.now();
    this.info = {
      get startTimeNs() {
        return clockNs ?? BigInt(startMs) * 1000000n + (startHr % 1000000n);
      },
      startHr,
      protocol: protocol ?? "HTTP/1.1",
      requestBodyBytes: 0,
      responseBodyBytes: 0,
      responseCode: null,
      responseCodeDetails: null,
      responseFlags: 0,
      requestCompleteNs: null,
      routeName: host.routeName,
      clusterName: host.clusterName,
      upstream: conn.upstream ?? null,
      connection: {
        id: conn.id ?? host.nextConnectionId++,
        sourceAddress: conn.sourceAddress ?? "127.0.0.1:40000",
        destinationAddress: conn.destinationAddress ?? "127.0.0.1:10000",
        tls: conn.tls ?? null,
      },
    };
    this.ctx = vm.newStreamContext(this);
    this.id = this.ctx.id;
    this.endedOutcome = null;
    this.endedPromise = null;
    this.endedResolve = null;
  }

  /**
   * Resolves with the terminal outcome ("local" or "reset") when the filter ends the stream,
   * including from a callback while no phase is pending (e.g. an HTTP-call response after the
   * request went upstream), or with { action: "finished" } on finish(). Never rejects. Made on
   * first use: most streams are never asked.
   * @type {Promise<object>}
   */
  get ended() {
    if (this.endedPromise === null) {
      this.endedPromise = this.endedOutcome !== null
        ? Promise.resolve(this.endedOutcome)
        : new Promise((resolve) => (this.endedResolve = resolve));
    }
    return this.endedPromise;
  }

  resolveEnded(outcome) {
    if (this.endedOutcome !== null) return; // first outcome wins, as with a promise
    this.endedOutcome = outcome;
    if (this.endedResolve !== null) this.endedResolve(outcome);
  }

  // ================================================================= public phases

  /** @returns {Promise<object>} Outcome */
  requestHeaders(pairs, endOfStream = false) {
    return promised(() => (this.terminal ? this.terminal : this.requestHeadersNow(HeaderMap.from(pairs), endOfStream)));
  }

  requestBody(chunk, endOfStream = false) {
    return promised(() => this.body(this.request, chunk, endOfStream));
  }

  requestTrailers(pairs) {
    return promised(() => this.trailersPhase(this.request, pairs));
  }

  responseHeaders(pairs, endOfStream = false) {
    return promised(() => (this.terminal ? this.terminal : this.responseHeadersNow(HeaderMap.from(pairs), endOfStream)));
  }

  responseBody(chunk, endOfStream = false) {
    return promised(() => this.body(this.response, chunk, endOfStream));
  }

  responseTrailers(pairs) {
    return promised(() => this.trailersPhase(this.response, pairs));
  }

  // The *Now forms (used by simulate) return the Outcome itself when the phase settles at once and
  // a promise only when the filter holds it; the header forms take ownership of `map`.

  /** @param {HeaderMap} map @returns {object|Promise<object>} */
  requestHeadersNow(map, endOfStream = false) {
    if (this.terminal) return this.terminal;
    const d = this.request;
    d.headers = map;
    d.eos = Boolean(endOfStream);
    return this.runHeaders(d);
  }

  /** @param {HeaderMap} map @returns {object|Promise<object>} */
  responseHeadersNow(map, endOfStream = false) {
    if (this.terminal) return this.terminal;
    const e = this.response;
    e.headers = map;
    e.eos = Boolean(endOfStream);
    const status = Number(e.headers.get(":status"));
    this.info.responseCode = Number.isFinite(status) ? status : null;
    this.info.responseCodeDetails = "via_upstream";
    return this.runHeaders(e);
  }

  /** @returns {object|Promise<object>} */
  requestBodyNow(chunk, endOfStream = false) {
    return this.body(this.request, chunk, endOfStream);
  }

  /** @returns {object|Promise<object>} */
  responseBodyNow(chunk, endOfStream = false) {
    return this.body(this.response, chunk, endOfStream);
  }

  /** @returns {object|Promise<object>} */
  requestTrailersNow(pairs) {
    return this.trailersPhase(this.request, pairs);
  }

  /** @returns {object|Promise<object>} */
  responseTrailersNow(pairs) {
    return this.trailersPhase(this.response, pairs);
  }

  /**
   * End of the stream: proxy_on_log, then proxy_on_done and proxy_on_delete. Envoy's HTTP
   * connection manager runs access logs (the filter's log()) before destroying filters
   * (onDestroy → onDone, onDelete); see docs/host.md. Idempotent.
   */
  finish() {
    if (this.finished) return;
    this.finished = true;
    const reset = this.isWaiting() ? { action: "reset", reason: "stream finished while the filter held it" } : null;
    this.resolveAll(this.request, reset);
    this.resolveAll(this.response, reset);
    this.resolveEnded({ action: "finished" });
    const vm = this.vm;
    if (!vm.failed) {
      if (!this.created) this.create();
      this.info.requestCompleteNs = Number(process.hrtime.bigint() - this.info.startHr);
      this.accessLogPhase = true;
      vm.call(this.ctx, "proxy_on_log", this.id);
      this.accessLogPhase = false;
      vm.call(this.ctx, "proxy_on_done", this.id);
      vm.call(this.ctx, "proxy_on_delete", this.id);
    }
    vm.releaseStreamContext(this.ctx);
    vm.drainTouched();
  }

  /** True while a phase promise waits for the filter. */
  isWaiting() {
    return this.request.isWaiting() || this.response.isWaiting();
  }

  // ================================================================= host-function hooks

  /** Envoy getConstMap. */
  constMap(type) {
    const log = this.accessLogPhase;
    switch (type) {
      case MapType.RequestHeaders:
        return log ? this.request.headers : this.request.headersLive ? this.request.headers : null;
      case MapType.RequestTrailers:
        return log ? null : this.request.trailersLive ? this.request.trailers : null;
      case MapType.ResponseHeaders:
        return log ? this.response.headers : this.response.headersLive ? this.response.headers : null;
      case MapType.ResponseTrailers:
        return log ? this.response.trailers : this.response.trailersLive ? this.response.trailers : null;
      default:
        return null;
    }
  }

  /** Envoy getMap (writable maps). Trailers can be created from the last body callback. */
  mutableMap(type) {
    switch (type) {
      case MapType.RequestHeaders:
        return this.request.headersLive ? this.request.headers : null;
      case MapType.ResponseHeaders:
        return this.response.headersLive ? this.response.headers : null;
      case MapType.RequestTrailers:
        return this.trailersFor(this.request);
      case MapType.ResponseTrailers:
        return this.trailersFor(this.response);
      default:
        return null;
    }
  }

  trailersFor(d) {
    if (d.trailersLive) return d.trailers;
    if (d.trailers === null && this.phase === d && d.chunk !== null && d.eos) {
      // Envoy: addDecodedTrailers()/addEncodedTrailers() from the end-of-stream body callback.
      d.trailers = new HeaderMap();
      d.trailersLive = true;
      d.addedTrailers = true;
      return d.trailers;
    }
    return null;
  }

  /**
   * Envoy getBuffer(HttpRequestBody|HttpResponseBody): the Direction itself serves as the buffer
   * descriptor (data / mutable / set), so no object is allocated per host call.
   */
  bodyBuffer(isRequest) {
    return isRequest ? this.request : this.response;
  }

  requestContinue(isRequest) {
    (isRequest ? this.request : this.response).continueRequested = true;
    this.vm.touched.add(this);
  }

  requestClose(isRequest) {
    if (!this.pendingClose) this.pendingClose = { isRequest };
    this.vm.touched.add(this);
  }

  requestLocalReply(reply) {
    if (this.localResponse || this.pendingLocal || this.inLocalReply) {
      this.vm.log(LogLevel.warn, `ignored a second local reply (${reply.status}) on stream ${this.id}`, this.ctx, true);
      return;
    }
    this.pendingLocal = reply;
    this.vm.touched.add(this);
  }

  clearRouteCache() {
    this.routeCacheClears++;
  }

  requestHeadersForAttributes() {
    const d = this.request;
    return this.accessLogPhase || d.headersLive ? d.headers : null;
  }

  responseHeadersForAttributes() {
    const d = this.response;
    return this.accessLogPhase || d.headersLive ? d.headers : null;
  }

  /** Deferred actions after a VM call (continue, local reply, close, VM failure). */
  runDeferred() {
    if (this.finished || this.terminal) return;
    if (this.vm.failed) {
      if (this.request.isWaiting()) {
        this.failWaiting(this.request);
        return;
      }
      if (this.response.isWaiting()) {
        this.failWaiting(this.response);
        return;
      }
    }
    if (this.pendingLocal) {
      const reply = this.pendingLocal;
      this.pendingLocal = null;
      const d = this.response.headers ? this.response : this.request;
      this.applyLocal(d, reply);
      return;
    }
    if (this.pendingClose) {
      this.applyClose();
      return;
    }
    if (this.request.continueRequested) {
      this.request.continueRequested = false;
      this.resume(this.request);
    }
    if (this.response.continueRequested) {
      this.response.continueRequested = false;
      this.resume(this.response);
    }
  }

  // ================================================================= internals

  create() {
    this.created = true;
    const r = this.vm.call(this.ctx, "proxy_on_context_create", this.id, this.ctx.root.id);
    return r !== TRAPPED;
  }

  invoke(d, kind, a, b) {
    this.phase = d;
    const r = this.vm.call(this.ctx, d.cb[kind], this.id, a, b);
    this.phase = null;
    return r;
  }

  /** After a guest call: a trap, a local reply or a close request decide the outcome first. */
  interrupted(d, r, kind, resolve) {
    if (r === TRAPPED || (this.vm.failed && r === undefined)) {
      resolve(this.onFailure(d, kind));
      return true;
    }
    if (this.pendingLocal) {
      const reply = this.pendingLocal;
      this.pendingLocal = null;
      resolve(this.applyLocal(d, reply));
      return true;
    }
    if (this.pendingClose) {
      resolve(this.applyClose());
      return true;
    }
    return false;
  }

  runHeaders(d) {
    return settle((resolve) => {
      if (!this.created && !this.vm.failed) this.create();
      if (this.vm.failed) {
        resolve(this.onFailure(d, "headers"));
        return;
      }
      if (this.terminal) {
        resolve(this.terminal);
        return;
      }
      d.headersLive = true;
      const r = this.invoke(d, "headers", d.headers.size, d.eos ? 1 : 0);
      if (!this.interrupted(d, r, "headers", resolve)) {
        if (r === undefined || r === HeadersStatus.Continue || r === HeadersStatus.ContinueAndEndStream) {
          d.headersLive = false;
          if (!d.isRequest) d.headersSent = true;
          resolve({ action: "continue", headers: d.headers.toPairs() });
        } else {
          // Envoy turns StopIteration (and anything above Continue) into
          // StopAllIterationAndWatermark: body and trailers wait with the headers.
          d.stoppedAll = true;
          d.waiter = { resolve, kind: "headers" };
        }
      }
      this.vm.drainTouched();
    });
  }

  body(d, chunk, endOfStream) {
    if (this.terminal) return this.terminal;
    if (!d.headers) throw new Error(`${d.isRequest ? "requestBody" : "responseBody"} before ${d.isRequest ? "requestHeaders" : "responseHeaders"}`);
    const data = chunk === undefined || chunk === null ? EMPTY : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    const eos = Boolean(endOfStream);
    if (d.isRequest) this.info.requestBodyBytes += data.length;
    else this.info.responseBodyBytes += data.length;
    if (d.stoppedAll) {
      // The filter manager holds the data without calling the filter.
      d.held.push(data);
      d.heldBytes += data.length;
      if (eos) {
        d.heldEos = true;
        return new Promise((resolve) => (d.heldWaiter = resolve));
      }
      // Over the buffer limit Envoy stops reading (watermark, readDisable); here the phase
      // stays pending until the filter continues, so a caller that awaits stops reading too.
      if (d.heldBytes > this.host.bufferLimitBytes) return new Promise((resolve) => d.heldPaused.push(resolve));
      return { action: "buffer" };
    }
    return settle((resolve) => {
      this.processData(d, data, eos, resolve);
      this.vm.drainTouched();
    });
  }

  /** Envoy Context::decodeData/encodeData plus the filter manager's buffering. */
  processData(d, data, eos, resolve) {
    if (this.vm.failed) {
      d.chunk = data;
      resolve(this.onFailure(d, "data"));
      return;
    }
    d.eos = eos;
    if (d.buffering) {
      d.buffered = d.buffered ? Buffer.concat([d.buffered, data]) : data;
      d.chunk = EMPTY;
      if (d.buffered.length > this.host.bufferLimitBytes) {
        resolve(this.bufferOverflow(d));
        return;
      }
    } else {
      d.chunk = data;
    }
    const size = d.buffering ? d.buffered.length : d.chunk.length;
    const r = this.invoke(d, "data", size, eos ? 1 : 0);
    if (this.interrupted(d, r, "data", resolve)) return;
    const status = r === undefined ? DataStatus.Continue : r;
    const wasBuffering = d.buffering;
    d.buffering = false;
    if (status === DataStatus.Continue) {
      const out = this.takeBody(d);
      resolve(this.continueData(d, out));
      return;
    }
    if (status === DataStatus.StopIterationAndBuffer || status === DataStatus.StopIterationAndWatermark) {
      if (!wasBuffering) {
        d.buffered = d.buffered ? Buffer.concat([d.buffered, d.chunk]) : d.chunk;
        d.chunk = null;
      }
      if (status === DataStatus.StopIterationAndBuffer) {
        d.buffering = true;
        if (d.buffered.length > this.host.bufferLimitBytes) {
          resolve(this.bufferOverflow(d));
          return;
        }
      }
      if (eos) d.waiter = { resolve, kind: "data" };
      else resolve({ action: "buffer" });
      return;
    }
    // StopIterationNoBuffer: the chunk is not kept by the filter manager.
    d.chunk = null;
    if (eos) d.waiter = { resolve, kind: "data" };
    else resolve({ action: "buffer", dropped: true });
  }

  trailersPhase(d, pairs) {
    if (this.terminal) return this.terminal;
    const t = HeaderMap.from(pairs);
    if (d.stoppedAll) {
      d.heldTrailers = t;
      return new Promise((resolve) => (d.heldTrailersWaiter = resolve));
    }
    return settle((resolve) => {
      this.processTrailers(d, t, resolve);
      this.vm.drainTouched();
    });
  }

  processTrailers(d, t, resolve) {
    d.trailers = t;
    d.eos = true;
    if (this.vm.failed) {
      resolve(this.onFailure(d, "trailers"));
      return;
    }
    d.trailersLive = true;
    const r = this.invoke(d, "trailers", t.size);
    if (this.interrupted(d, r, "trailers", resolve)) return;
    if (r === undefined || r === 0) {
      d.trailersLive = false;
      resolve(this.continueTrailers(d));
    } else {
      d.waiter = { resolve, kind: "trailers" };
    }
  }

  /** Everything the filter manager holds for this filter, taken out (buffered + current chunk). */
  takeBody(d) {
    const a = d.buffered && d.buffered.length > 0 ? d.buffered : null;
    const b = d.chunk && d.chunk.length > 0 ? d.chunk : null;
    d.buffered = null;
    d.chunk = null;
    return a !== null && b !== null ? Buffer.concat([a, b]) : (a ?? b ?? EMPTY);
  }

  withRelease(d, data) {
    if (d.release.length === 0) return data;
    const all = Buffer.concat([...d.release, data]);
    d.release = [];
    return all;
  }

  continueData(d, data) {
    const out = { action: "continue", data: this.withRelease(d, data) };
    if (d.addedTrailers) {
      d.trailersLive = false;
      out.trailers = d.trailers.toPairs();
    }
    return out;
  }

  continueTrailers(d) {
    const data = this.takeBody(d);
    d.buffering = false;
    return { action: "continue", trailers: d.trailers.toPairs(), data: this.withRelease(d, data) };
  }

  /** proxy_continue_stream: Envoy continueDecoding()/continueEncoding() after the VM call. */
  resume(d) {
    if (this.terminal || this.finished) return;
    d.headersLive = false;
    d.trailersLive = false;
    if (d.stoppedAll) {
      d.stoppedAll = false;
      if (!d.isRequest) d.headersSent = true;
      const w = d.waiter;
      d.waiter = null;
      w?.resolve({ action: "continue", headers: d.headers.toPairs() });
      const paused = d.heldPaused;
      d.heldPaused = [];
      d.heldBytes = 0;
      for (const p of paused) p({ action: "buffer" }); // their bytes go through the filter next
      // The held body goes through this filter now, then the held trailers.
      if (d.held.length > 0 || d.heldEos) {
        const data = d.held.length === 1 ? d.held[0] : Buffer.concat(d.held);
        d.held = [];
        const eos = d.heldEos && !d.heldTrailers;
        const hw = d.heldWaiter;
        d.heldWaiter = null;
        d.heldEos = false;
        this.processData(d, data, eos, hw ?? ((o) => this.releaseOrphan(d, o)));
        if (this.terminal || d.waiter) return;
      }
      if (d.heldTrailers) {
        const t = d.heldTrailers;
        const tw = d.heldTrailersWaiter;
        d.heldTrailers = null;
        d.heldTrailersWaiter = null;
        this.processTrailers(d, t, tw);
      }
      return;
    }
    const w = d.waiter;
    if (w) {
      d.waiter = null;
      d.buffering = false;
      if (w.kind === "data") w.resolve(this.continueData(d, this.takeBody(d)));
      else if (w.kind === "trailers") w.resolve(this.continueTrailers(d));
      else w.resolve({ action: "continue", headers: d.headers.toPairs() });
      return;
    }
    // Nobody waits (data was buffered mid-stream): the held bytes go out with the next outcome.
    d.buffering = false;
    const data = this.takeBody(d);
    if (data.length) d.release.push(data);
  }

  releaseOrphan(d, outcome) {
    if (outcome.action === "continue" && outcome.data && outcome.data.length) d.release.push(outcome.data);
  }

  /** A trap (or a VM that failed earlier): Envoy's CHECK_FAIL_HTTP. */
  onFailure(d, kind) {
    if (this.host.failurePolicy === "FAIL_OPEN") {
      d.headersLive = false;
      if (kind === "headers") {
        if (!d.isRequest) d.headersSent = true;
        return { action: "continue", headers: d.headers.toPairs() };
      }
      if (kind === "trailers") return this.continueTrailers(d);
      d.buffering = false;
      return this.continueData(d, this.takeBody(d));
    }
    if (this.terminal) return this.terminal;
    this.failureReplySent = true;
    return this.applyLocal(d, {
      status: 503,
      details: "wasm_fail_stream",
      body: EMPTY,
      headers: [],
      grpcStatus: 14, // UNAVAILABLE
    });
  }

  failWaiting(d) {
    if (this.host.failurePolicy === "FAIL_OPEN") {
      d.stoppedAll = false;
      if (d.heldPaused.length) {
        // held data passes through untouched with the next outcome
        if (!d.heldWaiter && !d.heldTrailersWaiter && d.held.length) {
          d.release.push(Buffer.concat(d.held));
          d.held = [];
        }
        const paused = d.heldPaused;
        d.heldPaused = [];
        d.heldBytes = 0;
        for (const p of paused) p({ action: "buffer" });
      }
      const w = d.waiter;
      if (w) {
        d.waiter = null;
        w.resolve(this.onFailure(d, w.kind));
      }
      for (const key of ["heldWaiter", "heldTrailersWaiter"]) {
        const hw = d[key];
        if (hw) {
          d[key] = null;
          const data = Buffer.concat(d.held);
          d.held = [];
          d.chunk = data;
          hw(this.onFailure(d, key === "heldWaiter" ? "data" : "trailers"));
        }
      }
      return;
    }
    this.onFailure(d, "headers");
  }

  bufferOverflow(d) {
    // Envoy's filter manager: 413 for a request over the buffer limit; 500 for a response
    // whose headers have not left yet (otherwise a reset).
    return this.applyLocal(d, d.isRequest
      ? { status: 413, details: "request_payload_too_large", body: Buffer.from("Payload Too Large"), headers: [], grpcStatus: null }
      : { status: 500, details: "response_payload_too_large", body: Buffer.from("Internal Server Error"), headers: [], grpcStatus: null });
  }

  applyClose() {
    const c = this.pendingClose;
    this.pendingClose = null;
    this.info.responseCodeDetails ??= "wasm_close_stream";
    return this.setTerminal({ action: "reset", reason: "proxy_close_stream", details: "wasm_close_stream", stream: c.isRequest ? "request" : "response" });
  }

  /**
   * Send a local reply. From the request path it goes through this filter's encoder callbacks
   * (Envoy sendLocalReplyViaFilterChain), except for the failure reply. From the response path
   * it replaces the response if its headers have not left yet; otherwise the stream is reset.
   */
  applyLocal(d, reply) {
    if (this.terminal) return this.terminal;
    const e = this.response;
    if (!d.isRequest && e.headersSent) {
      return this.setTerminal({ action: "reset", reason: "local reply after response headers were sent", details: reply.details });
    }
    let response = this.isGrpcRequest() ? grpcLocalReply(reply) : httpLocalReply(reply, this.request.headers?.get(":method") === "HEAD");
    this.info.responseCode = reply.status;
    this.info.responseCodeDetails = reply.details;
    if (d.isRequest && !this.failureReplySent && !this.vm.failed) response = this.encodeLocalReply(response);
    this.localResponse = response;
    return this.setTerminal({ action: "local", response });
  }

  /** Envoy Grpc::Common::isGrpcRequestHeaders: the content-type says gRPC. */
  isGrpcRequest() {
    const ct = this.request.headers?.get("content-type");
    return ct !== undefined && (ct === "application/grpc" || ct.startsWith("application/grpc+") || ct.startsWith("application/grpc;"));
  }

  encodeLocalReply(response) {
    const e = this.response;
    e.headers = new HeaderMap(response.headers);
    e.eos = response.body.length === 0;
    this.inLocalReply = true;
    try {
      e.headersLive = true;
      const r = this.invoke(e, "headers", e.headers.size, e.eos ? 1 : 0);
      e.headersLive = false;
      e.headersSent = true;
      let body = response.body;
      if (r !== TRAPPED && !this.vm.failed && body.length > 0) {
        e.chunk = body;
        e.eos = true;
        this.invoke(e, "data", body.length, 1);
        body = this.takeBody(e);
        e.buffering = false;
      }
      const status = Number(e.headers.get(":status"));
      return { ...response, status: Number.isFinite(status) ? status : response.status, headers: e.headers.toPairs(), body };
    } finally {
      this.inLocalReply = false;
      this.pendingLocal = null;
    }
  }

  setTerminal(outcome) {
    this.terminal = outcome;
    this.resolveEnded(outcome);
    this.resolveAll(this.request, outcome);
    this.resolveAll(this.response, outcome);
    return outcome;
  }

  resolveAll(d, outcome) {
    const w = d.waiter;
    d.waiter = null;
    w?.resolve(outcome);
    const hw = d.heldWaiter;
    d.heldWaiter = null;
    hw?.(outcome);
    const tw = d.heldTrailersWaiter;
    d.heldTrailersWaiter = null;
    tw?.(outcome);
    if (d.heldPaused.length) {
      const paused = d.heldPaused;
      d.heldPaused = [];
      for (const p of paused) p(outcome);
    }
    if (d.held.length) d.held = [];
    d.heldBytes = 0;
  }
}

