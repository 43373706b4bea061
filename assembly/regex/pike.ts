// NFA simulation (Pike VM without captures): the engine's baseline. One step
// visits each instruction at most once, so a scan costs O(input × program).
// The lazy DFA builds its states with the same step and falls back to this
// when its cache keeps overflowing.
import { Program, OP_BYTE, OP_SET, OP_SPLIT, OP_NOP, OP_ASSERT, OP_MATCH, END_OF_INPUT, assertionHolds } from "./program";
import { SparseSet } from "./sparse";
import { addNfaSteps } from "./stats";

export class NfaStepper {
  prog: Program;
  visited: SparseSet;
  /** Pattern indexes whose MATCH was reached in the last step. */
  matches: SparseSet;
  stack: StaticArray<i32>;

  constructor(prog: Program) {
    this.prog = prog;
    this.visited = new SparseSet(prog.size);
    this.matches = new SparseSet(prog.numPatterns);
    this.stack = new StaticArray<i32>(prog.size * 3 + 16);
  }

  /**
   * Follows the empty transitions from the threads in `cur` (given the context
   * before the position and the next byte or END_OF_INPUT), records reached
   * matches, and adds the targets of byte transitions on `next` to `out`.
   */
  step(cur: SparseSet, prev: i32, next: i32, out: SparseSet): void {
    let p = this.prog;
    let visited = this.visited;
    let stack = this.stack;
    visited.clear();
    this.matches.clear();
    let steps = 0;
    for (let k = 0; k < cur.size; k++) {
      let sp = 0;
      unchecked(stack[sp++] = unchecked(cur.dense[k]));
      while (sp > 0) {
        let pc = unchecked(stack[--sp]);
        if (visited.has(pc)) continue;
        visited.add(pc);
        steps++;
        let op = unchecked(p.op[pc]);
        if (op == OP_SPLIT) {
          unchecked(stack[sp++] = unchecked(p.b[pc]));
          unchecked(stack[sp++] = unchecked(p.a[pc]));
        } else if (op == OP_NOP) {
          unchecked(stack[sp++] = unchecked(p.b[pc]));
        } else if (op == OP_BYTE || op == OP_SET) {
          if (next != END_OF_INPUT && p.byteMatches(pc, next)) out.add(unchecked(p.b[pc]));
        } else if (op == OP_ASSERT) {
          if (assertionHolds(unchecked(p.a[pc]), prev, next)) unchecked(stack[sp++] = unchecked(p.b[pc]));
        } else if (op == OP_MATCH) {
          this.matches.add(unchecked(p.a[pc]));
        }
      }
    }
    addNfaSteps(steps);
  }
}

export class PikeVM {
  prog: Program;
  stepper: NfaStepper;
  cur: SparseSet;
  nxt: SparseSet;

  constructor(prog: Program) {
    this.prog = prog;
    this.stepper = new NfaStepper(prog);
    this.cur = new SparseSet(prog.size);
    this.nxt = new SparseSet(prog.size);
  }

  /** Scans the whole input from the start state. See runFrom. */
  run(ptr: usize, len: i32, marks: StaticArray<u8>, firstOnly: bool): i32 {
    this.cur.clear();
    this.cur.add(this.prog.startAll);
    return this.runFrom(ptr, 0, len, this.prog.startContext(), marks, firstOnly);
  }

  /**
   * Continues a scan at `pos` with the threads already in `this.cur`. Sets
   * marks[i] = 1 for each pattern i that matches; returns how many marks were
   * newly set. With firstOnly, stops at the first match.
   */
  runFrom(ptr: usize, pos: i32, len: i32, ctx: i32, marks: StaticArray<u8>, firstOnly: bool): i32 {
    let p = this.prog;
    let found = 0;
    let remaining = p.numPatterns;
    for (let i = 0; i < marks.length; i++) if (marks[i] != 0) remaining--;
    for (let i = pos; i <= len; i++) {
      let next = i < len ? <i32>load<u8>(ptr + <usize>i) : END_OF_INPUT;
      this.nxt.clear();
      this.stepper.step(this.cur, ctx, next, this.nxt);
      let m = this.stepper.matches;
      for (let k = 0; k < m.size; k++) {
        let id = m.dense[k];
        if (marks[id] == 0) { marks[id] = 1; found++; remaining--; }
      }
      if ((firstOnly && found > 0) || remaining == 0 || i == len) break;
      if (p.startUnanchored >= 0) this.nxt.add(p.startUnanchored);
      let t = this.cur;
      this.cur = this.nxt;
      this.nxt = t;
      ctx = p.contextOf(next);
      if (this.cur.size == 0) break;
    }
    return found;
  }
}
