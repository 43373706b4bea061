// Node-side handle over build/regex-test.wasm or build/regex-bench.wasm (the
// engine compiled with assembly/regex/test-entry.ts). Used by tests/regex and
// bench/regex.js; the filter itself links the engine directly.
import { instantiateStandalone } from "../wasm/standalone.js";

export class RegexEngine {
  /** @param {string} wasmPath */
  constructor(wasmPath) {
    this.x = instantiateStandalone(wasmPath);
  }

  /** Copies bytes into the module's scratch buffer; returns the length. */
  put(bytes) {
    const ptr = this.x.scratch(bytes.length);
    new Uint8Array(this.x.memory.buffer, ptr, bytes.length).set(bytes);
    return bytes.length;
  }

  lastError() {
    return Buffer.from(this.x.memory.buffer, this.x.errorPtr(), this.x.errorLen()).toString("utf8");
  }

  /**
   * @param {string} pattern
   * @param {{full?: boolean, flags?: number}} [opts] flags: 1 (?i), 2 (?m), 4 (?s)
   * @returns {number} handle
   */
  compile(pattern, opts = {}) {
    const n = this.put(Buffer.from(pattern, "utf8"));
    const h = this.x.compile(n, opts.full ? 1 : 0, opts.flags ?? 0);
    if (h < 0) throw new SyntaxError(this.lastError());
    return h;
  }

  /** @returns {string|null} the compile error, or null when the pattern compiles */
  compileError(pattern, opts = {}) {
    const n = this.put(Buffer.from(pattern, "utf8"));
    return this.x.compile(n, opts.full ? 1 : 0, opts.flags ?? 0) < 0 ? this.lastError() : null;
  }

  /** @param {string[]} patterns @param {boolean[]} [full] */
  compileSet(patterns, full = []) {
    const text = patterns.join("\0") + "\0" + patterns.map((_, i) => (full[i] ? "1" : "0")).join("");
    const n = this.put(Buffer.from(text, "utf8"));
    const h = this.x.compileSet(n);
    if (h < 0) throw new SyntaxError(this.lastError());
    return h;
  }

  /** @param {Uint8Array|string} input */
  match(h, input) {
    return this.x.match(h, this.put(toBytes(input))) === 1;
  }

  matchNfa(h, input) {
    return this.x.matchNfa(h, this.put(toBytes(input))) === 1;
  }

  /** @returns {number[]} indexes of the patterns that matched */
  setMatch(h, input) {
    const count = this.x.setMatch(h, this.put(toBytes(input)));
    return this.collect(h, count);
  }

  setMatchNfa(h, input) {
    const count = this.x.setMatchNfa(h, this.put(toBytes(input)));
    return this.collect(h, count);
  }

  collect(h, count) {
    const out = [];
    for (let i = 0; out.length < count; i++) if (this.x.setMatched(h, i)) out.push(i);
    return out;
  }

  stats() {
    const x = this.x;
    return {
      dfaBytes: x.statDfaBytes(),
      nfaSteps: x.statNfaSteps(),
      dfaStates: x.statDfaStates(),
      dfaClears: x.statDfaClears(),
      pikeFallbacks: x.statPikeFallbacks(),
    };
  }
}

function toBytes(input) {
  return typeof input === "string" ? Buffer.from(input, "utf8") : input;
}
