#!/usr/bin/env node
// Builds the regex engine's stand-alone wasm modules:
//   build/regex-check.wasm  validate() for the Node compiler (src/regex/check.js)
//   build/regex-test.wasm   handle API for tests/regex (assertions kept on)
//   build/regex-bench.wasm  the same API with the filter's release flags, for bench/regex.js
// Usage: node tools/build-regex-check.mjs [check|test|bench ...]   (default: all)
import { RELEASE, standaloneBuilder } from "./lib/standalone-wasm.mjs";

export const TARGETS = {
  check: { entry: "assembly/regex/check-entry.ts", out: "build/regex-check.wasm", flags: RELEASE },
  test: { entry: "assembly/regex/test-entry.ts", out: "build/regex-test.wasm", flags: ["-O2"] },
  bench: { entry: "assembly/regex/test-entry.ts", out: "build/regex-bench.wasm", flags: RELEASE },
};
const builder = standaloneBuilder(TARGETS, ["assembly/regex"]);
export const { buildTarget, ensureBuilt } = builder;
await builder.runIfMain(import.meta.url);
