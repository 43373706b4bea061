// Node-side handle over build/rules-eval.wasm: the generated rule catalogue
// matched through the filter's transformations and regex engine. Used by
// tests/rules and tools/eval-rules.mjs; the filter links the same code directly.
import { instantiateStandalone } from "../wasm/standalone.js";
import path from "node:path";
import { LOCATIONS, LEVELS } from "./vocabulary.js";
import { ROOT } from "./catalogue.js";

export const RULES_EVAL_WASM = path.join(ROOT, "build/rules-eval.wasm");

export class RulesEngine {
  constructor(wasmPath = RULES_EVAL_WASM) {
    this.x = instantiateStandalone(wasmPath);
    this.built = new Set();
  }

  get ruleCount() { return this.x.ruleCount(); }

  /**
   * Compiles the sets at `level` ("Basic" | "Standard" | "Strict"); returns ms taken.
   * `shared`: one set per transform mask for all locations (the default), else one group per location.
   */
  build(level, { shared = true } = {}) {
    const l = LEVELS.indexOf(level);
    if (l < 0) throw new Error(`unknown level ${level}`);
    const t0 = process.hrtime.bigint();
    if (this.x.build(l, shared ? 1 : 0) !== 0) {
      throw new Error(Buffer.from(this.x.memory.buffer, this.x.errorPtr(), this.x.errorLen()).toString("utf8"));
    }
    this.built.add(l);
    return Number(process.hrtime.bigint() - t0) / 1e6;
  }

  /**
   * Rule numbers (catalogue order) that match `value` at `location`.
   * @param {string} level @param {string} location a LOCATIONS name
   * @param {string|Buffer} value @param {string} [headerName] lower-case, Header only
   */
  match(level, location, value, headerName = "") {
    const l = LEVELS.indexOf(level);
    if (!this.built.has(l)) this.build(level);
    const loc = LOCATIONS[location];
    if (loc === undefined) throw new Error(`unknown location ${location}`);
    const name = Buffer.from(headerName, "utf8");
    const val = typeof value === "string" ? Buffer.from(value, "utf8") : value;
    const ptr = this.x.scratch(name.length + val.length);
    const mem = new Uint8Array(this.x.memory.buffer, ptr, name.length + val.length);
    mem.set(name, 0);
    mem.set(val, name.length);
    const n = this.x.evaluate(l, loc, name.length, val.length);
    const out = [];
    for (let i = 0; i < n; i++) out.push(this.x.matchedRule(i));
    return out;
  }

  /** ItemFlag bits seen by the decodings in the last match(). */
  lastFlags() { return this.x.lastFlags(); }

  /** Sizes of one location's automata at a built level. */
  stats(level, location) {
    const l = LEVELS.indexOf(level);
    const loc = LOCATIONS[location];
    return {
      rules: this.x.ruleCountAt(l, loc),
      groups: this.x.groupCount(l, loc),
      instructions: this.x.programSize(l, loc),
      cacheBytes: this.x.cacheBytes(l, loc),
    };
  }

  memoryBytes() { return this.x.memoryBytes(); }
  collect() { this.x.collect(); }
}
