// Plans the rewrite of one header map (docs/header-rewrites.md "Processing order"):
//   1. allow-list: every header no built-in or custom allow rule keeps is dropped;
//   2. remove: built-in lists and custom remove rules;
//   3. add: custom add rules (AddIfAbsent / OverwriteOrAdd), then (responses) the
//      built-in security headers, each only when the map does not carry it by then.
// Protected names (pseudo-headers, framing, the request id) survive steps 1 and 2.
// Pure: reads pairs, returns edits; the stage or the local reply applies them.
import { HeaderPair } from "../sdk/pairs";
import { RequestFacts } from "../match/conditions";
import { RequestRewrites, ResponseRewrites, HeaderRule, AddRule } from "../config/header_rewrites";
import { HeaderEdits } from "./edits";
import { FormatContext } from "./operators";
import { lowerName } from "./name_set";
import {
  requestProtectedSet, requestStandardSet, requestTracingSet, requestForwardedSet,
  responseProtectedSet, responseStandardSet, leakageServerSet, leakageApplicationSet,
} from "./builtin";
import * as L from "./builtin_lists";

const enum Verdict { Keep = 0, Drop = 1, Protected = 2 }

// Per-entry verdicts, reused across requests (one VM runs one callback at a time).
const verdicts = new Array<Verdict>();

export function planRequest(
  rw: RequestRewrites, pairs: Array<HeaderPair>, facts: RequestFacts | null, ctx: FormatContext, extraProtected: Array<string> | null,
): HeaderEdits {
  let n = pairs.length;
  verdicts.length = n;
  let prot = requestProtectedSet();
  let std = requestStandardSet();
  let trace = requestTracingSet();
  let fwd = requestForwardedSet();
  let anyDrop = false;
  for (let i = 0; i < n; i++) {
    let p = unchecked(pairs[i]);
    let name = lowerName(p.name);
    if (prot.has(name) || (extraProtected !== null && extraProtected.includes(name))) { unchecked(verdicts[i] = Verdict.Protected); continue; }
    let keep = rw.allowAll || (rw.standardHeaders && std.has(name)) || (rw.tracingHeaders && trace.has(name))
      || anyRule(rw.allow, facts, name, p.value);
    if (keep && ((rw.removeAlternativeForwarded && fwd.has(name)) || anyRule(rw.remove, facts, name, p.value))) keep = false;
    unchecked(verdicts[i] = keep ? Verdict.Keep : Verdict.Drop);
    if (!keep) anyDrop = true;
  }
  let e = new HeaderEdits();
  if (anyDrop) collectRemovals(pairs, e);
  addRules(rw.add, pairs, facts, ctx, e);
  return e;
}

export function planResponse(
  rw: ResponseRewrites, pairs: Array<HeaderPair>, facts: RequestFacts | null, ctx: FormatContext,
): HeaderEdits {
  let n = pairs.length;
  verdicts.length = n;
  let prot = responseProtectedSet();
  let std = responseStandardSet();
  let server = leakageServerSet();
  let app = leakageApplicationSet();
  let anyDrop = false;
  let corsDropped = false;
  for (let i = 0; i < n; i++) {
    let p = unchecked(pairs[i]);
    let name = lowerName(p.name);
    if (prot.has(name)) { unchecked(verdicts[i] = Verdict.Protected); continue; }
    let keep = rw.allowAll || (rw.standardHeaders && std.has(name)) || anyRule(rw.allow, facts, name, p.value);
    if (keep) {
      if ((rw.removeServer && server.has(name)) || (rw.removeApplication && app.has(name))) keep = false;
      else if (name == L.AUTH_HEADER && authRemoved(rw, p.value)) keep = false;
      else if (rw.removePermissiveCors && name == L.CORS_ORIGIN_HEADER && permissiveOrigin(p.value)) { keep = false; corsDropped = true; }
      else if (anyRule(rw.remove, facts, name, p.value)) keep = false;
    }
    unchecked(verdicts[i] = keep ? Verdict.Keep : Verdict.Drop);
    if (!keep) anyDrop = true;
  }
  if (corsDropped) {
    // A credentials grant without the origin it belonged to means nothing; drop it too.
    for (let i = 0; i < n; i++) {
      if (unchecked(verdicts[i]) == Verdict.Keep && L.CORS_ALSO_REMOVE.includes(lowerName(unchecked(pairs[i]).name))) unchecked(verdicts[i] = Verdict.Drop);
    }
  }
  let e = new HeaderEdits();
  if (anyDrop) collectRemovals(pairs, e);
  addRules(rw.add, pairs, facts, ctx, e);
  if (rw.addHsts) {
    if (rw.hstsPreload) addIfAbsent(pairs, e, L.ADD_HSTS_PRELOAD_NAME, L.ADD_HSTS_PRELOAD_VALUE);
    else addIfAbsent(pairs, e, L.ADD_HSTS_NAME, L.ADD_HSTS_VALUE);
  }
  if (rw.addXFrameOptions) addIfAbsent(pairs, e, L.ADD_X_FRAME_OPTIONS_NAME, L.ADD_X_FRAME_OPTIONS_VALUE);
  if (rw.addXContentTypeOptions) addIfAbsent(pairs, e, L.ADD_X_CONTENT_TYPE_OPTIONS_NAME, L.ADD_X_CONTENT_TYPE_OPTIONS_VALUE);
  if (rw.addReferrerPolicy) addIfAbsent(pairs, e, L.ADD_REFERRER_POLICY_NAME, L.ADD_REFERRER_POLICY_VALUE);
  if (rw.addPermissionsPolicy) addIfAbsent(pairs, e, L.ADD_PERMISSIONS_POLICY_NAME, L.ADD_PERMISSIONS_POLICY_VALUE);
  if (rw.addFeaturePolicy) addIfAbsent(pairs, e, L.ADD_FEATURE_POLICY_NAME, L.ADD_FEATURE_POLICY_VALUE);
  if (rw.addCsp) addIfAbsent(pairs, e, L.ADD_CSP_NAME, L.ADD_CSP_VALUE);
  return e;
}

