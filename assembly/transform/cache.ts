// Per-item transformation cache. Deny rules each choose a set of
// transformations (a Transform mask); many rules share the same sets, so each
// item computes a given chain at most once per request. The steps always run in
// one canonical order, and every intermediate result is cached under the mask
// of the steps applied so far, so "UrlDecodeUni|Lowercase" reuses a cached
// "UrlDecodeUni". The cache is a few fixed slots per item (bounded memory);
// when they are full, results are computed without being stored.
//
// Canonical order: PlusAsSpace, then one URL decoding (the strongest selected:
// UrlDecodeRepeated > UrlDecodeUni > UrlDecode), HtmlEntity, RemoveNul,
// CompressWhitespace, Lowercase.
import { Item } from "../parse/items";
import { plusAsSpace } from "./plus";
import { percentDecode, lastPercentFlags } from "./percent";
import { percentDecodeRepeated, lastRepeatedFlags, DEFAULT_ROUNDS } from "./percent_repeated";
import { htmlEntityDecode, lastHtmlFlags } from "./html_entity";
import { removeNul } from "./nul";
import { compressWhitespace } from "./whitespace";
import { lowercase } from "./lowercase";

export namespace Transform {
  export const None: u32 = 0;
  export const PlusAsSpace: u32 = 1 << 0;
  // "%XX" only.
  export const UrlDecode: u32 = 1 << 1;
  // "%XX" and "%uXXXX".
  export const UrlDecodeUni: u32 = 1 << 2;
  // "%XX" and "%uXXXX" until stable (at most DEFAULT_ROUNDS rounds).
  export const UrlDecodeRepeated: u32 = 1 << 3;
  export const HtmlEntity: u32 = 1 << 4;
  export const RemoveNul: u32 = 1 << 5;
  export const CompressWhitespace: u32 = 1 << 6;
  export const Lowercase: u32 = 1 << 7;
  export const All: u32 = (1 << 8) - 1;
}

// The steps of the canonical order.
const ORDER: u32[] = [
  Transform.PlusAsSpace, Transform.UrlDecodeRepeated | Transform.UrlDecodeUni | Transform.UrlDecode,
  Transform.HtmlEntity, Transform.RemoveNul, Transform.CompressWhitespace, Transform.Lowercase,
];

// Drops URL decodings subsumed by a stronger one in the same mask.
export function canonicalMask(mask: u32): u32 {
  mask &= Transform.All;
  if (mask & Transform.UrlDecodeRepeated) mask &= ~(Transform.UrlDecodeUni | Transform.UrlDecode);
  else if (mask & Transform.UrlDecodeUni) mask &= ~Transform.UrlDecode;
  return mask;
}

export const CACHE_SLOTS: i32 = 6;

export class Transformed {
  private masks: StaticArray<u32> = new StaticArray<u32>(CACHE_SLOTS);
  private results: StaticArray<string> = new StaticArray<string>(CACHE_SLOTS);
  private used: i32 = 0;
  // Anomaly flags (ItemFlag) seen by the decodings computed so far.
  flags: u32 = 0;
  // Number of transformation steps actually run (for tests and metrics).
  steps: i32 = 0;

  constructor(public readonly value: string) {}

  private lookup(mask: u32): string | null {
    for (let i = 0; i < this.used; i++) if (unchecked(this.masks[i]) == mask) return unchecked(this.results[i]);
    return null;
  }

  private store(mask: u32, s: string): void {
    let i = this.used;
    if (i >= CACHE_SLOTS) return;
    unchecked(this.masks[i] = mask);
    unchecked(this.results[i] = s);
    this.used = i + 1;
  }

  private apply(step: u32, s: string): string {
    this.steps++;
    if (step == Transform.PlusAsSpace) return plusAsSpace(s);
    if (step == Transform.UrlDecode) { let r = percentDecode(s, false); this.flags |= lastPercentFlags(); return r; }
    if (step == Transform.UrlDecodeUni) { let r = percentDecode(s, true); this.flags |= lastPercentFlags(); return r; }
    if (step == Transform.UrlDecodeRepeated) { let r = percentDecodeRepeated(s, DEFAULT_ROUNDS); this.flags |= lastRepeatedFlags(); return r; }
    if (step == Transform.HtmlEntity) { let r = htmlEntityDecode(s); this.flags |= lastHtmlFlags(); return r; }
    if (step == Transform.RemoveNul) return removeNul(s);
    if (step == Transform.CompressWhitespace) return compressWhitespace(s);
    return lowercase(s);
  }

  // The value with the transformations in `mask` applied.
  get(mask: u32): string {
    mask = canonicalMask(mask);
    if (mask == 0) return this.value;
    let hit = this.lookup(mask);
    if (hit !== null) return hit;
    // Start from the longest cached prefix of the chain.
    let cur = this.value;
    let done: u32 = 0;
    let startStep = 0;
    let prefix: u32 = 0;
    for (let k = 0; k < ORDER.length; k++) {
      let bit = unchecked(ORDER[k]) & mask;
      if (bit == 0) continue;
      prefix |= bit;
      let c = this.lookup(prefix);
      if (c === null) break;
      cur = c; done = prefix; startStep = k + 1;
    }
    for (let k = startStep; k < ORDER.length; k++) {
      let bit = unchecked(ORDER[k]) & mask;
      if (bit == 0) continue;
      cur = this.apply(bit, cur);
      done |= bit;
      this.store(done, cur);
    }
    return cur;
  }
}

// The item's value with `mask` applied, cached on the item for this request.
export function get(item: Item, mask: u32): string {
  let t = item.transformed;
  if (t === null) { t = new Transformed(item.value); item.transformed = t; }
  return t.get(mask);
}
