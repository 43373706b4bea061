// XSS detector: finds markup and script that would execute if the value were
// written into an HTML page, an attribute or a script block.
//
//   Basic    <script>, an event-handler attribute (onerror=, onload= ...) inside
//            a tag, a javascript:/vbscript:/data:text/html URL in an attribute
//            that loads or navigates (href, src, action, formaction ...).
//   Standard tags that load or change the document (iframe, object, embed,
//            base, meta http-equiv, link rel=import, style with @import or
//            expression()), unknown on*= attributes, attribute breaking
//            (" onfocus=), a value that is itself a javascript: URL with code,
//            a JS break-out followed by a sink call (';alert(1)//),
//            constructor.constructor, window["..."] property tricks.
//   Strict   sinks and tags in isolation (alert(, document.cookie, <svg, <style).
//
// Plain text with angle brackets (a < b > c, <b>bold</b>, <a@b.c>, markdown
// autolinks <https://...>) and "javascript" as a word or path segment pass.
// One pass over the value plus bounded look-around at each "<", quote and
// identifier: linear time, no allocation except the returned finding.
import { Finding, Detector, Level } from "./finding";
import { Cls, punct } from "./charclass";
import { ch, lower, spanIs, spanStarts, isAsciiAlpha, isHtmlSpace, schemeAt, schemeKind, TagReader, decodeAt, decChar, decNext } from "./html";

const tags = new TagReader();
let tagWork: i32 = 0;
let best: Finding | null = null;
let src: string = "";

function report(level: i32, id: string, from: i32, to: i32): void {
  let b = best;
  if (b !== null && b.level <= <u8>level) return;
  best = new Finding(<u8>Detector.Xss, <u8>level, id, from, to > from ? to - from : 0);
}

// Event-handler attribute names the browsers implement, by the part after "on".
const EVENT_STEMS: string[] = [
  "load", "error", "click", "dblclick", "mouse", "focus", "blur", "key", "change", "submit", "toggle", "begin",
  "end", "animation", "transition", "pointer", "touch", "drag", "drop", "scroll", "wheel", "input", "select",
  "play", "pause", "resize", "unload", "beforeunload", "hashchange", "message", "copy", "cut", "paste", "show",
  "start", "finish", "readystatechange", "abort", "auxclick", "contextmenu", "invalid", "search", "cancel",
  "repeat", "popstate", "page", "storage", "online", "offline", "afterprint", "beforeprint", "volumechange",
  "timeupdate", "seek", "progress", "ratechange", "durationchange", "emptied", "stalled", "suspend", "waiting",
  "canplay", "formdata", "reset", "securitypolicyviolation", "webkit", "fullscreen", "gotpointercapture",
  "lostpointercapture", "beforeinput", "beforecopy", "beforecut", "beforepaste", "content", "activate",
  "deactivate", "beforeactivate", "beforedeactivate", "filterchange", "help", "propertychange", "bounce",
  "loadstart", "loadend", "close", "beforetoggle", "scrollend", "slotchange",
];

// 0 not an on* name, 1 an on* name with a known event, 2 some other on* name.
function eventName(s: string, from: i32, to: i32): i32 {
  if (to - from < 5 || lower(ch(s, from)) != 111 || lower(ch(s, from + 1)) != 110) return 0;
  for (let i = from + 2; i < to; i++) {
    let c = ch(s, i);
    if (!isAsciiAlpha(c) && c != 45 && c != 95) return 0;
  }
  for (let k = 0; k < EVENT_STEMS.length; k++) if (spanStarts(s, from + 2, to, unchecked(EVENT_STEMS[k]))) return 1;
  return 2;
}

// Attributes whose value the browser loads or navigates to.
function isUrlAttr(s: string, a: i32, b: i32): bool {
  return spanIs(s, a, b, "href") || spanIs(s, a, b, "src") || spanIs(s, a, b, "action") || spanIs(s, a, b, "formaction") ||
    spanIs(s, a, b, "data") || spanIs(s, a, b, "background") || spanIs(s, a, b, "poster") || spanIs(s, a, b, "lowsrc") ||
    spanIs(s, a, b, "dynsrc") || spanIs(s, a, b, "codebase") || spanIs(s, a, b, "code") || spanIs(s, a, b, "xlink:href") ||
    spanIs(s, a, b, "from") || spanIs(s, a, b, "to") || spanIs(s, a, b, "values") || spanIs(s, a, b, "by") ||
    spanIs(s, a, b, "content") || spanIs(s, a, b, "srcset") || spanIs(s, a, b, "ping") || spanIs(s, a, b, "style") ||
    spanIs(s, a, b, "archive") || spanIs(s, a, b, "classid") || spanIs(s, a, b, "url");
}

