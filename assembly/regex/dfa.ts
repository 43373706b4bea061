// Lazy DFA: states are built on demand from NFA steps and cached in a
// transition table whose memory is capped by a fixed budget. When the budget
// is reached the cache is cleared and the scan goes on; a scan that keeps
// clearing switches to the Pike VM for the rest of its input. Either way the
// cost per input byte is bounded by the program size: never exponential.
//
// A state is (context before the position, pattern matches reached on the
// transition into it, sorted NFA threads waiting for the next byte). Matches
// are therefore reported one byte late, as in RE2, and the final END_OF_INPUT
// transition reports matches at the very end (needed by $, \z and \b).
import { Program, END_OF_INPUT } from "./program";
import { NfaStepper, PikeVM } from "./pike";
import { sortRange } from "./sparse";
import * as ws from "./workspace";
import { addDfaBytes, addDfaState, addDfaClear, addPikeFallback } from "./stats";
import { DEFAULT_CACHE_BYTES, MIN_CACHE_BYTES } from "./limits";

// Transition entries are u16: (row unit << 2) | flags, a row unit being
// ROW_ALIGN bytes of the table. Half the memory of i32 offsets for the same
// states, and the hot loop turns an entry into the next row's byte offset
// with one shift. The table therefore holds at most 2^14 units (512 KiB);
// the all-ones entry is reserved for UNKNOWN.
const UNKNOWN: i32 = 0xffff;
const FLAG_MATCH: i32 = 1;
const FLAG_DEAD: i32 = 2;
const ROW_SHIFT: i32 = 5;
const ROW_ALIGN: i32 = 1 << ROW_SHIFT;
/** Largest table in bytes whose row units (and UNKNOWN) fit the entry. */
const TABLE_LIMIT: i32 = ((1 << 14) - 1) << ROW_SHIFT;
/** Clears within one scan after which the scan continues in the Pike VM. */
const CLEARS_BEFORE_FALLBACK: i32 = 4;

export class Dfa {
  prog: Program;
  budget: i32;
  /** Entries a state uses: one per byte class and one for the end of input. */
  stride: i32;
  /** Entries per row: stride rounded up to ROW_ALIGN bytes. */
  rowEntries: i32;
  /** Row size in ROW_ALIGN units. */
  rowUnits: i32;
  stepper: NfaStepper;
  pike: PikeVM | null = null;

  /** Transition table: a row of `rowEntries` entries per state; entry = target row unit << 2 | flags, or UNKNOWN. */
  table: StaticArray<u16>;
  numStates: i32 = 0;
  /** Keys of all states, back to back: [ctx, nMatches, matches..., threads...]. */
  keys: StaticArray<i32>;
  keysLen: i32 = 0;
  keyOff: StaticArray<i32>;
  keyLen: StaticArray<i32>;
  /** Open-addressing hash of keys → state + 1. */
  hash: StaticArray<i32>;
  startEnc: i32 = UNKNOWN;
  /**
   * Every search-mode state holds the unanchored start thread, and following it
   * visits the first instructions of every pattern: in a big set that dominates
   * state construction. Its step result depends only on (context, byte class),
   * so it is computed once per pair: [nMatches, matches..., threads...].
   * Bounded by 4 × (classes + 1) entries; not part of the cache budget.
   */
  startSteps: Array<StaticArray<i32> | null> = [];
  scanClears: i32 = 0;
  /** Set when the cache was cleared during the last transition (its source row is gone). */
  cleared: bool = false;

  /** Byte offset of each input byte's class within a row (class × 2). */
  classOffset: StaticArray<i32> = new StaticArray<i32>(256);

  constructor(prog: Program, budget: i32 = DEFAULT_CACHE_BYTES) {
    this.prog = prog;
    this.budget = budget < MIN_CACHE_BYTES ? MIN_CACHE_BYTES : budget;
    let stride = prog.numClasses + 1;
    let rowBytes = ((stride << 1) + ROW_ALIGN - 1) & ~(ROW_ALIGN - 1);
    this.stride = stride;
    this.rowEntries = rowBytes >> 1;
    this.rowUnits = rowBytes >> ROW_SHIFT;
    this.stepper = new NfaStepper(prog); // reserves the shared working memory (workspace.ts)
    this.table = new StaticArray<u16>((rowBytes >> 1) * 16);
    this.keys = new StaticArray<i32>(256);
    this.keyOff = new StaticArray<i32>(16);
    this.keyLen = new StaticArray<i32>(16);
    this.hash = new StaticArray<i32>(64);
    for (let b = 0; b < 256; b++) this.classOffset[b] = <i32>prog.classOf[b] << 1;
  }

  /** Bytes held by the cache now (what the budget caps). */
  memoryBytes(): i32 {
    return this.table.length * 2 + (this.keys.length + this.keyOff.length * 2 + this.hash.length) * 4;
  }

