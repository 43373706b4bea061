// Public API of the engine: compile at configuration time, match on bytes.
//   Regex     one pattern, search (unanchored) or full-match mode
//   RegexSet  many patterns in one automaton; one pass reports which matched
// Matching never allocates after the first scans warm the DFA cache.
import { parse } from "./parser";
import { Compiler } from "./compile";
import { Program } from "./program";
import { Dfa } from "./dfa";
import { PikeVM } from "./pike";
import { utf8Scratch, utf8Length } from "./scratch";
import { MAX_PROGRAM_SIZE, MAX_SET_PROGRAM_SIZE, DEFAULT_CACHE_BYTES, DEFAULT_SET_CACHE_BYTES } from "./limits";

export { FLAG_CASELESS, FLAG_MULTILINE, FLAG_DOTALL } from "./parser";

/** How a pattern must match: anywhere in the input, or the whole input. */
export const enum MatchMode {
  Search = 0,
  Full = 1,
}

export class CompileError {
  constructor(
    public message: string,
    /** UTF-16 offset in the pattern, -1 when not about one place */
    public position: i32,
    /** index of the offending pattern in a set (0 for a single pattern) */
    public index: i32,
  ) {}

  toString(): string {
    return this.position >= 0 ? this.message + " at offset " + this.position.toString() : this.message;
  }
}

class ProgramResult {
  program: Program | null = null;
  error: CompileError | null = null;
}

// A collection hook for configuration time (deny/engine.ts buildPendingEngines):
// with it set, compileProgram calls it after each pattern, having parked
// everything it still needs in the module globals below (the minimal
// runtime does not scan the wasm stack). Parse trees and fragments of the
// patterns compiled so far are then garbage, so the memory high-water mark of
// a large set stays near what the set itself keeps.
let compileHook: (() => void) | null = null;
let parkedCompiler: Compiler | null = null;
let parkedAll: Array<i32> | null = null;
let parkedUnanchored: Array<i32> | null = null;
let parkedPatterns: Array<string> | null = null;
let parkedModes: Array<MatchMode> | null = null;
let parkedFlags: Array<i32> | null = null;

export function setCompileHook(hook: (() => void) | null): void { compileHook = hook; }

function park(c: Compiler | null, all: Array<i32> | null, unanchored: Array<i32> | null,
              patterns: Array<string> | null, modes: Array<MatchMode> | null, flags: Array<i32> | null): void {
  parkedCompiler = c; parkedAll = all; parkedUnanchored = unanchored;
  parkedPatterns = patterns; parkedModes = modes; parkedFlags = flags;
}

function failedProgram(e: CompileError): ProgramResult {
  park(null, null, null, null, null, null);
  let res = new ProgramResult();
  res.error = e;
  return res;
}

function compileProgram(patterns: Array<string>, modes: Array<MatchMode>, flags: Array<i32>): ProgramResult {
  let c = new Compiler(0);
  let all: Array<i32> = [];
  let unanchored: Array<i32> = [];
  let hook = compileHook;
  if (hook !== null) park(c, all, unanchored, patterns, modes, flags);
  for (let i = 0; i < patterns.length; i++) {
    let pr = parse(patterns[i], flags[i]);
    if (pr.node === null) return failedProgram(new CompileError(pr.error, pr.position, i));
    let before = c.op.length;
    let cap = before + MAX_PROGRAM_SIZE;
    c.limit = cap < MAX_SET_PROGRAM_SIZE ? cap : MAX_SET_PROGRAM_SIZE;
    let start = c.compilePattern(pr.node!, i, modes[i] == MatchMode.Full);
    if (c.failed) {
      let msg = c.limit == MAX_SET_PROGRAM_SIZE && cap > MAX_SET_PROGRAM_SIZE
        ? "pattern set too large: the compiled set exceeds " + MAX_SET_PROGRAM_SIZE.toString() + " instructions"
        : "pattern too large after expanding repetitions: exceeds " + MAX_PROGRAM_SIZE.toString() + " instructions (reduce counted repetitions such as {n,m})";
      return failedProgram(new CompileError(msg, -1, i));
    }
    all.push(start);
    if (modes[i] == MatchMode.Search) unanchored.push(start);
    if (hook !== null) hook();
  }
  c.limit = c.op.length + 2 * patterns.length + 2;
  let startAll = c.fanOut(all);
  // When every pattern searches, both entry points are the same instruction,
  // so the DFA's start-step cache serves the initial state too.
  let startUnanchored = unanchored.length == all.length ? startAll : c.fanOut(unanchored);
  let prog = c.finish();
  prog.numPatterns = patterns.length;
  prog.startAll = startAll;
  prog.startUnanchored = startUnanchored;
  park(null, null, null, null, null, null);
  let res = new ProgramResult();
  res.program = prog;
  return res;
}

export class RegexResult {
  regex: Regex | null = null;
  error: CompileError | null = null;
}

