// Linear time, checked by counting work rather than measuring time. The
// engine counts input bytes fed to the lazy DFA and NFA instructions visited
// (to build DFA states, or in the Pike VM). For each pathological pattern the
// work on an input of 2n bytes must be at most 2.2 × the work on n bytes, and
// the work per byte must stay under a bound:
//  - warm DFA: each byte costs one table step; states are built once each and
//    there are few of them, so work/byte ≈ 1 + (states × program size) / n.
//    We allow 3.
//  - cache thrashing (a pattern whose DFA has 2^20 states, tiny budget): each
//    byte builds at most one state (or takes one Pike VM step), visiting each
//    instruction at most once, so work/byte ≤ program size + 1.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadTestEngine, prng } from "./helpers.js";

const engine = await loadTestEngine();

function work(h, input, { set = false } = {}) {
  engine.x.statsReset();
  const ok = set ? engine.setMatch(h, input) : engine.match(h, input);
  const s = engine.stats();
  return { work: s.dfaBytes + s.nfaSteps, ok, stats: s };
}

function repeatByte(ch, n) {
  return Buffer.alloc(n, ch);
}

const MB = 1 << 20;

const pathological = [
  { pattern: "(a*)*b", input: (n) => repeatByte("a", n) },
  { pattern: "(a|a)*", input: (n) => repeatByte("a", n), full: true, expect: true },
  { pattern: "(a|a)*b", input: (n) => repeatByte("a", n) },
  { pattern: "(x+x+)+y", input: (n) => repeatByte("x", n) },
  { pattern: "((a{1,10}){1,10}){1,10}b", input: (n) => repeatByte("a", n) },
  { pattern: "(a|aa|aaa)*c", input: (n) => repeatByte("a", n), full: true },
  { pattern: "(.*a){12}x", input: (n) => repeatByte("a", n) },
  { pattern: "^(\\w+\\s?)*$", input: (n) => Buffer.concat([repeatByte("a", n - 1), Buffer.from("!")]), expect: false },
];

for (const { pattern, input, full = false, expect = false } of pathological) {
  test(`linear work for ${pattern}${full ? " (full match)" : ""} up to 1 MB`, () => {
    const h = engine.compile(pattern, { full });
    work(h, input(1024)); // warm the cache: later runs measure steady-state scanning
    const small = work(h, input(MB / 2));
    const big = work(h, input(MB));
    assert.equal(small.ok, expect);
    assert.equal(big.ok, expect);
    const ratio = big.work / small.work;
    assert.ok(ratio <= 2.2, `work(1MB)/work(512KB) = ${ratio.toFixed(3)} (${JSON.stringify(big.stats)})`);
    assert.ok(big.work / MB <= 3, `work per byte ${(big.work / MB).toFixed(3)} > 3 (${JSON.stringify(big.stats)})`);
  });
}

test("cold cache: building states is bounded by program size per byte", () => {
  const h = engine.compile("((a{1,10}){1,10}){1,10}b");
  const size = engine.x.programSize(h);
  const r = work(h, repeatByte("a", 256 * 1024));
  assert.ok(r.work / (256 * 1024) <= size + 1, `work/byte ${r.work / (256 * 1024)} exceeds program size ${size} + 1`);
});

test("a DFA with exponentially many states stays linear and within its memory budget", () => {
  // [ab]*a[ab]{20}: the DFA must remember the last 21 bytes, 2^21 states.
  engine.x.setCacheBytes(64 * 1024);
  const h = engine.compile("[ab]*a[ab]{20}c");
  engine.x.setCacheBytes(-1);
  const size = engine.x.programSize(h);
  const r = prng(7);
  const gen = (n) => Buffer.from(Array.from({ length: n }, () => (r.next() < 0.5 ? 97 : 98)));
  const small = work(h, gen(MB / 2));
  const big = work(h, gen(MB));
  assert.equal(big.ok, false);
  assert.ok(big.stats.dfaClears > 0 || big.stats.pikeFallbacks > 0, "expected the cache budget to be hit");
  const ratio = big.work / small.work;
  assert.ok(ratio <= 2.2, `ratio ${ratio.toFixed(3)} (${JSON.stringify(big.stats)})`);
  assert.ok(big.work / MB <= size + 1, `work/byte ${(big.work / MB).toFixed(2)} > program size + 1 = ${size + 1}`);
  assert.ok(engine.x.cacheMemory(h) <= 64 * 1024, `cache holds ${engine.x.cacheMemory(h)} bytes, budget 65536`);
  // the answer is still right when a match exists
  const hit = Buffer.concat([gen(1000), Buffer.from("a" + "b".repeat(20) + "c")]);
  assert.equal(engine.match(h, hit), true);
});

test("a 200-pattern set scans 1 MB with linear work", () => {
  const patterns = [];
  for (let i = 0; i < 200; i++) patterns.push(`(?i)tok${i}[a-z]*=(x+x+)+y`);
  const h = engine.compileSet(patterns);
  const text = (n) => Buffer.from("tok1abc=" + "x".repeat(n - 8));
  work(h, text(1024), { set: true });
  const small = work(h, text(MB / 2), { set: true });
  const big = work(h, text(MB), { set: true });
  assert.deepEqual(big.ok, []);
  assert.ok(big.work / small.work <= 2.2, `ratio ${(big.work / small.work).toFixed(3)}`);
  assert.ok(big.work / MB <= 3, `work per byte ${(big.work / MB).toFixed(3)}`);
});

test("memory stays flat over thousands of scans under cache pressure", () => {
  engine.x.setCacheBytes(32 * 1024);
  const h = engine.compile("[ab]*a[ab]{16}c");
  const set = engine.compileSet(["(?i)x[ab]{10}y", "[ab]*b[ab]{12}", "\\bab+a\\b"]);
  engine.x.setCacheBytes(-1);
  const r = prng(11);
  const gen = (n) => Buffer.from(Array.from({ length: n }, () => (r.next() < 0.5 ? 97 : 98)));
  const inputs = Array.from({ length: 16 }, () => gen(4096));
  for (let i = 0; i < 100; i++) { engine.match(h, inputs[i % 16]); engine.setMatch(set, inputs[i % 16]); }
  const pages = engine.x.memory.buffer.byteLength;
  engine.x.statsReset();
  for (let i = 0; i < 3000; i++) { engine.match(h, inputs[i % 16]); engine.setMatch(set, inputs[i % 16]); }
  const s = engine.stats();
  assert.ok(s.dfaClears + s.pikeFallbacks > 0, "expected cache pressure");
  assert.equal(engine.x.memory.buffer.byteLength, pages, "wasm memory grew during scans");
  assert.ok(engine.x.cacheMemory(h) <= 32 * 1024);
});
