// Every proxy_on_* callback an HTTP filter needs, dispatched to the contexts.
// main.ts re-exports this module; the host finds the functions by name.
import { FilterHeadersStatus, FilterDataStatus, FilterTrailersStatus, LogLevel } from "./enums";
import { roots, streams, findRoot, findStream, createRoot } from "./context";
import { refreshLogLevel, log } from "./log";
import { takeCall, forgetContext } from "./call_registry";
import { proxy_set_effective_context, proxy_send_local_response } from "./imports";
import { collectIfDue, collectNow, collectBeforeBody, addStreamPressure } from "./gc";

export { proxy_on_memory_allocate } from "./memory";

// ABI marker: never called, its presence selects ABI 0.2.1 in the host.
export function proxy_abi_version_0_2_1(): void {}

// Streams seen since the log level was last read (see log.ts).
let streamsSinceLevelRefresh: u32 = 0;

export function proxy_on_context_create(contextId: u32, parentContextId: u32): void {
  if (parentContextId == 0) {
    roots.set(contextId, createRoot(contextId));
    return;
  }
  addStreamPressure();
  let root = findRoot(parentContextId);
  if (root === null) {
    // Cannot happen with a conforming host; the stream stays unknown and its
    // request is refused in proxy_on_request_headers (fail closed).
    log(LogLevel.Critical, "bulwark: stream context " + contextId.toString() + " has unknown root " + parentContextId.toString());
    return;
  }
  if (++streamsSinceLevelRefresh >= 1024) { streamsSinceLevelRefresh = 0; refreshLogLevel(); }
  streams.set(contextId, root.newHttpContext(contextId));
  collectIfDue();
}

export function proxy_on_vm_start(rootId: u32, vmConfigurationSize: u32): bool {
  refreshLogLevel();
  let root = findRoot(rootId);
  let ok = root !== null ? root.onVmStart(vmConfigurationSize) : false;
  collectNow();
  return ok;
}

export function proxy_validate_configuration(rootId: u32, configurationSize: u32): bool {
  let root = findRoot(rootId);
  let ok = root !== null ? root.validateConfiguration(configurationSize) : false;
  collectNow();
  return ok;
}

export function proxy_on_configure(rootId: u32, configurationSize: u32): bool {
  refreshLogLevel();
  let root = findRoot(rootId);
  let ok = root !== null ? root.onConfigure(configurationSize) : false;
  // Compiling a configuration leaves far more garbage than a request.
  collectNow();
  return ok;
}

export function proxy_on_tick(rootId: u32): void {
  refreshLogLevel();
  let root = findRoot(rootId);
  if (root !== null) root.onTick();
  collectIfDue();
}

export function proxy_on_queue_ready(rootId: u32, queueId: u32): void {
  let root = findRoot(rootId);
  if (root !== null) root.onQueueReady(queueId);
  collectIfDue();
}

// A serialized header map with zero pairs.
const NO_HEADERS: usize = memory.data(4);

// Refuses a request on a stream the filter does not know: inspection cannot run,
// so the request must not pass silently.
function refuseUnknownStream(contextId: u32): FilterHeadersStatus {
  log(LogLevel.Error, "bulwark: request on unknown stream context " + contextId.toString() + " refused");
  let details = String.UTF8.encode("bulwark_internal_error");
  store<u32>(NO_HEADERS, 0);
  proxy_send_local_response(500, changetype<usize>(details), <usize>details.byteLength, 0, 0, NO_HEADERS, 4, -1);
  return FilterHeadersStatus.StopIteration;
}

export function proxy_on_request_headers(contextId: u32, numHeaders: u32, endOfStream: u32): FilterHeadersStatus {
  let s = findStream(contextId);
  let r = s !== null ? s.onRequestHeaders(numHeaders, endOfStream != 0) : refuseUnknownStream(contextId);
  collectIfDue();
  return r;
}

export function proxy_on_request_body(contextId: u32, bodySize: u32, endOfStream: u32): FilterDataStatus {
  // the filter reads a buffered body once, at its end (filter/stream.ts)
  if (endOfStream != 0) collectBeforeBody(bodySize);
  let s = findStream(contextId);
  let r = s !== null ? s.onRequestBody(bodySize, endOfStream != 0) : FilterDataStatus.StopIterationNoBuffer;
  collectIfDue();
  return r;
}

export function proxy_on_request_trailers(contextId: u32, numTrailers: u32): FilterTrailersStatus {
  let s = findStream(contextId);
  let r = s !== null ? s.onRequestTrailers(numTrailers) : FilterTrailersStatus.StopIteration;
  collectIfDue();
  return r;
}

export function proxy_on_response_headers(contextId: u32, numHeaders: u32, endOfStream: u32): FilterHeadersStatus {
  let s = findStream(contextId);
  let r = s !== null ? s.onResponseHeaders(numHeaders, endOfStream != 0) : FilterHeadersStatus.Continue;
  collectIfDue();
  return r;
}

export function proxy_on_response_body(contextId: u32, bodySize: u32, endOfStream: u32): FilterDataStatus {
  let s = findStream(contextId);
  let r = s !== null ? s.onResponseBody(bodySize, endOfStream != 0) : FilterDataStatus.Continue;
  collectIfDue();
  return r;
}

export function proxy_on_response_trailers(contextId: u32, numTrailers: u32): FilterTrailersStatus {
  let s = findStream(contextId);
  let r = s !== null ? s.onResponseTrailers(numTrailers) : FilterTrailersStatus.Continue;
  collectIfDue();
  return r;
}

// Delivered on the root context; routed to the stream that dispatched the call.
export function proxy_on_http_call_response(rootId: u32, token: u32, numHeaders: u32, bodySize: u32, numTrailers: u32): void {
  let origin = takeCall(token);
  if (origin == 0) return;
  let s = findStream(origin);
  if (s !== null) {
    proxy_set_effective_context(origin);
    s.onHttpCallResponse(token, numHeaders, bodySize, numTrailers);
  } else {
    let root = findRoot(origin);
    if (root !== null) root.onHttpCallResponse(token, numHeaders, bodySize, numTrailers);
  }
  collectIfDue();
}

export function proxy_on_done(contextId: u32): bool {
  let s = findStream(contextId);
  if (s !== null) return s.onDone();
  let root = findRoot(contextId);
  return root !== null ? root.onDone() : true;
}

export function proxy_on_log(contextId: u32): void {
  let s = findStream(contextId);
  if (s !== null) s.onLog();
  else {
    let root = findRoot(contextId);
    if (root !== null) root.onLog();
  }
  collectIfDue();
}

export function proxy_on_delete(contextId: u32): void {
  let s = findStream(contextId);
  if (s !== null) {
    s.onDelete();
    forgetContext(contextId);
    streams.delete(contextId);
    collectIfDue();
    return;
  }
  let root = findRoot(contextId);
  if (root !== null) {
    root.onDelete();
    forgetContext(contextId);
    roots.delete(contextId);
  }
}
