// The per-VM JWKS store: one provider per configured key set. Local sets are
// ready at configure time. Remote sets are fetched with proxy_http_call through
// their Envoy cluster (dispatched on behalf of the root context, so the answer
// arrives there even when the request that needed it is gone), then:
//   - refreshed every refreshIntervalMs (root tick), and at most once per
//     UNKNOWN_KID_INTERVAL_MS when a token names a kid the set lacks;
//   - on a failed fetch the last good keys stay in force; retries back off;
//   - requests that need keys while a fetch is running wait for its answer
//     (the stage Pauses; resumeWaiters() resumes each on its own stream);
//   - keys are shared with the other VMs of the Envoy through shared data
//     (newest fetch wins, written with compare-and-swap), and a periodic refresh
//     takes a short lease there so that one VM, not all, fetches.
import { JwksConfig, JwksSource, RemoteJwks } from "../config/jwks";
import { JwkSet, parseJwks } from "./jwk";
import { parseJson } from "../config/json";
import { dispatchHttpCall } from "../sdk/http_call";
import { getSharedData, setSharedData } from "../sdk/shared_data";
import { setTickPeriod, nowNanos } from "../sdk/timer";
import { getHeader } from "../sdk/headers";
import { getBufferBytes } from "../sdk/buffers";
import { BufferType, MapType, LogLevel } from "../sdk/enums";
import { WasmResult, wasmResultName } from "../sdk/status";
import { HeaderPair } from "../sdk/pairs";
import { findStream } from "../sdk/context";
import { setEffectiveContext } from "../sdk/stream_control";
import { decodeUtf8Buffer, lastDecodeHadInvalidUtf8 } from "../sdk/utf8";
import { log, logInfo, logWarn, isEnabled } from "../sdk/log";

export const TICK_MS: u32 = 1000;
export const UNKNOWN_KID_INTERVAL_MS: i64 = 30000;
export const MAX_BACKOFF_MS: i64 = 60000;
export const MAX_JWKS_BYTES: u32 = 1 << 20;
const SHARED_PREFIX = "bulwark.jwks.v1.";

export enum KeyWait { Ready, Wait, Unavailable }

export function nowMs(): i64 { return <i64>(nowNanos() / 1000000); }

export class JwksProvider {
  keys: JwkSet | null = null;
  // Bumped when the key set changes, so cached verifications made with an older
  // set are re-checked.
  generation: i32 = 0;
  // Remote: the raw JWKS text and when it was fetched (by this or another VM).
  text: string = "";
  fetchedAtMs: i64 = 0;
  lastAttemptMs: i64 = i64.MIN_VALUE / 2;
  lastKidRefreshMs: i64 = i64.MIN_VALUE / 2;
  failures: i32 = 0;
  inFlight: bool = false;
  token: u32 = 0;
  waiters: Array<u32> = new Array<u32>();
  lastError: string = "";

  constructor(public source: JwksSource) {
    let local = source.local;
    if (local !== null) { this.keys = local; this.generation = 1; }
  }

  get name(): string { return this.source.name; }
  get remote(): RemoteJwks | null { return this.source.remote; }

  backoffMs(): i64 {
    if (this.failures <= 0) return 0;
    let b: i64 = 1000 << min(this.failures - 1, 6);
    let cap = this.remote !== null ? min(MAX_BACKOFF_MS, <i64>this.remote!.refreshIntervalMs) : MAX_BACKOFF_MS;
    return min(b, cap);
  }

  // A request needs this provider's keys and there are none: wait for a fetch
  // (running, or started now unless a recent one failed) or give up.
  needKeys(contextId: u32, now: i64): KeyWait {
    if (this.keys !== null) return KeyWait.Ready;
    if (this.remote === null) return KeyWait.Unavailable;
    if (syncFromShared(this)) return KeyWait.Ready;
    if (!this.inFlight && now - this.lastAttemptMs < this.backoffMs()) return KeyWait.Unavailable;
    if (!this.inFlight && !startFetch(this, now)) return KeyWait.Unavailable;
    this.waiters.push(contextId);
    return KeyWait.Wait;
  }

  // A token names a kid the set lacks: refresh (rate-limited) and wait, or not.
  needKid(contextId: u32, kid: string, now: i64): KeyWait {
    if (this.remote === null) return KeyWait.Unavailable;
    if (syncFromShared(this) && this.keys !== null && this.keys!.hasKid(kid)) return KeyWait.Ready;
    if (this.inFlight) { this.waiters.push(contextId); return KeyWait.Wait; }
    if (now - this.lastKidRefreshMs < UNKNOWN_KID_INTERVAL_MS) return KeyWait.Unavailable;
    this.lastKidRefreshMs = now;
    if (!startFetch(this, now)) return KeyWait.Unavailable;
    this.waiters.push(contextId);
    return KeyWait.Wait;
  }

