// Robustness: arbitrary pattern text never crashes the parser (it compiles or
// is rejected with a message), and on arbitrary bytes, including invalid
// UTF-8, the lazy DFA, under a tiny cache budget too, agrees with the Pike VM.
// Reproduce a failure with REGEX_SEED=<seed printed in the message>.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadTestEngine, prng, seedFromEnv } from "./helpers.js";
import { RegexEngine } from "../../src/regex/engine.js";
import { ensureBuilt } from "../../tools/build-regex-check.mjs";

const engine = await loadTestEngine();
const SEED = seedFromEnv(424242);

const PIECES = ["a", "b", "é", "Ж", "😀", ".", "*", "+", "?", "|", "(", ")", "[", "]", "^", "$", "{", "}", ",", "-",
  "\\", "\\b", "\\d", "\\w", "\\S", "\\x{e9}", "\\Q", "\\E", "(?i)", "(?s)", "(?m)", "(?:", "(?i:", "[^", "[[:alpha:]]",
  "{2}", "{1,3}", "{0,}", "\\1", "(?=", "\\p", "0", "9", ":", "=", "<", ">"];

test("arbitrary pattern text is compiled or rejected, never crashes", () => {
  const r = prng(SEED);
  let compiled = 0, rejected = 0;
  for (let i = 0; i < 4000; i++) {
    let p = "";
    const n = 1 + r.int(12);
    for (let k = 0; k < n; k++) p += r.pick(PIECES);
    let err;
    try {
      err = engine.compileError(p, { full: r.next() < 0.5 });
    } catch (e) {
      assert.fail(`seed=${SEED} i=${i} pattern=${JSON.stringify(p)} crashed: ${e.message}`);
    }
    if (err === null) compiled++;
    else {
      rejected++;
      assert.ok(err.length > 0, `empty error for ${JSON.stringify(p)}`);
    }
  }
  assert.ok(compiled > 500 && rejected > 500, `compiled ${compiled}, rejected ${rejected}`);
});

test("DFA (default and tiny budget) agrees with the Pike VM on arbitrary bytes", async () => {
  const tiny = new RegexEngine(await ensureBuilt("test"));
  tiny.x.setCacheBytes(16 * 1024);
  const r = prng(SEED ^ 0xb17e5);
  const alphabet = [0x61, 0x62, 0x0a, 0x20, 0x5f, 0xc3, 0xa9, 0xd0, 0x96, 0xff, 0x80, 0xf0, 0x9f, 0x98, 0x80, 0x31];
  let checked = 0;
  for (let i = 0; i < 600; i++) {
    let p = "";
    const n = 1 + r.int(8);
    for (let k = 0; k < n; k++) p += r.pick(PIECES.filter((x) => !["\\1", "(?=", "\\p", "\\Q"].includes(x)));
    if (engine.compileError(p) !== null) continue;
    const full = r.next() < 0.5;
    const h = engine.compile(p, { full });
    const ht = tiny.compile(p, { full });
    for (let k = 0; k < 6; k++) {
      const len = r.int(40);
      const input = Buffer.from(Array.from({ length: len }, () => r.pick(alphabet)));
      const want = engine.matchNfa(h, input);
      const ctx = `seed=${SEED} i=${i} pattern=${JSON.stringify(p)} full=${full} input=${input.toString("hex")}`;
      assert.equal(engine.match(h, input), want, ctx);
      assert.equal(tiny.match(ht, input), want, `tiny budget: ${ctx}`);
      checked++;
    }
  }
  assert.ok(checked > 1000, `only ${checked} checks`);
});
