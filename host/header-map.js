// Header maps as Envoy keeps them (Http::HeaderMapImpl) and their proxy-wasm wire format
// (proxy-wasm-cpp-host src/pairs_util.cc).
//
// Wire format, little-endian: u32 count, count x (u32 keyLen, u32 valueLen), then for every
// pair key bytes, NUL, value bytes, NUL. Header bytes map to JS strings as UTF-8 by default, or
// one byte per character ("latin1"), which is how Node's HTTP parser hands raw header bytes over.

import { Buffer } from "node:buffer";

/** @typedef {[string, string]} Pair */

// cpp-host include/proxy-wasm/limits.h
export const PAIRS_MAX_BYTES = 1024 * 1024;
export const PAIRS_MAX_COUNT = 1024;

export class HeaderMap {
  /** @param {Iterable<Pair>} [pairs] */
  constructor(pairs) {
    /** @type {Pair[]} */
    this.pairs = [];
    if (pairs) for (const [k, v] of pairs) this.add(k, v);
  }

  get size() {
    return this.pairs.length;
  }

  /** First value for the (case-insensitive) key, or undefined. Envoy returns entry[0] only. */
  get(key) {
    const k = key.toLowerCase();
    for (const p of this.pairs) if (p[0] === k) return p[1];
    return undefined;
  }

  /** Every value for the key, in order. */
  getAll(key) {
    const k = key.toLowerCase();
    const out = [];
    for (const p of this.pairs) if (p[0] === k) out.push(p[1]);
    return out;
  }

  /**
   * Append a value. Envoy keeps pseudo-headers (":name") ahead of regular headers, so a
   * pseudo-header is inserted after the last existing pseudo-header.
   */
  add(key, value) {
    const k = String(key).toLowerCase();
    const v = String(value);
    if (k.charCodeAt(0) === 58 /* ':' */) {
      let i = 0;
      while (i < this.pairs.length && this.pairs[i][0].charCodeAt(0) === 58) i++;
      this.pairs.splice(i, 0, [k, v]);
    } else {
      this.pairs.push([k, v]);
    }
  }

  /** Envoy setCopy: every entry with the key is removed, then one entry is added. */
  replace(key, value) {
    this.remove(key);
    this.add(key, value);
  }

  remove(key) {
    const k = key.toLowerCase();
    let w = 0;
    for (let r = 0; r < this.pairs.length; r++) if (this.pairs[r][0] !== k) this.pairs[w++] = this.pairs[r];
    this.pairs.length = w;
  }

  /** Envoy setHeaderMapPairs: remove every key, then add each pair. */
  setPairs(pairs) {
    this.pairs.length = 0;
    for (const [k, v] of pairs) this.add(k, v);
  }

  /** Envoy HeaderMap::byteSize(): sum of key and value lengths (what proxy_get_header_map_size returns). */
  byteSize(enc = "utf8") {
    let n = 0;
    for (const [k, v] of this.pairs) n += Buffer.byteLength(k, enc) + Buffer.byteLength(v, enc);
    return n;
  }

  /** @returns {Pair[]} a copy */
  toPairs() {
    return this.pairs.map((p) => [p[0], p[1]]);
  }
}

/** Bytes needed to marshal `pairs` (PairsUtil::pairsSize). */
export function pairsSize(pairs, enc = "utf8") {
  let size = 4 + pairs.length * 8;
  for (const [k, v] of pairs) size += Buffer.byteLength(k, enc) + Buffer.byteLength(v, enc) + 2;
  return size;
}

/**
 * Marshal pairs into `buf` at `offset` (which must have pairsSize(pairs) bytes).
 * Writing straight into guest memory avoids an intermediate copy.
 */
export function marshalPairsInto(pairs, buf, offset, enc = "utf8") {
  const latin1 = enc === "latin1";
  buf.writeUInt32LE(pairs.length, offset);
  let sizes = offset + 4;
  let data = sizes + pairs.length * 8;
  for (const [k, v] of pairs) {
    const kl = latin1 ? buf.latin1Write(k, data) : buf.utf8Write(k, data);
    buf[data + kl] = 0;
    data += kl + 1;
    const vl = latin1 ? buf.latin1Write(v, data) : buf.utf8Write(v, data);
    buf[data + vl] = 0;
    data += vl + 1;
    buf.writeUInt32LE(kl, sizes);
    buf.writeUInt32LE(vl, sizes + 4);
    sizes += 8;
  }
  return data - offset;
}

/** Marshal pairs into a fresh Buffer. */
export function marshalPairs(pairs, enc = "utf8") {
  const buf = Buffer.alloc(pairsSize(pairs, enc));
  marshalPairsInto(pairs, buf, 0, enc);
  return buf;
}

/**
 * Parse the wire format (PairsUtil::toPairs). Malformed input yields an empty list, as in
 * cpp-host, rather than a partial one.
 * @param {Buffer} buf
 * @returns {Pair[]}
 */
export function unmarshalPairs(buf, enc = "utf8") {
  const latin1 = enc === "latin1";
  if (buf.length < 4 || buf.length > PAIRS_MAX_BYTES) return [];
  const n = buf.readUInt32LE(0);
  if (n > PAIRS_MAX_COUNT) return [];
  if (4 + n * 8 > buf.length) return [];
  const out = new Array(n);
  let sizes = 4;
  let data = 4 + n * 8;
  for (let i = 0; i < n; i++) {
    const kl = buf.readUInt32LE(sizes);
    const vl = buf.readUInt32LE(sizes + 4);
    sizes += 8;
    if (data + kl + 1 + vl + 1 > buf.length) return [];
    if (buf[data + kl] !== 0 || buf[data + kl + 1 + vl] !== 0) return [];
    const k = latin1 ? buf.latin1Slice(data, data + kl) : buf.utf8Slice(data, data + kl);
    data += kl + 1;
    const v = latin1 ? buf.latin1Slice(data, data + vl) : buf.utf8Slice(data, data + vl);
    data += vl + 1;
    out[i] = [k, v];
  }
  if (data !== buf.length) return [];
  return out;
}

/**
 * Normalise caller input (pairs array, plain object, or HeaderMap) into pairs.
 * Object values that are arrays become repeated headers.
 * @returns {Pair[]}
 */
export function toPairList(input) {
  if (input == null) return [];
  if (input instanceof HeaderMap) return input.toPairs();
  if (Array.isArray(input)) return input.map(([k, v]) => [String(k), String(v)]);
  const out = [];
  for (const [k, v] of Object.entries(input)) {
    if (Array.isArray(v)) for (const x of v) out.push([k, String(x)]);
    else if (v !== undefined) out.push([k, String(v)]);
  }
  return out;
}
