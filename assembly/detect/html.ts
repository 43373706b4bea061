// HTML scanning helpers for the XSS detector: a tag/attribute reader that
// follows the browser's tokenizer closely enough to see what a browser would
// see (attributes separated by "/" as well as spaces, unquoted values,
// unclosed tags at the end of a value), and an entity-aware matcher for URL
// schemes, since browsers decode character references and drop tabs and
// newlines inside "javascript:" before they look at the scheme.
//
// Everything works on index ranges of the input string: no allocation.

@inline export function ch(s: string, i: i32): i32 {
  return i >= 0 && i < s.length ? <i32>load<u16>(changetype<usize>(s) + (<usize>i << 1)) : -1;
}
@inline export function lower(c: i32): i32 { return <u32>(c - 65) < 26 ? c | 32 : c; }
@inline export function isAsciiAlpha(c: i32): bool { return <u32>((c | 32) - 97) < 26; }
@inline export function isHtmlSpace(c: i32): bool { return c == 32 || c == 9 || c == 10 || c == 12 || c == 13; }

// Case-insensitive comparison of s[from, to) with an ASCII-lowercase word.
export function spanIs(s: string, from: i32, to: i32, word: string): bool {
  let m = word.length;
  if (to - from != m) return false;
  let w = changetype<usize>(word);
  for (let i = 0; i < m; i++) if (lower(ch(s, from + i)) != <i32>load<u16>(w + (<usize>i << 1))) return false;
  return true;
}
export function spanStarts(s: string, from: i32, to: i32, word: string): bool {
  let m = word.length;
  if (to - from < m) return false;
  let w = changetype<usize>(word);
  for (let i = 0; i < m; i++) if (lower(ch(s, from + i)) != <i32>load<u16>(w + (<usize>i << 1))) return false;
  return true;
}

// --- character references -------------------------------------------------

// Output of decodeAt (module state instead of a tuple object: no allocation).
export let decChar: i32 = 0;
export let decNext: i32 = 0;

const MAX_REF: i32 = 12;  // longest reference read (&#x0000006a; and friends)

// Reads one character at s[i], decoding an HTML character reference
// (&#106; &#x6a; &colon; &Tab; &NewLine; ...) if one starts there.
export function decodeAt(s: string, i: i32, end: i32): void {
  let c = ch(s, i);
  decChar = c;
  decNext = i + 1;
  if (c != 38 || i + 2 >= end) return; // '&'
  let j = i + 1;
  if (ch(s, j) == 35) { // &#
    j++;
    let hex = (ch(s, j) | 32) == 120;
    if (hex) j++;
    let v = 0;
    let digits = 0;
    while (j < end && j - i < MAX_REF) {
      let d = ch(s, j);
      let x = -1;
      if (<u32>(d - 48) < 10) x = d - 48;
      else if (hex && <u32>((d | 32) - 97) < 6) x = (d | 32) - 87;
      if (x < 0) break;
      v = hex ? (v << 4) + x : v * 10 + x;
      if (v > 0x10ffff) v = 0x10ffff;
      digits++;
      j++;
    }
    if (digits == 0) return;
    if (ch(s, j) == 59) j++;
    decChar = v;
    decNext = j;
    return;
  }
  // A few named references that matter for schemes and script text.
  let k = j;
  while (k < end && k - j < 10 && isAsciiAlpha(ch(s, k))) k++;
  let v = -1;
  if (spanIs(s, j, k, "colon")) v = 58;
  else if (spanIs(s, j, k, "tab")) v = 9;
  else if (spanIs(s, j, k, "newline")) v = 10;
  else if (spanIs(s, j, k, "lpar")) v = 40;
  else if (spanIs(s, j, k, "rpar")) v = 41;
  else if (spanIs(s, j, k, "lt")) v = 60;
  else if (spanIs(s, j, k, "gt")) v = 62;
  else if (spanIs(s, j, k, "quot")) v = 34;
  else if (spanIs(s, j, k, "apos")) v = 39;
  else if (spanIs(s, j, k, "amp")) v = 38;
  else if (spanIs(s, j, k, "sol")) v = 47;
  else if (spanIs(s, j, k, "period")) v = 46;
  else if (spanIs(s, j, k, "semi")) v = 59;
  else if (spanIs(s, j, k, "excl")) v = 33;
  if (v < 0) return;
  if (ch(s, k) == 59) k++;
  decChar = v;
  decNext = k;
}