  adopt(set: JwkSet, text: string, fetchedAtMs: i64): void {
    if (text != this.text || this.keys === null) this.generation++;
    this.keys = set;
    this.text = text;
    this.fetchedAtMs = fetchedAtMs;
    this.failures = 0;
    this.lastError = "";
  }
}

// ---- the store (per VM) ----

let providers = new Array<JwksProvider>();
let rootContextId: u32 = 0;
// In-flight fetches by call token, also for providers a reconfiguration dropped,
// so their waiting requests are still resumed.
const inflight = new Map<u32, JwksProvider>();

// Builds the providers of a configuration, keeping the fetched keys of remote
// sets whose target did not change. Returns them in source order.
export function configureJwks(rootId: u32, config: JwksConfig): Array<JwksProvider> {
  rootContextId = rootId;
  let out = new Array<JwksProvider>();
  let anyRemote = false;
  for (let i = 0; i < config.sources.length; i++) {
    let s = config.sources[i];
    let p: JwksProvider | null = null;
    let remote = s.remote;
    if (remote !== null) {
      anyRemote = true;
      for (let j = 0; j < providers.length; j++) {
        let old = providers[j];
        if (old.name == s.name && old.remote !== null && old.remote!.sameAs(remote)) { p = old; break; }
      }
      if (p !== null) p.source = s;
    }
    if (p === null) p = new JwksProvider(s);
    out.push(p);
  }
  providers = out;
  setTickPeriod(anyRemote ? TICK_MS : 0);
  // Fetch what is missing right away rather than on the first request.
  let now = nowMs();
  for (let i = 0; i < out.length; i++) {
    let p = out[i];
    if (p.remote !== null && p.keys === null && !p.inFlight && !syncFromShared(p)) startFetch(p, now);
  }
  return out;
}

export function providerCount(): i32 { return providers.length; }

// Root tick: adopt newer keys another VM fetched; refresh what is due.
export function jwksTick(): void {
  let now = nowMs();
  for (let i = 0; i < providers.length; i++) {
    let p = providers[i];
    let r = p.remote;
    if (r === null) continue;
    expireStale(p, now);
    if (p.inFlight) continue;
    syncFromShared(p);
    let due = p.keys === null || now - p.fetchedAtMs >= <i64>r.refreshIntervalMs;
    if (!due || now - p.lastAttemptMs < p.backoffMs()) continue;
    if (p.keys !== null && !takeLease(p, now)) continue;
    startFetch(p, now);
  }
}

// A fetch whose answer never came (its root context was replaced by a
// reconfiguration, so the host dropped the answer) counts as failed once well past
// its timeout; its waiters are resumed to decide without it.
function expireStale(p: JwksProvider, now: i64): void {
  if (!p.inFlight || now - p.lastAttemptMs <= <i64>p.remote!.timeoutMs + 5000) return;
  let token = p.token;
  inflight.delete(token);
  p.inFlight = false;
  fetchFailed(p, "no answer within the timeout");
  resumeWaiters(p, token);
}

function startFetch(p: JwksProvider, now: i64): bool {
  let r = p.remote!;
  let headers = new Array<HeaderPair>();
  headers.push(new HeaderPair(":method", "GET"));
  headers.push(new HeaderPair(":path", r.path));
  headers.push(new HeaderPair(":authority", r.authority));
  headers.push(new HeaderPair("accept", "application/json, application/jwk-set+json"));
  headers.push(new HeaderPair("user-agent", "bulwark-jwks"));
  p.lastAttemptMs = now;
  let res = dispatchHttpCall(rootContextId, r.cluster, headers, null, new Array<HeaderPair>(), r.timeoutMs);
  if (res.result != WasmResult.Ok) {
    fetchFailed(p, "cannot call cluster " + r.cluster + " (" + wasmResultName(res.result) + ")");
    return false;
  }
  p.inFlight = true;
  p.token = res.token;
  inflight.set(res.token, p);
  return true;
}

function fetchFailed(p: JwksProvider, why: string): void {
  p.failures++;
  p.lastError = why;
  let kept = p.keys !== null ? "; keeping the last good keys" : "; no keys yet: tokens of this JWKS are refused";
  logWarn("bulwark: JWKS " + p.name + ": fetch failed: " + why + kept + " (retry in " + (p.backoffMs() / 1000).toString() + " s)");
}

