// Resuming, closing and re-routing the current stream.
import { StreamType } from "./enums";
import { WasmResult } from "./status";
import { proxy_continue_stream, proxy_close_stream, proxy_done, proxy_set_effective_context } from "./imports";
import { callForeignFunction } from "./foreign";

// Resumes a request paused by StopIteration (e.g. after an HTTP call answered).
export function continueRequest(): WasmResult { return proxy_continue_stream(StreamType.Request); }
export function continueResponse(): WasmResult { return proxy_continue_stream(StreamType.Response); }
// Resets the stream without a response.
export function closeRequest(): WasmResult { return proxy_close_stream(StreamType.Request); }
export function closeResponse(): WasmResult { return proxy_close_stream(StreamType.Response); }
// Makes Envoy re-evaluate the route after the filter changed headers it routes on
// (Envoy's foreign function "clear_route_cache"; ABI 0.2.1 has no direct call).
export function clearRouteCache(): WasmResult { return callForeignFunction("clear_route_cache", null).result; }
// Completes a context whose onDone returned false.
export function done(): WasmResult { return proxy_done(); }
export function setEffectiveContext(contextId: u32): WasmResult { return proxy_set_effective_context(contextId); }
