// The compiled built-in rules of one selection (highest level, key mask): the
// pattern automata and detectors of assembly/rules/catalogue.ts plus the check
// rules of assembly/rules/checks.ts. Built once and shared by every policy with
// the same selection, also across configurations of the VM (a reload with the
// same deny rules compiles nothing). Immutable after construction except for
// the automata's lazily filled DFA caches, which are bounded.
import { compileRules, LocationRules, ALL_LOCATIONS } from "../rules/catalogue";
import { CheckSet } from "../rules/checks";
import { Transform } from "../transform/cache";
import { RULE_HEADERS } from "../rules/generated";
import { Cls, punct, byteInClasses } from "../detect/charclass";
import { canMatchOver } from "../regex/reach";
import { setCompileHook } from "../regex/regex";

// Which characters make a transformation step change a value: a step whose
// character the value lacks is the identity (deny/scan.ts needsOf).
export namespace Need {
  export const Plus: u32 = 1 << 0;
  export const Percent: u32 = 1 << 1;
  export const Amp: u32 = 1 << 2;
  export const Nul: u32 = 1 << 3;
  export const Space: u32 = 1 << 4;
  export const Upper: u32 = 1 << 5;
}

// The characters the steps of a Transform mask react to.
export function needsOfMask(mask: u32): u32 {
  let n: u32 = 0;
  if (mask & Transform.PlusAsSpace) n |= Need.Plus;
  if (mask & (Transform.UrlDecode | Transform.UrlDecodeUni | Transform.UrlDecodeRepeated)) n |= Need.Percent;
  if (mask & Transform.HtmlEntity) n |= Need.Amp;
  if (mask & Transform.RemoveNul) n |= Need.Nul;
  if (mask & Transform.CompressWhitespace) n |= Need.Space;
  if (mask & Transform.Lowercase) n |= Need.Upper;
  return n;
}

const PLUS: u64 = punct("+");

// The signature of the text a rule group or detector sees, given the signature
// `sig` and Need bits `need` of the raw value: widened for what its
// transformation steps can introduce (decoding: anything; lower-casing: lower
// case letters, also from non-ASCII ones such as the Kelvin sign; spaces from
// "+" and other white space). A superset is always safe.
export function widen(sig: u64, need: u32, transforms: u32): u64 {
  return widenWith(sig, need, needsOfMask(transforms), transforms);
}

// The gate cache key of a value outside headers (DenyEngine.gateKeys): the
// signature (40 bits), the Need bits (6), the location (4), whether detectors
// run, and a bit no empty slot has.
// @ts-ignore: decorator
@inline export function gateKey(sig: u64, need: u32, location: i32, detectors: bool): u64 {
  return sig | (<u64>need << 40) | (<u64>location << 46) | (detectors ? <u64>1 << 62 : 0) | (<u64>1 << 63);
}

// @ts-ignore: decorator
@inline export function gateSlot(key: u64): i32 {
  let x = (key ^ (key >> 29)) * 0xBF58476D1CE4E5B9;
  return <i32>((x ^ (x >> 32)) & <u64>(GATE_SLOTS - 1));
}

// widen() with the transforms' needsOfMask precomputed (DenyEngine.groupNeeds, detectorNeeds).
// @ts-ignore: decorator
@inline export function widenWith(sig: u64, need: u32, transformNeeds: u32, transforms: u32): u64 {
  if ((transformNeeds & need & (Need.Percent | Need.Amp)) != 0) return Cls.All;
  let w = sig;
  if ((transforms & Transform.Lowercase) != 0 && (sig & (Cls.Upper | Cls.NonAscii)) != 0) w |= Cls.Lower;
  if ((transforms & Transform.PlusAsSpace) != 0 && (sig & PLUS) != 0) w |= Cls.Space;
  if ((transforms & Transform.CompressWhitespace) != 0 && (sig & (Cls.LineSpace | Cls.NonAscii)) != 0) w |= Cls.Space;
  return w;
}

// Which rule groups can match some text over a signature's characters, by
// signature: a small two-way cache (bounded, 8 KiB; a miss recomputes).
const REACH_SLOTS = 512;
export const GATE_SLOTS: i32 = 256;
// Groups from the 64th on share the last bit and always run.
export const LAST_GROUP_BIT = 63;
const REACH_BURST = 64;
const REACH_RATIO: i64 = 64;

