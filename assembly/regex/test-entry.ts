// Wasm entry for the Node differential, scaling and benchmark tests: a tiny
// handle-based API over Regex / RegexSet. Not part of the filter.
import { Regex, RegexSet, MatchMode } from "./regex";
import { dfaBytes, nfaSteps, dfaStates, dfaClears, pikeFallbacks, resetStats } from "./stats";
import { DEFAULT_CACHE_BYTES, DEFAULT_SET_CACHE_BYTES } from "./limits";

const regexes: Array<Regex> = [];
const sets: Array<RegexSet> = [];
let lastError: ArrayBuffer = new ArrayBuffer(0);
let buffer: ArrayBuffer = new ArrayBuffer(1024);
/** Cache budget for the next compiles; -1 = the engine defaults. */
let cacheBytes: i32 = -1;

/** Returns a scratch buffer of at least `len` bytes for the caller to fill. */
export function scratch(len: i32): usize {
  if (buffer.byteLength < len) buffer = new ArrayBuffer(len);
  return changetype<usize>(buffer);
}

export function setCacheBytes(n: i32): void { cacheBytes = n; }

function text(ptr: usize, len: i32): string {
  return String.UTF8.decodeUnsafe(ptr, len);
}

/** Compiles the pattern in scratch[0, len); returns a handle >= 0 or -1 (see errorPtr/errorLen). */
export function compile(len: i32, full: i32, flags: i32): i32 {
  let r = Regex.compile(text(changetype<usize>(buffer), len), full != 0 ? MatchMode.Full : MatchMode.Search, flags, cacheBytes < 0 ? DEFAULT_CACHE_BYTES : cacheBytes);
  if (r.error !== null) { lastError = String.UTF8.encode(r.error!.toString()); return -1; }
  regexes.push(r.regex!);
  return regexes.length - 1;
}

/**
 * Compiles a set from scratch: patterns separated by NUL bytes; `modes` is a
 * string of '0'/'1' per pattern after another NUL. Returns a handle or -1.
 */
export function compileSet(len: i32): i32 {
  let all = text(changetype<usize>(buffer), len).split("\0");
  let modesText = all.pop();
  let modes = new Array<MatchMode>(all.length);
  for (let i = 0; i < all.length; i++) modes[i] = modesText.charCodeAt(i) == 0x31 ? MatchMode.Full : MatchMode.Search;
  let r = RegexSet.compile(all, modes, [], cacheBytes < 0 ? DEFAULT_SET_CACHE_BYTES : cacheBytes);
  if (r.error !== null) {
    lastError = String.UTF8.encode("pattern " + r.error!.index.toString() + ": " + r.error!.toString());
    return -1;
  }
  sets.push(r.set!);
  return sets.length - 1;
}

/** Runs a full garbage collection (the filter does this after loading its configuration). */
export function collect(): void {
  __collect();
}

export function errorPtr(): usize { return changetype<usize>(lastError); }
export function errorLen(): i32 { return lastError.byteLength; }

export function match(h: i32, len: i32): i32 { return regexes[h].matchPtr(changetype<usize>(buffer), len) ? 1 : 0; }
export function matchNfa(h: i32, len: i32): i32 { return regexes[h].matchPtrNfa(changetype<usize>(buffer), len) ? 1 : 0; }
export function matchAt(h: i32, ptr: usize, len: i32): i32 { return regexes[h].matchPtr(ptr, len) ? 1 : 0; }
export function setMatch(h: i32, len: i32): i32 { return sets[h].matchPtr(changetype<usize>(buffer), len); }
export function setMatchAt(h: i32, ptr: usize, len: i32): i32 { return sets[h].matchPtr(ptr, len); }
export function setMatchNfa(h: i32, len: i32): i32 { return sets[h].matchPtrNfa(changetype<usize>(buffer), len); }
export function setMatched(h: i32, i: i32): i32 { return sets[h].matched(i) ? 1 : 0; }
export function programSize(h: i32): i32 { return regexes[h].program.size; }
export function setProgramSize(h: i32): i32 { return sets[h].program.size; }
export function cacheMemory(h: i32): i32 { return regexes[h].dfa.memoryBytes(); }
export function setCacheMemory(h: i32): i32 { return sets[h].dfa.memoryBytes(); }

export function statsReset(): void { resetStats(); }
export function statDfaBytes(): f64 { return <f64>dfaBytes; }
export function statNfaSteps(): f64 { return <f64>nfaSteps; }
export function statDfaStates(): f64 { return <f64>dfaStates; }
export function statDfaClears(): f64 { return <f64>dfaClears; }
export function statPikeFallbacks(): f64 { return <f64>pikeFallbacks; }
