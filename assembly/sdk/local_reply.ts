// proxy_send_local_response: answer the client from the filter instead of the upstream.
import { WasmResult } from "./status";
import { proxy_send_local_response } from "./imports";
import { HeaderPair, encodePairs } from "./pairs";

// Envoy records `details` as the response code details (%RESPONSE_CODE_DETAILS%),
// which must be a single token; whitespace is replaced with '_' so a caller's
// typo cannot produce an invalid value.
export function sanitizeDetails(details: string): string {
  let clean = true;
  for (let i = 0; i < details.length; i++) {
    let c = details.charCodeAt(i);
    if (c <= 0x20 || c == 0x7F) { clean = false; break; }
  }
  if (clean) return details;
  let out = "";
  for (let i = 0; i < details.length; i++) {
    let c = details.charCodeAt(i);
    out += (c <= 0x20 || c == 0x7F) ? "_" : String.fromCharCode(c);
  }
  return out;
}

// grpcStatus -1 means "not a gRPC reply" (plain HTTP); Envoy then keeps `status`.
export function sendLocalResponse(status: u32, details: string, body: ArrayBuffer | null, headers: Array<HeaderPair>, grpcStatus: i32 = -1): WasmResult {
  return sendEncodedLocalResponse(status, encodeDetails(details), body, encodePairs(headers), grpcStatus);
}

// The details as sendLocalResponse sends them.
export function encodeDetails(details: string): ArrayBuffer {
  return String.UTF8.encode(sanitizeDetails(details));
}

// sendLocalResponse with the details (encodeDetails) and the header map
// (encodePairs) already encoded: replies that repeat reuse their bytes.
export function sendEncodedLocalResponse(status: u32, det: ArrayBuffer, body: ArrayBuffer | null, hdr: ArrayBuffer, grpcStatus: i32 = -1): WasmResult {
  let bodyPtr: usize = 0;
  let bodyLen: usize = 0;
  if (body !== null) { bodyPtr = changetype<usize>(body); bodyLen = <usize>body.byteLength; }
  return proxy_send_local_response(status, changetype<usize>(det), <usize>det.byteLength, bodyPtr, bodyLen,
    changetype<usize>(hdr), <usize>hdr.byteLength, grpcStatus);
}
