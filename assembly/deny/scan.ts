// The hot path of the deny-rule stage: one value against the compiled pattern
// groups and detectors, hits filtered by the level of their (rule key, data
// type). Results go to module-level arrays (`hits`), reused by every call, so
// a value without hits allocates nothing.
//
// Each group of the catalogue runs over the value transformed for it. Most
// values are plain text for which every transformation is the identity: one
// pass over the value (needsOf) finds which steps could change it, and when a
// group's steps cannot, the group runs straight over the value's bytes, which
// are encoded once for all groups. Otherwise the item's Transformed cache runs
// each chain at most once per item.
import { DenyEngine, Need, widenWith, LAST_GROUP_BIT, gateKey, gateSlot } from "./engine";
import { classOf } from "../detect/charclass";
import { knownCleanHashed, remember, sameAsClean, rememberSame, hash, FNV32_OFFSET, FNV32_PRIME } from "./memo";
import { DenyRulesSettings } from "../config/deny_rules";
import { Transformed } from "../transform/cache";
import { Item } from "../parse/items";
import { RULE_KEY, RULE_LEVEL, RULE_LOCATIONS } from "../rules/generated";
import { DETECT_SQL, DETECT_XSS } from "../rules/catalogue";
import { Finding } from "../detect/finding";
import { detectSql, sqlMayFind } from "../detect/sql";
import { detectXss, xssMayFind } from "../detect/xss";
import { detectShell, shellMayFind } from "../detect/shell";

// Source.Header (assembly/parse/items.ts).
const HEADER: i32 = 4;

// What the last scanValue found: rule numbers, the (0-based) level of each
// finding, the offset of the evidence in `texts` (-1 when unknown: pattern
// rules report no position) and the transformed text it was found in.
export class Hits {
  count: i32 = 0;
  rules: Array<i32> = new Array<i32>();
  levels: Array<i32> = new Array<i32>();
  offsets: Array<i32> = new Array<i32>();
  texts: Array<string> = new Array<string>();

  reset(): void {
    if (this.count == 0) return;
    this.count = 0;
    this.rules.length = 0; this.levels.length = 0; this.offsets.length = 0; this.texts.length = 0;
  }

  push(rule: i32, level: i32, offset: i32, text: string): void {
    this.rules.push(rule); this.levels.push(level); this.offsets.push(offset); this.texts.push(text);
    this.count++;
  }
}

export const hits = new Hits();

// Scratch for the UTF-8 bytes the automata read; grows to the largest value seen
// (bounded by the Limits value lengths), never shrinks.
let scratch: ArrayBuffer = new ArrayBuffer(1024);
let scratchLen: i32 = 0;

// Values scanned, transformation chains computed and rule groups skipped
// because no pattern of theirs can match the value's characters (tests, bench).
export let valuesScanned: i32 = 0;
export let chainsComputed: i32 = 0;
export let groupsSkipped: i32 = 0;
export let detectorsSkipped: i32 = 0;
// Values for which no group and no detector could fire (not even looked up in the memo).
export let valuesSkipped: i32 = 0;

// The character-class signature (detect/charclass.ts) of the value needsOf saw last.
export let lastSig: u64 = 0;

function ensureScratch(bytes: i32): usize {
  if (scratch.byteLength < bytes) scratch = new ArrayBuffer(max(bytes, scratch.byteLength << 1));
  return changetype<usize>(scratch);
}

// The FNV-1a hash needsOf folded the value into, from its `seed`.
export let lastHash: u32 = 0;

