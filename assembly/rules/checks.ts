// Check rules: the structural tests of the catalogue (rules/*.yaml with
// `check:`) that are not a regex over one value — request smuggling signs,
// method and header syntax, encoding anomalies found by scanning a value's
// escapes, and parameter pollution. CheckSet.compile picks the check rules of
// a level and key mask once per configuration; checkRequest (headers phase)
// and checkBody (end of stream) append one CheckHit per finding.
//
// Precision first: everything that fires at Basic or Standard is something no
// browser or mainstream HTTP client sends. Encoding anomalies that ordinary
// encoders do produce (a URL nested in a parameter is legitimately encoded
// twice; JavaScript's escape() writes %uXXXX for non-Latin characters) only
// count when the inner escape hides a character no encoder escapes or one
// that matters to an attack (see suspiciousInner, suspiciousUnicode).
//
// The no-hit path allocates nothing except the duplicate-name set of the HPP
// checks, which only Strict selects.
import { Item, Source, ItemFlag } from "../parse/items";
import { RequestModel } from "../request/model";
import { hexValue } from "../transform/hex";
import { logSafe } from "../filter/log_safe";
import { identitySlot, addressWord } from "../sdk/identity";
import { RULE_COUNT, RULE_KIND, RULE_LEVEL, RULE_KEY, RULE_BODY, RULE_LOCATIONS, RuleKind } from "./generated";

export const FRAGMENT_CHARS: i32 = 48;

export class CheckHit {
  constructor(
    // Rule number (index into RULE_* of generated.ts); RULE_KIND is Check.
    public rule: i32,
    // Source (assembly/parse/items.ts).
    public location: i32,
    // "header:content-length", "query:id", "post:name", "cookie:sid", "path", "method", a JSONPath...
    public label: string,
    // At most FRAGMENT_CHARS characters, control characters replaced, secrets masked.
    public fragment: string,
    // The item concerned (for exceptions), or null (headers, path, method, cookies).
    public item: Item | null,
  ) {}
}

// Check numbers, in the order of CHECK_NAMES (the names of src/rules/vocabulary.js CHECKS).
export namespace Check {
  export const InvalidMethod = 0;
  export const InvalidHeaderName = 1;
  export const HeaderControlChar = 2;
  export const ContentLengthAndTransferEncoding = 3;
  export const MultipleContentLength = 4;
  export const InvalidTransferEncoding = 5;
  export const BodyWithoutLength = 6;
  export const MissingHost = 7;
  export const HostIsIp = 8;
  export const MissingUserAgent = 9;
  export const MissingAccept = 10;
  export const NulByte = 11;
  export const ControlChar = 12;
  export const OverlongUtf8 = 13;
  export const InvalidUtf8 = 14;
  export const DoubleEncoding = 15;
  export const PercentUnicode = 16;
  export const LoneSurrogate = 17;
  export const InvalidPercent = 18;
  export const EncodedPathSeparator = 19;
  export const DuplicateParameter = 20;
  export const DuplicateParameterAcrossSources = 21;
  export const ArrayParameterMix = 22;
  export const SessionFixation = 23;
  export const MethodOverride = 24;
  export const UnregisteredMethod = 25;
  export const ControlCharInName = 26;
  export const Count = 27;
}

export const CHECK_NAMES: StaticArray<string> = [
  "invalid-method", "invalid-header-name", "header-control-char", "content-length-and-transfer-encoding",
  "multiple-content-length", "invalid-transfer-encoding", "body-without-length", "missing-host", "host-is-ip",
  "missing-user-agent", "missing-accept", "nul-byte", "control-char", "overlong-utf8", "invalid-utf8",
  "double-encoding", "percent-unicode", "lone-surrogate", "invalid-percent", "encoded-path-separator",
  "duplicate-parameter", "duplicate-parameter-across-sources", "array-parameter-mix", "session-fixation",
  "method-override", "unregistered-method", "control-char-in-name",
];

// The check number of a check name, or -1.
export function checkNumber(name: string): i32 {
  for (let i = 0; i < CHECK_NAMES.length; i++) if (unchecked(CHECK_NAMES[i]) == name) return i;
  return -1;
}

// ---------------------------------------------------------------------------
// Value anomalies, found by one pass over a value as sent (escapes included).

// Bits of scanValue(): the ItemFlag bits with the meaning documented there,
// except DoubleEncoded and PercentUnicode, which scanValue sets only for the
// suspicious forms (see above), and EncodedSlash, set for %2F and %5C.
const ANOMALY_BITS: u32 = ItemFlag.HasNul | ItemFlag.ControlChar | ItemFlag.OverlongUtf8 | ItemFlag.InvalidUtf8 |
  ItemFlag.DoubleEncoded | ItemFlag.PercentUnicode | ItemFlag.LoneSurrogate | ItemFlag.InvalidPercent;

// Is `b`, found escaped inside an escape ("%25XX"), something an encoder never
// escapes twice by itself? Letters, digits, "-._~" are never escaped by any
// mainstream encoder; NUL, controls, angle brackets, backslash, backtick and
// overlong UTF-8 leads only matter to an attack. A nested URL's "%252F",
// "%253D" or "%25C3%25A9" stays legitimate, and so do quotes and '%': a URL
// pasted into a form field brings its own "%22", "%27" and "%25" along.
// @ts-ignore: decorator
@inline function suspiciousInner(b: i32): bool {
  if (b < 0x20 || b == 0x7F) return true;
  if ((b >= 0x30 && b <= 0x39) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A)) return true;
  return b == 0x2D || b == 0x2E || b == 0x5F || b == 0x7E || b == 0x3C || b == 0x3E ||
    b == 0x5C || b == 0x60 || b == 0xC0 || b == 0xC1;
}

