// The header-map wire format (proxy-wasm-cpp-host PairsUtil::marshalPairs), all
// little-endian:  u32 count, count × (u32 keyLen, u32 valueLen), then for each pair
// key bytes, NUL, value bytes, NUL.  Pure code, no host imports: unit-tested directly.
import { decodeUtf8 } from "./utf8";
import { identitySlot, addressWord } from "./identity";
import { internAscii, internLongAscii, MAX_INTERN, LONG_MAX } from "../parse/intern";

// Immutable: decodePairs hands the same pair object to many requests.
export class HeaderPair {
  constructor(public readonly name: string, public readonly value: string) {}
}

// Decodes a serialized map at [ptr, ptr+size). Returns null when the bytes are not a
// well-formed map (counts or lengths that overrun, missing NUL terminators), so the
// caller can fail closed instead of inspecting a partial header set.
export function decodePairs(ptr: usize, size: usize): Array<HeaderPair> | null {
  let pairs = new Array<HeaderPair>();
  if (size == 0) return pairs;
  if (size < 4) return null;
  let count = <usize>load<u32>(ptr);
  // Each pair needs 8 bytes of lengths plus two NULs: reject counts the size cannot hold
  // before trusting them (no 4-billion-iteration loops on a corrupt count).
  if (count > (size - 4) / 10) return null;
  let lengths = ptr + 4;
  let data = lengths + count * 8;
  let end = ptr + size;
  for (let i: usize = 0; i < count; i++) {
    let keyLen = <usize>load<u32>(lengths + i * 8);
    let valueLen = <usize>load<u32>(lengths + i * 8 + 4);
    let room = end - data;
    if (keyLen > room || room - keyLen < 2 || room - keyLen - 2 < valueLen) return null;
    if (load<u8>(data + keyLen) != 0) return null;
    let key = text(data, keyLen);
    data += keyLen + 1;
    if (load<u8>(data + valueLen) != 0) return null;
    let value = text(data, valueLen);
    data += valueLen + 1;
    pairs.push(pairOf(key, value));
  }
  return pairs;
}

// Pair objects of recent (name, value) string objects. Names and short values
// are interned (text() below), so a client's recurring headers are the same
// two strings request after request and need no new pair each. Keyed by the
// strings' addresses; an entry holds both, so neither address can be reused
// while it is cached. Only short values are kept (bounded memory).
const PAIR_SLOTS: i32 = 64;
const pairCache = new StaticArray<HeaderPair | null>(PAIR_SLOTS);

function pairOf(name: string, value: string): HeaderPair {
  if (<usize>value.length > LONG_MAX) return new HeaderPair(name, value);
  let slot = identitySlot(changetype<usize>(value), addressWord(changetype<usize>(name)), PAIR_SLOTS);
  let p = unchecked(pairCache[slot]);
  if (p !== null && changetype<usize>(p.name) == changetype<usize>(name) && changetype<usize>(p.value) == changetype<usize>(value)) return p;
  p = new HeaderPair(name, value);
  unchecked(pairCache[slot] = p);
  return p;
}

// Header names and most values repeat from request to request (and every
// request carries the same names): ASCII ones come from the parsers' intern
// caches instead of a fresh string each, so the deny scan's identity cache
// recognises them.
function text(ptr: usize, len: usize): string {
  if (len <= LONG_MAX) {
    let ascii = true;
    for (let i: usize = 0; i < len; i++) if (load<u8>(ptr + i) >= 0x80) { ascii = false; break; }
    if (ascii) return len <= MAX_INTERN ? internAscii(ptr, len) : internLongAscii(ptr, len);
  }
  return decodeUtf8(ptr, len);
}

export function decodePairsBuffer(buf: ArrayBuffer): Array<HeaderPair> | null {
  return decodePairs(changetype<usize>(buf), <usize>buf.byteLength);
}

// Serializes pairs for proxy_send_local_response, proxy_http_call and
// proxy_set_header_map_pairs.
export function encodePairs(pairs: Array<HeaderPair>): ArrayBuffer {
  let n = pairs.length;
  let total: usize = 4 + <usize>n * 8;
  for (let i = 0; i < n; i++) {
    let p = unchecked(pairs[i]);
    total += <usize>String.UTF8.byteLength(p.name) + <usize>String.UTF8.byteLength(p.value) + 2;
  }
  let buf = new ArrayBuffer(<i32>total);
  let base = changetype<usize>(buf);
  store<u32>(base, <u32>n);
  let data = base + 4 + <usize>n * 8;
  for (let i = 0; i < n; i++) {
    let p = unchecked(pairs[i]);
    let keyLen = <usize>String.UTF8.encodeUnsafe(changetype<usize>(p.name), p.name.length, data);
    store<u8>(data + keyLen, 0);
    data += keyLen + 1;
    let valueLen = <usize>String.UTF8.encodeUnsafe(changetype<usize>(p.value), p.value.length, data);
    store<u8>(data + valueLen, 0);
    data += valueLen + 1;
    store<u32>(base + 4 + <usize>i * 8, <u32>keyLen);
    store<u32>(base + 8 + <usize>i * 8, <u32>valueLen);
  }
  return buf;
}

// First value of `name` (already lowercase) or null. Linear: maps hold a few dozen entries.
export function findPair(pairs: Array<HeaderPair>, name: string): string | null {
  for (let i = 0, n = pairs.length; i < n; i++) {
    let p = unchecked(pairs[i]);
    if (p.name == name) return p.value;
  }
  return null;
}