// A dangerous scheme anywhere in s[a, b) (meta content "0;url=javascript:...",
// style "background:url(javascript:...)" and plain URL attributes alike).
function schemeIn(s: string, a: i32, b: i32): i32 {
  for (let i = a; i < b; i++) {
    let c = lower(ch(s, i));
    if (c != 106 && c != 118 && c != 100 && c != 108 && c != 38) continue;
    // Only at the start of a URL: value start, after "=", "(", quote, space or ";".
    if (i > a) {
      let p = ch(s, i - 1);
      if (isAsciiAlpha(p) || <u32>(p - 48) < 10) continue;
    }
    if (schemeAt(s, i, b) >= 0) return i;
  }
  return -1;
}

function cssDanger(s: string, a: i32, b: i32): i32 {
  for (let i = a; i < b; i++) {
    let c = lower(ch(s, i));
    if (c == 64 && spanStarts(s, i, b, "@import")) return i;
    if (c == 101 && spanStarts(s, i, b, "expression(")) return i;
    if (c == 98 && spanStarts(s, i, b, "behavior:")) return i;
    if (c == 45 && spanStarts(s, i, b, "-moz-binding")) return i;
  }
  return -1;
}

function scanTag(s: string, lt: i32): i32 {
  if (!tags.begin(lt)) return lt + 1;
  let n0 = tags.nameStart, n1 = tags.nameEnd;
  // <x:script xmlns:x="http://www.w3.org/1999/xhtml">: XHTML judges the local name.
  for (let k = n1 - 1; k > n0; k--) if (ch(s, k) == 58) { n0 = k + 1; break; }
  let isScript = spanIs(s, n0, n1, "script");
  let loader = spanIs(s, n0, n1, "iframe") || spanIs(s, n0, n1, "frame") || spanIs(s, n0, n1, "frameset") ||
    spanIs(s, n0, n1, "object") || spanIs(s, n0, n1, "embed") || spanIs(s, n0, n1, "applet") ||
    spanIs(s, n0, n1, "base") || spanIs(s, n0, n1, "portal");
  let isMeta = spanIs(s, n0, n1, "meta");
  let isLink = spanIs(s, n0, n1, "link");
  let isStyle = spanIs(s, n0, n1, "style");
  let attrs = 0;
  while (tags.nextAttr()) {
    attrs++;
    let a = tags.attrStart, b = tags.attrEnd;
    let ev = eventName(s, a, b);
    if (ev != 0 && tags.hasValue) {
      report(ev == 1 ? Level.Basic : Level.Standard, "BW-XSS-EVENT-1", lt, tags.valEnd > 0 ? tags.valEnd : b);
      continue;
    }
    if (!tags.hasValue) continue;
    let va = tags.valStart, vb = tags.valEnd;
    if (isUrlAttr(s, a, b)) {
      let at = schemeIn(s, va, vb);
      if (at >= 0) report(Level.Basic, "BW-XSS-URL-1", lt, vb);
      if (spanIs(s, a, b, "style") && cssDanger(s, va, vb) >= 0) report(Level.Standard, "BW-XSS-STYLE-1", lt, vb);
    } else if (spanIs(s, a, b, "srcdoc")) {
      report(Level.Standard, "BW-XSS-TAG-2", lt, vb);
    } else if (isMeta && spanIs(s, a, b, "http-equiv")) {
      report(Level.Standard, "BW-XSS-TAG-2", lt, vb);
    } else if (isLink && spanIs(s, a, b, "rel") && spanIs(s, va, vb, "import")) {
      report(Level.Standard, "BW-XSS-TAG-2", lt, vb);
    }
  }
  let close = tags.close;
  if (isScript) {
    // <script> and <script src=...>; a bare "<script" cut off at the end of the value is likely but not certain.
    report(tags.closed || attrs > 0 ? Level.Basic : Level.Standard, "BW-XSS-SCRIPT-1", lt, close);
  } else if (loader) {
    // "Use an <iframe> to embed it": a bare mention loads nothing.
    report(attrs > 0 ? Level.Standard : Level.Strict, "BW-XSS-TAG-2", lt, n1);
  } else if (isStyle) {
    let limit = close + 512 < s.length ? close + 512 : s.length;
    report(cssDanger(s, close, limit) >= 0 || schemeIn(s, close, limit) >= 0 ? Level.Standard : Level.Strict, "BW-XSS-STYLE-1", lt, n1);
  } else if (spanIs(s, n0, n1, "svg") || spanIs(s, n0, n1, "math") || isMeta || isLink || spanIs(s, n0, n1, "form") ||
             spanIs(s, n0, n1, "xss") || spanIs(s, n0, n1, "isindex")) {
    report(Level.Strict, "BW-XSS-TAG-3", lt, n1);
  }
  // Attribute values are scanned again as text: markup inside a quoted value
  // (<a title="<script>...">, an XML attribute holding HTML) and script in a
  // value (probe="window.location") are seen too. A work budget keeps hostile
  // nesting linear: once the tag reader has read 8 units per input unit,
  // scanning continues after each tag instead.
  tagWork += close - lt;
  if (tagWork <= (s.length << 3)) return n1 > lt ? n1 : lt + 1;
  return tags.resume();
}

