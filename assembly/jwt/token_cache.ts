// A bounded per-VM cache of tokens whose signature verified, keyed by the SHA-256
// of the token, so a repeated token costs one hash and one map lookup instead of
// a signature verification. An entry records the key set (and its generation) it
// verified with: it is reused only for that set while the set is unchanged.
// Claims (expiry, issuer, audience, requirements) are still checked on every use,
// so `exp` is honoured exactly; an expired entry is dropped when met.
import { sha256 } from "../crypto/sha2";
import { Token } from "./token";
import { JwksProvider } from "./jwks_store";

export const MAX_CACHED_TOKENS: i32 = 1024;
// Longer tokens are verified every time rather than held (bounds the memory).
export const MAX_CACHED_TOKEN_LENGTH: i32 = 4096;

export class CachedToken {
  constructor(public readonly token: Token, public readonly provider: JwksProvider, public readonly generation: i32) {}
}

const entries = new Map<string, CachedToken>();
// Insertion order, for eviction of the oldest entry once full.
const ring = new StaticArray<string | null>(MAX_CACHED_TOKENS);
let next: i32 = 0;

let hits: u64 = 0;
let misses: u64 = 0;

const scratch = new Uint8Array(MAX_CACHED_TOKEN_LENGTH);

// The cache key of a token: its SHA-256 as a 16-unit string. null when the token
// cannot be cached (too long or not ASCII, which no valid compact JWS is).
export function cacheKey(t: string): string | null {
  let n = t.length;
  if (n > MAX_CACHED_TOKEN_LENGTH) return null;
  for (let i = 0; i < n; i++) {
    let c = t.charCodeAt(i);
    if (c > 0x7F) return null;
    unchecked(scratch[i] = <u8>c);
  }
  let h = sha256(scratch.subarray(0, n));
  return String.UTF16.decode(h.buffer);
}

export function lookupToken(key: string): CachedToken | null {
  if (!entries.has(key)) { misses++; return null; }
  hits++;
  return entries.get(key);
}

export function storeToken(key: string, e: CachedToken): void {
  if (entries.has(key)) { entries.set(key, e); return; }
  if (entries.size >= MAX_CACHED_TOKENS) {
    let old = unchecked(ring[next]);
    if (old !== null) entries.delete(old!);
  }
  entries.set(key, e);
  unchecked(ring[next] = key);
  next = (next + 1) % MAX_CACHED_TOKENS;
}

export function dropToken(key: string): void {
  if (entries.has(key)) entries.delete(key);
}

export function cachedTokenCount(): i32 { return entries.size; }
export function cacheHits(): u64 { return hits; }
export function cacheMisses(): u64 { return misses; }