  /**
   * Scans the input. `marks` must be all zero; sets marks[i] = 1 for each
   * pattern i that matches and returns how many matched. With firstOnly,
   * stops at the first match.
   */
  scan(ptr: usize, len: i32, marks: StaticArray<u8>, firstOnly: bool): i32 {
    this.scanClears = 0;
    let found = 0;
    let remaining = this.prog.numPatterns;
    if (this.startEnc == UNKNOWN) this.startEnc = this.startState();
    // The hot loop uses raw addresses (no GC roots to spill per byte). Nothing
    // allocates on the fast path; after a slow path the addresses are reloaded.
    let s = (this.startEnc & ~3) << (ROW_SHIFT - 2); // the row's byte offset
    let tablePtr = changetype<usize>(this.table);
    let classPtr = changetype<usize>(this.classOffset);
    let i = 0;
    while (i < len) {
      // Unrolled by four: the table lookups form one dependency chain, and
      // fewer loop tests leave the CPU more room for it. Any special entry
      // (unknown, match or dead state) leaves the fast path at that byte.
      let t = 0;
      let at = ptr + <usize>i;
      if (i + 4 <= len) {
        t = <i32>load<u16>(tablePtr + <usize>s + <usize>load<i32>(classPtr + (<usize>load<u8>(at) << 2)));
        if ((t & 3) == 0) {
          s = t << (ROW_SHIFT - 2);
          t = <i32>load<u16>(tablePtr + <usize>s + <usize>load<i32>(classPtr + (<usize>load<u8>(at, 1) << 2)));
          if ((t & 3) == 0) {
            s = t << (ROW_SHIFT - 2);
            t = <i32>load<u16>(tablePtr + <usize>s + <usize>load<i32>(classPtr + (<usize>load<u8>(at, 2) << 2)));
            if ((t & 3) == 0) {
              s = t << (ROW_SHIFT - 2);
              t = <i32>load<u16>(tablePtr + <usize>s + <usize>load<i32>(classPtr + (<usize>load<u8>(at, 3) << 2)));
              if ((t & 3) == 0) { s = t << (ROW_SHIFT - 2); i += 4; continue; }
              i += 3;
            } else i += 2;
          } else i += 1;
        }
      } else {
        t = <i32>load<u16>(tablePtr + <usize>s + <usize>load<i32>(classPtr + (<usize>load<u8>(at) << 2)));
        if ((t & 3) == 0) { s = t << (ROW_SHIFT - 2); i++; continue; }
      }
      // slow path for byte i: t is special
      let b = <i32>load<u8>(ptr + <usize>i);
      if (t == UNKNOWN) {
        t = this.transition(s >> (ROW_SHIFT - 2), <i32>unchecked(this.prog.classOf[b]), false);
        tablePtr = changetype<usize>(this.table);
        if (this.scanClears >= CLEARS_BEFORE_FALLBACK) {
          addDfaBytes(i + 1);
          found += this.record(t, marks);
          if ((firstOnly && found > 0) || (t & FLAG_DEAD) != 0) return found;
          return found + this.continueInPike(t, ptr, i + 1, len, marks, firstOnly);
        }
      }
      if ((t & FLAG_MATCH) != 0) {
        let n = this.record(t, marks);
        found += n;
        remaining -= n;
        if ((firstOnly && found > 0) || remaining == 0) { addDfaBytes(i + 1); return found; }
      }
      if ((t & FLAG_DEAD) != 0) { addDfaBytes(i + 1); return found; }
      s = (t & ~3) << (ROW_SHIFT - 2);
      i++;
    }
    addDfaBytes(len);
    let endCls = this.stride - 1;
    let t = <i32>unchecked(this.table[(s >> 1) + endCls]);
    if (t == UNKNOWN) t = this.transition(s >> (ROW_SHIFT - 2), endCls, true);
    if ((t & FLAG_MATCH) != 0) found += this.record(t, marks);
    return found;
  }

  private continueInPike(enc: i32, ptr: usize, pos: i32, len: i32, marks: StaticArray<u8>, firstOnly: bool): i32 {
    addPikeFallback();
    if (this.pike === null) this.pike = new PikeVM(this.prog);
    let pike = this.pike!;
    let state = this.stateOf(enc);
    let off = this.keyOff[state];
    let n = this.keyLen[state];
    let nm = this.keys[off + 1];
    let cur = pike.cur;
    cur.clear();
    for (let k = off + 2 + nm; k < off + n; k++) cur.add(this.keys[k]);
    return pike.runFrom(ptr, pos, len, this.keys[off], marks, firstOnly);
  }