// " onfocus=alert(1) autofocus="  /  ' autofocus onfocus='...: a quote that
// ends an attribute value, then new attributes with an event handler.
function attributeBreak(s: string, q: i32): void {
  let i = q + 1;
  let end = s.length;
  for (let n = 0; n < 3; n++) {
    let j = i;
    while (j < end && (isHtmlSpace(ch(s, j)) || ch(s, j) == 47)) j++;
    if (j == i) return; // attributes need a separator
    let a = j;
    while (j < end && (isAsciiAlpha(ch(s, j)) || ch(s, j) == 45)) j++;
    if (j == a || j - a > 32) return;
    let b = j;
    while (isHtmlSpace(ch(s, j))) j++;
    let hasEq = ch(s, j) == 61;
    let ev = eventName(s, a, b);
    if (ev != 0 && hasEq) {
      report(ev == 1 ? Level.Standard : Level.Strict, "BW-XSS-ATTR-1", q, j + 1);
      return;
    }
    if (!hasEq) { i = b; continue; }
    {
      // Skip a short value and look at the next attribute.
      j++;
      while (isHtmlSpace(ch(s, j))) j++;
      let c = ch(s, j);
      if (c == 34 || c == 39) {
        let k = j + 1;
        while (k < end && k - j < 64 && ch(s, k) != c) k++;
        if (ch(s, k) != c) return;
        j = k + 1;
      } else {
        let k = j;
        while (k < end && k - j < 64 && !isHtmlSpace(ch(s, k)) && ch(s, k) != 62) k++;
        j = k;
      }
    }
    i = j;
  }
}

@inline function isIdentStart(c: i32): bool { return isAsciiAlpha(c) || c == 95 || c == 36; }
@inline function isIdentChar(c: i32): bool { return isIdentStart(c) || <u32>(c - 48) < 10; }

function exactly(s: string, a: i32, b: i32, word: string): bool {
  if (b - a != word.length) return false;
  for (let i = 0; i < word.length; i++) if (ch(s, a + i) != <i32>word.charCodeAt(i)) return false;
  return true;
}

