// The built-in rules (generated.ts) turned into automata: for one level, a set
// of rule keys and one location (or all of them, shared), the pattern rules grouped by the
// transformations they need (and apart when they inspect headers only), one
// RegexSet per group. Matching a value runs each group that applies to its
// location once over the value transformed for that group, so the cost is one
// pass per distinct transform mask, whatever the number of rules.
import { RegexSet, MatchMode } from "../regex/regex";
import { DEFAULT_SET_CACHE_BYTES } from "../regex/limits";
import { Transformed, canonicalMask } from "../transform/cache";
import { Finding, Detector } from "../detect/finding";
import { detectSql } from "../detect/sql";
import { detectXss } from "../detect/xss";
import { detectShell } from "../detect/shell";
import {
  RuleKey, RULE_COUNT, RULE_ID, RULE_KEY, RULE_LEVEL, RULE_LOCATIONS, RULE_HEADERS, RULE_TRANSFORMS, RULE_KIND, RULE_BODY, RuleKind,
} from "./generated";

export const ALL_KEYS: u32 = 0xffffffff;
export const ALL_LOCATIONS: u32 = 0xffffffff;
// Source.Header (assembly/parse/items.ts).
const HEADER: i32 = 4;

// Is rule `i` (of `kind`) active at `level` for `keys` at any of `locations` (bit per Source)?
function selected(i: i32, kind: u8, level: i32, keys: u32, locations: u32): bool {
  if (unchecked(RULE_KIND[i]) != kind) return false;
  if (<i32>unchecked(RULE_LEVEL[i]) > level) return false;
  if ((keys & (<u32>1 << unchecked(RULE_KEY[i]))) == 0) return false;
  return (unchecked(RULE_LOCATIONS[i]) & locations) != 0;
}

// Is rule `i` a pattern rule active at `level` for `keys` (bit per RuleKey) at `location` (Source)?
export function ruleSelected(i: i32, level: i32, keys: u32, location: i32): bool {
  return selected(i, RuleKind.Pattern, level, keys, <u32>1 << location);
}

// A tokenizer detector (assembly/detect/) run as a rule. Each finding carries
// its own confidence level; the rule reports it only when the configured level
// is at least as strict (a Standard finding fires at Standard and Strict).
export const DETECT_SQL = 1;
export const DETECT_XSS = 2;
export const DETECT_SHELL = 3;

export class DetectorRule {
  // DETECT_SQL, DETECT_XSS or DETECT_SHELL, from the catalogue's detector name.
  which: i32;

  constructor(
    public rule: i32,
    public transforms: u32,
    detector: string,
    // For "shell": which command family this rule reports (Detector.UnixCmd or WinCmd).
    public family: i32,
  ) {
    this.which = detector == "sql" ? DETECT_SQL : detector == "xss" ? DETECT_XSS : DETECT_SHELL;
  }
}

export class RuleGroup {
  constructor(
    // Canonical Transform mask applied to the value before matching.
    public transforms: u32,
    // Rule numbers; pattern k of `set` is rule rules[k].
    public rules: StaticArray<i32>,
    // Per rule: the header names it is limited to (null = every header).
    public headers: StaticArray<Array<string> | null>,
    public set: RegexSet,
    // Every rule of the group inspects headers only (see headerOnly()).
    public onlyHeaders: bool = false,
    // For such a group: the header names its rules are limited to, all
    // together (null = some rule inspects every header).
    public headerNames: Array<string> | null = null,
  ) {}

  // Can the group report anything for an item at `location` (a Source) with
  // this (lower-case) header name? Header-only groups run on the few headers
  // they name and never on parameters or bodies.
  // @ts-ignore: decorator
  @inline appliesTo(location: i32, headerName: string): bool {
    if (!this.onlyHeaders) return true;
    if (location != HEADER) return false;
    let names = this.headerNames;
    return names === null || names.includes(headerName);
  }
}

