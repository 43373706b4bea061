// Custom responses (CustomResponse / CustomResponsePolicy, docs/custom-responses.md):
// which configured response replaces a local reply or an upstream response, and the
// reply built from it. Selection: the route's policy; its first entry whose request
// conditions hold; that entry's first status rule that matches. Representation: the
// content type the request's Accept header prefers (ties: configuration order; nothing
// acceptable or no Accept: text/plain when configured, else the first).
import { Exchange } from "../filter/pipeline";
import { LocalReply } from "../filter/local_reply";
import { HeaderPair } from "../sdk/pairs";
import { CustomResponse, ResponseContent, ResponseRules, CustomResponsePolicy } from "../config/custom_responses";
import { FormatContext } from "../headers/operators";
import { hostFormatEnv } from "../headers/env";
import { acceptQuality } from "./negotiate";

// Envoy response code details of a replaced upstream response.
export const DETAILS_CUSTOM_RESPONSE = "bulwark_custom_response";

function policyOf(x: Exchange): CustomResponsePolicy | null {
  let c = x.config.customResponses;
  let r = x.route;
  if (c === null || r === null) return null;
  return c.forRoute(r.name);
}

function select(x: Exchange, entries: Array<ResponseRules>, status: i32): CustomResponse | null {
  for (let i = 0; i < entries.length; i++) {
    let e = entries[i];
    let c = e.conditions;
    if (c !== null && !c.matches(x.model.facts)) continue;
    for (let k = 0; k < e.rules.length; k++) if (e.rules[k].matches(status)) return e.rules[k].response;
    return null;
  }
  return null;
}

export function localResponseFor(x: Exchange, status: i32): CustomResponse | null {
  let p = policyOf(x);
  return p === null ? null : select(x, p.local, status);
}

export function pickContent(cr: CustomResponse, accept: string | null): ResponseContent {
  let content = cr.content;
  let fallback = content[0];
  for (let i = 0; i < content.length; i++) if (content[i].mediaType == "text/plain") { fallback = content[i]; break; }
  if (accept === null || accept.length == 0) return fallback;
  let best = -1;
  let bestQ = 0;
  for (let i = 0; i < content.length; i++) {
    let q = acceptQuality(accept!, content[i].mediaType);
    if (q > bestQ) { bestQ = q; best = i; }
  }
  return best >= 0 ? content[best] : fallback;
}

// The reply a custom response makes of `status`. `keep`: headers of the original reply
// that stay (local replies keep theirs, same names overwritten; upstream ones are dropped).
export function buildReply(x: Exchange, cr: CustomResponse, status: i32, details: string, keep: Array<HeaderPair>, stage: string): LocalReply {
  let finalStatus = cr.statusCode > 0 ? cr.statusCode : status;
  let content = pickContent(cr, x.model.header("accept"));
  let ctx = new FormatContext(x.model, hostFormatEnv, finalStatus);
  let headers = new Array<HeaderPair>();
  let hasBody = content.body !== null;
  for (let i = 0; i < keep.length; i++) {
    let h = keep[i];
    // The body changed: the old Content-Type and Content-Length no longer describe it.
    if (h.name == "content-type" || h.name == "content-length") continue;
    if (overrides(content, h.name)) continue;
    headers.push(h);
  }
  if (hasBody) headers.push(new HeaderPair("content-type", content.contentType));
  for (let i = 0; i < content.headers.length; i++) {
    let h = content.headers[i];
    headers.push(new HeaderPair(h.name, h.value.render(ctx)));
  }
  let body = hasBody ? content.body!.render(ctx, content.escape) : "";
  return new LocalReply(<u32>finalStatus, details, body, headers, stage);
}

function overrides(content: ResponseContent, name: string): bool {
  for (let i = 0; i < content.headers.length; i++) if (content.headers[i].name == name) return true;
  return false;
}

// Response phase: replaces an upstream response whose status a rule names (before any of
// its body left). Sets x.reply and returns true; the stream sends it as a local reply,
// which Envoy sends instead of the upstream response and its body.
export function upstreamReplacement(x: Exchange, status: i32): bool {
  let p = policyOf(x);
  if (p === null) return false;
  let cr = select(x, p.upstream, status);
  if (cr === null) return false;
  x.reply = buildReply(x, cr, status, DETAILS_CUSTOM_RESPONSE, new Array<HeaderPair>(), "custom_response");
  return true;
}
