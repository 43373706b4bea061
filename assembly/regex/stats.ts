// Work counters for the scaling tests: they prove linear time by counting
// work instead of measuring wall time. Plain globals: one add per scan or
// per NFA instruction visited, which only happens when a DFA state is built.

/** Input bytes consumed by lazy-DFA scans (one table lookup each). */
export let dfaBytes: i64 = 0;
/** NFA instructions visited (DFA state construction and Pike VM steps). */
export let nfaSteps: i64 = 0;
/** DFA states built. */
export let dfaStates: i64 = 0;
/** Times a DFA cache reached its budget and was cleared. */
export let dfaClears: i64 = 0;
/** Scans that switched from the DFA to the Pike VM. */
export let pikeFallbacks: i64 = 0;

export function addDfaBytes(n: i64): void { dfaBytes += n; }
export function addNfaSteps(n: i64): void { nfaSteps += n; }
export function addDfaState(): void { dfaStates++; }
export function addDfaClear(): void { dfaClears++; }
export function addPikeFallback(): void { pikeFallbacks++; }

export function resetStats(): void {
  dfaBytes = 0;
  nfaSteps = 0;
  dfaStates = 0;
  dfaClears = 0;
  pikeFallbacks = 0;
}
