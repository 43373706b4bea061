// Finds the token of a request: the configured sources in order, the first one
// present wins (Airlock JWT.extractionSources). A source that is present but holds
// something unusable (an Authorization header with another scheme) counts as
// absent, so a Basic-authenticated request falls through to the next source.
import { RequestModel } from "../request/model";
import { TokenSource, TokenSourceKind } from "../config/access_control";

// Index of the source the last extractToken call took the token from (-1: none).
export let lastSource: i32 = -1;

// The token of `x`, or null when no source carries one.
export function extractToken(model: RequestModel, sources: Array<TokenSource>): string | null {
  lastSource = -1;
  for (let i = 0, n = sources.length; i < n; i++) {
    let s = unchecked(sources[i]);
    let t: string | null = null;
    if (s.kind == TokenSourceKind.Bearer) t = bearerToken(model.header("authorization"));
    else if (s.kind == TokenSourceKind.Header) t = nonEmpty(model.header(s.name));
    else if (s.kind == TokenSourceKind.Cookie) t = cookie(model, s.name);
    else t = queryParam(model, s.name);
    if (t !== null) { lastSource = i; return t; }
  }
  return null;
}

// Where a token was (or was looked for), for the security event: "header:authorization".
export function describeSource(s: TokenSource): string {
  if (s.kind == TokenSourceKind.Bearer) return "header:authorization";
  if (s.kind == TokenSourceKind.Header) return "header:" + s.name;
  if (s.kind == TokenSourceKind.Cookie) return "cookie:" + s.name;
  return "query:" + s.name;
}

// RFC 6750 §2.1: `Bearer` (any case) then one or more spaces then the token.
export function bearerToken(h: string | null): string | null {
  if (h === null) return null;
  let v = h!;
  if (v.length < 8) return null;
  let scheme = v.substring(0, 6);
  if (scheme != "Bearer" && scheme.toLowerCase() != "bearer") return null;
  let i = 6;
  if (v.charCodeAt(i) != 0x20) return null;
  while (i < v.length && v.charCodeAt(i) == 0x20) i++;
  let end = v.length;
  while (end > i && (v.charCodeAt(end - 1) == 0x20 || v.charCodeAt(end - 1) == 0x09)) end--;
  return end > i ? v.substring(i, end) : null;
}

function nonEmpty(h: string | null): string | null {
  if (h === null) return null;
  let v = h!.trim();
  return v.length > 0 ? v : null;
}

function cookie(model: RequestModel, name: string): string | null {
  let cs = model.cookies;
  for (let i = 0, n = cs.length; i < n; i++) {
    let c = unchecked(cs[i]);
    if (c.name == name) return c.value.length > 0 ? c.value : null;
  }
  return null;
}

function queryParam(model: RequestModel, name: string): string | null {
  let qs = model.queryItems;
  for (let i = 0, n = qs.length; i < n; i++) {
    let q = unchecked(qs[i]);
    if (q.name == name) return q.value.length > 0 ? q.value : null;
  }
  return null;
}
