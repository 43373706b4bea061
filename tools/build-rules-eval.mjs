#!/usr/bin/env node
// Builds build/rules-eval.wasm (assembly/rules/eval-entry.ts) with the asc JS
// API and the filter's release flags: the rule catalogue, the transformations
// and the regex engine, for tests/rules and tools/eval-rules.mjs.
// Usage: node tools/build-rules-eval.mjs   (ensureBuilt() rebuilds only when stale)
import { RELEASE, standaloneBuilder } from "./lib/standalone-wasm.mjs";

export const ENTRY = "assembly/rules/eval-entry.ts";
export const OUT = "build/rules-eval.wasm";
const builder = standaloneBuilder(
  { eval: { entry: ENTRY, out: OUT, flags: RELEASE } },
  ["assembly/rules", "assembly/regex", "assembly/transform", "assembly/parse", "assembly/detect"],
);
export const build = () => builder.buildTarget("eval");
export const ensureBuilt = () => builder.ensureBuilt("eval");
await builder.runIfMain(import.meta.url);