function anyRule(rules: Array<HeaderRule>, facts: RequestFacts | null, name: string, value: string): bool {
  for (let i = 0, n = rules.length; i < n; i++) {
    let r = unchecked(rules[i]);
    if (r.matchesHeader(name, value) && r.applies(facts)) return true;
  }
  return false;
}

// The auth scheme is the first token of a challenge ("Basic realm=x", "NTLM", "Negotiate abc").
function authRemoved(rw: ResponseRewrites, value: string): bool {
  if (!rw.removeAuthBasic && !rw.removeAuthNtlm && !rw.removeAuthNegotiate) return false;
  let s = value.trimStart();
  let end = 0;
  while (end < s.length && s.charCodeAt(end) != 0x20 && s.charCodeAt(end) != 0x2C && s.charCodeAt(end) != 0x09) end++;
  let scheme = s.substring(0, end).toLowerCase();
  return (rw.removeAuthBasic && scheme == L.AUTH_BASIC) || (rw.removeAuthNtlm && scheme == L.AUTH_NTLM)
    || (rw.removeAuthNegotiate && scheme == L.AUTH_NEGOTIATE);
}

function permissiveOrigin(value: string): bool {
  let v = value.trim().toLowerCase();
  return L.CORS_PERMISSIVE_ORIGINS.includes(v);
}

// Turns per-entry verdicts into removals: a name goes when any of its values is
// dropped; the kept values of that name are added back.
function collectRemovals(pairs: Array<HeaderPair>, e: HeaderEdits): void {
  let n = pairs.length;
  for (let i = 0; i < n; i++) {
    if (unchecked(verdicts[i]) != Verdict.Drop) continue;
    let name = lowerName(unchecked(pairs[i]).name);
    if (e.isRemoved(name)) continue;
    e.removed.push(name);
    for (let k = 0; k < n; k++) {
      let q = unchecked(pairs[k]);
      if (unchecked(verdicts[k]) != Verdict.Drop && lowerName(q.name) == name) e.readd.push(new HeaderPair(name, q.value));
    }
  }
}

function addRules(rules: Array<AddRule>, pairs: Array<HeaderPair>, facts: RequestFacts | null, ctx: FormatContext, e: HeaderEdits): void {
  for (let i = 0, n = rules.length; i < n; i++) {
    let r = unchecked(rules[i]);
    if (!r.applies(facts)) continue;
    for (let k = 0; k < r.headers.length; k++) {
      let h = unchecked(r.headers[k]);
      if (r.overwrite) {
        let value = h.value.render(ctx);
        replaceIn(e, h.name, value);
      } else if (!e.present(pairs, h.name)) {
        e.added.push(new HeaderPair(h.name, h.value.render(ctx)));
      }
    }
  }
}

function replaceIn(e: HeaderEdits, name: string, value: string): void {
  for (let i = 0; i < e.added.length; i++) {
    if (e.added[i].name == name) { e.added.splice(i, 1); i--; }
  }
  for (let i = 0; i < e.replaced.length; i++) {
    if (e.replaced[i].name == name) { e.replaced[i] = new HeaderPair(name, value); return; }
  }
  e.replaced.push(new HeaderPair(name, value));
}

function addIfAbsent(pairs: Array<HeaderPair>, e: HeaderEdits, name: string, value: string): void {
  if (!e.present(pairs, name)) e.added.push(new HeaderPair(name, value));
}