// The significant character before index i (spaces skipped), -2 at the value start.
// A sink passed as an argument (go(alert(1)), console.log(eval(x))) is judged by
// what precedes the outer call: up to two enclosing calls are looked through.
function prevSignificant(s: string, i: i32): i32 {
  let j = i - 1;
  for (let depth = 0; depth <= 2; depth++) {
    let paren = false;
    while (j >= 0 && (isHtmlSpace(ch(s, j)) || ch(s, j) == 40 || ch(s, j) == 91 || ch(s, j) == 33 || ch(s, j) == 126)) {
      if (ch(s, j) == 40) paren = true;
      j--;
    }
    if (j < 0) return -2;
    let c = ch(s, j);
    if (!paren || depth == 2 || !isIdentChar(c)) return c;
    // Skip the callee (with dots: console.log) and look before it.
    let k = j;
    while (k >= 0 && j - k < 64 && (isIdentChar(ch(s, k)) || ch(s, k) == 46)) k--;
    j = k;
  }
  return j < 0 ? -2 : ch(s, j);
}
// Characters after which a script expression starts: what a payload writes after
// closing a JS string or statement (';  '-  "+  });  ,  =) or at the value start.
function breaksOut(c: i32): bool {
  return c == -2 || c == 59 || c == 45 || c == 43 || c == 42 || c == 124 || c == 38 || c == 125 || c == 44 ||
    c == 61 || c == 39 || c == 34 || c == 96 || c == 58 || c == 62 || c == 63 || c == 94 || c == 41;
}

// Skips what JavaScript ignores between tokens: whitespace and /* */ comments
// (bounded, so a long comment costs at most MAX_GAP units per identifier).
const MAX_GAP: i32 = 256;
function skipJs(s: string, j: i32): i32 {
  let start = j;
  while (j - start < MAX_GAP) {
    let c = ch(s, j);
    if (isHtmlSpace(c)) { j++; continue; }
    if (c == 47 && ch(s, j + 1) == 42) {
      let k = j + 2;
      while (k - start < MAX_GAP && k < s.length && !(ch(s, k) == 42 && ch(s, k + 1) == 47)) k++;
      if (k >= s.length || k - start >= MAX_GAP) return j;
      j = k + 2;
      continue;
    }
    break;
  }
  return j;
}

// A quoted property name after "[": ["cookie"] ['alert'] (comments allowed).
function bracketName(s: string, j: i32, word: string): bool {
  let k = skipJs(s, j + 1);
  let q = ch(s, k);
  if (q != 34 && q != 39 && q != 96) return false;
  return exactly(s, k + 1, k + 1 + word.length, word) && ch(s, k + 1 + word.length) == q;
}

// JS sinks and execution shapes starting at identifier [a, b).
function scriptShape(s: string, a: i32, b: i32): void {
  let j = skipJs(s, b);
  // (document)["cookie"]: look through one closing parenthesis.
  if (ch(s, j) == 41 && ch(s, j + 1) == 91) j++;
  let next = ch(s, j);
  // Every shape below continues with ( ` . [ or =: after anything else (most
  // words of prose) nothing can be reported.
  if (next != 40 && next != 96 && next != 46 && next != 91 && next != 61) return;
  let call = next == 40 || next == 96; // f( or f`...`
  if (call && (exactly(s, a, b, "alert") || exactly(s, a, b, "prompt") || exactly(s, a, b, "confirm") ||
      exactly(s, a, b, "eval") || exactly(s, a, b, "setTimeout") || exactly(s, a, b, "setInterval") ||
      exactly(s, a, b, "Function") || exactly(s, a, b, "execScript") || exactly(s, a, b, "atob") ||
      exactly(s, a, b, "fromCharCode"))) {
    let p = prevSignificant(s, a);
    let strong = (breaksOut(p) && scriptAfterCall(s, j)) || (p == 46 && exactly(s, a, b, "fromCharCode"));
    if (p == 46 && !exactly(s, a, b, "fromCharCode")) strong = isWindowLike(s, a - 1);
    report(strong ? Level.Standard : Level.Strict, "BW-XSS-JS-1", a, j + 1);
    return;
  }
  if (exactly(s, a, b, "constructor")) {
    // constructor.constructor(...)  [].constructor.constructor  ["constructor"]
    if (next == 46 && spanStarts(s, j + 1, s.length, "constructor")) report(Level.Standard, "BW-XSS-JS-2", a, j + 12);
    else if (call) report(Level.Strict, "BW-XSS-JS-2", a, j + 1);
    return;
  }
  if (next == 91 && exactly(s, a, b, "document") && (bracketName(s, j, "cookie") || bracketName(s, j, "domain") || bracketName(s, j, "write"))) {
    report(Level.Standard, "BW-XSS-DOM-1", a, j + 1);
    return;
  }
  if (next == 46 && (exactly(s, a, b, "document") || exactly(s, a, b, "window") || exactly(s, a, b, "top") ||
      exactly(s, a, b, "self") || exactly(s, a, b, "parent"))) {
    let k = skipJs(s, j + 1);
    let m = k;
    while (isIdentChar(ch(s, m))) m++;
    if (exactly(s, k, m, "cookie") || exactly(s, k, m, "domain") || exactly(s, k, m, "write") || exactly(s, k, m, "writeln") ||
        exactly(s, k, m, "location") || exactly(s, k, m, "localStorage") || exactly(s, k, m, "sessionStorage")) {
      // A property read needs script around it: a break-out before (';document.cookie)
      // or an expression after it (document.cookie), =, ;, +); at the start of a
      // value followed by words it is prose ("window.location is ...").
      let p = prevSignificant(s, a);
      let after = ch(s, skipJs(s, m));
      let exprAfter = after < 0 || after == 59 || after == 41 || after == 61 || after == 43 || after == 44 || after == 93 || after == 46 || after == 40 || after == 125;
      report((p != -2 && breaksOut(p)) || (breaksOut(p) && exprAfter) ? Level.Standard : Level.Strict, "BW-XSS-DOM-1", a, m);
    }
    return;
  }
  if (next == 91 && (exactly(s, a, b, "window") || exactly(s, a, b, "top") || exactly(s, a, b, "self") ||
      exactly(s, a, b, "parent") || exactly(s, a, b, "this") || exactly(s, a, b, "globalThis") || exactly(s, a, b, "frames"))) {
    // self["al"+"ert"](...), top[/**/"alert"](...): property access by computed name.
    let k = skipJs(s, j + 1);
    let c = ch(s, k);
    if (c == 34 || c == 39 || c == 96 || (c == 47 && ch(s, k + 1) == 42)) report(Level.Standard, "BW-XSS-JS-3", a, k + 1);
    return;
  }
  if ((exactly(s, a, b, "innerHTML") || exactly(s, a, b, "outerHTML")) && next == 61 && ch(s, j + 1) != 61) {
    report(Level.Strict, "BW-XSS-DOM-1", a, j + 1);
  }
}

