// Working memory of NFA steps, shared by every automaton of the VM.
//
// A step needs sets and a stack as large as the program. Held per automaton,
// they were most of a VM's memory: the Standard deny rules' largest set alone
// kept about 1 MiB of them (cur, out, visited, stack, key scratch, the start
// step's own sets and a Pike VM's). They only live during one step or one Pike
// run, and the VM is single-threaded and never nests scans, so one set of
// buffers, as large as the largest program compiled so far, serves all.
//
// Contract for users: nothing here survives a call into another automaton,
// and a caller must not hold one of these across a scan it starts.
import { SparseSet, Marks } from "./sparse";

/** Capacity in instructions (sets, stack) and in patterns (matches). */
let programCap: i32 = 0;
let patternCap: i32 = 0;

/** Instructions reached in the current step. */
export let visited: Marks = new Marks(0);
/** Patterns whose MATCH the current step reached. */
export let matches: SparseSet = new SparseSet(0);
/** Depth-first stack of a step: each instruction is pushed at most once. */
export let stack: StaticArray<i32> = new StaticArray<i32>(0);
/** Thread lists: the current and the next position (DFA state building, Pike VM). */
export let threadsA: SparseSet = new SparseSet(0);
export let threadsB: SparseSet = new SparseSet(0);
/** A DFA state key under construction: [ctx, nMatches, matches..., threads...]. */
export let key: StaticArray<i32> = new StaticArray<i32>(0);

/**
 * Grows the buffers for a program of `size` instructions and `patterns`
 * patterns. Called when an automaton is made (at configuration time), so
 * matching never allocates here. Buffers only grow; the largest program of a
 * configuration bounds them (regex/limits.ts MAX_SET_PROGRAM_SIZE).
 */
export function reserve(size: i32, patterns: i32): void {
  if (size > programCap) {
    programCap = size;
    visited = new Marks(size);
    stack = new StaticArray<i32>(size);
    threadsA = new SparseSet(size);
    threadsB = new SparseSet(size);
  }
  if (patterns > patternCap) patternCap = patterns;
  // a key holds at most every pattern and every instruction, plus two words
  let keyNeed = programCap + patternCap + 2;
  if (key.length < keyNeed) key = new StaticArray<i32>(keyNeed);
  if (matches.dense.length < patternCap) matches = new SparseSet(patternCap);
}
