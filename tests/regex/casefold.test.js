// Case-insensitive matching of single letters against V8's /.../iu (Unicode
// simple case folding) over the scripts the engine promises to fold: ASCII,
// Latin-1, Latin Extended-A, Greek and Cyrillic. For every letter c, the set of
// letters d with (?i)c matching d must be the same in both engines.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadTestEngine } from "./helpers.js";

const engine = await loadTestEngine();

const RANGES = [[0x41, 0x5a], [0x61, 0x7a], [0xc0, 0x17f], [0x386, 0x3ce], [0x400, 0x45f]];
const letters = [];
for (const [lo, hi] of RANGES) for (let c = lo; c <= hi; c++) if (/\p{L}/u.test(String.fromCodePoint(c))) letters.push(c);
// plus the odd members of three-way orbits
letters.push(0x212a, 0x212b, 0x1e9e, 0xb5);

test("(?i) folds like Unicode simple case folding for Latin, Greek and Cyrillic letters", () => {
  const mismatches = [];
  for (const c of letters) {
    const ch = String.fromCodePoint(c);
    const escaped = ch.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");
    const h = engine.compile(escaped, { full: true, flags: 1 });
    const v8 = new RegExp(`^${escaped}$`, "iu");
    for (const d of letters) {
      const dh = String.fromCodePoint(d);
      if (engine.match(h, dh) !== v8.test(dh)) mismatches.push(`${c.toString(16)} vs ${d.toString(16)}: engine ${engine.match(h, dh)}`);
    }
  }
  assert.deepEqual(mismatches.slice(0, 20), [], `${mismatches.length} mismatches`);
});
