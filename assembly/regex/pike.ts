// NFA simulation (Pike VM without captures): the engine's baseline. One step
// visits each instruction at most once, so a scan costs O(input × program).
// The lazy DFA builds its states with the same step and falls back to this
// when its cache keeps overflowing.
import { Program, OP_BYTE, OP_SET, OP_SPLIT, OP_NOP, OP_ASSERT, OP_MATCH, END_OF_INPUT, assertionHolds } from "./program";
import { SparseSet } from "./sparse";
import { addNfaSteps } from "./stats";
import * as ws from "./workspace";

// One step of the NFA over the program, with the VM's shared working memory
// (workspace.ts): it holds no buffers of its own.
export class NfaStepper {
  prog: Program;

  constructor(prog: Program) {
    this.prog = prog;
    ws.reserve(prog.size, prog.numPatterns);
  }

  /** Pattern indexes whose MATCH was reached in the last step (shared: read before the next step). */
  get matches(): SparseSet {
    return ws.matches;
  }

  /**
   * Follows the empty transitions from the threads in `cur` (given the context
   * before the position and the next byte or END_OF_INPUT), records reached
   * matches, and adds the targets of byte transitions on `next` to `out`.
   * An instruction is marked when pushed, so the stack never holds more than
   * the program's size.
   */
  step(cur: SparseSet, prev: i32, next: i32, out: SparseSet): void {
    ws.visited.clear();
    ws.matches.clear();
    let steps = 0;
    for (let k = 0; k < cur.size; k++) steps += this.follow(unchecked(cur.dense[k]), prev, next, out);
    addNfaSteps(steps);
  }

  /** step() from the single thread `pc` (the DFA's cached start step: no thread list needed). */
  stepOne(pc: i32, prev: i32, next: i32, out: SparseSet): void {
    ws.visited.clear();
    ws.matches.clear();
    addNfaSteps(this.follow(pc, prev, next, out));
  }

  // Depth-first from `pc` over instructions not yet visited in this step. An
  // instruction is marked when pushed, so the stack never holds more than the
  // program's size. Returns the instructions visited.
  private follow(start: i32, prev: i32, next: i32, out: SparseSet): i32 {
    let p = this.prog;
    let visited = ws.visited;
    let stack = ws.stack;
    if (visited.has(start)) return 0;
    visited.add(start);
    let steps = 0;
    let sp = 0;
    unchecked(stack[sp++] = start);
    while (sp > 0) {
      let pc = unchecked(stack[--sp]);
      steps++;
      let op = <i32>unchecked(p.op[pc]);
      let target = -1;
      if (op == OP_SPLIT) {
        let b = unchecked(p.b[pc]);
        if (!visited.has(b)) { visited.add(b); unchecked(stack[sp++] = b); }
        target = unchecked(p.a[pc]);
      } else if (op == OP_NOP) {
        target = unchecked(p.b[pc]);
      } else if (op == OP_BYTE || op == OP_SET) {
        if (next != END_OF_INPUT && p.byteMatches(pc, next)) out.add(unchecked(p.b[pc]));
      } else if (op == OP_ASSERT) {
        if (assertionHolds(unchecked(p.a[pc]), prev, next)) target = unchecked(p.b[pc]);
      } else if (op == OP_MATCH) {
        ws.matches.add(unchecked(p.a[pc]));
      }
      if (target >= 0 && !visited.has(target)) { visited.add(target); unchecked(stack[sp++] = target); }
    }
    return steps;
  }
}

export class PikeVM {
  prog: Program;
  stepper: NfaStepper;

  constructor(prog: Program) {
    this.prog = prog;
    this.stepper = new NfaStepper(prog);
  }

  /** The threads a run starts from: the shared list (workspace.ts); a run never overlaps a DFA step. */
  get cur(): SparseSet {
    return ws.threadsA;
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
    let cur = ws.threadsA;
    let nxt = ws.threadsB;
    let found = 0;
    let remaining = p.numPatterns;
    for (let i = 0; i < marks.length; i++) if (marks[i] != 0) remaining--;
    for (let i = pos; i <= len; i++) {
      let next = i < len ? <i32>load<u8>(ptr + <usize>i) : END_OF_INPUT;
      nxt.clear();
      this.stepper.step(cur, ctx, next, nxt);
      let m = this.stepper.matches;
      for (let k = 0; k < m.size; k++) {
        let id = m.dense[k];
        if (marks[id] == 0) { marks[id] = 1; found++; remaining--; }
      }
      if ((firstOnly && found > 0) || remaining == 0 || i == len) break;
      if (p.startUnanchored >= 0) nxt.add(p.startUnanchored);
      let t = cur;
      cur = nxt;
      nxt = t;
      ctx = p.contextOf(next);
      if (cur.size == 0) break;
    }
    return found;
  }
}
