// proxy_http_call plus the routing of its answer back to the context that made it.
//
// The host delivers proxy_on_http_call_response on the ROOT context with only the
// call token. dispatchHttpCall records token -> originating context id
// (call_registry.ts); exports.ts looks the token up, makes the originating stream
// the effective context (proxy_set_effective_context) and calls its
// onHttpCallResponse. Tokens of a deleted stream are forgotten on proxy_on_delete.
import { WasmResult } from "./status";
import { proxy_http_call, proxy_get_status } from "./imports";
import { HeaderPair, encodePairs } from "./pairs";
import { resetOut, outPtr, outSize, outExtra, takeString, freeOut } from "./memory";
import { registerCall } from "./call_registry";

export class HttpCallResult {
  constructor(public result: WasmResult, public token: u32) {}
}

// Dispatches an HTTP call to `cluster`. `headers` must include :method, :path and
// :authority (Envoy rejects the call otherwise).
export function dispatchHttpCall(originContextId: u32, cluster: string, headers: Array<HeaderPair>,
                                 body: ArrayBuffer | null, trailers: Array<HeaderPair>, timeoutMs: u32): HttpCallResult {
  let up = String.UTF8.encode(cluster);
  let hdr = encodePairs(headers);
  let trl = encodePairs(trailers);
  let bodyPtr: usize = 0;
  let bodyLen: usize = 0;
  if (body !== null) { bodyPtr = changetype<usize>(body); bodyLen = <usize>body.byteLength; }
  resetOut();
  let result = proxy_http_call(changetype<usize>(up), <usize>up.byteLength, changetype<usize>(hdr), <usize>hdr.byteLength,
    bodyPtr, bodyLen, changetype<usize>(trl), <usize>trl.byteLength, timeoutMs, outExtra());
  let token = load<u32>(outExtra());
  if (result == WasmResult.Ok) registerCall(token, originContextId);
  return new HttpCallResult(result, token);
}

// Status of the call being answered (valid inside onHttpCallResponse): the code is
// 0 on success or an Envoy failure reason when the call failed (reset, timeout).
export class CallStatus {
  constructor(public code: u32, public message: string) {}
}

export function getCallStatus(): CallStatus {
  resetOut();
  let result = proxy_get_status(outExtra(), outPtr(), outSize());
  let code = load<u32>(outExtra());
  if (result != WasmResult.Ok) { freeOut(); return new CallStatus(code, ""); }
  return new CallStatus(code, takeString());
}
