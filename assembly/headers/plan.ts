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
import { HeaderEdits, hasName } from "./edits";
import { FormatContext } from "./operators";
import {
  requestNames, responseNames, RQ_PROTECTED, RQ_STANDARD, RQ_TRACING, RQ_FORWARDED,
  ADD_NAMES, RS_PROTECTED, RS_STANDARD, RS_SERVER, RS_APPLICATION, RS_AUTH, RS_CORS_ORIGIN, RS_CORS_ALSO, RS_ADD_SHIFT,
} from "./builtin";
import * as L from "./builtin_lists";

const enum Verdict { Keep = 0, Drop = 1, Protected = 2 }

// Per-entry verdicts and the edits, reused across requests: one VM runs one callback at a
// time, and every caller applies the edits before it returns. No allocation per request.
let verdictBuf = new ArrayBuffer(128);
const scratch = new HeaderEdits();
// Whether a name can have kept and dropped values at once (a value matcher, an auth
// challenge, a CORS origin decided it): only then are the kept values looked for.
let splitByValue = false;

// The per-entry verdict array for n entries (raw bytes: no bounds checks in the loops).
function verdicts(n: i32): usize {
  if (verdictBuf.byteLength < n) verdictBuf = new ArrayBuffer(n * 2);
  return changetype<usize>(verdictBuf);
}
@inline function setVerdict(v: usize, i: i32, x: Verdict): void { store<u8>(v + <usize>i, <u8>x); }
@inline function verdictOf(v: usize, i: i32): Verdict { return <Verdict>load<u8>(v + <usize>i); }

// Header names are lowercase: Envoy's codecs lowercase them (HTTP/2 and 3 require it), and
// the filter's own replies use lowercase names.
export function planRequest(
  rw: RequestRewrites, pairs: Array<HeaderPair>, facts: RequestFacts | null, ctx: FormatContext, extraProtected: Array<string> | null,
): HeaderEdits {
  let n = pairs.length;
  let v = verdicts(n);
  splitByValue = hasValueMatchers(rw.allow) || hasValueMatchers(rw.remove);
  let table = requestNames();
  let prefixMask = rw.tracingHeaders ? RQ_TRACING : 0;
  let keepMask = (rw.standardHeaders ? RQ_STANDARD : 0) | (rw.tracingHeaders ? RQ_TRACING : 0);
  let removeMask = rw.removeAlternativeForwarded ? RQ_FORWARDED : 0;
  let anyDrop = false;
  for (let i = 0; i < n; i++) {
    let p = unchecked(pairs[i]);
    let name = p.name;
    if (name.length > 0 && name.charCodeAt(0) == 0x3A) { setVerdict(v, i, Verdict.Protected); continue; }
    let flags = table.get(name, prefixMask);
    if ((flags & RQ_PROTECTED) != 0 || (extraProtected !== null && extraProtected.includes(name))) { setVerdict(v, i, Verdict.Protected); continue; }
    let keep = rw.allowAll || (flags & keepMask) != 0 || anyRule(rw.allow, facts, name, p.value);
    if (keep && ((flags & removeMask) != 0 || anyRule(rw.remove, facts, name, p.value))) keep = false;
    setVerdict(v, i, keep ? Verdict.Keep : Verdict.Drop);
    if (!keep) anyDrop = true;
  }
  let e = scratch.reset();
  if (anyDrop) collectRemovals(pairs, v, e);
  addRules(rw.add, pairs, facts, ctx, e);
  return e;
}

