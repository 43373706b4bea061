// Local reply bodies and headers as Envoy's Http::Utility::sendLocalReply builds them.

import { Buffer } from "node:buffer";

const EMPTY = Buffer.alloc(0);

/**
 * A plain HTTP local reply as Envoy's Http::Utility::sendLocalReply builds it: :status, the
 * filter's headers, content-length and a default text/plain content-type when there is a body.
 * A HEAD request gets the headers only.
 */
export function httpLocalReply(reply, isHead) {
  const headers = [[":status", String(reply.status)], ...reply.headers];
  if (reply.body.length > 0) {
    headers.push(["content-length", String(reply.body.length)]);
    if (!reply.headers.some(([k]) => k === "content-type")) headers.push(["content-type", "text/plain"]);
  }
  return { status: reply.status, headers, body: isHead ? EMPTY : reply.body, details: reply.details, grpcStatus: reply.grpcStatus };
}

/**
 * A local reply to a gRPC request is a trailers-only gRPC response (Envoy sendLocalReply with
 * is_grpc): HTTP 200, grpc-status (the filter's, or mapped from the HTTP status by
 * Grpc::Utility::httpToGrpcStatus), the body as percent-encoded grpc-message, no body.
 */
export function grpcLocalReply(reply) {
  const grpcStatus = reply.grpcStatus ?? httpToGrpcStatus(reply.status);
  const headers = [[":status", "200"], ["content-type", "application/grpc"], ["grpc-status", String(grpcStatus)]];
  if (reply.body.length > 0) headers.push(["grpc-message", percentEncodeGrpcMessage(reply.body.toString("utf8"))]);
  headers.push(...reply.headers);
  return { status: 200, httpStatus: reply.status, headers, body: EMPTY, details: reply.details, grpcStatus };
}

export function httpToGrpcStatus(status) {
  switch (status) {
    case 400: return 13; // INTERNAL
    case 401: return 16; // UNAUTHENTICATED
    case 403: return 7; // PERMISSION_DENIED
    case 404: return 12; // UNIMPLEMENTED
    case 429: case 502: case 503: case 504: return 14; // UNAVAILABLE
    default: return 2; // UNKNOWN
  }
}

/** gRPC's percent-encoding of grpc-message: printable ASCII except '%' stays, the rest is %XX. */
function percentEncodeGrpcMessage(text) {
  let out = "";
  for (const byte of Buffer.from(text, "utf8")) {
    out += byte >= 0x20 && byte <= 0x7e && byte !== 0x25 ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}
