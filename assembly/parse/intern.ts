// A small direct-mapped cache of short ASCII strings, shared by the parsers.
//
// JSON bodies repeat their keys (arrays of records) and many short values
// ("EUR", "true", "1"); allocating a fresh string for each costs far more than
// hashing a few bytes, so tokens up to MAX_INTERN bytes are looked up here
// first. Strings are immutable, so handing the same one to many items (and to
// later requests) is safe. Memory is bounded: SLOTS strings of at most
// MAX_INTERN characters. A miss replaces the slot unless its string was used
// since the last miss there (a second chance): keys and header names come
// back in every request, while values that differ every time (ids, SKUs,
// names, prices) are each seen once and would otherwise keep evicting them.
import { asciiString } from "../transform/utf8";

export const SLOTS: i32 = 512;
export const MAX_INTERN: usize = 32;

const strings = new StaticArray<string>(SLOTS);
const hashes = new StaticArray<u32>(SLOTS);
// Set when a slot's string is handed out again; cleared by a miss that spared it.
const used = new StaticArray<u8>(SLOTS);

// The string of the `len` ASCII bytes at `ptr` (the caller checked they are ASCII).
export function internAscii(ptr: usize, len: usize): string {
  if (len > MAX_INTERN || len == 0) return asciiString(ptr, len);
  // FNV-1a over the bytes.
  let h: u32 = 0x811C9DC5;
  for (let i: usize = 0; i < len; i++) h = (h ^ <u32>load<u8>(ptr + i)) * 0x01000193;
  return lookup(strings, hashes, used, SLOTS, ptr, len, h);
}

// The slot of hash `h` in a table of `slots` entries: its string when it holds
// these bytes, else a fresh one, stored unless the slot's string was used
// since the last miss there (second chance).
// @ts-ignore: decorator
@inline function lookup(
  table: StaticArray<string>, tableHashes: StaticArray<u32>, tableUsed: StaticArray<u8>, slots: i32,
  ptr: usize, len: usize, h: u32,
): string {
  let slot = <i32>(h & <u32>(slots - 1));
  let s = unchecked(table[slot]);
  if (unchecked(tableHashes[slot]) == h && changetype<usize>(s) != 0 && <usize>s.length == len) {
    let sp = changetype<usize>(s);
    let same = true;
    for (let i: usize = 0; i < len; i++) {
      if (<u32>load<u16>(sp + (i << 1)) != <u32>load<u8>(ptr + i)) { same = false; break; }
    }
    if (same) { unchecked(tableUsed[slot] = 1); return s; }
  }
  let fresh = asciiString(ptr, len);
  if (unchecked(tableUsed[slot]) != 0) { unchecked(tableUsed[slot] = 0); return fresh; }
  unchecked(table[slot] = fresh);
  unchecked(tableHashes[slot] = h);
  return fresh;
}

// ---- longer header values ----
//
// Header values repeat across requests too (the same clients send the same
// User-Agent, Accept and Accept-Language), and the identity cache of the deny
// scan (deny/memo.ts sameAsClean) answers only for the very same string
// object. sdk/pairs.ts therefore looks header texts of MAX_INTERN+1 to
// LONG_MAX bytes up here. The hash covers the length and the first and last
// LONG_EDGE bytes (a full hash would cost what it saves); a hit compares every
// byte. Second chance as above. Bounded: LONG_SLOTS × LONG_MAX characters.
export const LONG_SLOTS: i32 = 128;
export const LONG_MAX: usize = 128;
const LONG_EDGE: usize = 16;

const longStrings = new StaticArray<string>(LONG_SLOTS);
const longHashes = new StaticArray<u32>(LONG_SLOTS);
const longUsed = new StaticArray<u8>(LONG_SLOTS);

// The string of the `len` ASCII bytes at `ptr`, MAX_INTERN < len <= LONG_MAX (the
// caller checked both).
export function internLongAscii(ptr: usize, len: usize): string {
  let h: u32 = 0x811C9DC5 ^ <u32>len;
  let edge = min(len, LONG_EDGE);
  for (let i: usize = 0; i < edge; i++) h = (h ^ <u32>load<u8>(ptr + i)) * 0x01000193;
  for (let i = len - edge; i < len; i++) h = (h ^ <u32>load<u8>(ptr + i)) * 0x01000193;
  return lookup(longStrings, longHashes, longUsed, LONG_SLOTS, ptr, len, h);
}
