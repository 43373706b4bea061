// Can a program match anything at all in a text drawn from a given alphabet?
// Answered exactly on the Thompson NFA: walk from the start state following
// epsilon edges (assertions count as satisfiable, which only widens the
// answer) and the byte edges whose range or set holds some byte of the
// alphabet; the answer is yes iff a MATCH is reachable. Because search-mode
// patterns may start at any position, reaching MATCH from the start over the
// alphabet is the same as some text over the alphabet containing a match.
// The deny-rule stage uses it to skip a rule group for values whose
// characters no pattern of the group can complete a match with.
import { Program, OP_BYTE, OP_SET, OP_SPLIT, OP_NOP, OP_ASSERT, OP_MATCH } from "./program";
import * as ws from "./workspace";

// `alphabet`: 256 bits, 8 words (bit b of word b >> 5 set = byte b may occur).
export function canMatchOver(p: Program, alphabet: StaticArray<u32>): bool {
  let n = p.size;
  if (n == 0 || p.startAll < 0) return false;
  // the NFA steps' working memory: no step is under way (grows only if `p` has no automaton yet)
  ws.reserve(n, p.numPatterns);
  let visited = ws.visited;
  let stack = ws.stack;
  visited.clear();
  let top = 0;
  unchecked(stack[top++] = p.startAll);
  visited.add(p.startAll);
  while (top > 0) {
    let pc = unchecked(stack[--top]);
    let op = <i32>unchecked(p.op[pc]);
    let next1 = -1;
    let next2 = -1;
    if (op == OP_MATCH) return true;
    if (op == OP_BYTE) {
      let r = unchecked(p.a[pc]);
      if (rangeHits(alphabet, r & 0xff, r >> 8)) next1 = unchecked(p.b[pc]);
    } else if (op == OP_SET) {
      let base = unchecked(p.a[pc]) << 3;
      for (let w = 0; w < 8; w++) {
        if ((unchecked(p.sets[base + w]) & unchecked(alphabet[w])) != 0) { next1 = unchecked(p.b[pc]); break; }
      }
    } else if (op == OP_SPLIT) {
      next1 = unchecked(p.a[pc]);
      next2 = unchecked(p.b[pc]);
    } else if (op == OP_NOP || op == OP_ASSERT) {
      next1 = unchecked(p.b[pc]);
    }
    if (next1 >= 0 && !visited.has(next1)) { visited.add(next1); unchecked(stack[top++] = next1); }
    if (next2 >= 0 && !visited.has(next2)) { visited.add(next2); unchecked(stack[top++] = next2); }
  }
  return false;
}

function rangeHits(alphabet: StaticArray<u32>, lo: i32, hi: i32): bool {
  for (let b = lo; b <= hi; b++) {
    if ((unchecked(alphabet[b >> 5]) & (<u32>1 << (b & 31))) != 0) return true;
  }
  return false;
}
