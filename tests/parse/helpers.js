// Shared helpers for the parser tests: builds (if stale) and loads the test
// build of the parsers (build/parse-test.wasm), decodes its result buffer,
// and a seeded PRNG so failures are reproducible.
import fs from "node:fs";
import { ensureBuilt } from "../../tools/build-parse-bench.mjs";

export const Source = { Path: 0, PathSegment: 1, Query: 2, Post: 3, Header: 4, Cookie: 5, Json: 6, GraphQL: 7, MultipartFile: 8, MultipartHeader: 9 };
export const ValueType = { Text: 0, Number: 1, Boolean: 2, Null: 3, Enum: 4, Variable: 5 };
export const Flag = {
  InvalidPercent: 1 << 0, InvalidUtf8: 1 << 1, OverlongUtf8: 1 << 2, HasNul: 1 << 3, PercentUnicode: 1 << 4,
  DoubleEncoded: 1 << 5, LoneSurrogate: 1 << 6, HtmlEntity: 1 << 7, ControlChar: 1 << 8, NotInspected: 1 << 9,
  DotSegment: 1 << 10, RepeatedSlash: 1 << 11, Backslash: 1 << 12, PathParameter: 1 << 13, EncodedSlash: 1 << 14,
};

/** The parsers' test module with a small JS API. */
export class Parsers {
  /** @param {string} file */
  constructor(file) {
    const mod = new WebAssembly.Module(fs.readFileSync(file));
    const str = (ptr) => {
      if (!ptr) return "";
      const mem = inst.exports.memory.buffer;
      const len = new Uint32Array(mem, ptr - 4, 1)[0] >>> 1;
      return String.fromCharCode(...new Uint16Array(mem, ptr, len));
    };
    const inst = new WebAssembly.Instance(mod, {
      env: {
        abort(msg, fileName, line, col) { throw new Error(`wasm abort: ${str(msg)} at ${str(fileName)}:${line}:${col}`); },
        seed: () => 42,
      },
    });
    this.x = inst.exports;
  }

  /** Copies bytes (Uint8Array) into scratch; returns their length. */
  put(bytes, extra) {
    const total = bytes.length + (extra ? extra.length : 0);
    const ptr = this.x.scratch(total);
    const mem = new Uint8Array(this.x.memory.buffer);
    mem.set(bytes, ptr);
    if (extra) mem.set(extra, ptr + bytes.length);
    return bytes.length;
  }

  read() {
    const ptr = this.x.resultPtr();
    const len = this.x.resultLen();
    const dv = new DataView(this.x.memory.buffer, ptr, len);
    let o = 0;
    const u32 = () => { const v = dv.getUint32(o, true); o += 4; return v; };
    const f64 = () => { const v = dv.getFloat64(o, true); o += 8; return v; };
    const str = () => {
      const n = u32();
      const units = new Uint16Array(this.x.memory.buffer.slice(ptr + o, ptr + o + n * 2));
      o += n * 2;
      let s = "";
      for (let i = 0; i < units.length; i += 8192) s += String.fromCharCode.apply(null, units.subarray(i, i + 8192));
      return s;
    };
    const status = u32();
    let error = null;
    if (status) error = { subtype: str(), message: str(), location: str(), limit: f64(), observed: f64() };
    const count = u32();
    const items = [];
    for (let i = 0; i < count; i++) {
      items.push({
        source: u32(), flags: u32(), isKey: u32() === 1, valueType: u32(), index: u32() | 0, valueLength: u32(),
        name: str(), value: str(), raw: str(), rawName: str(), field: str(), argument: str(),
      });
    }
    return { error, items };
  }

  form(input, source = Source.Post) { this.x.form(this.put(bytesOf(input)), source); return this.read(); }
  json(input, { depth = 100, keys = 250, elements = 10000 } = {}) { this.x.json(this.put(bytesOf(input)), depth, keys, elements); return this.read(); }
  multipart(input, contentType) {
    const ct = Buffer.from(contentType, "utf8");
    const status = this.x.multipart(this.put(bytesOf(input), ct), ct.length);
    return { ...this.read(), noBoundary: status === 2 };
  }
  graphql(input, depth = 10) { this.x.graphql(this.put(bytesOf(input)), depth); return this.read(); }
  path(raw) {
    this.x.path(this.put(bytesOf(raw)));
    const [it, ...segs] = this.read().items;
    return { decoded: it.name, normalized: it.value, segments: segs.map((s) => s.value), flags: it.flags };
  }
  transform(value, mask) { this.x.transform(this.put(bytesOf(value)), mask); const it = this.read().items[0]; return { value: it.value, flags: it.flags }; }
}

function bytesOf(input) { return typeof input === "string" ? Buffer.from(input, "utf8") : input; }

export async function loadParsers() {
  return new Parsers(await ensureBuilt("test"));
}

/** mulberry32: small, fast, good enough for test generation. */
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n) => Math.floor(next() * n), pick: (arr) => arr[Math.floor(next() * arr.length)] };
}

/** The seed for generated tests: PARSE_SEED from the environment, else a fixed default. */
export function seedFromEnv(fallback) {
  const s = process.env.PARSE_SEED;
  return s ? Number(s) >>> 0 : fallback;
}
