// Percent-decoding ("%XX" and, optionally, the non-standard "%uXXXX").
//
// "%XX" becomes the byte XX; the resulting bytes are read as UTF-8 strictly
// (utf8.ts). "%uXXXX" is IIS's UTF-16 escape: some backends still honour it,
// so attackers use it to hide characters from filters that do not; it decodes
// to that code point (a surrogate pair "%uD83D%uDE00" to one character, a lone
// surrogate to U+FFFD, flagged LoneSurrogate). An invalid escape ("%zz", a
// trailing "%" or "%4") is kept as written and flagged InvalidPercent, the
// way lenient backends read it. '+' becomes a space only where the grammar says
// so (form bodies and query strings), which the caller asks for.
import { ItemFlag } from "./flags";
import { hexValue, hex4 } from "./hex";
import { indexOfChar } from "./chars";
import { decodeUtf8, lastUtf8Flags, writeUtf8 } from "./utf8";

let lastFlags: u32 = 0;

// Flags of the last percentDecode/percentDecodeBytes call: InvalidPercent,
// PercentUnicode, LoneSurrogate plus those of the UTF-8 decoding.
export function lastPercentFlags(): u32 { return lastFlags; }

// Decodes in place over [ptr, ptr+len) (the output never outgrows the input)
// and returns the number of bytes written; sets the escape flags.
export function percentDecodeInPlace(ptr: usize, len: usize, plusAsSpace: bool, unicode: bool): usize {
  let flags: u32 = 0;
  let r: usize = 0, w: usize = 0;
  while (r < len) {
    let b = <i32>load<u8>(ptr + r);
    if (b == 0x25) {
      if (r + 2 < len) {
        let hi = hexValue(<i32>load<u8>(ptr + r + 1));
        let lo = hexValue(<i32>load<u8>(ptr + r + 2));
        if ((hi | lo) >= 0) {
          store<u8>(ptr + w, <u8>((hi << 4) | lo));
          w++; r += 3;
          continue;
        }
      }
      if (unicode && r + 5 < len && (load<u8>(ptr + r + 1) | 0x20) == 0x75) {
        let cp = hex4(ptr + r + 2);
        if (cp >= 0) {
          flags |= ItemFlag.PercentUnicode;
          r += 6;
          if (cp >= 0xD800 && cp <= 0xDBFF && r + 5 < len && load<u8>(ptr + r) == 0x25 && (load<u8>(ptr + r + 1) | 0x20) == 0x75) {
            let low = hex4(ptr + r + 2);
            if (low >= 0xDC00 && low <= 0xDFFF) {
              cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
              r += 6;
            }
          }
          if (cp >= 0xD800 && cp <= 0xDFFF) { flags |= ItemFlag.LoneSurrogate; cp = 0xFFFD; }
          w += writeUtf8(ptr + w, <u32>cp);
          continue;
        }
      }
      flags |= ItemFlag.InvalidPercent;
    } else if (b == 0x2B && plusAsSpace) {
      b = 0x20;
    }
    store<u8>(ptr + w, <u8>b);
    w++; r++;
  }
  lastFlags = flags;
  return w;
}

let scratch = new ArrayBuffer(1024);
const SCRATCH_KEEP: i32 = 64 * 1024;

// Percent-decodes `len` bytes at `ptr` (not modified) into a string.
export function percentDecodeBytes(ptr: usize, len: usize, plusAsSpace: bool, unicode: bool): string {
  let buf = scratch;
  if (<usize>buf.byteLength < len) {
    // Large values get a one-off buffer so the kept scratch stays small.
    buf = new ArrayBuffer(<i32>len);
    if (<i32>len <= SCRATCH_KEEP) scratch = buf;
  }
  let base = changetype<usize>(buf);
  memory.copy(base, ptr, len);
  let w = percentDecodeInPlace(base, len, plusAsSpace, unicode);
  let escFlags = lastFlags;
  let out = decodeUtf8(base, w);
  lastFlags = escFlags | lastUtf8Flags();
  return out;
}

// @ts-ignore: decorator
@inline function needsDecoding(s: string, plusAsSpace: bool): bool {
  let p = changetype<usize>(s);
  let end = p + (<usize>s.length << 1);
  while (p < end) {
    let c = load<u16>(p);
    if (c == 0x25 || (plusAsSpace && c == 0x2B)) return true;
    p += 2;
  }
  return false;
}

// Percent-decodes a string. `unicode` also decodes "%uXXXX". Returns `s` itself
// when it has nothing to decode (flags then report only a NUL or control char).
export function percentDecode(s: string, unicode: bool = true, plusAsSpace: bool = false): string {
  if (!needsDecoding(s, plusAsSpace)) {
    lastFlags = stringFlags(s);
    return s;
  }
  let bytes = String.UTF8.encode(s);
  let base = changetype<usize>(bytes);
  let w = percentDecodeInPlace(base, <usize>bytes.byteLength, plusAsSpace, unicode);
  let escFlags = lastFlags;
  let out = decodeUtf8(base, w);
  lastFlags = escFlags | lastUtf8Flags();
  return out;
}

// NUL and control-character flags of an already decoded string.
export function stringFlags(s: string): u32 {
  let flags: u32 = 0;
  let p = changetype<usize>(s);
  for (let i = 0, n = s.length; i < n; i++) {
    let c = <u32>load<u16>(p + (<usize>i << 1));
    if (c < 0x20 || c == 0x7F) {
      if (c == 0) flags |= ItemFlag.HasNul | ItemFlag.ControlChar;
      else if (c != 0x09 && c != 0x0A && c != 0x0D) flags |= ItemFlag.ControlChar;
    }
  }
  return flags;
}

// True when `s` has a '%' that does not start a valid "%XX" escape.
export function hasInvalidPercent(s: string): bool {
  let n = s.length;
  let i = indexOfChar(s, 0x25);
  while (i >= 0) {
    if (i + 2 >= n || hexValue(s.charCodeAt(i + 1)) < 0 || hexValue(s.charCodeAt(i + 2)) < 0) return true;
    i = indexOfChar(s, 0x25, i + 1);
  }
  return false;
}