// A "%uXXXX" escape worth reporting: JavaScript's escape() writes %uXXXX only
// above U+00FF, so an escape of ASCII or Latin-1, of a fullwidth form
// (U+FF00-U+FFEF, which IIS best-fit maps to ASCII) or of the division slash
// and set minus (read as '/' and '\') is written by hand to dodge a filter.
// @ts-ignore: decorator
@inline function suspiciousUnicode(cp: i32): bool {
  return cp < 0x100 || (cp >= 0xFF00 && cp <= 0xFFEF) || cp == 0x2215 || cp == 0x2216;
}

// UTF-8 validation state of scanValue (module globals: no allocation per call).
let need = 0;       // continuation bytes still expected
let lowCont = 0x80; // bounds of the next continuation byte
let highCont = 0xBF;
let overlongLead = false; // the sequence's lead allows an overlong form (E0, F0)
let sFlags: u32 = 0;

// @ts-ignore: decorator
@inline function lead(b: i32): void {
  if (b < 0x80) {
    if (b == 0) sFlags |= ItemFlag.HasNul | ItemFlag.ControlChar;
    else if ((b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D) || b == 0x7F) sFlags |= ItemFlag.ControlChar;
    return;
  }
  lowCont = 0x80; highCont = 0xBF; overlongLead = false;
  if (b == 0xC0 || b == 0xC1) { sFlags |= ItemFlag.OverlongUtf8 | ItemFlag.InvalidUtf8; need = 1; }
  else if (b >= 0xC2 && b <= 0xDF) need = 1;
  else if (b == 0xE0) { need = 2; lowCont = 0xA0; overlongLead = true; }
  else if (b == 0xED) { need = 2; highCont = 0x9F; }
  else if (b >= 0xE1 && b <= 0xEF) need = 2;
  else if (b == 0xF0) { need = 3; lowCont = 0x90; overlongLead = true; }
  else if (b >= 0xF1 && b <= 0xF3) need = 3;
  else if (b == 0xF4) { need = 3; highCont = 0x8F; }
  else sFlags |= ItemFlag.InvalidUtf8; // stray continuation byte, F5-FF
}

// @ts-ignore: decorator
@inline function feed(b: i32): void {
  if (need == 0) { lead(b); return; }
  if (b < 0x80 || b > 0xBF) {
    sFlags |= ItemFlag.InvalidUtf8;
    need = 0;
    lead(b);
    return;
  }
  if (b < lowCont) sFlags |= overlongLead ? (ItemFlag.OverlongUtf8 | ItemFlag.InvalidUtf8) : ItemFlag.InvalidUtf8;
  else if (b > highCont) sFlags |= ItemFlag.InvalidUtf8;
  lowCont = 0x80; highCont = 0xBF; overlongLead = false;
  need--;
}

// @ts-ignore: decorator
@inline function hexAt(s: string, i: i32): i32 {
  let a = hexValue(s.charCodeAt(i)), b = hexValue(s.charCodeAt(i + 1));
  return (a | b) < 0 ? -1 : (a << 4) | b;
}

// @ts-ignore: decorator
@inline function hex4At(s: string, i: i32): i32 {
  let a = hexAt(s, i), b = hexAt(s, i + 2);
  return (a | b) < 0 ? -1 : (a << 8) | b;
}

// One character of `s` at `i`, sent as is or as "%XX": the character in the
// low 16 bits, bit 16 set when it was escaped, bits 17+ its length. -1 past the end.
// @ts-ignore: decorator
@inline function unitAt(s: string, i: i32): i32 {
  let n = s.length;
  if (i >= n) return -1;
  let c = s.charCodeAt(i);
  if (c == 0x25 && i + 2 < n) {
    let b = hexAt(s, i + 1);
    if (b >= 0) return b | (1 << 16) | (3 << 17);
  }
  return c | (1 << 17);
}

// After a "%25" that ends before `i`: DoubleEncoded when an escape follows
// ("%252e", "%25%32%65", "%25u002e") and it is one an encoder would not have
// produced by encoding an already encoded URL (suspiciousInner), or its hex
// digits were themselves escaped (no encoder escapes a hex digit).
function escapedEscape(s: string, i: i32): u32 {
  let a = unitAt(s, i);
  if (a < 0) return 0;
  if ((a & 0xFFFF | 0x20) == 0x75 && (a & (1 << 16)) == 0) {
    return i + 4 < s.length && hex4At(s, i + 1) >= 0 ? ItemFlag.DoubleEncoded : 0;
  }
  let b = unitAt(s, i + (a >> 17));
  if (b < 0) return 0;
  let hi = hexValue(a & 0xFFFF), lo = hexValue(b & 0xFFFF);
  if ((hi | lo) < 0) return 0;
  if (((a | b) & (1 << 16)) != 0 || suspiciousInner((hi << 4) | lo)) return ItemFlag.DoubleEncoded;
  return 0;
}