export function planResponse(
  rw: ResponseRewrites, pairs: Array<HeaderPair>, facts: RequestFacts | null, ctx: FormatContext,
): HeaderEdits {
  let n = pairs.length;
  let v = verdicts(n);
  splitByValue = hasValueMatchers(rw.allow) || hasValueMatchers(rw.remove);
  let table = responseNames();
  let keepMask = rw.standardHeaders ? RS_STANDARD : 0;
  let removeMask = (rw.removeServer ? RS_SERVER : 0) | (rw.removeApplication ? RS_APPLICATION : 0);
  let anyDrop = false;
  let corsDropped = false;
  // Built-in security headers present after the allow and remove steps (bit i: ADD_NAMES[i]).
  let present = 0;
  for (let i = 0; i < n; i++) {
    let p = unchecked(pairs[i]);
    let name = p.name;
    if (name.length > 0 && name.charCodeAt(0) == 0x3A) { setVerdict(v, i, Verdict.Protected); continue; }
    let flags = table.get(name, 0);
    if ((flags & RS_PROTECTED) != 0) { setVerdict(v, i, Verdict.Protected); continue; }
    let keep = rw.allowAll || (flags & keepMask) != 0 || anyRule(rw.allow, facts, name, p.value);
    if (keep) {
      if ((flags & removeMask) != 0) keep = false;
      else if ((flags & RS_AUTH) != 0 && authRemoved(rw, p.value)) { keep = false; splitByValue = true; }
      else if ((flags & RS_CORS_ORIGIN) != 0 && rw.removePermissiveCors && permissiveOrigin(p.value)) { keep = false; corsDropped = true; splitByValue = true; }
      else if (anyRule(rw.remove, facts, name, p.value)) keep = false;
    }
    if (keep) present |= flags >> RS_ADD_SHIFT;
    setVerdict(v, i, keep ? Verdict.Keep : Verdict.Drop);
    if (!keep) anyDrop = true;
  }
  if (corsDropped) {
    // A credentials grant without the origin it belonged to means nothing; drop it too.
    for (let i = 0; i < n; i++) {
      if (verdictOf(v, i) == Verdict.Keep && (table.get(unchecked(pairs[i]).name, 0) & RS_CORS_ALSO) != 0) setVerdict(v, i, Verdict.Drop);
    }
  }
  let e = scratch.reset();
  if (anyDrop) collectRemovals(pairs, v, e);
  addRules(rw.add, pairs, facts, ctx, e);
  if (rw.addHsts) builtInAdd(e, present, 0, rw.hstsPreload ? L.ADD_HSTS_PRELOAD_VALUE : L.ADD_HSTS_VALUE);
  if (rw.addXFrameOptions) builtInAdd(e, present, 1, L.ADD_X_FRAME_OPTIONS_VALUE);
  if (rw.addXContentTypeOptions) builtInAdd(e, present, 2, L.ADD_X_CONTENT_TYPE_OPTIONS_VALUE);
  if (rw.addReferrerPolicy) builtInAdd(e, present, 3, L.ADD_REFERRER_POLICY_VALUE);
  if (rw.addPermissionsPolicy) builtInAdd(e, present, 4, L.ADD_PERMISSIONS_POLICY_VALUE);
  if (rw.addFeaturePolicy) builtInAdd(e, present, 5, L.ADD_FEATURE_POLICY_VALUE);
  if (rw.addCsp) builtInAdd(e, present, 6, L.ADD_CSP_VALUE);
  return e;
}

// Adds ADD_NAMES[index] unless the response kept it or a custom add rule set it.
function builtInAdd(e: HeaderEdits, present: i32, index: i32, value: string): void {
  if ((present & (1 << index)) != 0) return;
  let name = unchecked(ADD_NAMES[index]);
  if (e.added.length > 0 || e.replaced.length > 0) {
    if (hasName(e.added, name) || hasName(e.replaced, name)) return;
  }
  e.added.push(new HeaderPair(name, value));
}

function hasValueMatchers(rules: Array<HeaderRule>): bool {
  for (let i = 0; i < rules.length; i++) {
    let hs = rules[i].headers;
    for (let k = 0; k < hs.length; k++) if (hs[k].value !== null) return true;
  }
  return false;
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
function collectRemovals(pairs: Array<HeaderPair>, v: usize, e: HeaderEdits): void {
  let n = pairs.length;
  for (let i = 0; i < n; i++) {
    if (verdictOf(v, i) != Verdict.Drop) continue;
    let name = unchecked(pairs[i]).name;
    if (e.isRemoved(name)) continue;
    e.removed.push(name);
    if (!splitByValue) continue;
    for (let k = 0; k < n; k++) {
      let q = unchecked(pairs[k]);
      if (verdictOf(v, k) != Verdict.Drop && q.name == name) e.readd.push(new HeaderPair(name, q.value));
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

