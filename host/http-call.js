// proxy_http_call made real: the named cluster maps to a base URL and the request goes out
// with Node's http/https client. The result mirrors what Envoy's AsyncClient hands back:
//  - any HTTP response (whatever its status) → success with headers (incl. :status), body, trailers;
//  - the timeout firing → success with Envoy's router local reply 504 "upstream request timeout";
//  - connection failure before a response → success with the router's 503 local reply
//    ("upstream connect error or disconnect/reset before headers...");
//  - reset after the response started, or a body over the buffer limit → failure
//    (Envoy's onFailure(Reset|ExceedResponseBufferLimit): callback with 0 headers, 0 body).

import http from "node:http";
import https from "node:https";
import { Buffer } from "node:buffer";

const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection", "te"]);

function localReply(status, body) {
  const b = Buffer.from(body);
  return {
    ok: true,
    headers: [[":status", String(status)], ["content-length", String(b.length)], ["content-type", "text/plain"]],
    body: b,
    trailers: [],
  };
}

/**
 * @param {string} baseUrl  e.g. "http://127.0.0.1:8081"
 * @param {[string,string][]} headers  must include :method, :path, :authority
 * @param {Buffer} body
 * @param {[string,string][]} trailers
 * @param {number} timeoutMs 0 = no timeout (Envoy leaves the timeout unset)
 * @param {number} maxResponseBytes
 * @returns {Promise<{ok: true, headers: [string,string][], body: Buffer, trailers: [string,string][]} | {ok: false, reason: string}>}
 */
export function performHttpCall(baseUrl, headers, body, trailers, timeoutMs, maxResponseBytes) {
  return new Promise((resolve) => {
    const base = new URL(baseUrl);
    const lib = base.protocol === "https:" ? https : http;
    let method = "GET";
    let path = "/";
    let authority = base.host;
    const out = {};
    for (const [k, v] of headers) {
      if (k === ":method") method = v;
      else if (k === ":path") path = v;
      else if (k === ":authority") authority = v;
      else if (k.startsWith(":")) continue;
      else if (out[k] === undefined) out[k] = v;
      else out[k] = [].concat(out[k], v);
    }
    out.host = authority;
    if (body.length > 0) out["content-length"] = String(body.length);
    const basePath = base.pathname.endsWith("/") ? base.pathname.slice(0, -1) : base.pathname;
    let settled = false;
    let timer = null;
    const finish = (result) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      resolve(result);
    };
    let responseStarted = false;
    const onResponse = (res) => {
      responseStarted = true;
      const chunks = [];
      let size = 0;
      res.on("data", (c) => {
        size += c.length;
        if (size > maxResponseBytes) {
          req.destroy();
          finish({ ok: false, reason: "ExceedResponseBufferLimit" });
          return;
        }
        chunks.push(c);
      });
      res.on("end", () => {
        const h = [[":status", String(res.statusCode)]];
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          const k = res.rawHeaders[i].toLowerCase();
          if (!HOP_BY_HOP.has(k)) h.push([k, res.rawHeaders[i + 1]]);
        }
        const t = [];
        for (let i = 0; i < res.rawTrailers.length; i += 2) t.push([res.rawTrailers[i].toLowerCase(), res.rawTrailers[i + 1]]);
        finish({ ok: true, headers: h, body: Buffer.concat(chunks), trailers: t });
      });
      res.on("error", () => finish({ ok: false, reason: "Reset" }));
      res.on("aborted", () => finish({ ok: false, reason: "Reset" }));
    };
    const options = { protocol: base.protocol, hostname: base.hostname, port: base.port, method, path: basePath + path, headers: out, agent: false };
    let req;
    try {
      req = lib.request(options, onResponse);
    } catch {
      // Node refuses the request (e.g. a header value with a control character); Envoy's codec
      // would reset the stream, which the filter sees as a failed call.
      finish({ ok: false, reason: "Reset" });
      return;
    }
    req.on("error", (err) => {
      // After the response started an error is a reset (onFailure); before, the router answers.
      if (responseStarted) {
        finish({ ok: false, reason: "Reset" });
        return;
      }
      finish(localReply(503, `upstream connect error or disconnect/reset before headers. reset reason: connection failure, transport failure reason: ${err.code ?? err.message}`));
    });
    if (timeoutMs > 0) {
      timer = setTimeout(() => {
        finish(localReply(504, "upstream request timeout"));
        req.destroy();
      }, timeoutMs);
    }
    if (trailers.length > 0) {
      req.setHeader("trailer", trailers.map(([k]) => k).join(", "));
      req.removeHeader("content-length"); // trailers need chunked encoding
      req.write(body);
      req.addTrailers(Object.fromEntries(trailers));
      req.end();
    } else {
      req.end(body);
    }
  });
}