// Anomalies of `s` as sent: the bytes its escapes and characters stand for are
// checked as UTF-8 (NUL, controls, overlong and ill-formed sequences), and the
// escapes themselves for invalid '%', suspicious double and %u encodings
// (EncodedSlash: a %2F or %5C). One pass, no allocation.
export function scanValue(s: string): u32 {
  let n = s.length;
  sFlags = 0; need = 0;
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c == 0x25) {
      let b = i + 2 < n ? hexAt(s, i + 1) : -1;
      if (b >= 0) {
        i += 2;
        if (b == 0x2F || b == 0x5C) sFlags |= ItemFlag.EncodedSlash;
        if (b == 0x25 && i + 2 < n) sFlags |= escapedEscape(s, i + 1);
        feed(b);
        continue;
      }
      if (i + 5 < n && (s.charCodeAt(i + 1) | 0x20) == 0x75) {
        let cp = hex4At(s, i + 2);
        if (cp >= 0) {
          if (need != 0) { sFlags |= ItemFlag.InvalidUtf8; need = 0; }
          if (suspiciousUnicode(cp)) sFlags |= ItemFlag.PercentUnicode;
          i += 5;
          if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 < n && s.charCodeAt(i + 1) == 0x25 && (s.charCodeAt(i + 2) | 0x20) == 0x75) {
            let low = hex4At(s, i + 3);
            if (low >= 0xDC00 && low <= 0xDFFF) { i += 6; continue; }
          }
          if (cp >= 0xD800 && cp <= 0xDFFF) sFlags |= ItemFlag.LoneSurrogate;
          else if (cp == 0) sFlags |= ItemFlag.HasNul | ItemFlag.ControlChar;
          else if (cp < 0x20 && cp != 0x09 && cp != 0x0A && cp != 0x0D) sFlags |= ItemFlag.ControlChar;
          continue;
        }
      }
      sFlags |= ItemFlag.InvalidPercent;
      feed(0x25);
    } else if (c < 0x80) {
      feed(c);
    } else {
      // A character that arrived as UTF-8 and was decoded already: well-formed,
      // but it cannot continue a sequence started by escapes.
      if (need != 0) { sFlags |= ItemFlag.InvalidUtf8; need = 0; }
      if (c == 0xFFFD) sFlags |= ItemFlag.InvalidUtf8; // the decoder's replacement for bad bytes
    }
  }
  if (need != 0) sFlags |= ItemFlag.InvalidUtf8;
  return sFlags;
}

// ---------------------------------------------------------------------------
// Syntax helpers.

// RFC 9110 tchar: "!#$%&'*+-.^_`|~", DIGIT, ALPHA.
// @ts-ignore: decorator
@inline function isTchar(c: i32): bool {
  if ((c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A)) return true;
  return c == 0x21 || (c >= 0x23 && c <= 0x27) || c == 0x2A || c == 0x2B || c == 0x2D || c == 0x2E ||
    c == 0x5E || c == 0x5F || c == 0x60 || c == 0x7C || c == 0x7E;
}

function isToken(s: string, from: i32 = 0): bool {
  let n = s.length;
  if (n <= from) return false;
  for (let i = from; i < n; i++) if (!isTchar(s.charCodeAt(i))) return false;
  return true;
}

// A header none of the per-header checks (name syntax, escaped NUL, control
// characters) can report, whatever rules are on: a token name (after the ":" of
// a pseudo-header), a value without control characters and without "%00".
function plainHeader(name: string, value: string, pseudo: bool): bool {
  if (!isToken(name, pseudo ? 1 : 0)) return false;
  let p = changetype<usize>(value);
  for (let i = 0, n = value.length; i < n; i++) {
    let c = <u32>load<u16>(p + (<usize>i << 1));
    if ((c < 0x20 && c != 0x09) || c == 0x7F) return false;
    if (c == 0x25 && i + 2 < n && load<u16>(p + (<usize>(i + 1) << 1)) == 0x30 && load<u16>(p + (<usize>(i + 2) << 1)) == 0x30) return false;
  }
  return true;
}

// Header name and value objects that passed plainHeader. Header texts come
// from the intern caches (sdk/pairs.ts), so the same client's headers are the
// same string objects request after request, and the answer is one lookup by
// address. Safe as in deny/memo.ts: an entry holds both strings, so neither
// address can be reused while it is cached, and strings are immutable.
const PLAIN_SLOTS: i32 = 128;
const plainNames = new StaticArray<string | null>(PLAIN_SLOTS);
const plainValues = new StaticArray<string | null>(PLAIN_SLOTS);

// @ts-ignore: decorator
@inline function plainSlot(name: string, value: string): i32 {
  return identitySlot(changetype<usize>(value), addressWord(changetype<usize>(name)), PLAIN_SLOTS);
}

function knownPlainHeader(name: string, value: string): bool {
  let slot = plainSlot(name, value);
  return changetype<usize>(unchecked(plainValues[slot])) == changetype<usize>(value)
    && changetype<usize>(unchecked(plainNames[slot])) == changetype<usize>(name);
}

function rememberPlainHeader(name: string, value: string): void {
  let slot = plainSlot(name, value);
  unchecked(plainNames[slot] = name);
  unchecked(plainValues[slot] = value);
}

// Index of the first control character (other than TAB) in `s`, or -1.
function controlAt(s: string): i32 {
  for (let i = 0, n = s.length; i < n; i++) {
    let c = s.charCodeAt(i);
    if ((c < 0x20 && c != 0x09) || c == 0x7F) return i;
  }
  return -1;
}

