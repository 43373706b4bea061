// proxy_call_foreign_function: host extensions called by name. Envoy registers e.g.
// "clear_route_cache", "compress", "uncompress" (source/extensions/common/wasm/foreign.cc);
// an unknown name answers NotFound.
import { WasmResult } from "./status";
import { proxy_call_foreign_function } from "./imports";
import { resetOut, outPtr, outSize, takeBuffer, freeOut } from "./memory";

export class ForeignResult {
  constructor(public result: WasmResult, public data: ArrayBuffer | null) {}
}

export function callForeignFunction(name: string, args: ArrayBuffer | null): ForeignResult {
  let n = String.UTF8.encode(name);
  let argsPtr: usize = 0, argsLen: usize = 0;
  if (args !== null) { argsPtr = changetype<usize>(args); argsLen = <usize>args.byteLength; }
  resetOut();
  let result = proxy_call_foreign_function(changetype<usize>(n), <usize>n.byteLength, argsPtr, argsLen, outPtr(), outSize());
  if (result != WasmResult.Ok) { freeOut(); return new ForeignResult(result, null); }
  return new ForeignResult(result, takeBuffer());
}
