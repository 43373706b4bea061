// Strict UTF-8 decoding for bytes that come from the network.
//
// AssemblyScript's String.UTF8.decode is lenient: it does not reject overlong forms,
// so "%C0%AF" would decode to "/" — a classic filter bypass. Here every byte that is
// not part of a well-formed sequence (overlong, surrogate, > U+10FFFF, truncated)
// becomes U+FFFD, exactly once per offending byte, and the caller can ask whether
// that happened. Pure ASCII, the common case, takes a tight copy loop.

let lastInvalid = false;

// True when the most recent decodeUtf8 call replaced at least one byte with U+FFFD.
export function lastDecodeHadInvalidUtf8(): bool { return lastInvalid; }

export function decodeUtf8(ptr: usize, len: usize): string {
  lastInvalid = false;
  if (len == 0) return "";
  let out = changetype<usize>(__new(len << 1, idof<String>()));
  let end = ptr + len;
  let p = ptr;
  let o = out;
  while (p < end) {
    let b0 = <u32>load<u8>(p);
    if (b0 < 0x80) {
      store<u16>(o, <u16>b0);
      o += 2; p += 1;
      continue;
    }
    let need: i32 = 0;
    let cp: u32 = 0;
    let min: u32 = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) { need = 1; cp = b0 & 0x1F; min = 0x80; }
    else if (b0 >= 0xE0 && b0 <= 0xEF) { need = 2; cp = b0 & 0x0F; min = 0x800; }
    else if (b0 >= 0xF0 && b0 <= 0xF4) { need = 3; cp = b0 & 0x07; min = 0x10000; }
    let ok = need > 0 && p + <usize>need < end;
    if (ok) {
      for (let i = 1; i <= need; i++) {
        let b = <u32>load<u8>(p + <usize>i);
        if ((b & 0xC0) != 0x80) { ok = false; break; }
        cp = (cp << 6) | (b & 0x3F);
      }
    }
    if (ok && (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))) ok = false;
    if (!ok) {
      store<u16>(o, 0xFFFD);
      o += 2; p += 1;
      lastInvalid = true;
      continue;
    }
    p += <usize>(need + 1);
    if (cp < 0x10000) {
      store<u16>(o, <u16>cp);
      o += 2;
    } else {
      // At least 4 input bytes produced this pair of code units, so the buffer
      // (2 bytes per input byte) always has room.
      cp -= 0x10000;
      store<u16>(o, <u16>(0xD800 | (cp >> 10)));
      store<u16>(o, <u16>(0xDC00 | (cp & 0x3FF)), 2);
      o += 4;
    }
  }
  return changetype<string>(__renew(out, o - out));
}

export function decodeUtf8Buffer(buf: ArrayBuffer): string {
  return decodeUtf8(changetype<usize>(buf), <usize>buf.byteLength);
}
