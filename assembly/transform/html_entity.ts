// HTML character reference decoding: named ("&lt;"), decimal ("&#60;") and hex
// ("&#x3c;"), with or without the closing ';' the way browsers accept them.
//
// Browsers decode references inside attribute values and text before a script
// or URL is interpreted, so "jav&#x61;script&colon;" is "javascript:" to them.
// The named set is the one used to hide markup and script: the HTML 4 legacy
// names browsers accept without ';' (amp, lt, gt, quot, nbsp, copy, reg and
// the upper-case AMP, LT, GT, QUOT) and the HTML5 punctuation names (colon,
// Tab, NewLine, lpar, sol, ...), not the full 2,231-name table. Numeric
// references decode to their code point; 0, surrogates and values above
// U+10FFFF become U+FFFD as in browsers. Unknown names stay as written.
import { ItemFlag } from "./flags";

let lastFlags: u32 = 0;
// HtmlEntity when the last call decoded something (plus HasNul never: &#0; is U+FFFD).
export function lastHtmlFlags(): u32 { return lastFlags; }

// Names accepted without ';' (HTML's legacy references we support).
const LEGACY: string[] = ["amp", "lt", "gt", "quot", "nbsp", "copy", "reg", "AMP", "LT", "GT", "QUOT"];

let table: Map<string, i32> | null = null;

function names(): Map<string, i32> {
  let t = table;
  if (t !== null) return t;
  t = new Map<string, i32>();
  t.set("amp", 0x26); t.set("AMP", 0x26); t.set("lt", 0x3C); t.set("LT", 0x3C);
  t.set("gt", 0x3E); t.set("GT", 0x3E); t.set("quot", 0x22); t.set("QUOT", 0x22);
  t.set("apos", 0x27); t.set("nbsp", 0xA0); t.set("copy", 0xA9); t.set("reg", 0xAE);
  t.set("Tab", 0x09); t.set("NewLine", 0x0A); t.set("excl", 0x21); t.set("num", 0x23);
  t.set("dollar", 0x24); t.set("percnt", 0x25); t.set("lpar", 0x28); t.set("rpar", 0x29);
  t.set("ast", 0x2A); t.set("midast", 0x2A); t.set("plus", 0x2B); t.set("comma", 0x2C);
  t.set("period", 0x2E); t.set("sol", 0x2F); t.set("colon", 0x3A); t.set("semi", 0x3B);
  t.set("equals", 0x3D); t.set("quest", 0x3F); t.set("commat", 0x40); t.set("lsqb", 0x5B);
  t.set("lbrack", 0x5B); t.set("bsol", 0x5C); t.set("rsqb", 0x5D); t.set("rbrack", 0x5D);
  t.set("Hat", 0x5E); t.set("lowbar", 0x5F); t.set("UnderBar", 0x5F); t.set("grave", 0x60);
  t.set("DiacriticalGrave", 0x60); t.set("lcub", 0x7B); t.set("lbrace", 0x7B);
  t.set("verbar", 0x7C); t.set("vert", 0x7C); t.set("VerticalLine", 0x7C); t.set("rcub", 0x7D);
  t.set("rbrace", 0x7D); t.set("tilde", 0x2DC); t.set("laquo", 0xAB); t.set("raquo", 0xBB);
  t.set("lsquo", 0x2018); t.set("rsquo", 0x2019); t.set("ldquo", 0x201C); t.set("rdquo", 0x201D);
  t.set("hyphen", 0x2010); t.set("dash", 0x2010); t.set("ndash", 0x2013); t.set("mdash", 0x2014);
  t.set("shy", 0xAD); t.set("zwj", 0x200D); t.set("zwnj", 0x200C);
  table = t;
  return t;
}

// @ts-ignore: decorator
@inline function isAlnum(c: i32): bool {
  return <u32>(c - 0x30) <= 9 || <u32>((c | 0x20) - 0x61) <= 25;
}

function appendCodePoint(parts: Array<string>, cp: i32): void {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  parts.push(String.fromCodePoint(cp));
}

export function htmlEntityDecode(s: string): string {
  lastFlags = 0;
  let amp = s.indexOf("&");
  if (amp < 0) return s;
  let n = s.length;
  let parts = new Array<string>();
  let copied = 0;
  let decoded = false;
  while (amp >= 0) {
    let i = amp + 1;
    let cp = -1;
    let end = i;
    if (i < n && s.charCodeAt(i) == 0x23) { // '#'
      let j = i + 1;
      let hex = j < n && (s.charCodeAt(j) | 0x20) == 0x78;
      if (hex) j++;
      let start = j;
      let v: i64 = 0;
      while (j < n) {
        let c = s.charCodeAt(j);
        let d: i32 = 0;
        if (<u32>(c - 0x30) <= 9) d = c - 0x30;
        else if (hex && <u32>((c | 0x20) - 0x61) <= 5) d = (c | 0x20) - 0x61 + 10;
        else break;
        // Keep consuming digits but stop growing: the value is invalid anyway.
        if (v <= 0x10FFFF) v = v * (hex ? 16 : 10) + d;
        j++;
      }
      if (j > start) {
        cp = v > 0x10FFFF ? 0x110000 : <i32>v;
        end = j;
        if (end < n && s.charCodeAt(end) == 0x3B) end++;
      }
    } else {
      let j = i;
      while (j < n && j - i <= 32 && isAlnum(s.charCodeAt(j))) j++;
      if (j > i) {
        let name = s.substring(i, j);
        let t = names();
        if (j < n && s.charCodeAt(j) == 0x3B && t.has(name)) {
          cp = t.get(name); end = j + 1;
        } else {
          // Without ';', browsers take the longest legacy name that prefixes the run.
          let best = 0;
          for (let k = 0; k < LEGACY.length; k++) {
            let l = unchecked(LEGACY[k]);
            if (l.length > best && l.length <= j - i && name.startsWith(l)) best = l.length;
          }
          if (best > 0) { cp = t.get(name.substring(0, best)); end = i + best; }
        }
      }
    }
    if (cp >= 0) {
      if (amp > copied) parts.push(s.substring(copied, amp));
      appendCodePoint(parts, cp);
      copied = end;
      decoded = true;
      amp = s.indexOf("&", end);
    } else {
      amp = s.indexOf("&", amp + 1);
    }
  }
  if (!decoded) return s;
  lastFlags = ItemFlag.HtmlEntity;
  if (copied < n) parts.push(s.substring(copied));
  return parts.join("");
}
