#!/usr/bin/env node
// Builds build/detect-eval.wasm: assembly/detect/eval-entry.ts with the
// filter's release flags, for tools/eval-detectors.mjs and tests/detect.
// Usage: node tools/build-detect-eval.mjs   (rebuilds unconditionally)
import fs from "node:fs";
import { RELEASE, standaloneBuilder } from "./lib/standalone-wasm.mjs";

const builder = standaloneBuilder(
  { eval: { entry: "assembly/detect/eval-entry.ts", out: "build/detect-eval.wasm", flags: RELEASE } },
  ["assembly/detect"],
);
export const build = () => builder.buildTarget("eval");
/** Builds only when the module is missing or older than the detector sources. */
export const ensureBuilt = () => builder.ensureBuilt("eval");

/** Instantiates the module and returns `detect(which, value) -> {level, id, offset, length} | null`. */
export async function loadDetectors() {
  const bytes = fs.readFileSync(await ensureBuilt());
  const { instance } = await WebAssembly.instantiate(bytes, {
    env: { abort(msg, file, line, col) { throw new Error(`detect-eval abort at ${line}:${col}`); } },
  });
  const x = instance.exports;
  return function detect(which, value) {
    const ptr = x.scratch(value.length);
    const u16 = new Uint16Array(x.memory.buffer, ptr, value.length);
    for (let i = 0; i < value.length; i++) u16[i] = value.charCodeAt(i);
    const level = x.run(which, value.length);
    if (level === 0) return null;
    const idPtr = x.findingIdPtr();
    const id = String.fromCharCode(...new Uint16Array(x.memory.buffer, idPtr, x.findingIdLen()));
    return { level, id, offset: x.findingOffset(), length: x.findingLength() };
  };
}

await builder.runIfMain(import.meta.url);
