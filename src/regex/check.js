// RE2 syntax check for the policy compiler, backed by the filter's own regex
// parser and compiler (build/regex-check.wasm, from assembly/regex/check-entry.ts).
// The compiler therefore rejects exactly the patterns the filter would reject,
// with the same message (reason and offset), before a config ever ships.
//
//   import { validateRegex } from "../regex/check.js";
//   validateRegex("a(?=b)")  // → "lookahead (?= is not supported (RE2 syntax has no lookaround) at offset 1"
//   validateRegex("^/api/.*") // → null
//
// Synchronous: the module is loaded on first use (built on the spot if missing).
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const WASM = path.join(root, "build/regex-check.wasm");
const BUILD_TOOL = path.join(root, "tools/build-regex-check.mjs");

/** The API's limit for StringMatcher values (the engine itself accepts up to 4096). */
export const MAX_REGEX_LENGTH = 1024;

let exports_ = null;

function load() {
  if (exports_) return exports_;
  if (!fs.existsSync(WASM)) {
    // One-time build (about 5 s); `npm run build:regex` normally does this ahead of time.
    execFileSync(process.execPath, [BUILD_TOOL, "check"], { stdio: ["ignore", "ignore", "inherit"] });
  }
  const mod = new WebAssembly.Module(fs.readFileSync(WASM));
  const inst = new WebAssembly.Instance(mod, {
    env: {
      abort() {
        throw new Error("regex-check.wasm aborted (engine bug): please report the pattern");
      },
    },
  });
  exports_ = inst.exports;
  return exports_;
}

/**
 * Checks that `pattern` is RE2 syntax the filter's engine accepts within its limits.
 * @param {string} pattern
 * @param {{ ignoreCase?: boolean }} [options] ignoreCase compiles it as (?i), as StringMatcher does
 * @returns {null | string} null when valid, otherwise the reason (with the offset in the pattern)
 */
export function validateRegex(pattern, options = {}) {
  if (typeof pattern !== "string" || pattern.length === 0) return "must be a non-empty regular expression";
  if (pattern.length > MAX_REGEX_LENGTH) return `must be at most ${MAX_REGEX_LENGTH} characters, got ${pattern.length}`;
  const x = load();
  const bytes = Buffer.from(pattern, "utf8");
  const ptr = x.scratch(bytes.length);
  new Uint8Array(x.memory.buffer, ptr, bytes.length).set(bytes);
  if (x.validate(bytes.length, 1, options.ignoreCase ? 1 : 0) === 0) return null;
  return Buffer.from(x.memory.buffer, x.errorPtr(), x.errorLen()).toString("utf8");
}
