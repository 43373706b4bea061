// Numeric values of the proxy-wasm ABI 0.2.1 (proxy-wasm/spec abi-versions/v0.2.1 and
// proxy-wasm-cpp-host include/proxy-wasm/context_interface.h). Kept in one place so the
// rest of the host never uses a bare number for an ABI value.

/** proxy_result_t */
export const WasmResult = Object.freeze({
  Ok: 0,
  NotFound: 1,
  BadArgument: 2,
  SerializationFailure: 3,
  ParseFailure: 4,
  BadExpression: 5,
  InvalidMemoryAccess: 6,
  Empty: 7,
  CasMismatch: 8,
  ResultMismatch: 9,
  InternalFailure: 10,
  BrokenConnection: 11,
  Unimplemented: 12,
});

/** proxy_log_level_t (spdlog numbering, which is what Envoy reports) */
export const LogLevel = Object.freeze({ trace: 0, debug: 1, info: 2, warn: 3, error: 4, critical: 5 });
export const LOG_LEVEL_NAMES = Object.freeze(["trace", "debug", "info", "warn", "error", "critical"]);

/** proxy_header_map_type_t */
export const MapType = Object.freeze({
  RequestHeaders: 0,
  RequestTrailers: 1,
  ResponseHeaders: 2,
  ResponseTrailers: 3,
  GrpcReceiveInitialMetadata: 4,
  GrpcReceiveTrailingMetadata: 5,
  HttpCallResponseHeaders: 6,
  HttpCallResponseTrailers: 7,
  MAX: 7,
});

/** proxy_buffer_type_t */
export const BufferType = Object.freeze({
  HttpRequestBody: 0,
  HttpResponseBody: 1,
  DownstreamData: 2,
  UpstreamData: 3,
  HttpCallResponseBody: 4,
  GrpcReceiveBuffer: 5,
  VmConfiguration: 6,
  PluginConfiguration: 7,
  CallData: 8,
  MAX: 8,
});

/** proxy_stream_type_t */
export const StreamType = Object.freeze({ Request: 0, Response: 1, Downstream: 2, Upstream: 3, MAX: 3 });

/** proxy_metric_type_t */
export const MetricType = Object.freeze({ Counter: 0, Gauge: 1, Histogram: 2, MAX: 2 });

/** Filter return values (proxy_filter_headers_status_t / data / trailers). */
export const HeadersStatus = Object.freeze({
  Continue: 0,
  StopIteration: 1,
  ContinueAndEndStream: 2,
  StopAllIterationAndBuffer: 3,
  StopAllIterationAndWatermark: 4,
});
export const DataStatus = Object.freeze({
  Continue: 0,
  StopIterationAndBuffer: 1,
  StopIterationAndWatermark: 2,
  StopIterationNoBuffer: 3,
});
export const TrailersStatus = Object.freeze({ Continue: 0, StopIteration: 1 });

/** The ABI markers a module may export; the host accepts these two (Envoy also takes 0_1_0). */
export const ABI_MARKERS = Object.freeze(["proxy_abi_version_0_2_1", "proxy_abi_version_0_2_0"]);

/** WASI errno values used by Envoy's WASI shims. */
export const Errno = Object.freeze({ SUCCESS: 0, BADF: 8, FAULT: 21, INVAL: 28, NOENT: 44, NOSYS: 52, NOTSUP: 58 });
