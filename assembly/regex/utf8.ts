// UTF-8 helpers for compiling code-point classes into byte-level automata.
// The engine runs on bytes; a class over code points becomes an alternation
// of byte-range sequences (each sequence 1..4 ranges long), as RE2 does.

/** Appends the UTF-8 encoding of `c` (a valid scalar value) to `out`. */
export function encodeRune(c: i32, out: Array<i32>): void {
  if (c < 0x80) {
    out.push(c);
  } else if (c < 0x800) {
    out.push(0xc0 | (c >> 6));
    out.push(0x80 | (c & 0x3f));
  } else if (c < 0x10000) {
    out.push(0xe0 | (c >> 12));
    out.push(0x80 | ((c >> 6) & 0x3f));
    out.push(0x80 | (c & 0x3f));
  } else {
    out.push(0xf0 | (c >> 18));
    out.push(0x80 | ((c >> 12) & 0x3f));
    out.push(0x80 | ((c >> 6) & 0x3f));
    out.push(0x80 | (c & 0x3f));
  }
}

/**
 * A flat list of byte-range sequences. Each sequence is stored as
 * [n, lo1, hi1, ..., loN, hiN]: a code point in the original range is encoded
 * by exactly one sequence, and every byte string a sequence accepts is valid UTF-8.
 */
export class Utf8Sequences {
  data: Array<i32> = [];
  count: i32 = 0;
}

/** Splits [lo, hi] (surrogates removed) into UTF-8 byte-range sequences. */
export function utf8Sequences(lo: i32, hi: i32, out: Utf8Sequences): void {
  // Surrogates are not scalar values and have no UTF-8 encoding.
  if (lo <= 0xdfff && hi >= 0xd800) {
    if (lo < 0xd800) utf8Sequences(lo, 0xd7ff, out);
    if (hi > 0xdfff) utf8Sequences(0xe000, hi, out);
    return;
  }
  splitRange(lo, hi, out);
}

function splitRange(lo: i32, hi: i32, out: Utf8Sequences): void {
  if (lo > hi) return;
  // Ranges must not straddle an encoded-length boundary.
  if (lo <= 0x7f && hi > 0x7f) { splitRange(lo, 0x7f, out); splitRange(0x80, hi, out); return; }
  if (lo <= 0x7ff && hi > 0x7ff) { splitRange(lo, 0x7ff, out); splitRange(0x800, hi, out); return; }
  if (lo <= 0xffff && hi > 0xffff) { splitRange(lo, 0xffff, out); splitRange(0x10000, hi, out); return; }
  if (hi < 0x80) {
    out.data.push(1); out.data.push(lo); out.data.push(hi);
    out.count++;
    return;
  }
  // Within one length, split until every continuation byte spans a full or
  // aligned range, so the sequence is the cross product of its byte ranges.
  for (let i = 1; i < 4; i++) {
    let m = (1 << (6 * i)) - 1;
    if ((lo & ~m) != (hi & ~m)) {
      if ((lo & m) != 0) { splitRange(lo, lo | m, out); splitRange((lo | m) + 1, hi, out); return; }
      if ((hi & m) != m) { splitRange(lo, (hi & ~m) - 1, out); splitRange(hi & ~m, hi, out); return; }
    }
  }
  let a: Array<i32> = [];
  let b: Array<i32> = [];
  encodeRune(lo, a);
  encodeRune(hi, b);
  out.data.push(a.length);
  for (let i = 0; i < a.length; i++) { out.data.push(a[i]); out.data.push(b[i]); }
  out.count++;
}
