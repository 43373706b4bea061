// Public API of the Bulwark proxy-wasm host (see docs/host.md).
export { ProxyWasmHost, checkModule } from "./host.js";
export { HttpStream } from "./stream.js";
export { HostLoadError, ConfigureError } from "./errors.js";
export { HeaderMap, marshalPairs, unmarshalPairs } from "./header-map.js";
export { WasmResult, LogLevel, MapType, BufferType, StreamType, MetricType } from "./abi.js";
export { Int64, Uint64, Timestamp, Duration } from "./properties.js";
