// Shared helpers for the host conformance tests.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { ProxyWasmHost } from "../../host/index.js";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const FIXTURES = path.join(ROOT, "build/fixtures");

let built = false;
/** Path of a fixture, building the fixtures once if they are missing. */
export function fixture(name) {
  const p = path.join(FIXTURES, `${name}.wasm`);
  if (!existsSync(p) && !built) {
    execFileSync(process.execPath, [path.join(ROOT, "tools/build-fixtures.mjs")], { stdio: ["ignore", "pipe", "pipe"] });
    built = true;
  }
  return p;
}

/** A host running the conformance fixture with a script (see tests/fixtures/conformance.ts). */
export function conformance(script = "", opts = {}) {
  return ProxyWasmHost.create({ wasm: fixture("conformance"), pluginConfig: Array.isArray(script) ? script.join("\n") : script, ...opts });
}

/** The "obs ..." observation lines from log records, without the prefix. */
export function obs(logs) {
  return logs.filter((l) => l.message.startsWith("obs ")).map((l) => l.message.slice(4));
}

/** The first observation starting with `prefix` (throws if none, to fail loudly). */
export function find(logs, prefix) {
  const hit = obs(logs).find((m) => m.startsWith(prefix));
  if (hit === undefined) throw new Error(`no observation starting with ${JSON.stringify(prefix)} in:\n${obs(logs).join("\n")}`);
  return hit;
}

/** Parse "a=1 b=2" style fields out of an observation. */
export function fields(line) {
  const out = {};
  for (const m of line.matchAll(/(\w+)=(\S*)/g)) out[m[1]] = m[2];
  return out;
}

/** Header value from pairs. */
export function header(pairs, name) {
  const p = pairs.find(([k]) => k === name);
  return p ? p[1] : undefined;
}

/** Decode a little-endian int64 from hex. */
export function hexToInt64(hex) {
  return Buffer.from(hex, "hex").readBigInt64LE(0);
}

/** Let queued microtasks and immediates run. */
export function flush() {
  return new Promise((r) => setImmediate(r));
}
