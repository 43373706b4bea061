#!/usr/bin/env node
// Builds the parsers' stand-alone wasm modules with the asc JS API:
//   build/parse-test.wasm   assembly/parse/bench-entry.ts with assertions kept (tests/parse)
//   build/parse-bench.wasm  the same entry with the filter's release flags (bench/parsing.js)
// Usage: node tools/build-parse-bench.mjs [test|bench ...]   (default: both)
import asc from "assemblyscript/asc";
import { fileURLToPath } from "node:url";
import path from "node:path";
import fs from "node:fs";
import os from "node:os";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const RELEASE = ["-O3", "--converge", "--noAssert"];
const ENTRY = "assembly/parse/bench-entry.ts";

export const TARGETS = {
  test: { entry: ENTRY, out: "build/parse-test.wasm", flags: ["-O2"] },
  bench: { entry: ENTRY, out: "build/parse-bench.wasm", flags: RELEASE },
};

/** Newest modification time of the parser and transformation sources. */
function sourcesMtime() {
  let newest = 0;
  for (const d of ["assembly/parse", "assembly/transform"]) {
    const dir = path.join(root, d);
    for (const f of fs.readdirSync(dir)) {
      if (!f.endsWith(".ts") || f.endsWith(".spec.ts")) continue;
      newest = Math.max(newest, fs.statSync(path.join(dir, f)).mtimeMs);
    }
  }
  return newest;
}

/** Builds one target; returns its output path. */
export async function buildTarget(name) {
  const t = TARGETS[name];
  if (!t) throw new Error(`unknown target ${name} (expected one of ${Object.keys(TARGETS).join(", ")})`);
  const out = path.join(root, t.out);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  // An explicit, empty config keeps asc from merging the project's asconfig.json.
  const config = path.join(os.tmpdir(), `bulwark-parse-asconfig-${process.pid}.json`);
  fs.writeFileSync(config, "{}\n");
  // Build to a private file, then rename: parallel test files may build the same target.
  const tmpOut = `${out}.${process.pid}.tmp`;
  const args = [path.join(root, t.entry), "--config", config, "--outFile", tmpOut, "--runtime", "incremental", ...t.flags];
  let errText = "";
  const { error } = await asc.main(args, {
    stdout: { write() { return true; } },
    stderr: { write(s) { errText += s; return true; } },
  });
  fs.rmSync(config, { force: true });
  if (error) {
    fs.rmSync(tmpOut, { force: true });
    throw new Error(`asc failed for ${t.entry}: ${error.message}\n${errText}`);
  }
  fs.renameSync(tmpOut, out);
  return out;
}

/** Builds a target only when it is missing or older than the sources. */
export async function ensureBuilt(name) {
  const out = path.join(root, TARGETS[name].out);
  if (fs.existsSync(out) && fs.statSync(out).mtimeMs >= sourcesMtime()) return out;
  return buildTarget(name);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(TARGETS);
  for (const n of names) {
    const out = await buildTarget(n);
    console.log(`built ${path.relative(root, out)}`);
  }
}
