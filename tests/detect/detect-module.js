// The detect eval module (build/detect-eval.wasm) with its skip predicates: detect(which,
// value), signature(value) (classesOf, a BigInt) and mayFind(which, signature).
import fs from "node:fs";
import { ensureBuilt, loadDetectors } from "../../tools/build-detect-eval.mjs";

export async function loadDetectModule() {
  const detect = await loadDetectors();
  const bytes = fs.readFileSync(await ensureBuilt());
  const { instance } = await WebAssembly.instantiate(bytes, {
    env: { abort(msg, file, line, col) { throw new Error(`detect-eval abort at ${line}:${col}`); } },
  });
  const x = instance.exports;
  const write = (value) => {
    const ptr = x.scratch(value.length);
    const u16 = new Uint16Array(x.memory.buffer, ptr, value.length);
    for (let i = 0; i < value.length; i++) u16[i] = value.charCodeAt(i);
  };
  return {
    detect,
    signature(value) { write(value); return BigInt.asUintN(64, x.signature(value.length)); },
    mayFind(which, sig) { return x.mayFind(which, sig) !== 0; },
  };
}
