// Stand-alone entry for bench/values.js: the deny-rule scan of single values
// (scanValue with the default Standard settings), looped inside wasm so the
// numbers are the scan's own cost per value, without the host or the parsers.
// Built by tools/build-scan-bench.mjs with the filter's release flags and runtime.
import { engineFor } from "./engine";
import { scanValue, valuesScanned, valuesSkipped } from "./scan";
import { setMemoEnabled } from "./memo";
import { DenyRulesSettings, dataTypeOf } from "../config/deny_rules";
import { Source } from "../parse/items";
import { detectSql } from "../detect/sql";
import { detectXss } from "../detect/xss";
import { detectShell } from "../detect/shell";

let values = new Array<string>();
let settings: DenyRulesSettings | null = null;

// Compiles the engine of the default settings (Standard, every key); 1 on success.
export function setup(): i32 {
  let s = new DenyRulesSettings();
  s.resolve();
  let r = engineFor(s.maxLevel, s.keyMask);
  s.engine = r.engine;
  settings = s;
  return r.engine !== null ? 1 : 0;
}

// Off: every value is scanned in full (the clean-value caches would answer repeats).
export function memo(on: i32): void { setMemoEnabled(on != 0); }
// Off: the tokenizer detectors are skipped (the pattern groups' share).
export function detectors(on: i32): void { settings!.engine!.rules.runDetectors = on != 0; }

export function clearValues(): void { values = new Array<string>(); }
export function scratch(bytes: i32): usize { return heap.alloc(bytes); }
// Adds the UTF-8 text at ptr (from scratch(), freed here) as a value.
export function addValue(ptr: usize, len: i32): void {
  values.push(String.UTF8.decodeUnsafe(ptr, len));
  heap.free(ptr);
}

// Scans every value `rounds` times at `location` (a Source); returns the number of hits.
export function run(rounds: i32, location: i32): i32 {
  let s = settings!;
  let e = s.engine!;
  let type = dataTypeOf(<Source>location);
  let total = 0;
  for (let r = 0; r < rounds; r++) {
    for (let i = 0, n = values.length; i < n; i++) total += scanValue(s, e, unchecked(values[i]), null, location, type, "");
  }
  return total;
}

export function scanned(): i32 { return valuesScanned; }
export function skipped(): i32 { return valuesSkipped; }

// One detector alone on every value (1 SQL, 2 XSS, 3 shell), ungated by its
// signature predicate; returns the number of findings.
export function runDetector(rounds: i32, which: i32): i32 {
  let n = 0;
  for (let r = 0; r < rounds; r++) {
    for (let i = 0, m = values.length; i < m; i++) {
      let v = unchecked(values[i]);
      let f = which == 1 ? detectSql(v) : which == 2 ? detectXss(v) : detectShell(v);
      if (f !== null) n++;
    }
  }
  return n;
}