// The Need bits of `s` (which transformation steps could change it), with its
// UTF-8 bytes written to the scratch buffer (scratchLen) and its
// character-class signature (lastSig) and hash from `seed` (lastHash, the
// clean-value cache's key) computed on the way: one pass over the characters.
export function needsOf(s: string, seed: u32 = FNV32_OFFSET): u32 {
  let n = s.length;
  let src = changetype<usize>(s);
  let dst = ensureScratch(n);
  let need: u32 = 0;
  let sig: u64 = 0;
  let h = seed;
  let prevSpace = false;
  let ascii = true;
  for (let i = 0; i < n; i++) {
    let c = <u32>load<u16>(src + (<usize>i << 1));
    h = (h ^ c) * FNV32_PRIME;
    sig |= classOf(c);
    if (c >= 0x80) {
      ascii = false;
      if (c == 0xA0) need |= Need.Space;
      else if (<u32>(c - 0xC0) <= 0x1E && c != 0xD7) need |= Need.Upper;
      prevSpace = false;
      continue;
    }
    store<u8>(dst + <usize>i, <u8>c);
    if (c >= 0x41) {
      if (c <= 0x5A) need |= Need.Upper;
      prevSpace = false;
      continue;
    }
    if (c == 0x20) { if (prevSpace) need |= Need.Space; prevSpace = true; continue; }
    prevSpace = false;
    if (c == 0x25) need |= Need.Percent;
    else if (c == 0x2B) need |= Need.Plus;
    else if (c == 0x26) need |= Need.Amp;
    else if (c == 0) need |= Need.Nul;
    else if (<u32>(c - 0x09) <= 4) need |= Need.Space;
  }
  if (ascii) scratchLen = n;
  else scratchLen = encode(s);
  lastSig = sig;
  lastHash = h;
  return need;
}

// Writes `s` as UTF-8 into the scratch buffer; returns the byte length.
function encode(s: string): i32 {
  let len = String.UTF8.byteLength(s);
  let ptr = ensureScratch(len);
  String.UTF8.encodeUnsafe(changetype<usize>(s), s.length, ptr);
  return len;
}

// Matches `value` (of an item at `location`, a Source, whose API data type is
// `type`; `headerName` is the lower-case header name for header values, "" else)
// against the engine's rules. `item`, when given, keeps the transformation cache
// for later stages and scans of the same item. Returns hits.count.
// With `deferDetectors`, a value on which a pattern rule hit returns those hits
// at once, the detectors still to run (detectorsPending): the caller decides on
// the pattern hits first and runs the detectors (scanDetectors) only when none
// of them ended the request. A block needs one reportable hit, and the
// detectors, the costly part, would only add hits after it.
export function scanValue(s: DenyRulesSettings, e: DenyEngine, value: string, item: Item | null, location: i32, type: i32, headerName: string, deferDetectors: bool = false): i32 {
  hits.reset();
  detectorsPending = false;
  if (value.length == 0) return 0;
  let ctx = (s.id << 4) | <u32>location;
  if (sameAsClean(ctx, headerName, value)) return 0;
  let need = needsOf(value, hash(FNV32_OFFSET ^ ctx, headerName));
  let sig = lastSig;
  let key = lastHash;
  let plainLen = scratchLen;
  let rules = e.rules;
  let groups = rules.groups;
  // Which groups and detectors can fire at all on text of this value's
  // character classes (most ordinary values: none), before the memo lookup.
  // Outside headers the answer depends on the gate key alone: remembered.
  let runGroups: u64;
  let runDets: u64;
  if (location != HEADER && gateCache) {
    let gk = gateKey(sig, need, location, rules.runDetectors);
    let slot = gateSlot(gk);
    if (unchecked(e.gateKeys[slot]) == gk) {
      runGroups = unchecked(e.gateGroups[slot]);
      runDets = unchecked(e.gateDets[slot]);
    } else {
      e.reachGuessed = false;
      runGroups = groupGates(e, sig, need, location, headerName);
      runDets = detectorGates(e, sig, need);
      if (!e.reachGuessed) {
        unchecked(e.gateKeys[slot] = gk);
        unchecked(e.gateGroups[slot] = runGroups);
        unchecked(e.gateDets[slot] = runDets);
      }
    }
  } else {
    runGroups = groupGates(e, sig, need, location, headerName);
    runDets = detectorGates(e, sig, need);
  }
  if ((runGroups | runDets) == 0) { valuesSkipped++; rememberSame(ctx, headerName, value); return 0; }
  if (knownCleanHashed(key, headerName, value)) { rememberSame(ctx, headerName, value); return 0; }
  valuesScanned++;
  let bit = <u32>1 << location;
  let t: Transformed | null = null;
  // The scratch holds the plain value's bytes until a group needs a transformed one.
  let plainInScratch = true;
  for (let g = 0, ng = groups.length; g < ng; g++) {
    if ((runGroups & (<u64>1 << <u64>min(g, LAST_GROUP_BIT))) == 0) continue;
    let group = unchecked(groups[g]);
    let text = value;
    let len = plainLen;
    if ((unchecked(e.groupNeeds[g]) & need) != 0) {
      if (t === null) t = transformedOf(item, value);
      text = t!.get(group.transforms);
      chainsComputed++;
      len = encode(text);
      plainInScratch = false;
    } else if (!plainInScratch) {
      len = encode(value);
      plainInScratch = true;
    }
    if (group.set.matchPtr(changetype<usize>(scratch), len) == 0) continue;
    let ids = group.rules;
    for (let k = 0, nk = ids.length; k < nk; k++) {
      if (!group.set.matched(k)) continue;
      let rule = unchecked(ids[k]);
      if ((unchecked(RULE_LOCATIONS[rule]) & bit) == 0) continue;
      let names = unchecked(group.headers[k]);
      if (location == HEADER && names !== null && !names.includes(headerName)) continue;
      let level = <i32>unchecked(RULE_LEVEL[rule]);
      if (level > s.levelAt(<i32>unchecked(RULE_KEY[rule]), type)) continue;
      hits.push(rule, level, -1, text);
    }
  }
  if (runDets == 0) return finish(ctx, headerName, value);
  if (deferDetectors && hits.count > 0) {
    pSettings = s; pEngine = e; pValue = value; pItem = item; pLocation = location; pHeaderName = headerName;
    pNeed = need; pRunDets = runDets; pTransformed = t;
    detectorsPending = true;
    return hits.count;
  }
  runDetectors(s, e, value, item, location, type, headerName, need, runDets, t);
  return finish(ctx, headerName, value);
}

