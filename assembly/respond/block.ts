// The block response shared by every feature that refuses a request (limits and
// parser now, deny rules next): status 400 with a short body in the format the
// client accepts, carrying the request id and nothing the client sent (no path,
// parameter or value is echoed, so the page cannot reflect an attack).
import { HeaderPair } from "../sdk/pairs";
import { BodyFormat, negotiate } from "./negotiate";

export const BLOCK_STATUS: u32 = 400;

export class BlockBody {
  constructor(public body: string, public headers: Array<HeaderPair>) {}
}

// Keeps a request id only when it is a plain token (Envoy's UUIDs, most tracing
// ids): an id the client sent could otherwise carry markup or JSON into the page.
export function safeRequestId(id: string): string {
  let n = id.length;
  if (n == 0 || n > 128) return "";
  for (let i = 0; i < n; i++) {
    let c = id.charCodeAt(i);
    let ok = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2D || c == 0x5F || c == 0x2E || c == 0x3A;
    if (!ok) return "";
  }
  return id;
}

// The reply headers of each body format. Shared by every block and never
// changed (respond/local.ts recognises them by identity to reuse the
// rewritten, encoded header map).
const JSON_HEADERS: Array<HeaderPair> = formatHeaders("application/json");
const HTML_HEADERS: Array<HeaderPair> = formatHeaders("text/html; charset=utf-8");
const TEXT_HEADERS: Array<HeaderPair> = formatHeaders("text/plain; charset=utf-8");

function formatHeaders(type: string): Array<HeaderPair> {
  return [new HeaderPair("content-type", type), new HeaderPair("cache-control", "no-store")];
}

export function blockBody(accept: string | null, requestId: string): BlockBody {
  let id = safeRequestId(requestId);
  let format = negotiate(accept);
  let headers: Array<HeaderPair>;
  let body: string;
  if (format == BodyFormat.Json) {
    headers = JSON_HEADERS;
    body = "{\"error\":\"request blocked\",\"request_id\":" + (id.length > 0 ? "\"" + id + "\"" : "null") + "}\n";
  } else if (format == BodyFormat.Html) {
    headers = HTML_HEADERS;
    body = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Request blocked</title></head>"
      + "<body><h1>Request blocked</h1><p>The request was blocked by the web application firewall.</p>"
      + "<p>Request ID: <code>" + (id.length > 0 ? id : "unavailable") + "</code></p></body></html>\n";
  } else {
    headers = TEXT_HEADERS;
    body = "Request blocked.\nRequest ID: " + (id.length > 0 ? id : "unavailable") + "\n";
  }
  return new BlockBody(body, headers);
}
