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

export class DenyEngine {
  // Per pattern group of `rules` and per detector: needsOfMask of its transforms.
  groupNeeds: StaticArray<u32> = new StaticArray<u32>(0);
  detectorNeeds: StaticArray<u32> = new StaticArray<u32>(0);
  // Per detector: the header names it is limited to at the Header location
  // (null = every header), as for pattern rules.
  detectorHeaders: StaticArray<Array<string> | null> = new StaticArray<Array<string> | null>(0);

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
  }
}

export class EngineResult {
  engine: DenyEngine | null = null;
  error: string | null = null;
}

// Engines by (level, keys). A handful of distinct selections is normal; past
// MAX_ENGINES the cache starts over (configurations in force keep theirs).
const MAX_ENGINES = 8;
let cacheKeys = new Array<u64>();
let cacheEngines = new Array<DenyEngine>();

export function engineFor(level: i32, keys: u32): EngineResult {
  let res = new EngineResult();
  let k = (<u64>(level + 1) << 32) | <u64>keys;
  let at = cacheKeys.indexOf(k);
  if (at >= 0) { res.engine = cacheEngines[at]; return res; }
  let r = compileRules(level, keys, ALL_LOCATIONS);
  if (r.rules === null) { res.error = r.error; return res; }
  let e = new DenyEngine(level, keys, r.rules!, CheckSet.compile(level, keys));
  if (cacheKeys.length >= MAX_ENGINES) { cacheKeys = new Array<u64>(); cacheEngines = new Array<DenyEngine>(); }
  cacheKeys.push(k);
  cacheEngines.push(e);
  res.engine = e;
  return res;
}

// Number of engines compiled and cached (tests: sharing between policies).
export function cachedEngines(): i32 { return cacheKeys.length; }
