// What an access-control refusal looks like: the status, the RFC 6750
// WWW-Authenticate challenge, a short body in the format the client accepts, one
// security event line and a threat counter. The token never appears anywhere.
//   401 + error="invalid_token"      a token that failed verification
//   401 (challenge without error)    no token at all (RFC 6750 §3.1)
//   403 + error="insufficient_scope" a verified token (or certificate) that
//                                    fails the policy's requirements
//   403                              a deny policy
//   503 + retry-after                no keys were ever obtained for the JWKS
import { Exchange, StageAction } from "../filter/pipeline";
import { jsonString, threatCounterName } from "../filter/security_event";
import { safeRequestId } from "../respond/block";
import { negotiate, BodyFormat } from "../respond/negotiate";
import { HeaderPair } from "../sdk/pairs";
import { Counter } from "../sdk/metrics";
import { LogLevel } from "../sdk/enums";
import { isEnabled, log } from "../sdk/log";
import { nowNanos } from "../sdk/timer";

export const BLOCK_TYPE_ACCESS_CONTROL = "access_control";
export const DETAILS_ACCESS_CONTROL = "bulwark_request_blocked_access_control";
export const REALM = "bulwark";

export const REASON_DENIED = "denied";
export const REASON_CLAIM = "claim_requirement";
export const REASON_CERTIFICATE = "client_certificate";

const counters = new Map<string, Counter>();

function count(subtype: string): void {
  let name = threatCounterName(false, BLOCK_TYPE_ACCESS_CONTROL, subtype);
  let c: Counter;
  if (counters.has(name)) c = counters.get(name);
  else { c = new Counter(name); counters.set(name, c); }
  c.increment();
}

export function statusOf(subtype: string): u32 {
  if (subtype == "no_keys") return 503;
  if (subtype == REASON_DENIED || subtype == REASON_CLAIM || subtype == REASON_CERTIFICATE) return 403;
  return 401;
}

// Refuses the request: event line, counter, reply.
export function refuse(x: Exchange, subtype: string, location: string, jwtName: string, accessPolicy: i32): StageAction {
  count(subtype);
  let status = statusOf(subtype);
  if (isEnabled(LogLevel.Warn)) log(LogLevel.Warn, eventLine(x, subtype, location, jwtName, accessPolicy, status));
  let headers = new Array<HeaderPair>();
  let challenge = challengeFor(subtype, jwtName.length > 0);
  if (challenge !== null) headers.push(new HeaderPair("www-authenticate", challenge!));
  if (status == 503) headers.push(new HeaderPair("retry-after", "5"));
  let body = replyBody(x.model.header("accept"), x.model.requestId, status);
  headers.push(new HeaderPair("content-type", body[0]));
  headers.push(new HeaderPair("cache-control", "no-store"));
  return x.block(status, DETAILS_ACCESS_CONTROL, body[1], headers);
}

export function challengeFor(subtype: string, jwt: bool): string | null {
  let base = "Bearer realm=\"" + REALM + "\"";
  if (subtype == "no_keys" || subtype == REASON_DENIED) return null;
  if (subtype == "no_token") return base;
  if (subtype == REASON_CLAIM || subtype == REASON_CERTIFICATE) return jwt ? base + ", error=\"insufficient_scope\"" : null;
  return base + ", error=\"invalid_token\"";
}

// [content type, body]
function replyBody(accept: string | null, requestId: string, status: u32): Array<string> {
  let id = safeRequestId(requestId);
  let title = status == 401 ? "Authentication required" : status == 403 ? "Access denied" : "Service unavailable";
  let format = negotiate(accept);
  if (format == BodyFormat.Json) {
    let err = status == 401 ? "unauthorized" : status == 403 ? "forbidden" : "unavailable";
    return ["application/json", "{\"error\":\"" + err + "\",\"request_id\":" + (id.length > 0 ? "\"" + id + "\"" : "null") + "}\n"];
  }
  if (format == BodyFormat.Html) {
    return ["text/html; charset=utf-8", "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + title + "</title></head><body><h1>"
      + title + "</h1><p>Request ID: <code>" + (id.length > 0 ? id : "unavailable") + "</code></p></body></html>\n"];
  }
  return ["text/plain; charset=utf-8", title + ".\nRequest ID: " + (id.length > 0 ? id : "unavailable") + "\n"];
}

export function eventLine(x: Exchange, subtype: string, location: string, jwtName: string, accessPolicy: i32, status: u32): string {
  let ms = <i64>(nowNanos() / 1000000);
  let method = x.model.method;
  let s = "{\"type\":\"security_event\",\"time\":\"" + new Date(ms).toISOString() + "\""
    + ",\"request_id\":" + jsonString(safeRequestId(x.model.requestId))
    + ",\"policy\":" + jsonString(x.policy.name)
    + ",\"route\":" + jsonString(x.routeLabel)
    + ",\"method\":" + jsonString(method.length <= 16 ? method : method.substring(0, 16))
    + ",\"block_type\":\"" + BLOCK_TYPE_ACCESS_CONTROL + "\",\"block_subtype\":\"" + subtype + "\""
    + ",\"location\":" + jsonString(location)
    + ",\"access_policy\":" + accessPolicy.toString()
    + ",\"status\":" + status.toString();
  if (jwtName.length > 0) s += ",\"jwt\":" + jsonString(jwtName);
  s += ",\"action\":\"block\"}";
  return s;
}
