// Abstract syntax of a parsed pattern. Capturing groups only group (the
// engine answers match / no match), so they leave no trace here.
import { CharSet } from "./charset";

export const enum NodeKind {
  /** matches the empty string */
  Empty = 0,
  /** one code point; `fold` makes it case-insensitive */
  Literal = 1,
  /** a code-point class; `lenient` (it holds every non-ASCII code point) also accepts malformed UTF-8, see compile.ts */
  Class = 2,
  /** any single byte (\C) */
  AnyByte = 3,
  Concat = 4,
  Alternate = 5,
  /** children[0] repeated min..max times (max -1 = unbounded) */
  Repeat = 6,
  /** a zero-width assertion, see Assert */
  Assertion = 7,
}

export const enum Assert {
  BeginLine = 1,
  EndLine = 2,
  BeginText = 4,
  EndText = 8,
  WordBoundary = 16,
  NotWordBoundary = 32,
  /** internal: the next byte is not a UTF-8 continuation byte (80-BF), or input ends */
  NotContinuation = 64,
}

// Shared by every leaf node; never pushed to (only Concat, Alternate and Repeat nodes get children).
const NO_CHILDREN: Array<Node> = [];

export class Node {
  kind: NodeKind;
  children: Array<Node>;
  rune: i32 = 0;
  fold: bool = false;
  set: CharSet | null = null;
  lenient: bool = false;
  min: i32 = 0;
  max: i32 = 0;
  greedy: bool = true;
  assert: i32 = 0;
  /** Compiler cache for classes (repetitions compile a node many times). */
  byteSet: i32 = -2;
  seqs: Array<i32> | null = null;

  constructor(kind: NodeKind) {
    this.kind = kind;
    // Most nodes are leaves: they share one empty list instead of allocating
    // their own (parsing the rule catalogue creates tens of thousands of nodes).
    this.children = kind == NodeKind.Concat || kind == NodeKind.Repeat || kind == NodeKind.Alternate ? [] : NO_CHILDREN;
  }

  static literal(rune: i32, fold: bool): Node {
    let n = new Node(NodeKind.Literal);
    n.rune = rune;
    n.fold = fold;
    return n;
  }

  static charClass(set: CharSet, lenient: bool): Node {
    let n = new Node(NodeKind.Class);
    n.set = set;
    n.lenient = lenient;
    return n;
  }

  static assertion(kind: i32): Node {
    let n = new Node(NodeKind.Assertion);
    n.assert = kind;
    return n;
  }

  static repeat(sub: Node, min: i32, max: i32, greedy: bool): Node {
    let n = new Node(NodeKind.Repeat);
    n.children.push(sub);
    n.min = min;
    n.max = max;
    n.greedy = greedy;
    return n;
  }
}
