// Shared by the tools that build stand-alone AssemblyScript modules beside the filter (the regex
// check used by the compiler, test and benchmark entries, evaluation entries). Each tool names
// its targets and the source folders they depend on; this file does the compiling.
import asc from "assemblyscript/asc";
import { fileURLToPath } from "node:url";
import path from "node:path";
import fs from "node:fs";
import os from "node:os";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
/** The filter's release flags. */
export const RELEASE = ["-O3", "--converge", "--noAssert"];

/** Newest modification time of the non-spec `.ts` files directly in `dirs`. */
export function newestSource(dirs) {
  let newest = 0;
  for (const d of dirs) {
    const dir = path.join(root, d);
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir)) {
      if (!f.endsWith(".ts") || f.endsWith(".spec.ts")) continue;
      newest = Math.max(newest, fs.statSync(path.join(dir, f)).mtimeMs);
    }
  }
  return newest;
}

/** Compiles `entry` to `out` (both relative to the project root); returns the absolute output path. */
export async function compileStandalone({ entry, out, flags }) {
  const outPath = path.join(root, out);
  fs.mkdirSync(path.dirname(outPath), { recursive: true });
  // An explicit, empty config keeps asc from merging the project's asconfig.json (the filter's entries).
  const config = path.join(os.tmpdir(), `bulwark-asconfig-${process.pid}-${path.basename(out)}.json`);
  fs.writeFileSync(config, "{}\n");
  // Build to a private file, then rename: parallel test files may build the same target.
  const tmpOut = `${outPath}.${process.pid}.tmp`;
  const args = [path.join(root, entry), "--config", config, "--outFile", tmpOut, "--runtime", "incremental", ...flags];
  let errText = "";
  const { error } = await asc.main(args, {
    stdout: { write() { return true; } },
    stderr: { write(s) { errText += s; return true; } },
  });
  fs.rmSync(config, { force: true });
  if (error) {
    fs.rmSync(tmpOut, { force: true });
    throw new Error(`asc failed for ${entry}: ${error.message}\n${errText}`);
  }
  fs.renameSync(tmpOut, outPath);
  return outPath;
}

/**
 * @param {Record<string, {entry: string, out: string, flags: string[]}>} targets
 * @param {string[]} sources folders whose change makes every target stale
 */
export function standaloneBuilder(targets, sources) {
  const target = (name) => {
    const t = targets[name];
    if (!t) throw new Error(`unknown target ${name} (expected one of ${Object.keys(targets).join(", ")})`);
    return t;
  };
  return {
    /** Builds one target unconditionally; returns its output path. */
    buildTarget: (name) => compileStandalone(target(name)),
    /** Builds a target only when it is missing or older than the sources. */
    async ensureBuilt(name) {
      const out = path.join(root, target(name).out);
      if (fs.existsSync(out) && fs.statSync(out).mtimeMs >= newestSource(sources)) return out;
      return compileStandalone(target(name));
    },
    /** CLI: builds the targets named in argv (default: all) when `moduleUrl` is the script run. */
    async runIfMain(moduleUrl) {
      if (!process.argv[1] || path.resolve(process.argv[1]) !== fileURLToPath(moduleUrl)) return;
      const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(targets);
      for (const n of names) console.log(`built ${path.relative(root, await compileStandalone(target(n)))}`);
    },
  };
}