// After the call that opens at `paren`, the value ends or goes on like script
// (;  //  )  ,  +  -  }  <): "confirm('Delete?') is blocking" is prose.
function scriptAfterCall(s: string, paren: i32): bool {
  if (ch(s, paren) != 40) return true; // tagged template: alert`1`
  let depth = 0;
  let k = paren;
  let lim = paren + 256 < s.length ? paren + 256 : s.length;
  for (; k < lim; k++) {
    let c = ch(s, k);
    if (c == 40) depth++;
    else if (c == 41 && --depth == 0) break;
  }
  if (k >= lim) return true; // unclosed or long: a payload cut off, not prose
  k = skipJs(s, k + 1);
  let c = ch(s, k);
  return c < 0 || c == 59 || c == 47 || c == 41 || c == 44 || c == 43 || c == 45 || c == 125 || c == 60 || c == 34 || c == 39 || c == 96 || c == 42 || c == 124 || c == 38;
}

function isWindowLike(s: string, dot: i32): bool {
  let e = dot;
  let a = e;
  while (a > 0 && isIdentChar(ch(s, a - 1))) a--;
  return exactly(s, a, e, "window") || exactly(s, a, e, "top") || exactly(s, a, e, "self") || exactly(s, a, e, "parent") ||
    exactly(s, a, e, "this") || exactly(s, a, e, "globalThis") || exactly(s, a, e, "frames") || exactly(s, a, e, "document");
}

// A value that is itself a script URL: javascript:alert(1), " javascript:...".
function urlValue(s: string, i: i32): void {
  let end = schemeAt(s, i, s.length);
  if (end < 0) return;
  let kind = schemeKind;
  let p0 = prevSignificant(s, i);
  if (kind == 3) {
    report(p0 == -2 || p0 == 61 || p0 == 34 || p0 == 39 || p0 == 40 ? Level.Standard : Level.Strict, "BW-XSS-URL-2", i, end);
    return;
  }
  // Code must follow: "javascript: the good parts" is a book title.
  let c = ch(s, end);
  let code = isIdentStart(c) || c == 40 || c == 91 || c == 39 || c == 34 || c == 96 || c == 47 || c == 37 ||
    c == 123 || c == 33 || c == 45 || c == 43 || c == 126;
  if (!code && c == 32) {
    // A space is allowed before the code; then insist on a call with no space before "(".
    let k = end;
    let lim = end + 64 < s.length ? end + 64 : s.length;
    while (k < lim) {
      if (ch(s, k) == 40 && k > end && isIdentChar(ch(s, k - 1))) { code = true; break; }
      k++;
    }
  }
  let p = prevSignificant(s, i);
  let atStart = p == -2 || p == 61 || p == 34 || p == 39 || p == 40 || p == 58;
  if (code && atStart) report(Level.Standard, "BW-XSS-URL-2", i, end);
  else report(Level.Strict, "BW-XSS-URL-2", i, end);
}

