#!/usr/bin/env node
// Builds build/detect-eval.wasm: assembly/detect/eval-entry.ts with the
// filter's release flags, for tools/eval-detectors.mjs and tests/detect.
// Usage: node tools/build-detect-eval.mjs   (rebuilds unconditionally)
import asc from "assemblyscript/asc";
import { fileURLToPath } from "node:url";
import path from "node:path";
import fs from "node:fs";
import os from "node:os";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ENTRY = "assembly/detect/eval-entry.ts";
export const OUT = path.join(root, "build/detect-eval.wasm");

function sourcesMtime() {
  const dir = path.join(root, "assembly/detect");
  let newest = 0;
  for (const f of fs.readdirSync(dir)) {
    if (f.endsWith(".ts") && !f.endsWith(".spec.ts")) newest = Math.max(newest, fs.statSync(path.join(dir, f)).mtimeMs);
  }
  return newest;
}

export async function build() {
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  // An explicit, empty config keeps asc from merging the project's asconfig.json.
  const config = path.join(os.tmpdir(), `bulwark-detect-asconfig-${process.pid}.json`);
  fs.writeFileSync(config, "{}\n");
  const tmpOut = `${OUT}.${process.pid}.tmp`;
  const args = [path.join(root, ENTRY), "--config", config, "--outFile", tmpOut, "--runtime", "incremental",
    "-O3", "--converge", "--noAssert"];
  let errText = "";
  const { error } = await asc.main(args, {
    stdout: { write() { return true; } },
    stderr: { write(s) { errText += s; return true; } },
  });
  fs.rmSync(config, { force: true });
  if (error) {
    fs.rmSync(tmpOut, { force: true });
    throw new Error(`asc failed for ${ENTRY}: ${error.message}\n${errText}`);
  }
  fs.renameSync(tmpOut, OUT);
  return OUT;
}

/** Builds only when the module is missing or older than the detector sources. */
export async function ensureBuilt() {
  if (fs.existsSync(OUT) && fs.statSync(OUT).mtimeMs >= sourcesMtime()) return OUT;
  return build();
}

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

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(`built ${path.relative(root, await build())}`);
}
