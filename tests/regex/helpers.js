// Shared helpers for the regex engine tests: builds (if stale) and loads the
// test build of the engine, and a seeded PRNG so failures are reproducible.
import { ensureBuilt } from "../../tools/build-regex-check.mjs";
import { RegexEngine } from "../../src/regex/engine.js";

/** @returns {Promise<RegexEngine>} */
export async function loadTestEngine() {
  return new RegexEngine(await ensureBuilt("test"));
}

/** mulberry32: small, fast, good enough for test generation. */
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (arr) => arr[Math.floor(next() * arr.length)],
  };
}

/** The seed for generated tests: REGEX_SEED from the environment, else a fixed default. */
export function seedFromEnv(fallback) {
  const s = process.env.REGEX_SEED;
  return s ? Number(s) >>> 0 : fallback;
}