function equalsIgnoreCase(s: string, lower: string): bool {
  let n = s.length;
  if (n != lower.length) return false;
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5A) c += 0x20;
    if (c != lower.charCodeAt(i)) return false;
  }
  return true;
}

function containsIgnoreCase(s: string, lower: string): bool {
  let n = s.length, m = lower.length;
  for (let i = 0; i + m <= n; i++) {
    let k = 0;
    while (k < m) {
      let c = s.charCodeAt(i + k);
      if (c >= 0x41 && c <= 0x5A) c += 0x20;
      if (c != lower.charCodeAt(k)) break;
      k++;
    }
    if (k == m) return true;
  }
  return false;
}

// A Content-Length value RFC 9110 allows: one or more digits, nothing else.
function isDigits(s: string): bool {
  let n = s.length;
  if (n == 0) return false;
  for (let i = 0; i < n; i++) { let c = s.charCodeAt(i); if (c < 0x30 || c > 0x39) return false; }
  return true;
}

function isZero(s: string): bool {
  for (let i = 0, n = s.length; i < n; i++) if (s.charCodeAt(i) != 0x30) return false;
  return s.length > 0;
}

// A dotted-quad IPv4 address, a bracketed IPv6 literal, or a bare number
// (hosts are lower case without port, model.host).
function isIpHost(h: string): bool {
  let n = h.length;
  if (n == 0) return false;
  if (h.charCodeAt(0) == 0x5B) return true;
  let dots = 0;
  for (let i = 0; i < n; i++) {
    let c = h.charCodeAt(i);
    if (c == 0x2E) { dots++; continue; }
    if (c < 0x30 || c > 0x39) return false;
  }
  return dots <= 3;
}

// Header values and parameter names that must never reach a log.
function isSecretHeader(name: string): bool {
  return name == "authorization" || name == "proxy-authorization" || name == "cookie" || name == "set-cookie" ||
    containsIgnoreCase(name, "token") || containsIgnoreCase(name, "api-key") || containsIgnoreCase(name, "apikey") ||
    containsIgnoreCase(name, "secret") || containsIgnoreCase(name, "auth");
}

export function isSecretName(name: string): bool {
  return containsIgnoreCase(name, "pass") || containsIgnoreCase(name, "pwd") || containsIgnoreCase(name, "secret") ||
    containsIgnoreCase(name, "token") || containsIgnoreCase(name, "api_key") || containsIgnoreCase(name, "apikey") ||
    containsIgnoreCase(name, "api-key") || containsIgnoreCase(name, "session") || containsIgnoreCase(name, "auth") ||
    containsIgnoreCase(name, "sid") || containsIgnoreCase(name, "csrf") || containsIgnoreCase(name, "credential");
}

// Up to FRAGMENT_CHARS characters of `s` from a little before `at`, log-safe.
export function fragmentOf(s: string, at: i32 = 0): string {
  let start = at > 8 ? at - 8 : 0;
  if (start >= s.length) start = 0;
  let end = min(s.length, start + FRAGMENT_CHARS);
  return logSafe(s.substring(start, end), FRAGMENT_CHARS);
}

// The location label of a parsed item, as deny-rule events write it.
export function itemLabel(item: Item): string {
  let src = item.source;
  if (src == Source.Query) return "query:" + item.name;
  if (src == Source.Json) return item.name;
  if (src == Source.GraphQL) return "graphql:" + item.name;
  if (src == Source.Cookie) return "cookie:" + item.name;
  if (src == Source.Header) return "header:" + item.name;
  if (src == Source.Path) return "path";
  if (src == Source.PathSegment) return "path_segment:" + item.index.toString();
  return "post:" + item.name;
}

// The IANA HTTP method registry (RFC 9110, WebDAV, versioning, calendaring,
// PATCH, QUERY), case-sensitive as methods are. CONNECT and TRACE are left
// out: an application behind a reverse proxy has no use for them, and TRACE
// echoes credentials back (cross-site tracing).
const REGISTERED_METHODS: StaticArray<string> = [
  "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "QUERY", "ACL", "BASELINE-CONTROL", "BIND",
  "CHECKIN", "CHECKOUT", "COPY", "LABEL", "LINK", "LOCK", "MERGE", "MKACTIVITY", "MKCALENDAR", "MKCOL",
  "MKREDIRECTREF", "MKWORKSPACE", "MOVE", "ORDERPATCH", "PROPFIND", "PROPPATCH", "REBIND", "REPORT", "SEARCH",
  "UNBIND", "UNCHECKOUT", "UNLINK", "UNLOCK", "UPDATE", "UPDATEREDIRECTREF", "VERSION-CONTROL",
];

function isRegisteredMethod(m: string): bool {
  let n = m.length;
  if (n == 3) return m == "GET" || m == "PUT" || m == "ACL";
  if (n == 4) return m == "POST" || m == "HEAD";
  for (let i = 0; i < REGISTERED_METHODS.length; i++) if (m == unchecked(REGISTERED_METHODS[i])) return true;
  return false;
}

function containsControl(s: string): bool {
  for (let i = 0, n = s.length; i < n; i++) { let c = s.charCodeAt(i); if (c < 0x20 || c == 0x7F) return true; }
  return false;
}

const HTTP_METHODS: StaticArray<string> = [
  "get", "head", "post", "put", "delete", "connect", "options", "trace", "patch", "propfind", "proppatch",
  "mkcol", "copy", "move", "lock", "unlock", "search", "report", "mkcalendar", "purge", "link", "unlink",
];