// Dangerous URL schemes. Returns the index after the ':' when s[i..] spells
// one of them once references are decoded and the characters browsers ignore
// (tab, newline, carriage return, NUL and other controls) are dropped; else -1.
// `kind` receives 1 javascript, 2 vbscript, 3 data:text/html or
// data:image/svg+xml, 4 livescript/mocha. Bounded work: at most 64 input units.
export let schemeKind: i32 = 0;
export function schemeAt(s: string, i: i32, end: i32): i32 {
  let c0 = lower(ch(s, i));
  if (c0 != 106 && c0 != 118 && c0 != 100 && c0 != 108 && c0 != 109 && c0 != 38) return -1;
  // Collect up to 16 significant lowercase characters.
  let j = i;
  let n = 0;
  let matched = 0b11111; // candidate schemes still alive
  while (j < end && j - i < 64 && n < 16) {
    decodeAt(s, j, end);
    let c = lower(decChar);
    j = decNext;
    if (c <= 32 && n > 0 && c != 32) continue; // controls inside the scheme are ignored
    if (c <= 32 && n == 0) return -1;
    if (n < 11 && (matched & 1) != 0 && c != <i32>"javascript:".charCodeAt(n)) matched &= ~1;
    if (n < 9 && (matched & 2) != 0 && c != <i32>"vbscript:".charCodeAt(n)) matched &= ~2;
    if (n < 14 && (matched & 4) != 0 && c != <i32>"data:text/html".charCodeAt(n)) matched &= ~4;
    if (n < 18 && (matched & 8) != 0 && c != <i32>"data:image/svg+xml".charCodeAt(n)) matched &= ~8;
    if (n < 11 && (matched & 16) != 0 && c != <i32>"livescript:".charCodeAt(n)) matched &= ~16;
    n++;
    if ((matched & 1) != 0 && n == 11) { schemeKind = 1; return j; }
    if ((matched & 2) != 0 && n == 9) { schemeKind = 2; return j; }
    if ((matched & 4) != 0 && n == 14) { schemeKind = 3; return j; }
    if ((matched & 8) != 0 && n == 18) { schemeKind = 3; return j; }
    if ((matched & 16) != 0 && n == 11) { schemeKind = 4; return j; }
    if (matched == 0) return -1;
  }
  return -1;
}

// --- tags -------------------------------------------------------------------

// One start tag as the browser would read it. The reader fills the fields and
// calls back through the attribute iteration below.
export class TagReader {
  s: string = "";
  end: i32 = 0;
  // The tag: "<" at `open`, name in [nameStart, nameEnd), ends at `close`
  // (index after ">" or the end of input when unclosed).
  open: i32 = 0;
  nameStart: i32 = 0;
  nameEnd: i32 = 0;
  close: i32 = 0;
  closed: bool = false;
  // The current attribute.
  attrStart: i32 = 0;
  attrEnd: i32 = 0;
  valStart: i32 = -1;
  valEnd: i32 = -1;
  hasValue: bool = false;
  private pos: i32 = 0;
  // Quote characters known to have no further occurrence after some index:
  // keeps unclosed quotes from costing a scan to the end more than once.
  private noDq: i32 = 0x7fffffff;
  private noSq: i32 = 0x7fffffff;
  private noBq: i32 = 0x7fffffff;

  reset(s: string): void {
    this.s = s; this.end = s.length;
    this.noDq = 0x7fffffff; this.noSq = 0x7fffffff; this.noBq = 0x7fffffff;
  }

  // Starts a tag at `lt` (s[lt] == '<' followed by a letter). Returns false if
  // there is no tag there.
  begin(lt: i32): bool {
    let s = this.s;
    if (ch(s, lt) != 60 || !isAsciiAlpha(ch(s, lt + 1))) return false;
    this.open = lt;
    let i = lt + 1;
    this.nameStart = i;
    while (i < this.end) {
      let c = ch(s, i);
      if (isHtmlSpace(c) || c == 47 || c == 62) break;
      i++;
    }
    this.nameEnd = i;
    this.pos = i;
    this.closed = false;
    this.close = this.end;
    return true;
  }

  // Advances to the next attribute; false at the tag's end.
  nextAttr(): bool {
    let s = this.s;
    let i = this.pos;
    while (i < this.end) {
      let c = ch(s, i);
      if (isHtmlSpace(c) || c == 47) { i++; continue; }
      if (c == 62) { this.closed = true; this.close = i + 1; this.pos = i + 1; return false; }
      break;
    }
    if (i >= this.end) { this.pos = i; this.close = this.end; return false; }
    this.attrStart = i;
    // The name: up to space, "/", ">" or "=" (a leading "=" belongs to the name).
    i++;
    while (i < this.end) {
      let c = ch(s, i);
      if (isHtmlSpace(c) || c == 47 || c == 62 || c == 61) break;
      i++;
    }
    this.attrEnd = i;
    let j = i;
    while (isHtmlSpace(ch(s, j))) j++;
    this.hasValue = false;
    this.valStart = -1; this.valEnd = -1;
    if (ch(s, j) == 61) {
      j++;
      while (isHtmlSpace(ch(s, j))) j++;
      let q = ch(s, j);
      this.hasValue = true;
      if (q == 34 || q == 39 || q == 96) {
        let k = this.findQuote(q, j + 1);
        this.valStart = j + 1;
        if (k < 0) { this.valEnd = this.end; this.pos = this.end; return true; }
        this.valEnd = k;
        i = k + 1;
      } else {
        this.valStart = j;
        let k = j;
        while (k < this.end) { let c = ch(s, k); if (isHtmlSpace(c) || c == 62) break; k++; }
        this.valEnd = k;
        i = k;
      }
    }
    this.pos = i;
    return true;
  }

  private findQuote(q: i32, from: i32): i32 {
    let known = q == 34 ? this.noDq : q == 39 ? this.noSq : this.noBq;
    if (from >= known) return -1;
    for (let k = from; k < this.end; k++) if (ch(this.s, k) == q) return k;
    if (q == 34) this.noDq = from; else if (q == 39) this.noSq = from; else this.noBq = from;
    return -1;
  }

  // Where scanning continues after this tag.
  resume(): i32 { return this.pos > this.open + 1 ? this.pos : this.open + 1; }
}
