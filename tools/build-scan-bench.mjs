#!/usr/bin/env node
// Builds build/scan-bench.wasm (assembly/deny/bench-entry.ts) for bench/values.js: the
// deny-rule scan of single values, with the filter's release flags and its minimal runtime
// (the incremental runtime's shadow stack would change what is measured).
// Usage: node tools/build-scan-bench.mjs   (ensureBuilt() rebuilds only when stale)
import { RELEASE, standaloneBuilder } from "./lib/standalone-wasm.mjs";

export const TARGETS = {
  bench: { entry: "assembly/deny/bench-entry.ts", out: "build/scan-bench.wasm", flags: [...RELEASE, "--runtime", "minimal"] },
};
const builder = standaloneBuilder(TARGETS, ["assembly/deny", "assembly/detect", "assembly/regex", "assembly/rules", "assembly/transform", "assembly/config", "assembly/parse"]);
export const { buildTarget, ensureBuilt } = builder;
await builder.runIfMain(import.meta.url);