function isHttpMethod(v: string): bool {
  let s = v.trim();
  if (s.length < 3 || s.length > 10) return false;
  for (let i = 0; i < HTTP_METHODS.length; i++) if (equalsIgnoreCase(s, unchecked(HTTP_METHODS[i]))) return true;
  return false;
}

// The host of a Referer URL ("https://A.b:8080/x" -> "a.b"), "" when it has none.
export function refererHost(url: string): string {
  let start = url.indexOf("://");
  if (start < 0) return "";
  start += 3;
  let end = url.length;
  for (let i = start; i < end; i++) {
    let c = url.charCodeAt(i);
    if (c == 0x2F || c == 0x3F || c == 0x23) { end = i; break; }
  }
  let at = url.lastIndexOf("@", end - 1);
  if (at >= start) start = at + 1;
  let colon = url.lastIndexOf(":", end - 1);
  if (colon >= start && url.charCodeAt(start) != 0x5B) end = colon;
  return url.substring(start, end).toLowerCase();
}

// The same host, or one a subdomain of the other (www.shop.example and shop.example).
function sameSite(a: string, b: string): bool {
  if (a == b) return true;
  let na = a.length, nb = b.length;
  if (na > nb) return a.endsWith(b) && a.charCodeAt(na - nb - 1) == 0x2E;
  if (nb > na) return b.endsWith(a) && b.charCodeAt(nb - na - 1) == 0x2E;
  return false;
}

// Session id names of PHP, Java, ASP.NET, ColdFusion and common frameworks:
// exact names, or a framework word followed by a session word
// ("laravel_session", "connect.sid", "koa:sess", "zend_session_id",
// "next-auth.session-token"). "session" alone and "session_state" (OpenID
// Connect) are not session ids.
const SESSION_NAMES: StaticArray<string> = [
  "sessid", "phpsessid", "jsessionid", "sessionid", "session_id", "session-id", "phpsession", "cfid", "cftoken",
  "cfsid", "jservsession", "jwsession", "weblogicsession", "cakephp",
];
export function isSessionIdName(raw: string): bool {
  let n = raw.length;
  if (n < 4 || n > 64) return false;
  // Every name below holds one of these; most parameters hold none and cost no allocation.
  if (!containsIgnoreCase(raw, "sess") && !containsIgnoreCase(raw, "sid") && !containsIgnoreCase(raw, "cf") &&
    !containsIgnoreCase(raw, "cakephp")) return false;
  let name = raw.toLowerCase();
  if (name.startsWith("__host-")) name = name.substring(7);
  else if (name.startsWith("__secure-")) name = name.substring(9);
  for (let i = 0; i < SESSION_NAMES.length; i++) if (name == unchecked(SESSION_NAMES[i])) return true;
  if (name.startsWith("aspsessionid")) return true;
  // The last word, and the one before it when the last is "id" or "token".
  let end = name.length;
  let cut = lastSeparator(name, end);
  if (cut < 0) return false;
  let last = name.substring(cut + 1, end);
  if (last == "id" || last == "token") {
    let prev = lastSeparator(name, cut);
    return prev >= 0 && name.substring(prev + 1, cut) == "session";
  }
  if (cut == 0 && name.charCodeAt(0) != 0x5F) return false;
  return last == "session" || last == "sess" || last == "sid" || last == "sessionid" || last == "sessid";
}

function lastSeparator(s: string, before: i32): i32 {
  for (let i = before - 1; i >= 0; i--) {
    let c = s.charCodeAt(i);
    if (c == 0x2E || c == 0x5F || c == 0x2D || c == 0x3A) return i;
  }
  return -1;
}

// A parameter name without a trailing "[]" (PHP/Rails array syntax), or null when it has none.
function arrayBase(name: string): string | null {
  let n = name.length;
  if (n > 2 && name.charCodeAt(n - 2) == 0x5B && name.charCodeAt(n - 1) == 0x5D) return name.substring(0, n - 2);
  return null;
}

// ---------------------------------------------------------------------------

export class CheckSet {
  // Per check number: the rule that names it, or -1 when not selected.
  private rules: StaticArray<i32> = new StaticArray<i32>(Check.Count);
  private count: i32 = 0;
  // Is any value-anomaly check (nul-byte ... encoded-path-separator) selected?
  private anyValueCheck: bool = false;
  private anyHpp: bool = false;
  // Reused by the HPP checks (Strict only).
  private seen: Set<string> = new Set<string>();

  // The check rules with level <= maxLevel (0 Basic, 1 Standard, 2 Strict) and key bit set in `keys`.
  static compile(maxLevel: i32, keys: u32): CheckSet {
    let s = new CheckSet();
    for (let c = 0; c < Check.Count; c++) unchecked(s.rules[c] = -1);
    for (let i = 0; i < RULE_COUNT; i++) {
      if (unchecked(RULE_KIND[i]) != RuleKind.Check) continue;
      if (<i32>unchecked(RULE_LEVEL[i]) > maxLevel) continue;
      if ((keys & (<u32>1 << unchecked(RULE_KEY[i]))) == 0) continue;
      let c = checkNumber(unchecked(RULE_BODY[i]));
      // tests/rules/checks.test.js keeps the catalogue's names and CHECK_NAMES in step.
      if (c < 0) continue;
      unchecked(s.rules[c] = i);
      s.count++;
      if (c >= Check.NulByte && c <= Check.EncodedPathSeparator) s.anyValueCheck = true;
      if (c >= Check.DuplicateParameter && c <= Check.ArrayParameterMix) s.anyHpp = true;
    }
    return s;
  }