// The answer to a fetch (delivered on the root context). Returns false for a
// token that is not a JWKS fetch.
export function jwksHttpCallResponse(token: u32, numHeaders: u32, bodySize: u32): bool {
  if (!inflight.has(token)) return false;
  let p = inflight.get(token);
  inflight.delete(token);
  p.inFlight = false;
  let now = nowMs();
  let status = numHeaders > 0 ? getHeader(MapType.HttpCallResponseHeaders, ":status") : null;
  if (status === null) fetchFailed(p, "no response (connection failure or reset)");
  else if (status != "200") fetchFailed(p, "HTTP status " + status!);
  else if (bodySize > MAX_JWKS_BYTES) fetchFailed(p, "the JWKS is larger than " + MAX_JWKS_BYTES.toString() + " bytes");
  else {
    let bytes = bodySize > 0 ? getBufferBytes(BufferType.HttpCallResponseBody, 0, bodySize) : null;
    let text = bytes !== null ? decodeUtf8Buffer(bytes) : "";
    if (bytes === null || lastDecodeHadInvalidUtf8()) fetchFailed(p, "the response body is empty or not UTF-8");
    else {
      let err = adoptText(p, text, now);
      if (err.length > 0) fetchFailed(p, err);
      else {
        publish(p);
        if (isEnabled(LogLevel.Info)) {
          logInfo("bulwark: JWKS " + p.name + ": fetched " + p.keys!.keys.length.toString() + " keys" + skippedNote(p.keys!));
        }
      }
    }
  }
  resumeWaiters(p, token);
  return true;
}

function skippedNote(set: JwkSet): string {
  return set.skipped.length > 0 ? " (ignored: " + set.skipped.join("; ") + ")" : "";
}

// Parses and adopts a fetched JWKS text; returns the problem, or "".
function adoptText(p: JwksProvider, text: string, fetchedAtMs: i64): string {
  let parsed = parseJson(text);
  if (parsed.value === null) return "the response is not JSON";
  let r = parseJwks(parsed.value!, false);
  if (r.set === null) return r.error;
  p.adopt(r.set!, text, fetchedAtMs);
  return "";
}

// Every request that waited for this fetch continues on its own stream, where the
// paused stage looks at the keys again.
function resumeWaiters(p: JwksProvider, token: u32): void {
  let waiters = p.waiters;
  p.waiters = new Array<u32>();
  for (let i = 0; i < waiters.length; i++) {
    let id = waiters[i];
    let s = findStream(id);
    if (s === null) continue;
    if (setEffectiveContext(id) != WasmResult.Ok) continue;
    s.onHttpCallResponse(token, 0, 0, 0);
  }
}

// ---- sharing between VMs ----
// Value: "<fetchedAtMs>\n<uri>\n<JWKS text>".

function sharedKey(p: JwksProvider): string { return SHARED_PREFIX + p.name; }

// Adopts a newer set another VM published. True when this VM now has keys that
// are at least as new as the shared ones.
function syncFromShared(p: JwksProvider): bool {
  let r = p.remote;
  if (r === null) return p.keys !== null;
  let v = getSharedData(sharedKey(p));
  if (v.result != WasmResult.Ok || v.value === null) return false;
  let s = String.UTF8.decode(v.value!);
  let a = s.indexOf("\n");
  let b = a < 0 ? -1 : s.indexOf("\n", a + 1);
  if (b < 0) return false;
  let at = I64.parseInt(s.substring(0, a));
  if (s.substring(a + 1, b) != r.uri) return false;
  if (at < p.fetchedAtMs) return p.keys !== null;
  let text = s.substring(b + 1);
  if (p.keys !== null && text == p.text) { if (at > p.fetchedAtMs) p.fetchedAtMs = at; return true; }
  return adoptText(p, text, at).length == 0;
}

function publish(p: JwksProvider): void {
  let key = sharedKey(p);
  let value = String.UTF8.encode(p.fetchedAtMs.toString() + "\n" + p.remote!.uri + "\n" + p.text);
  for (let attempt = 0; attempt < 3; attempt++) {
    let cur = getSharedData(key);
    let cas: u32 = 0;
    if (cur.result == WasmResult.Ok && cur.value !== null) {
      let s = String.UTF8.decode(cur.value!);
      let a = s.indexOf("\n");
      if (a > 0 && I64.parseInt(s.substring(0, a)) > p.fetchedAtMs) return;
      cas = cur.cas;
    }
    let res = setSharedData(key, value, cas);
    if (res != WasmResult.CasMismatch) return;
  }
}

// One VM refreshes a set at a time: the lease holds the time until which another
// VM's fetch is presumed running.
function takeLease(p: JwksProvider, now: i64): bool {
  let key = sharedKey(p) + ".lease";
  let cur = getSharedData(key);
  let cas: u32 = 0;
  if (cur.result == WasmResult.Ok && cur.value !== null) {
    let until = I64.parseInt(String.UTF8.decode(cur.value!));
    if (until > now) return false;
    cas = cur.cas;
  }
  let until = now + <i64>p.remote!.timeoutMs + 1000;
  return setSharedData(key, String.UTF8.encode(until.toString()), cas) == WasmResult.Ok;
}

export function logProviderState(level: LogLevel): void {
  if (!isEnabled(level)) return;
  for (let i = 0; i < providers.length; i++) {
    let p = providers[i];
    log(level, "bulwark: JWKS " + p.name + ": " + (p.keys !== null ? p.keys!.keys.length.toString() + " keys" : "no keys") + (p.lastError.length > 0 ? ", last error: " + p.lastError : ""));
  }
}
