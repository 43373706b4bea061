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

  /**
   * A new map from caller input (pairs array, plain object, or HeaderMap), without the
   * intermediate pair list of toPairList; the same normalisation.
   */
  static from(input) {
    const m = new HeaderMap();
    if (input == null) return m;
    if (input instanceof HeaderMap) {
      for (let i = 0; i < input.pairs.length; i++) m.pairs.push([input.pairs[i][0], input.pairs[i][1]]);
      return m;
    }
    if (Array.isArray(input)) {
      for (let i = 0; i < input.length; i++) m.add(input[i][0], input[i][1]);
      return m;
    }
    for (const k in input) {
      if (!Object.prototype.hasOwnProperty.call(input, k)) continue;
      const v = input[k];
      if (Array.isArray(v)) for (const x of v) m.add(k, x);
      else if (v !== undefined) m.add(k, v);
    }
    return m;
  }

  get size() {
    return this.pairs.length;
  }

  /** First value for the (case-insensitive) key, or undefined. Envoy returns entry[0] only. */
  get(key) {
    const k = key.toLowerCase();
    const pairs = this.pairs;
    for (let i = 0; i < pairs.length; i++) if (pairs[i][0] === k) return pairs[i][1];
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
    for (let i = 0; i < this.pairs.length; i++) n += byteLength(this.pairs[i][0], enc) + byteLength(this.pairs[i][1], enc);
    return n;
  }

  /** @returns {Pair[]} a copy */
  toPairs() {
    const pairs = this.pairs;
    const out = new Array(pairs.length);
    for (let i = 0; i < pairs.length; i++) out[i] = [pairs[i][0], pairs[i][1]];
    return out;
  }
}

// Header names and most values are short ASCII. For those a JS loop is cheaper than a call into
// C++ per string (utf8Write); longer or non-ASCII strings take the native path. (Buffer.byteLength
// is a fast call already and stays.)
const SHORT = 32;

/** Bytes of `s` in `enc`. */
function byteLength(s, enc) {
  return enc === "latin1" ? s.length : Buffer.byteLength(s, "utf8");
}

/** Write `s` at `at` (Buffer latin1Write/utf8Write); returns the bytes written. */
function writeString(buf, s, at, latin1) {
  const n = s.length;
  if (n > SHORT) return latin1 ? buf.latin1Write(s, at) : buf.utf8Write(s, at);
  if (latin1) {
    for (let i = 0; i < n; i++) buf[at + i] = s.charCodeAt(i); // low byte, as latin1Write
    return n;
  }
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return buf.utf8Write(s, at);
    buf[at + i] = c;
  }
  return n;
}

/** Bytes needed to marshal `pairs` (PairsUtil::pairsSize). */
export function pairsSize(pairs, enc = "utf8") {
  let size = 4 + pairs.length * 8;
  for (let i = 0; i < pairs.length; i++) size += byteLength(pairs[i][0], enc) + byteLength(pairs[i][1], enc) + 2;
  return size;
}

/**
 * Marshal pairs into `buf` at `offset` (which must have pairsSize(pairs) bytes).
 * Writing straight into guest memory avoids an intermediate copy; `dv` is a DataView over the
 * same bytes as `buf` (the guest memory's cached one), for the length words.
 */
export function marshalPairsInto(pairs, buf, offset, enc = "utf8", dv = new DataView(buf.buffer, buf.byteOffset, buf.length)) {
  const latin1 = enc === "latin1";
  dv.setUint32(offset, pairs.length, true);
  let sizes = offset + 4;
  let data = sizes + pairs.length * 8;
  for (let i = 0; i < pairs.length; i++) {
    const kl = writeString(buf, pairs[i][0], data, latin1);
    buf[data + kl] = 0;
    data += kl + 1;
    const vl = writeString(buf, pairs[i][1], data, latin1);
    buf[data + vl] = 0;
    data += vl + 1;
    dv.setUint32(sizes, kl, true);
    dv.setUint32(sizes + 4, vl, true);
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
