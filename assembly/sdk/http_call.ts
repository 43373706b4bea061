// proxy_http_call plus the routing of its answer back to the context that made it.
//
// The host delivers proxy_on_http_call_response on the ROOT context with only the
// call token. We remember token -> originating context id here; exports.ts looks the
// token up, makes the originating stream the effective context
// (proxy_set_effective_context) and calls its onHttpCallResponse. A stream deleted
// before the answer arrives is simply skipped (its entry is dropped on delete).
import { WasmResult } from "./status";
import { proxy_http_call, proxy_get_status } from "./imports";
import { HeaderPair, encodePairs } from "./pairs";
import { resetOut, outPtr, outSize, outExtra, takeString, freeOut } from "./memory";

const pendingCalls = new Map<u32, u32>();

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
  if (result == WasmResult.Ok) pendingCalls.set(token, originContextId);
  return new HttpCallResult(result, token);
}

// Removes and returns the context id waiting for `token`, or 0 when unknown.
export function takePendingCall(token: u32): u32 {
  if (!pendingCalls.has(token)) return 0;
  let id = pendingCalls.get(token);
  pendingCalls.delete(token);
  return id;
}

// Forgets the calls of a deleted context, so a late answer is not delivered to a
// context id the host may reuse.
export function forgetCallsOf(contextId: u32, tokens: Array<u32>): void {
  for (let i = 0; i < tokens.length; i++) {
    let t = tokens[i];
    if (pendingCalls.has(t) && pendingCalls.get(t) == contextId) pendingCalls.delete(t);
  }
}

export function pendingCallCount(): i32 { return pendingCalls.size; }

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
