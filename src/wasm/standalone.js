// Instantiates one of our standalone AssemblyScript modules (regex engine, rule catalogue,
// crypto: built by tools/lib/standalone-wasm.mjs), whose only import is `env.abort`; an abort
// becomes a JS error carrying the module's message and source position.
import fs from "node:fs";

/** Reads an AssemblyScript string (UTF-16, length in the word before it). */
function asString(mem, ptr) {
  if (!ptr) return "";
  const len = new Uint32Array(mem.buffer, ptr - 4, 1)[0];
  return Buffer.from(mem.buffer, ptr, len).toString("utf16le");
}

/** @param {string} wasmPath @returns {WebAssembly.Exports} */
export function instantiateStandalone(wasmPath) {
  let mem;
  const inst = new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync(wasmPath)), {
    env: {
      abort(msg, file, line, col) {
        throw new Error(`wasm abort: ${asString(mem, msg)} at ${asString(mem, file)}:${line}:${col}`);
      },
    },
  });
  mem = inst.exports.memory;
  return inst.exports;
}
