#!/usr/bin/env node
// Builds the parsers' stand-alone wasm modules:
//   build/parse-test.wasm   assembly/parse/bench-entry.ts with assertions kept (tests/parse)
//   build/parse-bench.wasm  the same entry with the filter's release flags (bench/parsing.js)
// Usage: node tools/build-parse-bench.mjs [test|bench ...]   (default: both)
import { RELEASE, standaloneBuilder } from "./lib/standalone-wasm.mjs";

const ENTRY = "assembly/parse/bench-entry.ts";
export const TARGETS = {
  test: { entry: ENTRY, out: "build/parse-test.wasm", flags: ["-O2"] },
  bench: { entry: ENTRY, out: "build/parse-bench.wasm", flags: RELEASE },
};
const builder = standaloneBuilder(TARGETS, ["assembly/parse", "assembly/transform"]);
export const { buildTarget, ensureBuilt } = builder;
await builder.runIfMain(import.meta.url);
