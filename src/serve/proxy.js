// One HTTP exchange through the filter, mirroring Envoy's filter chain: request headers, body
// chunks and trailers go to the filter as they arrive (decoder callbacks), whatever it releases goes
// to the upstream; the upstream response takes the same way back (encoder callbacks). Nothing is
// buffered here beyond what the filter itself holds, and reading pauses while the filter or
// either socket is busy, so a slow side slows the other down instead of filling memory.
import { performance } from "node:perf_hooks";
import { accessLogRecord } from "./access-log.js";
import { applyEdgeHeaders } from "./edge-headers.js";
import { stripHopByHop } from "./hop-by-hop.js";
import { upstreamFailure } from "./upstream.js";
import { Framing, contentLength } from "./framing.js";
import { formatAddress, lowerPairs, requestTarget } from "./http-message.js";

const EMPTY = Buffer.alloc(0);
/** Envoy's default per_connection_buffer_limit_bytes, if the host does not say. */
const DEFAULT_HOLD_LIMIT = 1024 * 1024;
/** Envoy's default max_headers_count: more request headers than this get 431. */
export const MAX_HEADERS_COUNT = 100;

/**
 * @param {object} ctx
 * @param {() => object} ctx.host the ProxyWasmHost
 * @param {ReturnType<import("./upstream.js").createUpstream>} ctx.upstream
 * @param {import("./proxy-stats.js").ProxyStats} ctx.stats
 * @param {{ write(record: object): void }} ctx.accessLog
 * @param {(socket: import("node:net").Socket) => number} ctx.workerOf
 * @param {() => string} ctx.defaultAuthority used for HTTP/1.0 requests without Host
 * @param {number} ctx.upstreamTimeoutMs
 * @param {boolean} ctx.preserveExternalRequestId
 * @param {(message: string) => void} ctx.diag
 */
export function createProxyHandler(ctx) {
  return (req, res) => {
    const exchange = new Exchange(ctx, req, res);
    exchange.run().catch((err) => {
      // run() handles every expected failure itself; this is a bug guard so one request can
      // never take the server down.
      ctx.diag(`internal error while proxying: ${err && err.stack ? err.stack : err}`);
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "text/plain", "content-length": "14", connection: "close" });
        res.end("internal error");
      } else {
        res.destroy();
      }
    });
    return exchange;
  };
}

class Exchange {
  constructor(ctx, req, res) {
    this.ctx = ctx;
    this.req = req;
    this.res = res;
    this.stream = null;
    this.ureq = null;
    this.finished = false; // the exchange is over (response complete, client gone or local reply)
    this.requestComplete = false;
    this.upstreamStarted = false;
    this.upstreamEnded = false;
    this.pendingUpstream = []; // data the filter released before request headers were (should not happen, kept safe)
    this.responseHeadersPairs = null; // response headers given to the filter, used if it holds them then releases only data
    this.timer = null;
    this.upstreamStart = 0;
    const socket = req.socket;
    this.log = {
      startWall: Date.now(),
      start: performance.now(),
      requestId: null,
      client: formatAddress(socket.remoteAddress, socket.remotePort),
      worker: ctx.workerOf(socket),
      method: req.method,
      path: req.url,
      protocol: `HTTP/${req.httpVersion}`,
      status: 0,
      bytesIn: 0,
      bytesOut: 0,
      durationMs: 0,
      upstreamMs: null,
      localReply: false,
      localReplyDetails: null,
      flags: [],
    };
  }

  async run() {
    const { ctx, req, res } = this;
    ctx.stats.requests++;
    ctx.stats.active++;
    res.once("close", () => this.finalize());

    if (req.rawHeaders.length / 2 > MAX_HEADERS_COUNT) {
      ctx.stats.headersTooLarge++;
      this.proxyReply(431, "too many request headers", "DPE");
      return;
    }
    const target = requestTarget(req, ctx.defaultAuthority);
    if (target === null) {
      this.proxyReply(400, "invalid request target", "DPE");
      return;
    }
    this.log.path = target.path;
    const socket = req.socket;
    const { pairs, requestId } = applyEdgeHeaders(stripHopByHop(lowerPairs(req.rawHeaders, true)), {
      clientIp: socket.remoteAddress ?? "",
      scheme: "http",
      preserveExternalRequestId: ctx.preserveExternalRequestId,
    });
    this.log.requestId = requestId;
    const headers = [[":method", req.method], [":path", target.path], [":authority", target.authority], [":scheme", "http"], ...pairs];
    const hasBody = req.headers["transfer-encoding"] !== undefined || (req.headers["content-length"] ?? "0") !== "0";
    if (!hasBody) this.requestComplete = true;

    this.stream = ctx.host().createStream({
      vm: this.log.worker,
      connection: {
        sourceAddress: this.log.client,
        destinationAddress: formatAddress(socket.localAddress, socket.localPort),
        tls: null,
      },
      protocol: this.log.protocol,
    });

    // Not awaited before the body: while the filter holds the headers (waiting for an HTTP
    // callout, say), the body keeps arriving and the host holds it, as Envoy's filter manager
    // does under StopAllIterationAndWatermark, up to the buffer limit; past that we stop reading
    // from the client until the headers are released (the watermark).
    this.headersSettled = false;
    this.headersDone = this.stream.requestHeaders(headers, !hasBody)
      .then((o) => this.onRequestOutcome(o, !hasBody))
      .catch((err) => this.filterFailure(err)) // includes headers the filter made invalid
      .finally(() => {
        this.headersSettled = true;
      });
    if (hasBody) await this.pumpRequestBody();
    await this.headersDone;
  }