  get empty(): bool { return this.count == 0; }

  // The rule selected for check `c` that inspects `location`, or -1.
  @inline private ruleAt(c: i32, location: i32): i32 {
    let r = unchecked(this.rules[c]);
    if (r < 0 || (unchecked(RULE_LOCATIONS[r]) & (<u32>1 << location)) == 0) return -1;
    return r;
  }

  // Method, header syntax, smuggling signs, Host/User-Agent/Accept sanity,
  // path and query encoding, query HPP.
  checkRequest(model: RequestModel, out: Array<CheckHit>): void {
    if (this.count == 0) return;
    this.checkMethod(model, out);
    this.checkHeaders(model, out);
    if (this.anyValueCheck) {
      this.checkPath(model, out);
      let q = model.queryItems;
      for (let i = 0, n = q.length; i < n; i++) this.checkItem(unchecked(q[i]), out);
      this.checkCookies(model, out);
    }
    if (this.anyHpp) this.checkPollution(model.queryItems, null, out);
    this.checkSessionFixation(model, model.queryItems, Source.Query, out);
    this.checkMethodOverride(model, out);
  }

  // "_method=DELETE" in a URL: frameworks that honour it turn a link into a
  // state-changing request. Only real method names count ("_method=X" is not
  // an override any framework performs).
  private checkMethodOverride(model: RequestModel, out: Array<CheckHit>): void {
    let r = this.ruleAt(Check.MethodOverride, Source.Query);
    if (r < 0 || model.query.length == 0) return;
    let q = model.queryItems;
    for (let i = 0, n = q.length; i < n; i++) {
      let it = unchecked(q[i]);
      if (!equalsIgnoreCase(it.name, "_method") || !isHttpMethod(it.value)) continue;
      out.push(new CheckHit(r, Source.Query, itemLabel(it), fragmentOf(it.value), it));
      return;
    }
  }

  // Parsed body items: encoding anomalies, controls, and parameter pollution
  // within the body and across query and body.
  checkBody(model: RequestModel, items: Array<Item>, out: Array<CheckHit>): void {
    if (this.count == 0) return;
    if (this.anyValueCheck) for (let i = 0, n = items.length; i < n; i++) this.checkItem(unchecked(items[i]), out);
    if (this.anyHpp) this.checkPollution(items, model.queryItems, out);
    this.checkSessionFixation(model, items, Source.Post, out);
  }

  // A framework's session id in the URL or a form, on a request that came from
  // another site: the classic way to plant a session id on a victim. Same-site
  // navigation (an old PHP app with session ids in links) and API clients
  // (no Referer) pass.
  private checkSessionFixation(model: RequestModel, items: Array<Item>, source: i32, out: Array<CheckHit>): void {
    let r = this.ruleAt(Check.SessionFixation, source);
    if (r < 0 || items.length == 0) return;
    let referer = model.header("referer");
    if (referer === null) return;
    let from = refererHost(referer);
    if (from.length == 0 || sameSite(from, model.host)) return;
    for (let i = 0, n = items.length; i < n; i++) {
      let it = unchecked(items[i]);
      if (<i32>it.source != source || it.index >= 0) continue;
      if (!isSessionIdName(it.name)) continue;
      out.push(new CheckHit(r, source, itemLabel(it), "***", it));
      return;
    }
  }

  private checkMethod(model: RequestModel, out: Array<CheckHit>): void {
    let m = model.method;
    let r = this.ruleAt(Check.InvalidMethod, Source.Header);
    if (r >= 0 && !(isToken(m) && m.length <= 32)) {
      out.push(new CheckHit(r, Source.Header, "method", fragmentOf(m), null));
      return;
    }
    r = this.ruleAt(Check.UnregisteredMethod, Source.Header);
    if (r >= 0 && !isRegisteredMethod(m)) out.push(new CheckHit(r, Source.Header, "method", fragmentOf(m), null));
  }

  // The per-header checks of one header that plainHeader did not clear.
  private checkHeader(name: string, value: string, pseudo: bool, rName: i32, rCtl: i32, rNul: i32, out: Array<CheckHit>): void {
    if (rName >= 0 && !isToken(name, pseudo ? 1 : 0)) {
      out.push(new CheckHit(rName, Source.Header, "header:" + logSafe(name, FRAGMENT_CHARS), fragmentOf(name), null));
    }
    if (pseudo) return;
    if (rNul >= 0 && name != "cookie" && value.indexOf("%00") >= 0) {
      // An escaped NUL in a header (a Referer URL, a forwarded path) is meant for a decoder downstream.
      out.push(new CheckHit(rNul, Source.Header, "header:" + logSafe(name, FRAGMENT_CHARS), isSecretHeader(name) ? "***" : fragmentOf(value, value.indexOf("%00")), null));
    } else if (rCtl >= 0 || rNul >= 0) {
      let at = controlAt(value);
      if (at >= 0) {
        let r = value.charCodeAt(at) == 0 && rNul >= 0 ? rNul : (rCtl >= 0 ? rCtl : -1);
        if (r >= 0) out.push(new CheckHit(r, Source.Header, "header:" + logSafe(name, FRAGMENT_CHARS), isSecretHeader(name) ? "***" : fragmentOf(value, at), null));
      }
    }
  }

