// Wasm entry for tests/rules and tools/eval-rules.mjs (build/rules-eval.wasm):
// the generated catalogue compiled per level and location, matched through the
// filter's own transformations and regex engine. Not part of the filter.
//   build(level, shared) → 0 | -1 (errorPtr/errorLen): one automaton group per
//   location, or (shared = 1) one group for all locations; then
//   ptr = scratch(n); write header name (lower case, may be empty) then value, UTF-8;
//   evaluate(level, location, nameLen, valueLen) → count; matchedRule(i) → rule number;
//   lastFlags() → ItemFlag bits the decodings saw.
import { compileLocation, compileRules, LocationRules, ALL_KEYS, ALL_LOCATIONS } from "./catalogue";
import { Transformed } from "../transform/cache";
import { RULE_COUNT } from "./generated";

const LOCATION_COUNT = 10;
const LEVEL_COUNT = 3;

const compiled = new StaticArray<LocationRules | null>(LEVEL_COUNT * LOCATION_COUNT);
let lastError: ArrayBuffer = new ArrayBuffer(0);
let buffer: ArrayBuffer = new ArrayBuffer(4096);
let last: LocationRules | null = null;
let flags: u32 = 0;

export function scratch(len: i32): usize {
  if (buffer.byteLength < len) buffer = new ArrayBuffer(len);
  return changetype<usize>(buffer);
}

export function ruleCount(): i32 { return RULE_COUNT; }

export function build(level: i32, shared: i32): i32 {
  if (shared != 0) {
    let r = compileRules(level, ALL_KEYS, ALL_LOCATIONS);
    if (r.error !== null) { lastError = String.UTF8.encode(r.error!); return -1; }
    for (let loc = 0; loc < LOCATION_COUNT; loc++) compiled[level * LOCATION_COUNT + loc] = r.rules;
    return 0;
  }
  for (let loc = 0; loc < LOCATION_COUNT; loc++) {
    let r = compileLocation(level, ALL_KEYS, loc);
    if (r.error !== null) { lastError = String.UTF8.encode(r.error!); return -1; }
    compiled[level * LOCATION_COUNT + loc] = r.rules;
  }
  return 0;
}

export function collect(): void { __collect(); }

export function evaluate(level: i32, location: i32, nameLen: i32, valueLen: i32): i32 {
  let rules = compiled[level * LOCATION_COUNT + location];
  if (rules === null) return -1;
  let base = changetype<usize>(buffer);
  let name = String.UTF8.decodeUnsafe(base, nameLen);
  let value = String.UTF8.decodeUnsafe(base + nameLen, valueLen);
  let t = new Transformed(value);
  let n = rules.match(t, location, name);
  flags = t.flags;
  last = rules;
  return n;
}

// 0: skip detector rules in evaluate() (to measure the patterns alone).
export function useDetectors(on: i32): void {
  for (let i = 0; i < compiled.length; i++) { let r = compiled[i]; if (r !== null) r.runDetectors = on != 0; }
}

export function matchedRule(i: i32): i32 { return last!.matched[i]; }
export function lastFlags(): u32 { return flags; }

function at(level: i32, location: i32): LocationRules { return compiled[level * LOCATION_COUNT + location]!; }
export function ruleCountAt(level: i32, location: i32): i32 { return at(level, location).ruleCount; }
export function groupCount(level: i32, location: i32): i32 { return at(level, location).groups.length; }
export function programSize(level: i32, location: i32): i32 { return at(level, location).programSize; }
export function cacheBytes(level: i32, location: i32): i32 { return at(level, location).cacheBytes; }
export function memoryBytes(): i32 { return <i32>memory.size() << 16; }

export function errorPtr(): usize { return changetype<usize>(lastError); }
export function errorLen(): i32 { return lastError.byteLength; }

// Runs evaluate() `times` times on the scratch contents (benchmarks without
// the JS boundary); returns the last count.
export function repeat(level: i32, location: i32, nameLen: i32, valueLen: i32, times: i32): i32 {
  let n = 0;
  for (let i = 0; i < times; i++) n = evaluate(level, location, nameLen, valueLen);
  return n;
}
