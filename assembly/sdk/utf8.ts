// Strict UTF-8 decoding for bytes that come from the host (header maps,
// properties, buffers, the configuration).
//
// AssemblyScript's String.UTF8.decode is lenient: it does not reject overlong forms,
// so "%C0%AF" would decode to "/" — a classic filter bypass. Here every ill-formed
// sequence (overlong, surrogate, > U+10FFFF, truncated) becomes U+FFFD, one per
// maximal ill-formed subpart as the WHATWG Encoding standard (and so Node's
// TextDecoder and browsers) does it, and the caller can ask whether that happened.
// The decoder itself is the one the request parsers use (transform/utf8.ts), so
// host strings and request values are read by exactly the same rules.
import { decodeUtf8 as decodeStrict, lastUtf8Flags } from "../transform/utf8";
import { ItemFlag } from "../transform/flags";

let lastInvalid = false;

// True when the most recent decodeUtf8 call replaced ill-formed input with U+FFFD.
export function lastDecodeHadInvalidUtf8(): bool { return lastInvalid; }

export function decodeUtf8(ptr: usize, len: usize): string {
  let s = decodeStrict(ptr, len);
  lastInvalid = (lastUtf8Flags() & ItemFlag.InvalidUtf8) != 0;
  return s;
}

export function decodeUtf8Buffer(buf: ArrayBuffer): string {
  return decodeUtf8(changetype<usize>(buf), <usize>buf.byteLength);
}
