// Minimal percent-decoding: "%XX" becomes the byte XX, everything else is kept.
// Invalid escapes ("%zz", a trailing "%" or "%4") stay as written and can be
// detected with hasInvalidPercentEscape. The decoded bytes are read as UTF-8
// strictly (sdk/utf8.ts): malformed or overlong sequences become U+FFFD and
// decodedHadInvalidUtf8() reports it. Full normalisation (dot segments, slashes,
// double decoding) is a later stage's job.
import { decodeUtf8, lastDecodeHadInvalidUtf8 } from "../sdk/utf8";
import { indexOfChar } from "../transform/chars";

// @ts-ignore: decorator
@inline function hexValue(c: i32): i32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  let l = c | 0x20;
  if (l >= 0x61 && l <= 0x66) return l - 0x61 + 10;
  return -1;
}

// Returns `s` itself when there is nothing to decode.
export function percentDecode(s: string, plusAsSpace: bool = false): string {
  let n = s.length;
  let first = -1;
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c == 0x25 || (plusAsSpace && c == 0x2B)) { first = i; break; }
  }
  if (first < 0) { lastInvalidUtf8 = false; return s; }
  // Decode in place over the UTF-8 bytes: the output never outgrows the input.
  let bytes = String.UTF8.encode(s);
  let base = changetype<usize>(bytes);
  let len = <usize>bytes.byteLength;
  let r: usize = 0;
  let w: usize = 0;
  while (r < len) {
    let b = <i32>load<u8>(base + r);
    if (b == 0x25 && r + 2 < len) {
      let hi = hexValue(<i32>load<u8>(base + r + 1));
      let lo = hexValue(<i32>load<u8>(base + r + 2));
      if (hi >= 0 && lo >= 0) {
        store<u8>(base + w, <u8>((hi << 4) | lo));
        w++; r += 3;
        continue;
      }
    } else if (b == 0x2B && plusAsSpace) {
      store<u8>(base + w, 0x20);
      w++; r++;
      continue;
    }
    store<u8>(base + w, <u8>b);
    w++; r++;
  }
  let out = decodeUtf8(base, w);
  lastInvalidUtf8 = lastDecodeHadInvalidUtf8();
  return out;
}

let lastInvalidUtf8 = false;

// True when the last percentDecode produced bytes that are not valid UTF-8.
export function decodedHadInvalidUtf8(): bool { return lastInvalidUtf8; }

// True when `s` contains a '%' that is not followed by two hex digits.
export function hasInvalidPercentEscape(s: string): bool {
  let n = s.length;
  let i = indexOfChar(s, 0x25);
  while (i >= 0) {
    if (i + 2 >= n) return true;
    if (hexValue(s.charCodeAt(i + 1)) < 0 || hexValue(s.charCodeAt(i + 2)) < 0) return true;
    i = indexOfChar(s, 0x25, i + 1);
  }
  return false;
}
