#!/usr/bin/env node
// Builds build/rules-eval.wasm (assembly/rules/eval-entry.ts) with the asc JS
// API and the filter's release flags: the rule catalogue, the transformations
// and the regex engine, for tests/rules and tools/eval-rules.mjs.
// Usage: node tools/build-rules-eval.mjs   (ensureBuilt() rebuilds only when stale)
import asc from "assemblyscript/asc";
import { fileURLToPath } from "node:url";
import path from "node:path";
import fs from "node:fs";
import os from "node:os";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const ENTRY = "assembly/rules/eval-entry.ts";
export const OUT = "build/rules-eval.wasm";
const SOURCE_DIRS = ["assembly/rules", "assembly/regex", "assembly/transform", "assembly/parse", "assembly/detect"];

function sourcesMtime() {
  let newest = 0;
  for (const d of SOURCE_DIRS) {
    const dir = path.join(root, d);
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir)) {
      if (!f.endsWith(".ts") || f.endsWith(".spec.ts")) continue;
      newest = Math.max(newest, fs.statSync(path.join(dir, f)).mtimeMs);
    }
  }
  return newest;
}

export async function build() {
  const out = path.join(root, OUT);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  // An explicit, empty config keeps asc from merging the filter's asconfig.json.
  const config = path.join(os.tmpdir(), `bulwark-rules-asconfig-${process.pid}.json`);
  fs.writeFileSync(config, "{}\n");
  const tmpOut = `${out}.${process.pid}.tmp`;
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
  fs.renameSync(tmpOut, out);
  return out;
}

export async function ensureBuilt() {
  const out = path.join(root, OUT);
  if (fs.existsSync(out) && fs.statSync(out).mtimeMs >= sourcesMtime()) return out;
  return build();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = await build();
  console.log(`built ${path.relative(root, out)}`);
}