// Can detectXss report anything for a value of signature `sig`? The finding
// paths of the scan loop and what each needs:
//   "<" + letter (a tag name); a quote + "=" + letters (attribute break: on...=);
//   an identifier (letters) followed by "(" or "`" (a call), "[" (a computed
//   property), "=" (innerHTML=) or "." (document.cookie, constructor.constructor:
//   all lowercase names); a script URL "javascript:" ... (":" or, encoded as a
//   character reference, "&"); "&" itself (&#106;avascript: needs no letter);
//   "![]" twice (JSFuck: "[" without letters); UTF-7 "ADw-" (upper, lower, "-").
// So "[" and "&" always run; "<", "=", "(", "`" and ":" run with a letter; "."
// with a lowercase letter; "-" with both cases. Everything else is skipped.
const XSS_ALWAYS: u64 = punct("[&");
const XSS_LETTER: u64 = punct("<=(`:");
const XSS_DOT: u64 = punct(".");
const XSS_DASH: u64 = punct("-");
export function xssMayFind(sig: u64): bool {
  if ((sig & XSS_ALWAYS) != 0) return true;
  if ((sig & Cls.Letter) == 0) return false;
  if ((sig & XSS_LETTER) != 0) return true;
  if ((sig & Cls.Lower) == 0) return false;
  return (sig & XSS_DOT) != 0 || ((sig & Cls.Upper) != 0 && (sig & XSS_DASH) != 0);
}

// The most certain XSS finding in `value`, or null.
export function detectXss(value: string): Finding | null {
  best = null;
  let s = value;
  let n = s.length;
  if (n < 3) return null;
  src = s;
  tags.reset(s);
  tagWork = 0;
  let jsfuck = 0;
  let i = 0;
  while (i < n) {
    let c = ch(s, i);
    if (c == 60) { // <
      let next = scanTag(s, i);
      let b = best;
      if (b !== null && b.level == Level.Basic) break;
      i = next > i ? next : i + 1;
      continue;
    }
    if (c == 34 || c == 39 || c == 96) {
      attributeBreak(s, i);
      i++;
      continue;
    }
    if (isIdentStart(c) && (i == 0 || !isIdentChar(ch(s, i - 1)))) {
      // UTF-7 markup: +ADw-script AD4- is <script> for a page served as UTF-7.
      if (c == 65 && ch(s, i + 1) == 68 && ch(s, i + 2) == 119 && ch(s, i + 3) == 45 && isAsciiAlpha(ch(s, i + 4))) {
        report(Level.Standard, "BW-XSS-UTF7-1", i, i + 4);
      }
      let lc = lower(c);
      if (lc == 106 || lc == 118 || lc == 100 || lc == 108) urlValue(s, i);
      let j = i + 1;
      while (j < n && isIdentChar(ch(s, j))) j++;
      scriptShape(s, i, j);
      i = j;
      continue;
    }
    if (c == 33 && ch(s, i + 1) == 91 && ch(s, i + 2) == 93 && ch(s, i + 3) != 40) {
      // ![] outside a markdown image (![](src)): JSFuck-style code built from
      // []()!+ alone. Two of them make a finding.
      if (++jsfuck == 2) report(Level.Standard, "BW-XSS-JS-4", i, i + 3);
    }
    if (c == 38) { // &#106;avascript: and friends
      let p = prevSignificant(s, i);
      if (p == -2 || p == 61 || p == 34 || p == 39 || p == 40) urlValue(s, i);
    }
    i++;
  }
  src = "";
  tags.reset("");
  return best;
}