// Rules that inspect headers only get groups of their own. Many of them are
// about one header's syntax (Content-Type, Transfer-Encoding, User-Agent) and
// match most ordinary text; in a group shared with the parameter rules they
// would make every parameter and JSON value run that group's automaton to the
// end (no dead state, no skip by character classes), only for the hits to be
// dropped by location.
function headerOnly(rule: i32): bool {
  return unchecked(RULE_LOCATIONS[rule]) == <u32>1 << HEADER;
}
// The group key of a pattern rule: its canonical mask, plus this bit for header-only rules.
const HEADER_ONLY_KEY: u32 = 1 << 31;

function groupKey(rule: i32): u32 {
  let k = canonicalMask(unchecked(RULE_TRANSFORMS[rule]));
  return headerOnly(rule) ? k | HEADER_ONLY_KEY : k;
}

export class LocationRules {
  groups: Array<RuleGroup> = [];
  detectors: Array<DetectorRule> = [];
  // The configured level (0 Basic, 1 Standard, 2 Strict).
  level: i32 = 1;
  // Off: detector rules are skipped (measurements of the patterns alone).
  runDetectors: bool = true;
  // Rule numbers that matched in the last match() call.
  matched: Array<i32> = [];
  private scratch: ArrayBuffer = new ArrayBuffer(256);

  get programSize(): i32 {
    let n = 0;
    for (let g = 0; g < this.groups.length; g++) n += this.groups[g].set.program.size;
    return n;
  }

  get cacheBytes(): i32 {
    let n = 0;
    for (let g = 0; g < this.groups.length; g++) n += this.groups[g].set.dfa.memoryBytes();
    return n;
  }

  get ruleCount(): i32 {
    let n = 0;
    for (let g = 0; g < this.groups.length; g++) n += this.groups[g].rules.length;
    return n + this.detectors.length;
  }

  // Runs every group over `value` (transformed through `t`, whose cache the
  // caller may share between locations and rule stages) and keeps the rules
  // that inspect `location` (a Source). `headerName` is the lower-case header
  // name for Header items, "" otherwise. Returns the number of matched rules;
  // `matched` lists them.
  match(t: Transformed, location: i32, headerName: string): i32 {
    let bit = <u32>1 << location;
    this.matched.length = 0;
    for (let g = 0; g < this.groups.length; g++) {
      let group = unchecked(this.groups[g]);
      if (!group.appliesTo(location, headerName)) continue;
      let s = t.get(group.transforms);
      let len = String.UTF8.byteLength(s);
      if (this.scratch.byteLength < len) this.scratch = new ArrayBuffer(max(len, this.scratch.byteLength << 1));
      let ptr = changetype<usize>(this.scratch);
      String.UTF8.encodeUnsafe(changetype<usize>(s), s.length, ptr);
      if (group.set.matchPtr(ptr, len) == 0) continue;
      for (let k = 0; k < group.rules.length; k++) {
        if (!group.set.matched(k)) continue;
        let rule = unchecked(group.rules[k]);
        if ((unchecked(RULE_LOCATIONS[rule]) & bit) == 0) continue;
        let names = unchecked(group.headers[k]);
        if (location == HEADER && names !== null && !names.includes(headerName)) continue;
        this.matched.push(rule);
      }
    }
    let detectors = this.runDetectors ? this.detectors.length : 0;
    // The shell detector serves both UNIXCMD and WINCMD rules: run it once per transform set.
    let shellMask: u32 = 0xffffffff;
    let shell: Finding | null = null;
    for (let d = 0; d < detectors; d++) {
      let det = unchecked(this.detectors[d]);
      if ((unchecked(RULE_LOCATIONS[det.rule]) & bit) == 0) continue;
      let f: Finding | null;
      if (det.which == DETECT_SQL) f = detectSql(t.get(det.transforms));
      else if (det.which == DETECT_XSS) f = detectXss(t.get(det.transforms));
      else {
        if (shellMask != det.transforms) { shell = detectShell(t.get(det.transforms)); shellMask = det.transforms; }
        let sh = shell;
        f = sh !== null && <i32>sh.detector == det.family ? sh : null;
      }
      // Finding levels are 1-based (Level.Basic = 1).
      if (f !== null && <i32>f.level <= this.level + 1) this.matched.push(det.rule);
    }
    return this.matched.length;
  }
}