  /** Feeds the client's body to the filter chunk by chunk; for-await pulls, so reading pauses while we wait. */
  async pumpRequestBody() {
    const { req } = this;
    const declared = req.headers["transfer-encoding"] === undefined ? Number(req.headers["content-length"]) : NaN;
    const holdLimit = this.ctx.host().bufferLimitBytes ?? DEFAULT_HOLD_LIMIT;
    let heldBytes = 0;
    try {
      for await (const chunk of req) {
        if (this.finished) break;
        this.log.bytesIn += chunk.length;
        // With a declared length we know which chunk is last, as Envoy's HTTP/1 codec does.
        const last = this.log.bytesIn === declared;
        if (last) this.requestComplete = true;
        try {
          await this.onRequestOutcome(await this.stream.requestBody(chunk, last), last);
        } catch (err) {
          this.filterFailure(err);
          break;
        }
        if (!this.headersSettled) {
          heldBytes += chunk.length;
          if (heldBytes >= holdLimit) await this.headersDone;
        }
        // No early return on `last`: leaving a for-await destroys the stream (and the socket).
      }
    } catch {
      // Only reading can fail here: the client went away mid-body; the close handler records it.
      return;
    }
    if (this.finished) return;
    if (req.readableAborted || !req.complete) return;
    if (this.log.bytesIn === declared) return; // end of stream already given with the last chunk
    this.requestComplete = true;
    const trailers = lowerPairs(req.rawTrailers, false);
    try {
      if (trailers.length > 0) await this.onRequestOutcome(await this.stream.requestTrailers(trailers), true);
      else await this.onRequestOutcome(await this.stream.requestBody(EMPTY, true), true);
    } catch (err) {
      this.filterFailure(err);
    }
  }

  async onRequestOutcome(outcome, endOfStream) {
    if (this.finished) return;
    if (outcome.action === "local") return this.filterLocalReply(outcome.response);
    if (outcome.action === "reset") return this.filterReset(outcome);
    if (outcome.action !== "continue") return; // "buffer": the filter holds it and releases it later
    if (outcome.headers && !this.upstreamStarted) this.startUpstream(outcome.headers);
    if (outcome.data && outcome.data.length > 0) await this.writeUpstream(outcome.data);
    if (outcome.trailers && outcome.trailers.length > 0 && this.ureq) {
      this.ureq.addTrailers(stripHopByHop(outcome.trailers.filter(([n]) => !n.startsWith(":"))));
    }
    if (endOfStream && this.requestComplete) {
      this.requestReleased = true;
      this.endUpstream();
    }
  }

  startUpstream(pairs) {
    const { ctx } = this;
    this.upstreamStarted = true;
    let method = this.req.method;
    let path = this.log.path;
    let authority = "";
    const flat = [];
    for (const [name, value] of stripHopByHop(pairs)) {
      if (name === ":method") method = value;
      else if (name === ":path") path = value;
      else if (name === ":authority") authority = value;
      else if (name === "host" || name.startsWith(":")) continue;
      else flat.push(name, value);
    }
    this.upstreamFraming = new Framing(contentLength(flat), "request");
    if (authority) flat.unshift("host", authority);
    this.upstreamStart = performance.now();
    const ureq = ctx.upstream.request({ method, path, headers: flat });
    this.ureq = ureq;
    ureq.on("response", (ures) => {
      this.clearTimer();
      this.log.upstreamMs = performance.now() - this.upstreamStart;
      this.pumpResponse(ures).catch((err) => this.filterFailure(err));
    });
    ureq.on("error", (err) => this.upstreamError(err));
    for (const data of this.pendingUpstream.splice(0)) {
      this.upstreamFraming.add(data.length);
      ureq.write(data);
    }
    if (this.requestReleased) this.endUpstream();
  }