// Set by scanValue(deferDetectors) when it returned pattern hits with detectors
// still to run; cleared by scanDetectors and dropDetectors.
export let detectorsPending: bool = false;
let pSettings: DenyRulesSettings | null = null;
let pEngine: DenyEngine | null = null;
let pValue: string = "";
let pItem: Item | null = null;
let pLocation: i32 = 0;
let pHeaderName: string = "";
let pNeed: u32 = 0;
let pRunDets: u64 = 0;
let pTransformed: Transformed | null = null;

// The detectors of the value scanValue deferred: `hits` then holds their hits
// only. The value is not remembered as clean (its patterns hit).
export function scanDetectors(type: i32): i32 {
  hits.reset();
  if (!detectorsPending) return 0;
  runDetectors(pSettings!, pEngine!, pValue, pItem, pLocation, type, pHeaderName, pNeed, pRunDets, pTransformed);
  dropDetectors();
  return hits.count;
}

// The caller decided without the deferred detectors.
export function dropDetectors(): void {
  detectorsPending = false;
  pSettings = null; pEngine = null; pValue = ""; pItem = null; pHeaderName = ""; pTransformed = null;
}

function runDetectors(s: DenyRulesSettings, e: DenyEngine, value: string, item: Item | null, location: i32, type: i32, headerName: string, need: u32, runDets: u64, t: Transformed | null): void {
  let dets = e.rules.detectors;
  let bit = <u32>1 << location;
  // The shell detector serves both UNIXCMD and WINCMD rules: run it once per text.
  let shellText: string | null = null;
  let shell: Finding | null = null;
  for (let d = 0, nd = dets.length; d < nd; d++) {
    if ((runDets & (<u64>1 << <u64>min(d, LAST_GROUP_BIT))) == 0) continue;
    let det = unchecked(dets[d]);
    let rule = det.rule;
    if ((unchecked(RULE_LOCATIONS[rule]) & bit) == 0) continue;
    let eff = s.levelAt(<i32>unchecked(RULE_KEY[rule]), type);
    if (eff < 0) continue;
    if (location == HEADER) {
      let names = unchecked(e.detectorHeaders[d]);
      if (names !== null && !names.includes(headerName)) continue;
    }
    let text = value;
    if ((unchecked(e.detectorNeeds[d]) & need) != 0) {
      if (t === null) t = transformedOf(item, value);
      text = t!.get(det.transforms);
    }
    let f: Finding | null;
    if (det.which == DETECT_SQL) f = detectSql(text);
    else if (det.which == DETECT_XSS) f = detectXss(text);
    else {
      if (shellText === null || changetype<usize>(shellText) != changetype<usize>(text)) { shell = detectShell(text); shellText = text; }
      let sh = shell;
      f = sh !== null && <i32>sh.detector == det.family ? sh : null;
    }
    if (f === null) continue;
    // Finding levels are 1-based (Level.Basic = 1).
    let level = <i32>f.level - 1;
    if (level > eff) continue;
    hits.push(rule, level, f.offset, text);
  }
}

