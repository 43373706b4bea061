// Wasm entry for tools/eval-detectors.mjs and tests/detect: the caller writes
// a value as UTF-16 into the scratch buffer and asks one detector about it; the
// finding comes back through the getters. Not part of the filter.
import { Finding } from "./finding";
import { detectSql, sqlMayFind } from "./sql";
import { detectXss, xssMayFind } from "./xss";
import { detectShell, shellMayFind } from "./shell";
import { classesOf } from "./charclass";

let input = new ArrayBuffer(1 << 16);
let last: Finding | null = null;

export function scratch(units: i32): usize {
  if (input.byteLength < units << 1) input = new ArrayBuffer(units << 1);
  return changetype<usize>(input);
}

// Runs detector `which` (1 SQL, 2 XSS, 3 shell) on the first `units` UTF-16
// units of the scratch buffer; returns the finding's level, 0 for none.
export function run(which: i32, units: i32): i32 {
  let value = String.UTF16.decodeUnsafe(changetype<usize>(input), <usize>units << 1);
  let f: Finding | null = null;
  if (which == 1) f = detectSql(value);
  else if (which == 2) f = detectXss(value);
  else f = detectShell(value);
  last = f;
  return f === null ? 0 : <i32>f.level;
}

export function findingDetector(): i32 { let f = last; return f === null ? 0 : <i32>f.detector; }
export function findingOffset(): i32 { let f = last; return f === null ? -1 : f.offset; }
export function findingLength(): i32 { let f = last; return f === null ? 0 : f.length; }
export function findingIdPtr(): usize { let f = last; return f === null ? 0 : changetype<usize>(f.id); }
export function findingIdLen(): i32 { let f = last; return f === null ? 0 : f.id.length; }

// Runs detector `which` `times` times on the same value (decoded once) and
// returns the number of findings: lets a benchmark time the detector alone.
export function repeat(which: i32, units: i32, times: i32): i32 {
  let value = String.UTF16.decodeUnsafe(changetype<usize>(input), <usize>units << 1);
  let hits = 0;
  for (let i = 0; i < times; i++) {
    let f: Finding | null = which == 1 ? detectSql(value) : which == 2 ? detectXss(value) : detectShell(value);
    if (f !== null) hits++;
  }
  return hits;
}

// The character-class signature of the scratch value (a BigInt in JS).
export function signature(units: i32): u64 {
  return classesOf(String.UTF16.decodeUnsafe(changetype<usize>(input), <usize>units << 1));
}

// Detector `which`'s skip predicate on signature `sig`: 0 when the detector
// cannot find anything in a value of that signature.
export function mayFind(which: i32, sig: u64): i32 {
  if (which == 1) return sqlMayFind(sig) ? 1 : 0;
  if (which == 2) return xssMayFind(sig) ? 1 : 0;
  return shellMayFind(sig) ? 1 : 0;
}