  async writeUpstream(data) {
    if (!this.ureq) {
      this.pendingUpstream.push(data);
      return;
    }
    this.upstreamFraming.add(data.length);
    if (!this.ureq.write(data) && !this.ureq.destroyed) await drained(this.ureq);
  }

  endUpstream() {
    if (!this.ureq || this.upstreamEnded) return;
    this.upstreamFraming.end();
    this.upstreamEnded = true;
    this.ureq.end();
    // Envoy's route timeout starts once the downstream request is complete.
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timedOut = true;
      this.ureq.destroy(new Error("upstream request timeout"));
    }, this.ctx.upstreamTimeoutMs);
  }

  clearTimer() {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  upstreamError(err) {
    this.clearTimer();
    if (this.finished) return;
    if (this.res.headersSent || this.log.upstreamMs !== null) {
      // The upstream response had started (even if the filter still holds its headers): like
      // Envoy's router, which cannot send a local reply any more, reset the downstream too
      // rather than send a truncated body that looks complete.
      this.ctx.stats.upstreamError("reset");
      this.log.flags.push("UR");
      this.selfReset = true;
      this.res.destroy();
      return;
    }
    const f = upstreamFailure(err, this.timedOut === true);
    this.ctx.stats.upstreamError(f.reason);
    this.log.flags.push(f.flag);
    this.generatedResponse(f.status, f.body);
  }

  /**
   * A reply the proxy itself generates (502/504) goes through the filter's response callbacks,
   * as Envoy's router local replies go through the encoder filters.
   */
  generatedResponse(status, body) {
    const payload = Buffer.from(body);
    const fake = {
      statusCode: status,
      rawHeaders: ["content-length", String(payload.length), "content-type", "text/plain"],
      rawTrailers: [],
      payload,
    };
    this.pumpResponse(fake).catch((err) => this.filterFailure(err));
  }

  async pumpResponse(ures) {
    if (this.finished) return;
    const status = ures.statusCode;
    const pairs = stripHopByHop([[":status", String(status)], ...lowerPairs(ures.rawHeaders, false)]);
    const bodyless = this.req.method === "HEAD" || status === 204 || status === 304 || (status >= 100 && status < 200) ||
      (ures.payload ? ures.payload.length === 0 : ures.headers["content-length"] === "0");
    this.responseHeadersPairs = pairs;
    await this.onResponseOutcome(await this.stream.responseHeaders(pairs, bodyless), bodyless);
    if (bodyless || this.finished) {
      if (!ures.payload) ures.resume();
      return;
    }
    if (ures.payload) {
      await this.onResponseOutcome(await this.stream.responseBody(ures.payload, true), true);
      return;
    }
    let received = 0;
    const declared = ures.headers["transfer-encoding"] === undefined ? Number(ures.headers["content-length"]) : NaN;
    try {
      for await (const chunk of ures) {
        if (this.finished) break;
        received += chunk.length;
        const last = received === declared;
        try {
          await this.onResponseOutcome(await this.stream.responseBody(chunk, last), last);
        } catch (err) {
          this.filterFailure(err);
          break;
        }
      }
    } catch (err) {
      // Only reading can fail here: the upstream reset mid-body.
      if (this.finished) return;
      return this.upstreamError(err);
    }
    if (this.finished) return;
    if (!ures.complete) return this.upstreamError(new Error("upstream response incomplete"));
    if (received === declared) return;
    const trailers = lowerPairs(ures.rawTrailers, false);
    if (trailers.length > 0) await this.onResponseOutcome(await this.stream.responseTrailers(trailers), true);
    else await this.onResponseOutcome(await this.stream.responseBody(EMPTY, true), true);
  }

  async onResponseOutcome(outcome, endOfStream) {
    if (this.finished) return;
    if (outcome.action === "local") return this.filterLocalReply(outcome.response);
    if (outcome.action === "reset") return this.filterReset(outcome);
    if (outcome.action !== "continue") return;
    const { res } = this;
    if (!res.headersSent) {
      const head = outcome.headers ?? (outcome.data !== undefined || endOfStream ? this.responseHeadersPairs : null);
      if (head) this.writeHead(head);
    }
    if (outcome.data && outcome.data.length > 0 && res.headersSent) {
      this.responseFraming.add(outcome.data.length);
      this.log.bytesOut += outcome.data.length;
      if (!res.write(outcome.data) && !res.destroyed) await drained(res);
    }
    if (outcome.trailers && outcome.trailers.length > 0 && res.headersSent && !res.writableEnded) {
      res.addTrailers(outcome.trailers.filter(([n]) => !n.startsWith(":")));
    }
    if (endOfStream && res.headersSent && !res.writableEnded) {
      this.responseFraming.end();
      res.end();
    }
  }

  writeHead(pairs) {
    let status = 200;
    const flat = [];
    for (const [name, value] of stripHopByHop(pairs)) {
      if (name === ":status") status = Number(value);
      else if (!name.startsWith(":")) flat.push(name, value);
    }
    this.log.status = status;
    const noBody = this.req.method === "HEAD" || status === 204 || status === 304 || status < 200;
    this.responseFraming = new Framing(noBody ? null : contentLength(flat), "response");
    if (!this.requestComplete) this.res.shouldKeepAlive = false;
    this.res.writeHead(status, flat);
  }

  filterLocalReply(response) {
    this.log.localReply = true;
    this.log.localReplyDetails = response.details ?? null;
    this.ctx.stats.localReply(response.status);
    this.writeFinal(response.status, response.headers ?? [], response.body ?? EMPTY);
  }

  /**
   * The filter reset the stream (proxy_close_stream, or a local reply once the response had
   * started): both connections of this exchange are cut, as Envoy resets the stream.
   */
  filterReset(outcome) {
    if (this.finished) return;
    this.finished = true;
    this.log.flags.push("LR");
    this.selfReset = true;
    if (outcome.details) this.log.localReplyDetails = outcome.details;
    this.dropUpstream();
    this.clearTimer();
    this.res.destroy();
  }

  /**
   * Nothing moved on the client connection for the stream idle timeout (Envoy's
   * stream_idle_timeout, 5 minutes by default): 408 if no response started, else a reset.
   */
  idleTimeout() {
    if (this.finished) {
      this.res.destroy();
      return;
    }
    this.ctx.stats.idleTimeouts++;
    if (!this.res.headersSent) {
      this.proxyReply(408, "stream timeout", "SI");
      return;
    }
    this.finished = true;
    this.selfReset = true;
    this.log.flags.push("SI");
    this.dropUpstream();
    this.clearTimer();
    this.res.destroy();
  }

  /** A reply from the proxy itself that must not go through the filter (bad request target). */
  proxyReply(status, body, flag) {
    this.log.flags.push(flag);
    this.writeFinal(status, [["content-type", "text/plain"]], Buffer.from(body));
  }

  /** Writes a complete response and ends the exchange; the upstream side, if any, is dropped. */
  writeFinal(status, headerPairs, body) {
    const { res } = this;
    this.dropUpstream();
    this.clearTimer();
    if (res.headersSent) {
      // Too late for a new status line: reset, as Envoy does.
      this.finished = true;
      this.selfReset = true;
      this.log.flags.push("LR");
      res.destroy();
      return;
    }
    const flat = [];
    let hasType = false;
    for (const [name, value] of stripHopByHop(headerPairs)) {
      if (name.startsWith(":") || name === "content-length") continue;
      if (name === "content-type") hasType = true;
      flat.push(name, value);
    }
    if (body.length > 0 && !hasType) flat.push("content-type", "text/plain");
    flat.push("content-length", String(body.length));
    this.log.status = status;
    this.log.bytesOut += this.req.method === "HEAD" ? 0 : body.length;
    if (!this.requestComplete) res.shouldKeepAlive = false;
    this.finished = true;
    res.writeHead(status, flat);
    res.end(body);
  }

  filterFailure(err) {
    if (this.finished) return;
    this.ctx.diag(`filter error on request ${this.log.requestId}: ${err && err.message ? err.message : err}`);
    this.log.flags.push("FE");
    this.writeFinal(500, [["content-type", "text/plain"]], Buffer.from("filter error"));
  }

  /** Abandons the upstream exchange unless it completed (a completed one keeps its pooled socket). */
  dropUpstream() {
    if (this.ureq && !this.ureq.destroyed && !(this.ureq.res && this.ureq.res.complete)) this.ureq.destroy();
  }

  finalize() {
    if (this.finalized) return;
    this.finalized = true;
    const { ctx, res } = this;
    this.clearTimer();
    if (!res.writableFinished) {
      // The client left (or we reset it) before the response was complete.
      if (!this.selfReset) {
        this.log.flags.push("DC");
        ctx.stats.downstreamAborts++;
      }
      if (!res.headersSent) this.log.status = 0;
    }
    this.finished = true;
    this.dropUpstream();
    try {
      this.stream?.finish();
    } catch (err) {
      ctx.diag(`filter error finishing request ${this.log.requestId}: ${err.message}`);
    }
    ctx.stats.active--;
    ctx.stats.response(this.log.status);
    this.log.durationMs = performance.now() - this.log.start;
    ctx.accessLog.write(accessLogRecord(this.log));
  }
}

/** Resolves on "drain" or "close", whichever comes first, leaving no listener behind. */
function drained(emitter) {
  return new Promise((resolve) => {
    const done = () => {
      emitter.off("drain", done);
      emitter.off("close", done);
      resolve();
    };
    emitter.on("drain", done);
    emitter.on("close", done);
  });
}