// Bit g: rule group g applies at this location (and header) and can match some
// text over the value's characters, widened for its transformations.
function groupGates(e: DenyEngine, sig: u64, need: u32, location: i32, headerName: string): u64 {
  let groups = e.rules.groups;
  let runGroups: u64 = 0;
  let reachSig: u64 = 0;
  let reach: u64 = 0;
  let haveReach = false;
  for (let g = 0, ng = groups.length; g < ng; g++) {
    let group = unchecked(groups[g]);
    if (!group.appliesTo(location, headerName)) continue;
    let gsig = widenWith(sig, need, unchecked(e.groupNeeds[g]), group.transforms);
    if (!haveReach || gsig != reachSig) { reach = e.groupsReachable(gsig); reachSig = gsig; haveReach = true; }
    let b = <u64>1 << <u64>min(g, LAST_GROUP_BIT);
    if ((reach & b) != 0) runGroups |= b; else groupsSkipped++;
  }
  return runGroups;
}

// Bit d: detector d can find something in the value (by its signature predicate).
function detectorGates(e: DenyEngine, sig: u64, need: u32): u64 {
  let rules = e.rules;
  if (!rules.runDetectors) return 0;
  let dets = rules.detectors;
  let runDets: u64 = 0;
  for (let d = 0, nd = dets.length; d < nd; d++) {
    let det = unchecked(dets[d]);
    if (d >= LAST_GROUP_BIT || detectorMayFind(det.which, widenWith(sig, need, unchecked(e.detectorNeeds[d]), det.transforms))) runDets |= <u64>1 << <u64>min(d, LAST_GROUP_BIT);
    else detectorsSkipped++;
  }
  return runDets;
}

// Off: every value computes its gates (specs compare both ways).
let gateCache: bool = true;
export function setGateCache(on: bool): void { gateCache = on; }

// Can detector `which` (catalogue DETECT_*) find anything in a text whose
// character classes are `sig`? (Each detector states its own exact condition.)
function detectorMayFind(which: i32, sig: u64): bool {
  if (which == DETECT_SQL) return sqlMayFind(sig);
  if (which == DETECT_XSS) return xssMayFind(sig);
  return shellMayFind(sig);
}

function finish(ctx: u32, headerName: string, value: string): i32 {
  if (hits.count == 0) {
    remember(headerName, value);
    rememberSame(ctx, headerName, value);
  }
  return hits.count;
}

function transformedOf(item: Item | null, value: string): Transformed {
  // The item's cache belongs to its value; a name scanned for the same item
  // gets a cache of its own.
  if (item !== null && changetype<usize>(item.value) == changetype<usize>(value)) {
    let t = item.transformed;
    if (t === null) { t = new Transformed(value); item.transformed = t; }
    return t;
  }
  return new Transformed(value);
}