  private record(enc: i32, marks: StaticArray<u8>): i32 {
    let state = this.stateOf(enc);
    let off = this.keyOff[state];
    let nm = this.keys[off + 1];
    let found = 0;
    for (let k = off + 2; k < off + 2 + nm; k++) {
      let id = this.keys[k];
      if (marks[id] == 0) { marks[id] = 1; found++; }
    }
    return found;
  }

  private startState(): i32 {
    let sc = ws.key;
    sc[0] = this.prog.startContext();
    sc[1] = 0;
    sc[2] = this.prog.startAll;
    return this.intern(3, false);
  }

  /** Builds (or finds) the state reached from `enc` on byte class `cls` and caches the edge. */
  private transition(enc: i32, cls: i32, atEnd: bool): i32 {
    let p = this.prog;
    let state = this.stateOf(enc);
    let off = this.keyOff[state];
    let n = this.keyLen[state];
    let ctx = this.keys[off];
    let nm = this.keys[off + 1];
    // shared working memory (workspace.ts): threadsA holds this state's
    // threads, threadsB the next ones; startStep uses threadsB before that
    let cur = ws.threadsA;
    cur.clear();
    let su = p.startUnanchored;
    let hasStart = false;
    for (let k = off + 2 + nm; k < off + n; k++) {
      let pc = this.keys[k];
      if (pc == su) hasStart = true;
      else cur.add(pc);
    }
    let next = atEnd ? END_OF_INPUT : p.classRep[cls];
    // (computed first: it may run the stepper, which resets its match list)
    let e = hasStart ? this.startStep(ctx, cls, next) : null;
    let out = ws.threadsB;
    out.clear();
    this.stepper.step(cur, ctx, next, out);
    if (e !== null) {
      // the step of a thread set is the union of its threads' steps
      let m = this.stepper.matches;
      let em = e[0];
      for (let k = 1; k <= em; k++) m.add(e[k]);
      for (let k = 1 + em; k < e.length; k++) out.add(e[k]);
    }
    if (!atEnd && su >= 0) out.add(su);
    // key = [ctx, nMatches, sorted matches..., sorted threads...]
    let sc = ws.key;
    let m = this.stepper.matches;
    sc[0] = atEnd ? ctx : p.contextOf(next);
    sc[1] = m.size;
    let w = 2;
    for (let k = 0; k < m.size; k++) sc[w++] = m.dense[k];
    sortRange(sc, 2, w);
    let threadsAt = w;
    for (let k = 0; k < out.size; k++) sc[w++] = out.dense[k];
    sortRange(sc, threadsAt, w);
    this.cleared = false;
    let t = this.intern(w, true);
    // The source row survives unless interning cleared the cache.
    if (!this.cleared) this.table[((enc >> 2) << (ROW_SHIFT - 1)) + cls] = <u16>t;
    return t;
  }

  private startStep(ctx: i32, cls: i32, next: i32): StaticArray<i32> {
    let idx = ctx * this.stride + cls;
    if (this.startSteps.length == 0) {
      this.startSteps = new Array<StaticArray<i32> | null>(4 * this.stride);
    }
    let cached = this.startSteps[idx];
    if (cached !== null) return cached;
    let out = ws.threadsB;
    out.clear();
    this.stepper.stepOne(this.prog.startUnanchored, ctx, next, out);
    let m = this.stepper.matches;
    let e = new StaticArray<i32>(1 + m.size + out.size);
    e[0] = m.size;
    for (let k = 0; k < m.size; k++) e[1 + k] = m.dense[k];
    for (let k = 0; k < out.size; k++) e[1 + m.size + k] = out.dense[k];
    this.startSteps[idx] = e;
    return e;
  }

  /** Finds the state whose key is scratch[0, n), creating it if needed. */
  private intern(n: i32, mayClear: bool): i32 {
    let sc = ws.key;
    let h: u32 = 2166136261;
    for (let k = 0; k < n; k++) h = (h ^ <u32>sc[k]) * 16777619;
    let mask = this.hash.length - 1;
    let slot = <i32>(h & <u32>mask);
    while (true) {
      let e = this.hash[slot];
      if (e == 0) break;
      let st = e - 1;
      if (this.keyLen[st] == n) {
        let off = this.keyOff[st];
        let same = true;
        for (let k = 0; k < n; k++) if (this.keys[off + k] != sc[k]) { same = false; break; }
        if (same) return this.encode(st);
      }
      slot = (slot + 1) & mask;
    }
    if (mayClear && this.wouldExceed(n)) {
      this.clear();
      return this.intern(n, false);
    }
    return this.insert(n);
  }

  /**
   * True when inserting a state with an n-int key would make the cache's
   * allocated arrays (with the growth below) exceed the budget. Capacities are
   * what counts: memoryBytes() never exceeds the budget.
   */
  private wouldExceed(n: i32): bool {
    let s = this.numStates + 1;
    if (s * (this.rowEntries << 1) > TABLE_LIMIT) return true;
    let fixed = this.fixedBytes(s, n);
    return this.tableCap(s, fixed) * 2 + fixed > this.budget;
  }