export class DenyEngine {
  // Per pattern group of `rules` and per detector: needsOfMask of its transforms.
  groupNeeds: StaticArray<u32> = new StaticArray<u32>(0);
  detectorNeeds: StaticArray<u32> = new StaticArray<u32>(0);
  // Per detector: the header names it is limited to at the Header location
  // (null = every header), as for pattern rules.
  detectorHeaders: StaticArray<Array<string> | null> = new StaticArray<Array<string> | null>(0);

  // What scanValue runs for a value outside headers, by gate key (gateKey):
  // the groups and the detectors whose gates let it through. Direct-mapped,
  // bounded (GATE_SLOTS × 24 bytes); a miss recomputes. A key holds every
  // input of the gates (signature, needs, location, whether detectors run), so a
  // hit answers what the loops in scanValue would.
  gateKeys: StaticArray<u64> = new StaticArray<u64>(GATE_SLOTS);
  gateGroups: StaticArray<u64> = new StaticArray<u64>(GATE_SLOTS);
  gateDets: StaticArray<u64> = new StaticArray<u64>(GATE_SLOTS);
  private reachSig: StaticArray<u64> = new StaticArray<u64>(REACH_SLOTS);
  private reachMask: StaticArray<u64> = new StaticArray<u64>(REACH_SLOTS);
  private alphabet: StaticArray<u32> = new StaticArray<u32>(8);
  // Reachability computations and cache misses (tests, bench).
  reachComputed: i32 = 0;
  // Set when groupsReachable answered "every group" for want of budget rather
  // than by walking the automata (such answers are not remembered elsewhere).
  reachGuessed: bool = false;
  private reachMisses: i64 = 0;

  constructor(
    public readonly level: i32,
    public readonly keys: u32,
    public readonly rules: LocationRules,
    public readonly checks: CheckSet,
  ) {
    let g = rules.groups;
    let gn = new StaticArray<u32>(g.length);
    for (let i = 0; i < g.length; i++) gn[i] = needsOfMask(g[i].transforms);
    this.groupNeeds = gn;
    let d = rules.detectors;
    let dn = new StaticArray<u32>(d.length);
    for (let i = 0; i < d.length; i++) dn[i] = needsOfMask(d[i].transforms);
    this.detectorNeeds = dn;
    let dh = new StaticArray<Array<string> | null>(d.length);
    for (let i = 0; i < d.length; i++) {
      let h = unchecked(RULE_HEADERS[d[i].rule]);
      dh[i] = h.length > 0 ? h.split(",") : null;
    }
    this.detectorHeaders = dh;
    // Slot keys start as a signature no text has (bits above Cls.All).
    this.reachSig.fill(~<u64>0);
  }

  // Bit g set: group g may match some text whose characters are all in `sig`'s
  // classes (always set for g >= LAST_GROUP_BIT). Signatures of real traffic are few, so
  // the automaton walk runs rarely.
  groupsReachable(sig: u64): u64 {
    if (sig == Cls.All) return ~<u64>0;
    // splitmix64's finaliser: signatures differ in few, scattered bits.
    let x = sig;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EB;
    x ^= x >> 31;
    // Two ways per set: a signature may live in slot h or h ^ 1; a miss
    // replaces the older-looking one (the second way moves to the first).
    let h = <i32>(x & <u64>(REACH_SLOTS - 1)) & ~1;
    if (unchecked(this.reachSig[h]) == sig) return unchecked(this.reachMask[h]);
    if (unchecked(this.reachSig[h + 1]) == sig) return unchecked(this.reachMask[h + 1]);
    // A miss walks every group's automaton. Values crafted to carry ever new
    // signatures must not turn that into work per value: past a first burst,
    // at most one walk per REACH_RATIO misses; the other misses run every
    // group, which is only the cost of not skipping.
    this.reachMisses++;
    if (this.reachComputed >= REACH_BURST && <i64>this.reachComputed * REACH_RATIO > this.reachMisses) { this.reachGuessed = true; return ~<u64>0; }
    let a = this.alphabet;
    for (let w = 0; w < 8; w++) {
      let bits: u32 = 0;
      for (let b = 0; b < 32; b++) if (byteInClasses(sig, (w << 5) | b)) bits |= <u32>1 << b;
      unchecked(a[w] = bits);
    }
    let groups = this.rules.groups;
    let mask: u64 = 0;
    for (let g = 0; g < groups.length; g++) {
      if (g >= LAST_GROUP_BIT || canMatchOver(unchecked(groups[g]).set.program, a)) mask |= <u64>1 << <u64>min(g, LAST_GROUP_BIT);
    }
    this.reachComputed++;
    unchecked(this.reachSig[h + 1] = this.reachSig[h]);
    unchecked(this.reachMask[h + 1] = this.reachMask[h]);
    unchecked(this.reachSig[h] = sig);
    unchecked(this.reachMask[h] = mask);
    return mask;
  }
}

