// Enumerations of proxy-wasm ABI 0.2.1. Numeric values are part of the ABI and
// follow proxy-wasm-cpp-host (include/proxy-wasm/wasm_api_impl.h, context_interface.h).

// Return value of proxy_on_request_headers / proxy_on_response_headers.
export enum FilterHeadersStatus {
  Continue = 0,
  StopIteration = 1,
  ContinueAndEndStream = 2,
  StopAllIterationAndBuffer = 3,
  StopAllIterationAndWatermark = 4,
}

// Return value of proxy_on_request_body / proxy_on_response_body.
export enum FilterDataStatus {
  Continue = 0,
  StopIterationAndBuffer = 1,
  StopIterationAndWatermark = 2,
  StopIterationNoBuffer = 3,
}

// Return value of proxy_on_request_trailers / proxy_on_response_trailers.
export enum FilterTrailersStatus {
  Continue = 0,
  StopIteration = 1,
}

// Return value of proxy_on_request_metadata / proxy_on_response_metadata.
export enum FilterMetadataStatus {
  Continue = 0,
}

export enum BufferType {
  HttpRequestBody = 0,
  HttpResponseBody = 1,
  DownstreamData = 2,
  UpstreamData = 3,
  HttpCallResponseBody = 4,
  GrpcReceiveBuffer = 5,
  VmConfiguration = 6,
  PluginConfiguration = 7,
  CallData = 8,
}

export enum MapType {
  HttpRequestHeaders = 0,
  HttpRequestTrailers = 1,
  HttpResponseHeaders = 2,
  HttpResponseTrailers = 3,
  GrpcReceiveInitialMetadata = 4,
  GrpcReceiveTrailingMetadata = 5,
  HttpCallResponseHeaders = 6,
  HttpCallResponseTrailers = 7,
}

export enum LogLevel {
  Trace = 0,
  Debug = 1,
  Info = 2,
  Warn = 3,
  Error = 4,
  Critical = 5,
}

export enum MetricType {
  Counter = 0,
  Gauge = 1,
  Histogram = 2,
}

// proxy_stream_type_t: argument of proxy_continue_stream / proxy_close_stream.
export enum StreamType {
  Request = 0,
  Response = 1,
  Downstream = 2,
  Upstream = 3,
}

// proxy_peer_type_t (network filters; declared for completeness of the ABI).
export enum PeerType {
  Unknown = 0,
  Local = 1,
  Remote = 2,
}
