// BulwarkStream: one per HTTP request. Builds the request model, selects the
// policy and runs the pipeline (pipeline.ts) for secured policies.
import { HttpContext, RootContext } from "../sdk/context";
import { FilterHeadersStatus, FilterDataStatus, FilterTrailersStatus, MapType } from "../sdk/enums";
import { getHeaderPairs } from "../sdk/headers";
import { getBufferBytes } from "../sdk/buffers";
import { BufferType } from "../sdk/enums";
import { violation, BLOCK_TYPE_PARSER } from "./security_event";
import { sendLocalResponse, sendEncodedLocalResponse } from "../sdk/local_reply";
import { continueRequest } from "../sdk/stream_control";
import { debugEnabled, logDebug, logInfo, logError, isEnabled } from "../sdk/log";
import { LogLevel } from "../sdk/enums";
import { HeaderPair } from "../sdk/pairs";
import { RequestModel } from "../request/model";
import { Route } from "../config/model";
import { Exchange, Pipeline, StageAction } from "./pipeline";
import { LocalReply } from "./local_reply";
import { metrics } from "./metrics";
import { hostRequestProperties } from "./host_properties";
import { logSafe } from "./log_safe";
import { BulwarkRoot } from "./root";
import { releaseItems } from "../parse/item_pool";
import { finishLocalReply } from "../respond/local";
import { DETAILS_CUSTOM_RESPONSE } from "../respond/custom";

// Requests refused by failClosed in this VM (for log throttling).
let failClosedSinceLog: u64 = 0;

export class BulwarkStream extends HttpContext {
  // The request's exchange from onRequestHeaders to delete; null for unsecured
  // policies and requests refused before selection.
  exchange: Exchange | null = null;
  // The pipeline the request started with: a reconfiguration while the request is
  // paused must not shift stage positions under it.
  pipeline: Pipeline | null = null;

  constructor(id: u32, root: RootContext) { super(id, root); }

  onRequestHeaders(numHeaders: u32, endOfStream: bool): FilterHeadersStatus {
    let m = metrics();
    m.requests.increment();
    let root = changetype<BulwarkRoot>(this.root);
    let config = root.config;
    if (config === null) return this.failClosed(503, "bulwark_not_configured", "no valid configuration");
    let headers = getHeaderPairs(MapType.HttpRequestHeaders);
    if (headers === null) return this.failClosed(500, "bulwark_internal_error", "cannot read request headers");

    let model = new RequestModel(headers, hostRequestProperties);
    let selector = config.selector;
    let routeName: string | null = selector.usesRouteNames ? model.routeName : null;
    let index = selector.selectRoute(routeName, model.host, model.path);
    let route: Route | null = index >= 0 ? config.routes[index] : null;
    let policy = selector.policyOf(index);

    if (debugEnabled()) {
      // The path before '?' only: query strings carry tokens. Never cookies or authorization.
      logDebug("bulwark: route=" + (route !== null ? logSafe(route.name) : "-") + " policy=" + logSafe(policy.name)
        + " method=" + logSafe(model.method, 32) + " path=" + logSafe(model.path));
    }
    if (!policy.secured) {
      m.unsecured.increment();
      return FilterHeadersStatus.Continue;
    }

    let x = new Exchange(this.id, model, config, route, policy);
    x.hasBody = !endOfStream;
    let pipeline = root.pipeline;
    this.exchange = x;
    this.pipeline = pipeline;
    return this.apply(x, pipeline.runRequestHeaders(x), false);
  }

  onResponseHeaders(numHeaders: u32, endOfStream: bool): FilterHeadersStatus {
    let x = this.exchange;
    let pipeline = this.pipeline;
    if (x === null || pipeline === null || !x.passed || pipeline.length == 0) return FilterHeadersStatus.Continue;
    if (pipeline.runResponseHeaders(x) == StageAction.Block) {
      // Defensive: should the host run this reply through the encoder filters again
      // (Envoy does for replies sent while decoding; envoyproxy/envoy#20535), the
      // stages must not see and block their own reply a second time.
      this.pipeline = null;
      this.sendBlock(x, x.reply!);
      return FilterHeadersStatus.StopIteration;
    }
    return FilterHeadersStatus.Continue;
  }

  // The request body (docs/limits.md "Body handling"). While the pipeline is
  // paused, body and trailers must not release the request: Envoy's proxy-wasm host
  // turns StopIteration from onRequestHeaders into StopAllIterationAndWatermark, so
  // it does not deliver body chunks then; but a host that does (plain Envoy
  // StopIteration semantics, or cpp-host's opt-in knob) would resume the stopped
  // chain on a Continue here, before the stage decided.
  //
  // After the headers passed: a body with a parser is buffered
  // (StopIterationAndBuffer, so Envoy holds it and `bodySize` is the whole buffer)
  // until end of stream, then parsed once and decided on before any of it goes
  // upstream; a body without a parser streams through and is only counted. Either
  // is refused as soon as it crosses its limit, without buffering the rest.
  onRequestBody(bodySize: u32, endOfStream: bool): FilterDataStatus {
    let x = this.exchange;
    if (x === null) return FilterDataStatus.Continue;
    if (x.paused) return FilterDataStatus.StopIterationAndBuffer;
    let pipeline = this.pipeline;
    if (pipeline === null || !x.passed || x.bodyDone) return FilterDataStatus.Continue;
    x.bodyBytes = x.bodyBuffered ? <i64>bodySize : x.bodyBytes + <i64>bodySize;
    if (x.bodyLimit > 0 && x.bodyBytes > x.bodyLimit) {
      if (pipeline.runRequestBodyTooLarge(x) == StageAction.Block) return this.blockBody(x);
      x.bodyDone = true; // log-only: stop inspecting, release what is held
      x.bodyBuffered = false;
      return FilterDataStatus.Continue;
    }
    if (!endOfStream) return x.bodyBuffered ? FilterDataStatus.StopIterationAndBuffer : FilterDataStatus.Continue;
    return this.endOfBody(x, pipeline, bodySize);
  }

