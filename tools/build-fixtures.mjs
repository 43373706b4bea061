#!/usr/bin/env node
// Builds the AssemblyScript test fixtures in tests/fixtures/*.ts into build/fixtures/*.wasm
// with the same runtime flags as the filter (incremental runtime, _initialize reactor,
// abort routed to the fixture's own handler). Usage: node tools/build-fixtures.mjs [name...]

import asc from "assemblyscript/asc";
import { readdir, mkdir, rename, rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const srcDir = path.join(root, "tests/fixtures");
const outDir = path.join(root, "build/fixtures");

const only = process.argv.slice(2);
const entries = (await readdir(srcDir)).filter((f) => f.endsWith(".ts")).map((f) => f.slice(0, -3)).filter((n) => only.length === 0 || only.includes(n));

await mkdir(outDir, { recursive: true });
let failed = 0;
for (const name of entries) {
  const args = [
    path.relative(root, path.join(srcDir, `${name}.ts`)),
    // Written under a temporary name and renamed, so a concurrent reader never sees half a file.
    "--outFile", path.relative(root, path.join(outDir, `${name}.${process.pid}.tmp.wasm`)),
    "--runtime", "incremental",
    "--exportStart", "_initialize",
    "--use", "abort=tests/fixtures/lib/abort/fixtureAbort",
    "--optimizeLevel", "3",
    "--shrinkLevel", "0",
    "--config", "none",
  ];
  let errText = "";
  const { error } = await asc.main(args, {
    stdout: { write: () => true },
    stderr: { write: (s) => ((errText += s), true) },
  });
  const tmp = path.join(outDir, `${name}.${process.pid}.tmp.wasm`);
  if (error) {
    failed++;
    await rm(tmp, { force: true });
    process.stderr.write(`fixture ${name}: build failed\n${errText}\n`);
  } else {
    await rename(tmp, path.join(outDir, `${name}.wasm`));
    process.stdout.write(`fixture ${name}: build/fixtures/${name}.wasm\n`);
  }
}
if (failed) process.exit(1);
