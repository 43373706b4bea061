// Status codes returned by every host function (proxy_status_t in ABI 0.2.1;
// values as in proxy-wasm-cpp-host's WasmResult).
export enum WasmResult {
  Ok = 0,
  NotFound = 1,
  BadArgument = 2,
  SerializationFailure = 3,
  ParseFailure = 4,
  BadExpression = 5,
  InvalidMemoryAccess = 6,
  Empty = 7,
  CasMismatch = 8,
  ResultMismatch = 9,
  InternalFailure = 10,
  BrokenConnection = 11,
  Unimplemented = 12,
}

// For log lines only: the name of a status, so errors read "NotFound" rather than "1".
export function wasmResultName(result: WasmResult): string {
  switch (result) {
    case WasmResult.Ok: return "Ok";
    case WasmResult.NotFound: return "NotFound";
    case WasmResult.BadArgument: return "BadArgument";
    case WasmResult.SerializationFailure: return "SerializationFailure";
    case WasmResult.ParseFailure: return "ParseFailure";
    case WasmResult.BadExpression: return "BadExpression";
    case WasmResult.InvalidMemoryAccess: return "InvalidMemoryAccess";
    case WasmResult.Empty: return "Empty";
    case WasmResult.CasMismatch: return "CasMismatch";
    case WasmResult.ResultMismatch: return "ResultMismatch";
    case WasmResult.InternalFailure: return "InternalFailure";
    case WasmResult.BrokenConnection: return "BrokenConnection";
    case WasmResult.Unimplemented: return "Unimplemented";
    default: return "Unknown(" + (<i32>result).toString() + ")";
  }
}