  private checkHeaders(model: RequestModel, out: Array<CheckHit>): void {
    let hs = model.headers;
    let rName = this.ruleAt(Check.InvalidHeaderName, Source.Header);
    let rCtl = this.ruleAt(Check.HeaderControlChar, Source.Header);
    let rNul = this.ruleAt(Check.NulByte, Source.Header);
    let contentLength = 0, transferEncoding = 0;
    let hasHost = model.authority.length > 0, hasUa = false, hasAccept = false, apiBody = false;
    let clValue = "", teValue = "";
    for (let i = 0, n = hs.length; i < n; i++) {
      let h = unchecked(hs[i]);
      let name = h.name, value = h.value;
      let pseudo = name.length > 0 && name.charCodeAt(0) == 0x3A;
      if (!knownPlainHeader(name, value)) {
        if (plainHeader(name, value, pseudo)) rememberPlainHeader(name, value);
        else this.checkHeader(name, value, pseudo, rName, rCtl, rNul, out);
      }
      if (pseudo) continue;
      let c0 = name.charCodeAt(0);
      if (c0 == 0x63) { // 'c'
        if (name == "content-length") { contentLength++; clValue = value; }
        else if (name == "content-type" && (containsIgnoreCase(value, "json") || containsIgnoreCase(value, "grpc") || containsIgnoreCase(value, "graphql") || containsIgnoreCase(value, "protobuf"))) apiBody = true;
      } else if (c0 == 0x74 && name == "transfer-encoding") { transferEncoding++; teValue = value; }
      else if (c0 == 0x75 && name == "user-agent") hasUa = value.length > 0;
      else if (c0 == 0x61 && name == "accept") hasAccept = true;
      else if (c0 == 0x68 && name == "host") hasHost = hasHost || value.length > 0;
    }

    let r = this.ruleAt(Check.ContentLengthAndTransferEncoding, Source.Header);
    if (r >= 0 && contentLength > 0 && transferEncoding > 0) {
      out.push(new CheckHit(r, Source.Header, "header:transfer-encoding", fragmentOf(teValue), null));
    }
    r = this.ruleAt(Check.MultipleContentLength, Source.Header);
    if (r >= 0 && (contentLength > 1 || (contentLength == 1 && !isDigits(clValue)))) {
      out.push(new CheckHit(r, Source.Header, "header:content-length", fragmentOf(clValue), null));
    }
    r = this.ruleAt(Check.InvalidTransferEncoding, Source.Header);
    if (r >= 0 && (transferEncoding > 1 || (transferEncoding == 1 && !equalsIgnoreCase(teValue, "chunked")))) {
      out.push(new CheckHit(r, Source.Header, "header:transfer-encoding", fragmentOf(teValue), null));
    }
    r = this.ruleAt(Check.BodyWithoutLength, Source.Header);
    if (r >= 0 && (transferEncoding > 0 || (contentLength > 0 && !isZero(clValue)))) {
      let m = model.method;
      if (m == "GET" || m == "HEAD" || m == "DELETE" || m == "OPTIONS" || m == "TRACE") {
        out.push(new CheckHit(r, Source.Header, transferEncoding > 0 ? "header:transfer-encoding" : "header:content-length",
          fragmentOf(transferEncoding > 0 ? teValue : clValue), null));
      }
    }
    r = this.ruleAt(Check.MissingHost, Source.Header);
    if (r >= 0 && !hasHost) out.push(new CheckHit(r, Source.Header, "header:host", "", null));
    r = this.ruleAt(Check.HostIsIp, Source.Header);
    if (r >= 0 && hasHost && isIpHost(model.host)) out.push(new CheckHit(r, Source.Header, "header:host", fragmentOf(model.host), null));
    r = this.ruleAt(Check.MissingUserAgent, Source.Header);
    if (r >= 0 && !hasUa) out.push(new CheckHit(r, Source.Header, "header:user-agent", "", null));
    r = this.ruleAt(Check.MissingAccept, Source.Header);
    if (r >= 0 && !hasAccept && !apiBody) out.push(new CheckHit(r, Source.Header, "header:accept", "", null));
  }

  // The value-anomaly check that `flags` (scanValue bits) trips at `location`
  // first, most severe first, or -1.
  private anomalyRule(flags: u32, location: i32, path: bool): i32 {
    let r: i32;
    if ((flags & ItemFlag.HasNul) != 0 && (r = this.ruleAt(Check.NulByte, location)) >= 0) return r;
    if ((flags & ItemFlag.OverlongUtf8) != 0 && (r = this.ruleAt(Check.OverlongUtf8, location)) >= 0) return r;
    if ((flags & ItemFlag.DoubleEncoded) != 0 && (r = this.ruleAt(Check.DoubleEncoding, location)) >= 0) return r;
    if ((flags & ItemFlag.PercentUnicode) != 0 && (r = this.ruleAt(Check.PercentUnicode, location)) >= 0) return r;
    if ((flags & ItemFlag.LoneSurrogate) != 0 && (r = this.ruleAt(Check.LoneSurrogate, location)) >= 0) return r;
    if ((flags & ItemFlag.ControlChar) != 0 && (r = this.ruleAt(Check.ControlChar, location)) >= 0) return r;
    if ((flags & ItemFlag.InvalidUtf8) != 0 && (r = this.ruleAt(Check.InvalidUtf8, location)) >= 0) return r;
    if ((flags & ItemFlag.InvalidPercent) != 0 && (r = this.ruleAt(Check.InvalidPercent, location)) >= 0) return r;
    if (path && (flags & ItemFlag.EncodedSlash) != 0 && (r = this.ruleAt(Check.EncodedPathSeparator, location)) >= 0) return r;
    return -1;
  }

