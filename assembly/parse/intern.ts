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
  let slot = <i32>(h & <u32>(SLOTS - 1));
  let s = unchecked(strings[slot]);
  if (unchecked(hashes[slot]) == h && changetype<usize>(s) != 0 && <usize>s.length == len) {
    let sp = changetype<usize>(s);
    let same = true;
    for (let i: usize = 0; i < len; i++) {
      if (<u32>load<u16>(sp + (i << 1)) != <u32>load<u8>(ptr + i)) { same = false; break; }
    }
    if (same) { unchecked(used[slot] = 1); return s; }
  }
  let fresh = asciiString(ptr, len);
  if (unchecked(used[slot]) != 0) { unchecked(used[slot] = 0); return fresh; }
  unchecked(strings[slot] = fresh);
  unchecked(hashes[slot] = h);
  return fresh;
}