export class EngineResult {
  engine: DenyEngine | null = null;
  error: string | null = null;
  // No engine yet: compilation was deferred (deferEngines) and is pending.
  deferred: bool = false;
}

// Engines by (level, keys). A handful of distinct selections is normal; past
// MAX_ENGINES the cache starts over (configurations in force keep theirs).
const MAX_ENGINES = 8;
let cacheKeys = new Array<u64>();
let cacheEngines = new Array<DenyEngine>();

export function engineFor(level: i32, keys: u32): EngineResult {
  let k = (<u64>(level + 1) << 32) | <u64>keys;
  let at = cacheKeys.indexOf(k);
  if (at >= 0) {
    let hit = new EngineResult();
    hit.engine = cacheEngines[at];
    return hit;
  }
  if (deferring) {
    if (!pendingKeys.includes(k)) pendingKeys.push(k);
    let later = new EngineResult();
    later.deferred = true;
    return later;
  }
  return compileEngine(k);
}

// Compiles and caches the engine of key `k`. Under the compile hook (see
// buildPendingEngines) nothing but module globals may hold this function's
// objects while compileRules runs, so its result object is made at the end.
function compileEngine(k: u64): EngineResult {
  let level = <i32>(k >> 32) - 1;
  let keys = <u32>k;
  let r = compileRules(level, keys, ALL_LOCATIONS);
  if (r.rules === null) {
    let failed = new EngineResult();
    failed.error = r.error;
    return failed;
  }
  let e = new DenyEngine(level, keys, r.rules!, CheckSet.compile(level, keys));
  if (cacheKeys.length >= MAX_ENGINES) { cacheKeys = new Array<u64>(); cacheEngines = new Array<DenyEngine>(); }
  cacheKeys.push(k);
  cacheEngines.push(e);
  let res = new EngineResult();
  res.engine = e;
  return res;
}

// Deferred compilation, for configuration (filter/root.ts). Compiling the
// built-in rules leaves several MiB of garbage (parse trees, NFA fragments)
// and the collector runs only between callbacks, so inside one configuration
// pass that garbage would pile on top of the parsed configuration and set the
// VM's memory high-water mark. Instead the first pass only notes the engines
// it lacks (engineFor answers `deferred`), buildPendingEngines compiles them
// with a collection after each pattern, and a second pass finds them in the cache.
let deferring = false;
let pendingKeys = new Array<u64>();

export function deferEngines(on: bool): void { deferring = on; }

export function hasPendingEngines(): bool { return pendingKeys.length > 0; }

// Compiles every pending engine, calling `collect` after each pattern
// (regex.ts setCompileHook) and each engine. Call it only where the caller's
// own frames hold nothing the collector must keep. A failure is not reported
// here: the engine stays missing and the next engineFor compiles it again and
// returns the error.
export function buildPendingEngines(collect: () => void): void {
  setCompileHook(collect);
  for (let i = 0; i < pendingKeys.length; i++) {
    compileEngine(unchecked(pendingKeys[i]));
    collect();
  }
  setCompileHook(null);
  pendingKeys.length = 0;
}

// Number of engines compiled and cached (tests: sharing between policies).
export function cachedEngines(): i32 { return cacheKeys.length; }
