// Strict UTF-8 decoding of request bytes, with anomaly flags.
//
// Ill-formed input is replaced the way the WHATWG Encoding standard (and so
// browsers, Node's TextDecoder and URLSearchParams) does it: each *maximal
// subpart* of a bad sequence becomes one U+FFFD. Overlong forms (C0 AF is "/",
// E0 80 AF too) are never decoded to the character they disguise: they become
// U+FFFD and are flagged OverlongUtf8 as well as InvalidUtf8, so a rule can
// catch the classic "%C0%AF" traversal even though the value shows no "/".
import { ItemFlag } from "./flags";

let lastFlags: u32 = 0;

// Flags (InvalidUtf8, OverlongUtf8, HasNul, ControlChar) of the last decodeUtf8 call.
export function lastUtf8Flags(): u32 { return lastFlags; }

// @ts-ignore: decorator
@inline function asciiFlags(b: u32): u32 {
  if (b >= 0x20 && b != 0x7F) return 0;
  if (b == 0) return ItemFlag.HasNul | ItemFlag.ControlChar;
  if (b == 0x09 || b == 0x0A || b == 0x0D) return 0;
  return ItemFlag.ControlChar;
}

// Four bytes as four UTF-16 code units.
// @ts-ignore: decorator
@inline function widen(w: u32): u64 {
  let v = <u64>w;
  return (v & 0xFF) | ((v & 0xFF00) << 8) | ((v & 0xFF0000) << 16) | ((v & 0xFF000000) << 24);
}

// Decodes `len` bytes at `ptr`; sets lastUtf8Flags(). The one strict UTF-8
// decoder of the filter: request values here, and host strings (header
// maps, properties, the configuration) through sdk/utf8.ts.
export function decodeUtf8(ptr: usize, len: usize): string {
  lastFlags = 0;
  if (len == 0) return "";
  let flags: u32 = 0;
  // Every input byte yields at most one UTF-16 unit (a 4-byte sequence yields two).
  let out = changetype<usize>(__new(len << 1, idof<String>()));
  let end = ptr + len;
  let p = ptr;
  let o = out;
  while (p < end) {
    // Runs of printable ASCII, eight bytes at a time: no flags to set, each
    // byte one code unit. Any byte >= 0x80, < 0x20 or 0x7F ends the run
    // (the word tests can report more than there is, never less).
    while (p + 8 <= end) {
      let w = load<u64>(p);
      let x = w ^ 0x7F7F7F7F7F7F7F7F;
      let stop = (w | ((w - 0x2020202020202020) & ~w) | ((x - 0x0101010101010101) & ~x)) & 0x8080808080808080;
      if (stop != 0) break;
      store<u64>(o, widen(<u32>w));
      store<u64>(o, widen(<u32>(w >> 32)), 8);
      p += 8; o += 16;
    }
    if (p >= end) break;
    let b0 = <u32>load<u8>(p);
    if (b0 < 0x80) {
      flags |= asciiFlags(b0);
      store<u16>(o, <u16>b0);
      o += 2; p += 1;
      continue;
    }
    let need = 0;
    let lo: u32 = 0x80, hi: u32 = 0xBF;
    let cp: u32 = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) { need = 1; cp = b0 & 0x1F; }
    else if (b0 >= 0xE0 && b0 <= 0xEF) {
      need = 2; cp = b0 & 0x0F;
      if (b0 == 0xE0) lo = 0xA0; else if (b0 == 0xED) hi = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      need = 3; cp = b0 & 0x07;
      if (b0 == 0xF0) lo = 0x90; else if (b0 == 0xF4) hi = 0x8F;
    }
    let q = p + 1;
    let ok = need > 0;
    if (!ok) {
      flags |= ItemFlag.InvalidUtf8;
      if (b0 == 0xC0 || b0 == 0xC1) flags |= ItemFlag.OverlongUtf8;
    } else {
      for (let i = 0; i < need; i++) {
        if (q >= end) { ok = false; break; }
        let b = <u32>load<u8>(q);
        if (b < lo || b > hi) {
          ok = false;
          // E0 80..9F and F0 80..8F start overlong forms.
          if (i == 0 && ((b0 == 0xE0 || b0 == 0xF0) && b >= 0x80 && b < lo)) flags |= ItemFlag.OverlongUtf8;
          break;
        }
        lo = 0x80; hi = 0xBF;
        cp = (cp << 6) | (b & 0x3F);
        q++;
      }
      if (!ok) flags |= ItemFlag.InvalidUtf8;
    }
    if (!ok) {
      store<u16>(o, 0xFFFD);
      o += 2;
      p = q; // the maximal subpart; the byte that broke it is read again
      continue;
    }
    p = q;
    if (cp < 0x10000) {
      store<u16>(o, <u16>cp);
      o += 2;
    } else {
      cp -= 0x10000;
      store<u16>(o, <u16>(0xD800 | (cp >> 10)));
      store<u16>(o, <u16>(0xDC00 | (cp & 0x3FF)), 2);
      o += 4;
    }
  }
  lastFlags = flags;
  return changetype<string>(__renew(out, o - out));
}

// Flags of `len` bytes at `ptr` without building a string.
export function validateUtf8(ptr: usize, len: usize): u32 {
  // Decoding is cheap and shares the exact rules; validation is not on a hot path.
  decodeUtf8(ptr, len);
  return lastFlags;
}

export function decodeUtf8Array(bytes: Uint8Array): string {
  return decodeUtf8(bytes.dataStart, <usize>bytes.length);
}

// True when every byte is < 0x80 (then bytes and UTF-16 units correspond 1:1).
export function isAscii(ptr: usize, len: usize): bool {
  let p = ptr, end = ptr + len;
  while (p + 8 <= end) {
    if ((load<u64>(p) & 0x8080808080808080) != 0) return false;
    p += 8;
  }
  while (p < end) { if (load<u8>(p) >= 0x80) return false; p++; }
  return true;
}

// A string from ASCII bytes (caller checked isAscii).
export function asciiString(ptr: usize, len: usize): string {
  if (len == 0) return "";
  let out = changetype<usize>(__new(len << 1, idof<String>()));
  for (let i: usize = 0; i < len; i++) store<u16>(out + (i << 1), <u16>load<u8>(ptr + i));
  return changetype<string>(out);
}

// Encodes a code point as UTF-8 at `w`; returns the number of bytes written.
export function writeUtf8(w: usize, cp: u32): usize {
  if (cp < 0x80) { store<u8>(w, <u8>cp); return 1; }
  if (cp < 0x800) {
    store<u8>(w, <u8>(0xC0 | (cp >> 6)));
    store<u8>(w, <u8>(0x80 | (cp & 0x3F)), 1);
    return 2;
  }
  if (cp < 0x10000) {
    store<u8>(w, <u8>(0xE0 | (cp >> 12)));
    store<u8>(w, <u8>(0x80 | ((cp >> 6) & 0x3F)), 1);
    store<u8>(w, <u8>(0x80 | (cp & 0x3F)), 2);
    return 3;
  }
  store<u8>(w, <u8>(0xF0 | (cp >> 18)));
  store<u8>(w, <u8>(0x80 | ((cp >> 12) & 0x3F)), 1);
  store<u8>(w, <u8>(0x80 | ((cp >> 6) & 0x3F)), 2);
  store<u8>(w, <u8>(0x80 | (cp & 0x3F)), 3);
  return 4;
}