  // A parameter or cookie name with a control character, CR and LF included:
  // names come from HTML forms and code, never from typed text.
  private nameControlRule(name: string, location: i32): i32 {
    let r = this.ruleAt(Check.ControlCharInName, location);
    if (r < 0) return -1;
    for (let i = 0, n = name.length; i < n; i++) {
      let c = name.charCodeAt(i);
      if (c < 0x20 || c == 0x7F) return r;
    }
    return -1;
  }

  private checkPath(model: RequestModel, out: Array<CheckHit>): void {
    let p = model.path;
    let flags = scanValue(p);
    if (flags == 0) return;
    let r = this.anomalyRule(flags, Source.Path, true);
    if (r >= 0) out.push(new CheckHit(r, Source.Path, "path", fragmentOf(p, p.indexOf("%")), null));
  }

  private checkCookies(model: RequestModel, out: Array<CheckHit>): void {
    // Cookies are only read when a cookie header exists (model.cookies parses them).
    if (model.header("cookie") === null) return;
    let cs = model.cookies;
    for (let i = 0, n = cs.length; i < n; i++) {
      let c = unchecked(cs[i]);
      let nameFlags = scanValue(c.name);
      let flags = nameFlags | scanValue(c.value);
      if (flags == 0) continue;
      let r = -1;
      if ((nameFlags & (ItemFlag.ControlChar | ItemFlag.HasNul)) != 0 || containsControl(c.name)) r = this.ruleAt(Check.ControlCharInName, Source.Cookie);
      if (r < 0) r = this.anomalyRule(flags, Source.Cookie, false);
      // Cookie values are secrets: the fragment never shows them.
      if (r >= 0) out.push(new CheckHit(r, Source.Cookie, "cookie:" + logSafe(c.name, FRAGMENT_CHARS), "***", null));
    }
  }

  // One parsed item (query, form, JSON, GraphQL, multipart): the decoders'
  // ItemFlag bits plus a scan of the name and value as sent.
  private checkItem(item: Item, out: Array<CheckHit>): void {
    let src = <i32>item.source;
    if (src == Source.MultipartFile) return; // file contents are not text
    // The decoders' own DoubleEncoded/PercentUnicode bits are broader than ours.
    let flags = item.flags & ~(ItemFlag.DoubleEncoded | ItemFlag.PercentUnicode);
    // Only URL-encoded pairs (index -1) carry escapes; multipart fields are sent as is.
    if ((src == Source.Query || src == Source.Post) && item.index < 0) {
      flags |= scanValue(item.raw) | scanValue(item.rawName);
    }
    let r = -1;
    if ((src == Source.Query || src == Source.Post) && item.index < 0) r = this.nameControlRule(item.name, src);
    if (r < 0) {
      if ((flags & ANOMALY_BITS) == 0) return;
      r = this.anomalyRule(flags, src, false);
    }
    if (r < 0) return;
    let name = item.name;
    let value = item.raw;
    let frag = isSecretName(name) ? "***" : fragmentOf(value, value.indexOf("%"));
    out.push(new CheckHit(r, src, itemLabel(item), frag, item));
  }

  // HPP: duplicate names within `items` (one source at a time), names seen in
  // both `items` and `other` (the query, when `items` is the body), and
  // name/name[] mixes.
  private checkPollution(items: Array<Item>, other: Array<Item> | null, out: Array<CheckHit>): void {
    let rDup = this.ruleAt(Check.DuplicateParameter, Source.Query);
    let rDupPost = this.ruleAt(Check.DuplicateParameter, Source.Post);
    let rAcross = this.ruleAt(Check.DuplicateParameterAcrossSources, Source.Post);
    let rMix = this.ruleAt(Check.ArrayParameterMix, other === null ? Source.Query : Source.Post);
    let seen = this.seen;
    seen.clear();
    let reported = false;
    // Duplicates and mixes within the query (other == null) or the form body.
    for (let i = 0, n = items.length; i < n && !reported; i++) {
      let it = unchecked(items[i]);
      if (it.source != Source.Query && it.source != Source.Post) continue;
      let r = it.source == Source.Query ? rDup : rDupPost;
      let name = it.name;
      let base = arrayBase(name);
      if (base === null && seen.has(name) && r >= 0) {
        out.push(new CheckHit(r, it.source, itemLabel(it), isSecretName(name) ? "***" : fragmentOf(it.raw), it));
        reported = true;
      }
      seen.add(name);
    }
    if (rMix >= 0) {
      for (let i = 0, n = items.length; i < n; i++) {
        let it = unchecked(items[i]);
        if (it.source != Source.Query && it.source != Source.Post) continue;
        let base = arrayBase(it.name);
        if (base !== null && seen.has(base)) {
          out.push(new CheckHit(rMix, it.source, itemLabel(it), "", it));
          break;
        }
      }
    }
    if (other !== null && rAcross >= 0) {
      for (let i = 0, n = other.length; i < n; i++) {
        let q = unchecked(other[i]);
        if (seen.has(q.name)) {
          out.push(new CheckHit(rAcross, Source.Query, itemLabel(q), isSecretName(q.name) ? "***" : fragmentOf(q.raw), q));
          break;
        }
      }
    }
    seen.clear();
  }
}
