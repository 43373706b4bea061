// Strict base64url (RFC 4648 §5) as JOSE uses it (RFC 7515 §2): no padding, no
// whitespace, and the unused low bits of the last character must be zero, so every
// byte string has exactly one encoding (a token cannot be varied without changing
// its bytes). Returns null instead of guessing.

// 0..63 for the alphabet, 255 otherwise.
const TABLE: StaticArray<u8> = makeTable();

function makeTable(): StaticArray<u8> {
  let t = new StaticArray<u8>(128);
  for (let i = 0; i < 128; i++) t[i] = 255;
  for (let i = 0; i < 26; i++) { t[0x41 + i] = <u8>i; t[0x61 + i] = <u8>(26 + i); }
  for (let i = 0; i < 10; i++) t[0x30 + i] = <u8>(52 + i);
  t[0x2D] = 62; // -
  t[0x5F] = 63; // _
  return t;
}

// @ts-ignore: decorator
@inline function sextet(c: i32): i32 {
  return c < 128 ? <i32>unchecked(TABLE[c]) : 255;
}

// Decoded length of `n` base64url characters, or -1 when n cannot occur (n % 4 == 1).
export function decodedLength(n: i32): i32 {
  let r = n & 3;
  if (r == 1) return -1;
  return (n >> 2) * 3 + (r == 0 ? 0 : r - 1);
}

// Decodes s[start, end). null: a character outside the alphabet, a length that no
// byte string encodes to, or non-zero trailing bits.
export function decodeBase64Url(s: string, start: i32 = 0, end: i32 = -1): Uint8Array | null {
  if (end < 0) end = s.length;
  let n = end - start;
  let len = decodedLength(n);
  if (len < 0) return null;
  let out = new Uint8Array(len);
  let o = 0;
  let i = start;
  let full = start + (n & ~3);
  while (i < full) {
    let a = sextet(s.charCodeAt(i)), b = sextet(s.charCodeAt(i + 1));
    let c = sextet(s.charCodeAt(i + 2)), d = sextet(s.charCodeAt(i + 3));
    if ((a | b | c | d) > 63) return null;
    let v = (a << 18) | (b << 12) | (c << 6) | d;
    unchecked(out[o] = <u8>(v >> 16));
    unchecked(out[o + 1] = <u8>(v >> 8));
    unchecked(out[o + 2] = <u8>v);
    o += 3; i += 4;
  }
  let rest = end - i;
  if (rest == 2) {
    let a = sextet(s.charCodeAt(i)), b = sextet(s.charCodeAt(i + 1));
    if ((a | b) > 63 || (b & 0x0F) != 0) return null;
    unchecked(out[o] = <u8>((a << 2) | (b >> 4)));
  } else if (rest == 3) {
    let a = sextet(s.charCodeAt(i)), b = sextet(s.charCodeAt(i + 1)), c = sextet(s.charCodeAt(i + 2));
    if ((a | b | c) > 63 || (c & 0x03) != 0) return null;
    let v = (a << 12) | (b << 6) | c;
    unchecked(out[o] = <u8>(v >> 10));
    unchecked(out[o + 1] = <u8>(v >> 2));
  }
  return out;
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

export function encodeBase64Url(b: Uint8Array): string {
  let parts = new Array<string>();
  let n = b.length;
  let i = 0;
  for (; i + 3 <= n; i += 3) {
    let v = (<i32>b[i] << 16) | (<i32>b[i + 1] << 8) | <i32>b[i + 2];
    parts.push(ALPHABET.charAt(v >> 18) + ALPHABET.charAt((v >> 12) & 63) + ALPHABET.charAt((v >> 6) & 63) + ALPHABET.charAt(v & 63));
  }
  if (n - i == 1) {
    let v = <i32>b[i] << 16;
    parts.push(ALPHABET.charAt(v >> 18) + ALPHABET.charAt((v >> 12) & 63));
  } else if (n - i == 2) {
    let v = (<i32>b[i] << 16) | (<i32>b[i + 1] << 8);
    parts.push(ALPHABET.charAt(v >> 18) + ALPHABET.charAt((v >> 12) & 63) + ALPHABET.charAt((v >> 6) & 63));
  }
  return parts.join("");
}

// Lowercase hex, for cache keys and certificate fingerprints.
export function toHex(b: Uint8Array): string {
  const digits = "0123456789abcdef";
  let parts = new Array<string>(b.length);
  for (let i = 0, n = b.length; i < n; i++) {
    let v = <i32>b[i];
    parts[i] = digits.charAt(v >> 4) + digits.charAt(v & 15);
  }
  return parts.join("");
}