  // Trailers end a body that had no end_of_stream chunk: decide on it now.
  onRequestTrailers(numTrailers: u32): FilterTrailersStatus {
    let x = this.exchange;
    if (x === null) return FilterTrailersStatus.Continue;
    if (x.paused) return FilterTrailersStatus.StopIteration;
    let pipeline = this.pipeline;
    if (pipeline === null || !x.passed || x.bodyDone || !x.hasBody) return FilterTrailersStatus.Continue;
    let status = this.endOfBody(x, pipeline, <u32>x.bodyBytes);
    return status == FilterDataStatus.Continue ? FilterTrailersStatus.Continue : FilterTrailersStatus.StopIteration;
  }

  private endOfBody(x: Exchange, pipeline: Pipeline, bodySize: u32): FilterDataStatus {
    let body: Uint8Array | null = null;
    // An empty body (an HTTP/2 DATA frame with only end_stream) is no document to parse.
    if (x.bodyBuffered && bodySize > 0) {
      let bytes = getBufferBytes(BufferType.HttpRequestBody, 0, bodySize);
      // A body we planned to parse but cannot read is not passed uninspected.
      if (bytes === null || <u32>bytes.byteLength != bodySize) {
        violation(x, BLOCK_TYPE_PARSER, "body_unavailable", "body", 0, 0, false);
        return this.blockBody(x);
      }
      body = Uint8Array.wrap(bytes);
    }
    let action = pipeline.runRequestBody(x, body);
    x.bodyDone = true;
    if (action == StageAction.Block) return this.blockBody(x);
    return FilterDataStatus.Continue;
  }

  private blockBody(x: Exchange): FilterDataStatus {
    // The exchange no longer passes: our own reply must not run the response stages.
    x.passed = false;
    x.bodyDone = true;
    this.sendBlock(x, x.reply!);
    return FilterDataStatus.StopIterationNoBuffer;
  }

  onHttpCallResponse(token: u32, numHeaders: u32, bodySize: u32, numTrailers: u32): void {
    let x = this.exchange;
    let pipeline = this.pipeline;
    if (x === null || pipeline === null || !x.paused) return;
    let action = pipeline.resumeWithHttpCallResponse(x, token, numHeaders, bodySize, numTrailers);
    this.apply(x, action, true);
  }

  onDelete(): void {
    // Nothing reads the request's body items after this: they go back to the
    // per-VM item pool (parse/item_pool.ts) for later requests.
    let x = this.exchange;
    if (x !== null) releaseItems(x.bodyItems);
    this.exchange = null; this.pipeline = null;
  }

  // Turns a pipeline result into what the host expects. `resumed` is true when the
  // request was paused before, so passing it needs proxy_continue_stream.
  private apply(x: Exchange, action: StageAction, resumed: bool): FilterHeadersStatus {
    if (action == StageAction.Pause) return FilterHeadersStatus.StopIteration;
    if (action == StageAction.Block) {
      this.sendBlock(x, x.reply!);
      return FilterHeadersStatus.StopIteration;
    }
    if (resumed) continueRequest();
    return FilterHeadersStatus.Continue;
  }

  private sendBlock(x: Exchange, blocked: LocalReply): void {
    // A replaced upstream response is no block: not counted, not logged as one.
    let replaced = blocked.details == DETAILS_CUSTOM_RESPONSE;
    if (!replaced) metrics().blocked.increment();
    // Custom response and response header rewrites (respond/local.ts).
    let reply = finishLocalReply(x, blocked);
    if (!replaced && isEnabled(LogLevel.Info)) {
      logInfo("bulwark: blocked status=" + reply.status.toString() + " details=" + reply.details + " stage=" + reply.stage
        + " route=" + logSafe(x.routeLabel) + " policy=" + logSafe(x.policy.name) + " method=" + logSafe(x.model.method, 32)
        + " path=" + logSafe(x.model.path) + " request_id=" + logSafe(x.model.requestId, 64));
    }
    let body = reply.body.length > 0 ? String.UTF8.encode(reply.body) : null;
    let hdr = reply.encodedHeaders, det = reply.encodedDetails;
    if (hdr !== null && det !== null) sendEncodedLocalResponse(reply.status, det, body, hdr);
    else sendLocalResponse(reply.status, reply.details, body, reply.headers);
  }

  private failClosed(status: u32, details: string, reason: string): FilterHeadersStatus {
    metrics().failedClosed.increment();
    // One line for the first refusal and then one per 1000, so a broken deployment
    // cannot flood the log; the counter has the exact number.
    if (failClosedSinceLog++ % 1000 == 0) {
      logError("bulwark: request refused (" + reason + "): status=" + status.toString() + " details=" + details
        + " (" + failClosedSinceLog.toString() + " refused so far)");
    }
    sendLocalResponse(status, details, null, new Array<HeaderPair>());
    return FilterHeadersStatus.StopIteration;
  }
}
