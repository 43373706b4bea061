// StringMatcher (policy API §2.1): exactly one of exact / prefix / suffix /
// contains / regex, plus ignoreCase. `regex` is RE2 syntax and a FULL match
// (like Envoy's StringMatcher.safe_regex); ignoreCase compiles it with (?i).
// Literal kinds with ignoreCase fold ASCII directly; a literal with non-ASCII
// characters goes through the regex engine so Latin-1 / Greek / Cyrillic fold too.
import { Regex, MatchMode, FLAG_CASELESS } from "../regex/regex";
import { bytesEqual, bytesContain, kmpTable, isAscii } from "./bytes";
import { utf8Scratch, utf8Length } from "../regex/scratch";

export const enum MatchKind {
  Exact = 0,
  Prefix = 1,
  Suffix = 2,
  Contains = 3,
  Regex = 4,
}

/** Longest value the API accepts (characters). */
export const MAX_MATCHER_VALUE: i32 = 1024;

export class MatcherResult {
  matcher: StringMatcher | null = null;
  /** Why the matcher was rejected (the caller adds the field path). */
  error: string = "";
}

export function matchKindFromName(name: string): i32 {
  if (name == "exact") return MatchKind.Exact;
  if (name == "prefix") return MatchKind.Prefix;
  if (name == "suffix") return MatchKind.Suffix;
  if (name == "contains") return MatchKind.Contains;
  if (name == "regex") return MatchKind.Regex;
  return -1;
}

export class StringMatcher {
  kind: MatchKind;
  ignoreCase: bool;
  /** The literal as UTF-8 (lower case when folding ASCII). */
  value: ArrayBuffer;
  /** Set for regex, and for non-ASCII literals under ignoreCase. */
  regex: Regex | null = null;
  /** The configured text, for logs and errors. */
  source: string;
  /** KMP failure table of `value`, for contains (linear-time search). */
  fail: StaticArray<i32>;

  private constructor(kind: MatchKind, source: string, ignoreCase: bool) {
    this.kind = kind;
    this.source = source;
    this.ignoreCase = ignoreCase;
    let value = String.UTF8.encode(ignoreCase ? source.toLowerCase() : source);
    this.value = value;
    this.fail = kind == MatchKind.Contains ? kmpTable(changetype<usize>(value), value.byteLength) : new StaticArray<i32>(0);
  }

  /** Builds a matcher; `kind` is a MatchKind. Errors name the problem, not the field path. */
  static create(kind: i32, value: string, ignoreCase: bool): MatcherResult {
    let r = new MatcherResult();
    if (kind < MatchKind.Exact || kind > MatchKind.Regex) {
      r.error = "unknown matcher kind (expected one of exact, prefix, suffix, contains, regex)";
      return r;
    }
    if (value.length == 0) {
      r.error = kind == MatchKind.Regex ? "regex must not be empty" : "value must not be empty (use regex to match anything)";
      return r;
    }
    if (value.length > MAX_MATCHER_VALUE) {
      r.error = "value is " + value.length.toString() + " characters long, limit " + MAX_MATCHER_VALUE.toString();
      return r;
    }
    let m = new StringMatcher(<MatchKind>kind, value, ignoreCase);
    if (kind == MatchKind.Regex) {
      let c = Regex.compile(value, MatchMode.Full, ignoreCase ? FLAG_CASELESS : 0);
      if (c.error !== null) {
        r.error = "invalid regex: " + c.error!.toString();
        return r;
      }
      m.regex = c.regex;
    } else if (ignoreCase && !isAscii(value)) {
      let lit = escapeLiteral(value);
      let pattern = kind == MatchKind.Prefix ? "\\A" + lit : kind == MatchKind.Suffix ? lit + "\\z" : lit;
      let mode = kind == MatchKind.Exact ? MatchMode.Full : MatchMode.Search;
      let c = Regex.compile(pattern, mode, FLAG_CASELESS);
      if (c.error !== null) {
        r.error = "cannot compile case-insensitive literal: " + c.error!.toString();
        return r;
      }
      m.regex = c.regex;
    }
    r.matcher = m;
    return r;
  }

  static exact(v: string, ignoreCase: bool = false): StringMatcher { return StringMatcher.create(MatchKind.Exact, v, ignoreCase).matcher!; }
  static prefix(v: string, ignoreCase: bool = false): StringMatcher { return StringMatcher.create(MatchKind.Prefix, v, ignoreCase).matcher!; }
  static suffix(v: string, ignoreCase: bool = false): StringMatcher { return StringMatcher.create(MatchKind.Suffix, v, ignoreCase).matcher!; }
  static contains(v: string, ignoreCase: bool = false): StringMatcher { return StringMatcher.create(MatchKind.Contains, v, ignoreCase).matcher!; }

  /** Matches `len` bytes of UTF-8 at `ptr`. */
  matchPtr(ptr: usize, len: i32): bool {
    if (this.regex !== null) return this.regex!.matchPtr(ptr, len);
    let v = changetype<usize>(this.value);
    let n = this.value.byteLength;
    let ic = this.ignoreCase;
    switch (this.kind) {
      case MatchKind.Exact: return len == n && bytesEqual(ptr, v, n, ic);
      case MatchKind.Prefix: return len >= n && bytesEqual(ptr, v, n, ic);
      case MatchKind.Suffix: return len >= n && bytesEqual(ptr + <usize>(len - n), v, n, ic);
      case MatchKind.Contains: return bytesContain(ptr, len, v, n, this.fail, ic);
    }
    return false;
  }

  matchBuffer(buf: ArrayBuffer): bool {
    return this.matchPtr(changetype<usize>(buf), buf.byteLength);
  }

  /** Matches a string (encoded into a shared scratch buffer: no allocation once it is large enough). */
  matchString(s: string): bool {
    let ptr = utf8Scratch(s);
    return this.matchPtr(ptr, utf8Length());
  }
}

/** The case-insensitive matcher (§2.2) used for header names and media types. */
export function caseInsensitiveMatcher(kind: i32, value: string): MatcherResult {
  return StringMatcher.create(kind, value, true);
}

/** Escapes every ASCII metacharacter so a literal can be compiled as a pattern. */
export function escapeLiteral(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    let alnum = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
    if (c < 0x80 && !alnum) out += "\\";
    out += String.fromCharCode(c);
  }
  return out;
}