export class Regex {
  program: Program;
  dfa: Dfa;
  pike: PikeVM | null = null;
  private marks: StaticArray<u8> = new StaticArray<u8>(1);

  constructor(program: Program, cacheBytes: i32) {
    this.program = program;
    this.dfa = new Dfa(program, cacheBytes);
  }

  static compile(pattern: string, mode: MatchMode, flags: i32 = 0, cacheBytes: i32 = DEFAULT_CACHE_BYTES): RegexResult {
    let r = new RegexResult();
    let pr = compileProgram([pattern], [mode], [flags]);
    if (pr.error !== null) r.error = pr.error;
    else r.regex = new Regex(pr.program!, cacheBytes);
    return r;
  }

  /** Matches `len` bytes at `ptr`. */
  matchPtr(ptr: usize, len: i32): bool {
    this.marks[0] = 0;
    return this.dfa.scan(ptr, len, this.marks, true) > 0;
  }

  matchBuffer(buf: ArrayBuffer): bool {
    return this.matchPtr(changetype<usize>(buf), buf.byteLength);
  }

  matchBytes(bytes: Uint8Array): bool {
    return this.matchPtr(bytes.dataStart, bytes.length);
  }

  /** Matches a string (encoded into a shared scratch buffer: no allocation once it is large enough). */
  matchString(s: string): bool {
    let ptr = utf8Scratch(s);
    return this.matchPtr(ptr, utf8Length());
  }

  /** The same answer through the NFA simulation only (tests cross-check the DFA with it). */
  matchPtrNfa(ptr: usize, len: i32): bool {
    if (this.pike === null) this.pike = new PikeVM(this.program);
    this.marks[0] = 0;
    return this.pike!.run(ptr, len, this.marks, true) > 0;
  }
}

export class RegexSetResult {
  set: RegexSet | null = null;
  error: CompileError | null = null;
}

export class RegexSet {
  program: Program;
  dfa: Dfa;
  pike: PikeVM | null = null;
  /** marks[i] != 0 after a match call when pattern i matched */
  marks: StaticArray<u8>;

  constructor(program: Program, cacheBytes: i32) {
    this.program = program;
    this.dfa = new Dfa(program, cacheBytes);
    this.marks = new StaticArray<u8>(program.numPatterns);
  }

  get size(): i32 {
    return this.program.numPatterns;
  }

  /** Compiles patterns[i] with modes[i] and flags[i] (flags may be empty: all 0). */
  static compile(patterns: Array<string>, modes: Array<MatchMode>, flags: Array<i32> = [], cacheBytes: i32 = DEFAULT_SET_CACHE_BYTES): RegexSetResult {
    if (patterns.length == 0) {
      let empty = new RegexSetResult();
      empty.error = new CompileError("a pattern set needs at least one pattern", -1, 0);
      return empty;
    }
    let f = flags;
    if (f.length < patterns.length) {
      f = new Array<i32>(patterns.length);
      for (let i = 0; i < flags.length; i++) f[i] = flags[i];
    }
    // Made after compileProgram, whose hook may collect (see compileHook).
    let pr = compileProgram(patterns, modes, f);
    let r = new RegexSetResult();
    if (pr.error !== null) r.error = pr.error;
    else r.set = new RegexSet(pr.program!, cacheBytes);
    return r;
  }

  // Set when the last scan marked a pattern. A scan sets a mark only when it
  // counts it, so after one that returned 0 the marks are still all 0 and the
  // next scan need not clear them: most values match nothing, and a fill per
  // group per value was a good part of scanning a short one.
  private marksDirty: bool = false;

  private clearMarks(): void {
    if (!this.marksDirty) return;
    this.marks.fill(0);
    this.marksDirty = false;
  }

  /** Scans once; returns how many patterns matched, with `marks` telling which. */
  matchPtr(ptr: usize, len: i32): i32 {
    this.clearMarks();
    let n = this.dfa.scan(ptr, len, this.marks, false);
    if (n != 0) this.marksDirty = true;
    return n;
  }

  /** True when any pattern matches (stops at the first). */
  anyPtr(ptr: usize, len: i32): bool {
    this.clearMarks();
    let n = this.dfa.scan(ptr, len, this.marks, true);
    if (n != 0) this.marksDirty = true;
    return n > 0;
  }

  matchBuffer(buf: ArrayBuffer): i32 {
    return this.matchPtr(changetype<usize>(buf), buf.byteLength);
  }

  matchString(s: string): i32 {
    let ptr = utf8Scratch(s);
    return this.matchPtr(ptr, utf8Length());
  }

  matched(i: i32): bool {
    return this.marks[i] != 0;
  }

  /** The NFA-only answer (tests compare it with the DFA's). */
  matchPtrNfa(ptr: usize, len: i32): i32 {
    if (this.pike === null) this.pike = new PikeVM(this.program);
    this.clearMarks();
    let n = this.pike!.run(ptr, len, this.marks, false);
    if (n != 0) this.marksDirty = true;
    return n;
  }
}
