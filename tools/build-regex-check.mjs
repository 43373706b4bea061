#!/usr/bin/env node
// Builds the regex engine's stand-alone wasm modules with the asc JS API:
//   build/regex-check.wasm  validate() for the Node compiler (src/regex/check.js)
//   build/regex-test.wasm   handle API for tests/regex (assertions kept on)
//   build/regex-bench.wasm  the same API with the filter's release flags, for bench/regex.js
// Usage: node tools/build-regex-check.mjs [check|test|bench ...]   (default: all)
import asc from "assemblyscript/asc";
import { fileURLToPath } from "node:url";
import path from "node:path";
import fs from "node:fs";
import os from "node:os";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const RELEASE = ["-O3", "--converge", "--noAssert"];

export const TARGETS = {
  check: { entry: "assembly/regex/check-entry.ts", out: "build/regex-check.wasm", flags: RELEASE },
  test: { entry: "assembly/regex/test-entry.ts", out: "build/regex-test.wasm", flags: ["-O2"] },
  bench: { entry: "assembly/regex/test-entry.ts", out: "build/regex-bench.wasm", flags: RELEASE },
};

/** Newest modification time of the engine's sources. */
function sourcesMtime() {
  let newest = 0;
  const dir = path.join(root, "assembly/regex");
  for (const f of fs.readdirSync(dir)) {
    if (!f.endsWith(".ts") || f.endsWith(".spec.ts")) continue;
    newest = Math.max(newest, fs.statSync(path.join(dir, f)).mtimeMs);
  }
  return newest;
}

/** Builds one target; returns its output path. */
export async function buildTarget(name) {
  const t = TARGETS[name];
  if (!t) throw new Error(`unknown target ${name} (expected one of ${Object.keys(TARGETS).join(", ")})`);
  const out = path.join(root, t.out);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  // An explicit, empty config keeps asc from merging the project's asconfig.json
  // (whose entries are the filter's, not ours).
  const config = path.join(os.tmpdir(), `bulwark-regex-asconfig-${process.pid}.json`);
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