  /** Bytes of the key arrays and the hash after inserting state number s - 1 with an n-int key. */
  private fixedBytes(s: i32, n: i32): i32 {
    let keys = grownCap(this.keys.length, this.keysLen + n);
    let idx = grownCap(this.keyOff.length, s);
    let hash = this.hash.length;
    while (s * 2 > hash) hash <<= 1;
    return (keys + idx * 2 + hash) * 4;
  }

  /**
   * Table capacity (entries) for s states: doubling, but not past what the
   * budget leaves beside `fixed` bytes, so that the last growth does not
   * waste half the budget (the table is most of the cache).
   */
  private tableCap(s: i32, fixed: i32): i32 {
    let need = s * this.rowEntries;
    let cap = grownCap(this.table.length, need);
    if (cap * 2 + fixed > this.budget) {
      let room = ((this.budget - fixed) >> 1) / this.rowEntries * this.rowEntries;
      cap = max(need, max(room, this.table.length));
    }
    return cap;
  }

  private clear(): void {
    addDfaClear();
    this.scanClears++;
    this.cleared = true;
    this.numStates = 0;
    this.keysLen = 0;
    this.startEnc = UNKNOWN;
    this.hash.fill(0);
  }

  private insert(n: i32): i32 {
    addDfaState();
    let st = this.numStates++;
    // grow arrays (wouldExceed already checked these capacities against the budget)
    let tableCap = this.tableCap(st + 1, this.fixedBytes(st + 1, n));
    if (tableCap != this.table.length) this.table = growTable(this.table, tableCap);
    let idxCap = grownCap(this.keyOff.length, st + 1);
    if (idxCap != this.keyOff.length) {
      this.keyOff = growTo(this.keyOff, idxCap, 0);
      this.keyLen = growTo(this.keyLen, idxCap, 0);
    }
    let keyCap = grownCap(this.keys.length, this.keysLen + n);
    if (keyCap != this.keys.length) this.keys = growTo(this.keys, keyCap, 0);
    let off = this.keysLen;
    let sc = ws.key;
    for (let k = 0; k < n; k++) this.keys[off + k] = sc[k];
    this.keysLen += n;
    this.keyOff[st] = off;
    this.keyLen[st] = n;
    let row = st * this.rowEntries;
    for (let k = 0; k < this.stride; k++) this.table[row + k] = <u16>UNKNOWN;
    // keep the hash at most half full
    if (this.numStates * 2 > this.hash.length) this.rehash(this.hash.length * 2);
    else this.hashInsert(st);
    return this.encode(st);
  }

  private rehash(cap: i32): void {
    this.hash = new StaticArray<i32>(cap);
    for (let st = 0; st < this.numStates; st++) this.hashInsert(st);
  }

  private hashInsert(st: i32): void {
    let off = this.keyOff[st];
    let n = this.keyLen[st];
    let h: u32 = 2166136261;
    for (let k = 0; k < n; k++) h = (h ^ <u32>this.keys[off + k]) * 16777619;
    let mask = this.hash.length - 1;
    let slot = <i32>(h & <u32>mask);
    while (this.hash[slot] != 0) slot = (slot + 1) & mask;
    this.hash[slot] = st + 1;
  }

  private encode(st: i32): i32 {
    let off = this.keyOff[st];
    let n = this.keyLen[st];
    let nm = this.keys[off + 1];
    let flags = 0;
    if (nm > 0) flags |= FLAG_MATCH;
    if (n == 2 + nm) flags |= FLAG_DEAD; // no thread left
    return ((st * this.rowUnits) << 2) | flags; // the row's unit, flags in the low bits
  }

  private stateOf(enc: i32): i32 {
    return (enc >> 2) / this.rowUnits;
  }
}

/** Capacity after growing `cur` to hold `need` (doubling). */
function grownCap(cur: i32, need: i32): i32 {
  let cap = cur;
  while (cap < need) cap <<= 1;
  return cap;
}

function growTable(a: StaticArray<u16>, cap: i32): StaticArray<u16> {
  let b = new StaticArray<u16>(cap);
  memory.copy(changetype<usize>(b), changetype<usize>(a), <usize>a.length << 1);
  for (let i = a.length; i < cap; i++) b[i] = <u16>UNKNOWN;
  return b;
}

function growTo(a: StaticArray<i32>, cap: i32, fill: i32): StaticArray<i32> {
  let b = new StaticArray<i32>(cap);
  memory.copy(changetype<usize>(b), changetype<usize>(a), <usize>a.length << 2);
  for (let i = a.length; i < cap; i++) b[i] = fill;
  return b;
}