export class CompileRulesResult {
  rules: LocationRules | null = null;
  // "BW-XSS-0002: <engine message>" when a pattern or the set does not compile.
  error: string | null = null;
}

// Builds the automata for one location. A location with no selected rules gets
// an empty LocationRules (match() returns 0).
export function compileLocation(level: i32, keys: u32, location: i32, cacheBytes: i32 = DEFAULT_SET_CACHE_BYTES): CompileRulesResult {
  return compileRules(level, keys, <u32>1 << location, cacheBytes);
}

// Builds one set per group key (transform mask, header-only) for the rules of every location in
// `locations`; match() keeps only the rules of the item's location. Most
// rules inspect the same parameter-like locations, so sharing the automata
// compiles each pattern once instead of once per location.
//
// At configuration time a group's set compiles with a collection after each
// pattern (regex.ts compileHook, set by deny/engine.ts buildPendingEngines).
// Everything this function still needs is then held by module globals
// (`building`, `buildingMasks`, `buildingIds`), not only by its locals, and its
// result object is made at the end: the minimal runtime does not scan the wasm stack.
export function compileRules(level: i32, keys: u32, locations: u32, cacheBytes: i32 = DEFAULT_SET_CACHE_BYTES): CompileRulesResult {
  let out = new LocationRules();
  building = out;
  out.level = level;
  for (let i = 0; i < RULE_COUNT; i++) {
    if (!selected(i, RuleKind.Detector, level, keys, locations)) continue;
    let family = unchecked(RULE_KEY[i]) == RuleKey.WINCMD ? <i32>Detector.WinCmd : <i32>Detector.UnixCmd;
    out.detectors.push(new DetectorRule(i, canonicalMask(unchecked(RULE_TRANSFORMS[i])), unchecked(RULE_BODY[i]), family));
  }
  // Distinct group keys (canonical mask, header-only bit), in first-seen order.
  let masks: Array<u32> = [];
  buildingMasks = masks;
  for (let i = 0; i < RULE_COUNT; i++) {
    if (!selected(i, RuleKind.Pattern, level, keys, locations)) continue;
    let m = groupKey(i);
    if (!masks.includes(m)) masks.push(m);
  }
  for (let j = 0; j < masks.length; j++) {
    let key = masks[j];
    let mask = key & ~HEADER_ONLY_KEY;
    let ids: Array<i32> = [];
    let patterns: Array<string> = [];
    let modes: Array<MatchMode> = [];
    for (let i = 0; i < RULE_COUNT; i++) {
      if (!selected(i, RuleKind.Pattern, level, keys, locations) || groupKey(i) != key) continue;
      ids.push(i);
      patterns.push(unchecked(RULE_BODY[i]));
      modes.push(MatchMode.Search);
    }
    buildingIds = ids;
    let r = RegexSet.compile(patterns, modes, [], cacheBytes);
    if (r.error !== null) {
      let failed = new CompileRulesResult();
      failed.error = RULE_ID[ids[r.error!.index]] + ": " + r.error!.toString();
      building = null; buildingMasks = null; buildingIds = null;
      return failed;
    }
    let rules = new StaticArray<i32>(ids.length);
    let headers = new StaticArray<Array<string> | null>(ids.length);
    let onlyHeaders = (key & HEADER_ONLY_KEY) != 0;
    let names: Array<string> | null = onlyHeaders ? [] : null;
    for (let k = 0; k < ids.length; k++) {
      rules[k] = ids[k];
      let h = unchecked(RULE_HEADERS[ids[k]]);
      let list = h.length > 0 ? h.split(",") : null;
      headers[k] = list;
      if (names === null) continue;
      if (list === null) { names = null; continue; }
      for (let n = 0; n < list.length; n++) if (!names.includes(list[n])) names.push(list[n]);
    }
    out.groups.push(new RuleGroup(mask, rules, headers, r.set!, onlyHeaders, onlyHeaders ? names : null));
  }
  building = null; buildingMasks = null; buildingIds = null;
  let res = new CompileRulesResult();
  res.rules = out;
  return res;
}

// compileRules' work in progress, reachable for the collector.
let building: LocationRules | null = null;
let buildingMasks: Array<u32> | null = null;
let buildingIds: Array<i32> | null = null;
