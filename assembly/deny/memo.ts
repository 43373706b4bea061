// A bounded cache of values known to be clean: (policy settings, location,
// header name, value) for which the last scan found nothing. Requests repeat
// most of what they carry (header names and values of the same clients,
// parameter names, JSON keys of one body), so the rules run once per distinct
// short value instead of once per occurrence. Content-keyed and verified on
// every hit (an entry holds the strings themselves), so a value can only be
// "clean" if that exact value was scanned clean under the same settings;
// settings are immutable and carry a VM-unique id, so a reconfiguration never
// reuses another policy's verdict. Direct-mapped: a colliding value evicts the
// slot (an attacker can only cost time, never skip a scan).
import { identitySlot } from "../sdk/identity";

const SLOTS: i32 = 1024;
const MASK: u32 = <u32>SLOTS - 1;
// Longer values are not cached (bounds memory to about SLOTS × 2 × MAX_CHARS × 2 bytes).
export const MAX_CHARS: i32 = 128;

const tags = new StaticArray<u32>(SLOTS);
const values = new StaticArray<string | null>(SLOTS);
const headers = new StaticArray<string | null>(SLOTS);

export let memoHits: i32 = 0;
// Off: every value is scanned (benchmarks of the uncached cost, tests).
export let memoEnabled: bool = true;
export function setMemoEnabled(on: bool): void { memoEnabled = on; }

// FNV-1a over the UTF-16 units of `s`, seeded. (deny/scan.ts needsOf folds the
// value into the same hash on its own pass over the characters.)
export const FNV32_OFFSET: u32 = 2166136261;
export const FNV32_PRIME: u32 = 16777619;
// @ts-ignore: decorator
@inline export function hash(seed: u32, s: string): u32 {
  let h = seed;
  let p = changetype<usize>(s);
  for (let i = 0, n = s.length; i < n; i++) h = (h ^ <u32>load<u16>(p + (<usize>i << 1))) * FNV32_PRIME;
  return h;
}

// The slot and tag of a lookup, kept for remember().
let lastSlot: i32 = -1;
let lastTag: u32 = 0;

// Is (ctx, headerName, value) known clean? `ctx` combines the settings id and
// the location. Prepares remember() for the same key.
export function knownClean(ctx: u32, headerName: string, value: string): bool {
  return knownCleanHashed(hash(hash(FNV32_OFFSET ^ ctx, headerName), value), headerName, value);
}

// knownClean() with the key's hash computed by the caller: hash(hash(FNV32_OFFSET ^ ctx, headerName), value).
export function knownCleanHashed(h: u32, headerName: string, value: string): bool {
  lastSlot = -1;
  if (!memoEnabled || value.length > MAX_CHARS) return false;
  let slot = <i32>(h & MASK);
  lastSlot = slot;
  lastTag = h | 1; // 0 marks an empty slot
  if (unchecked(tags[slot]) != lastTag) return false;
  let v = unchecked(values[slot]);
  let hn = unchecked(headers[slot]);
  if (v === null || hn === null || v != value || hn != headerName) return false;
  memoHits++;
  return true;
}

// Records the key of the last knownClean() call as clean.
export function remember(headerName: string, value: string): void {
  let slot = lastSlot;
  if (slot < 0) return;
  unchecked(tags[slot] = lastTag);
  unchecked(values[slot] = value);
  unchecked(headers[slot] = headerName);
  lastSlot = -1;
}

// ---- a first level by identity ----
//
// Many values are the same string object request after request: JSON keys and
// short header names and values are interned (parse/intern.ts), parameter
// names too. For those, the content-keyed lookup above still costs a pass
// over the characters, and the scan before it (needsOf, the reachability
// predicates) another. This level answers from the string's address alone.
// It is safe because an entry holds the string itself: while it is cached the
// object cannot be freed, so no other string can take its address, and
// strings are immutable. Bounded like the level above (MAX_CHARS). Only
// interned strings ever come back as the same object, and values that differ
// every request would evict them: an entry answered since the last attempt to
// replace it gets a second chance (the attempt stores nothing).
const REF_SLOTS: i32 = 256;
const refValues = new StaticArray<string | null>(REF_SLOTS);
const refHeaders = new StaticArray<string | null>(REF_SLOTS);
const refCtx = new StaticArray<u32>(REF_SLOTS);
const refUsed = new StaticArray<u8>(REF_SLOTS);
export let refHits: i32 = 0;

// @ts-ignore: decorator
@inline function refSlot(ctx: u32, value: string): i32 {
  return identitySlot(changetype<usize>(value), ctx, REF_SLOTS);
}

// Is this very string object known clean under (ctx, headerName)?
export function sameAsClean(ctx: u32, headerName: string, value: string): bool {
  if (!memoEnabled) return false;
  let slot = refSlot(ctx, value);
  if (changetype<usize>(unchecked(refValues[slot])) != changetype<usize>(value)) return false;
  if (unchecked(refCtx[slot]) != ctx || changetype<usize>(unchecked(refHeaders[slot])) != changetype<usize>(headerName)) return false;
  unchecked(refUsed[slot] = 1);
  refHits++;
  return true;
}

// Records this string object as clean under (ctx, headerName).
export function rememberSame(ctx: u32, headerName: string, value: string): void {
  if (!memoEnabled || value.length > MAX_CHARS) return;
  let slot = refSlot(ctx, value);
  if (unchecked(refUsed[slot]) != 0) { unchecked(refUsed[slot] = 0); return; }
  unchecked(refValues[slot] = value);
  unchecked(refHeaders[slot] = headerName);
  unchecked(refCtx[slot] = ctx);
}
