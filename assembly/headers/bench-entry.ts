// Wasm entry for bench/headers.js: the planning of the default header rewrites for a typical
// browser request (20 headers) and its response (10 headers), in a loop, without a host, so the
// benchmark sees the filter's own cost apart from the host's header-map calls. Not part of the filter.
import { planRequest, planResponse } from "./plan";
import { FormatContext, NoFormatEnv } from "./operators";
import { RequestRewrites, ResponseRewrites } from "../config/header_rewrites";
import { RequestModel, NoProperties } from "../request/model";
import { HeaderPair } from "../sdk/pairs";

function pairs(list: Array<string>): Array<HeaderPair> {
  let out = new Array<HeaderPair>();
  for (let i = 0; i + 1 < list.length; i += 2) out.push(new HeaderPair(list[i], list[i + 1]));
  return out;
}

const REQUEST = pairs([
  ":method", "GET", ":path", "/shop/products/42", ":authority", "shop.example.com", ":scheme", "https",
  "user-agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
  "accept", "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
  "accept-language", "en-US,en;q=0.9,de;q=0.8", "accept-encoding", "gzip, deflate, br, zstd",
  "cookie", "session=0123456789abcdef0123456789abcdef; theme=dark; consent=yes",
  "referer", "https://shop.example.com/shop/products", "upgrade-insecure-requests", "1",
  "sec-ch-ua", "\"Chromium\";v=\"126\"", "sec-ch-ua-mobile", "?0", "sec-ch-ua-platform", "\"Windows\"",
  "sec-fetch-dest", "document", "sec-fetch-mode", "navigate", "sec-fetch-site", "same-origin", "sec-fetch-user", "?1",
  "cache-control", "max-age=0", "priority", "u=0, i", "x-forwarded-for", "203.0.113.7", "x-forwarded-proto", "https",
  "x-request-id", "6c0c1d3e-1f7a-4d7e-9a61-2f0c8f1c2d3e", "x-real-ip", "198.51.100.9",
]);
const RESPONSE = pairs([
  ":status", "200", "content-type", "text/html; charset=utf-8", "cache-control", "private, max-age=0", "etag", "\"33a64df5\"",
  "last-modified", "Wed, 21 Oct 2025 07:28:00 GMT", "vary", "Accept-Encoding", "server", "nginx/1.25.3",
  "x-powered-by", "PHP/8.3.1", "set-cookie", "theme=dark; Path=/; Secure; HttpOnly", "content-language", "en",
  "x-content-type-options", "nosniff",
]);

const requestRewrites = new RequestRewrites();
const responseRewrites = new ResponseRewrites();
const model = new RequestModel(REQUEST, new NoProperties());
const env = new NoFormatEnv();

// Plans both directions n times; returns the number of edits of the last round (a check).
export function run(n: i32): i32 {
  let edits = 0;
  for (let i = 0; i < n; i++) {
    let ctx = new FormatContext(model, env, 200);
    let a = planRequest(requestRewrites, REQUEST, null, ctx, null);
    let b = planResponse(responseRewrites, RESPONSE, null, ctx);
    edits = a.removed.length + a.added.length + b.removed.length + b.added.length;
  }
  return edits;
}

export function runRequest(n: i32): i32 {
  let r = 0;
  let ctx = new FormatContext(model, env, 200);
  for (let i = 0; i < n; i++) r += planRequest(requestRewrites, REQUEST, null, ctx, null).removed.length;
  return r;
}

export function runResponse(n: i32): i32 {
  let r = 0;
  let ctx = new FormatContext(model, env, 200);
  for (let i = 0; i < n; i++) r += planResponse(responseRewrites, RESPONSE, null, ctx).added.length;
  return r;
}
