// Many StringMatchers applied to the same value, answered in one pass: the
// matchers are compiled into one RegexSet, so the cost per value does not grow
// with the number of matchers (for example hundreds of exceptions on the path).
// Each matcher keeps its exact semantics: regex is a full match (with (?i) for
// ignoreCase), literals become escaped patterns, and ASCII ignoreCase literals
// fold ASCII only ([aA]), as the single StringMatcher does.
import { RegexSet, MatchMode, FLAG_CASELESS } from "../regex/regex";
import { StringMatcher, MatchKind, escapeLiteral } from "./string-matcher";
import { isAscii } from "./bytes";

export class MatcherSetResult {
  set: MatcherSet | null = null;
  error: string = "";
  /** the matcher the error is about, -1 when none */
  index: i32 = -1;
}

export class MatcherSet {
  regexSet: RegexSet;

  constructor(regexSet: RegexSet) {
    this.regexSet = regexSet;
  }

  static build(matchers: Array<StringMatcher>): MatcherSetResult {
    let r = new MatcherSetResult();
    if (matchers.length == 0) {
      r.error = "a matcher set needs at least one matcher";
      return r;
    }
    let patterns = new Array<string>(matchers.length);
    let modes = new Array<MatchMode>(matchers.length);
    let flags = new Array<i32>(matchers.length);
    for (let i = 0; i < matchers.length; i++) {
      let m = matchers[i];
      let f = 0;
      let p: string;
      let mode = MatchMode.Full;
      if (m.kind == MatchKind.Regex) {
        p = m.source;
        if (m.ignoreCase) f = FLAG_CASELESS;
      } else {
        let lit: string;
        if (m.ignoreCase && isAscii(m.source)) lit = asciiFoldedLiteral(m.source);
        else {
          lit = escapeLiteral(m.source);
          if (m.ignoreCase) f = FLAG_CASELESS;
        }
        if (m.kind == MatchKind.Exact) p = lit;
        else if (m.kind == MatchKind.Prefix) p = lit + "(?s:.*)";
        else if (m.kind == MatchKind.Suffix) p = "(?s:.*)" + lit;
        else { p = lit; mode = MatchMode.Search; }
      }
      patterns[i] = p;
      modes[i] = mode;
      flags[i] = f;
    }
    let c = RegexSet.compile(patterns, modes, flags);
    if (c.error !== null) {
      r.error = c.error!.toString();
      r.index = c.error!.index;
      return r;
    }
    r.set = new MatcherSet(c.set!);
    return r;
  }

  get size(): i32 {
    return this.regexSet.size;
  }

  /** Matches every matcher against the value; returns how many matched. */
  matchPtr(ptr: usize, len: i32): i32 {
    return this.regexSet.matchPtr(ptr, len);
  }

  matchBuffer(buf: ArrayBuffer): i32 {
    return this.matchPtr(changetype<usize>(buf), buf.byteLength);
  }

  /** True when any matcher matches (stops at the first). */
  anyPtr(ptr: usize, len: i32): bool {
    return this.regexSet.anyPtr(ptr, len);
  }

  /** After matchPtr: did matcher i match. */
  matched(i: i32): bool {
    return this.regexSet.matched(i);
  }
}

/** An ASCII literal with letters as [xX] classes and everything else escaped. */
function asciiFoldedLiteral(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    let lower = c | 0x20;
    if (lower >= 0x61 && lower <= 0x7a) {
      out += "[" + String.fromCharCode(lower & ~0x20) + String.fromCharCode(lower) + "]";
    } else {
      out += escapeLiteral(String.fromCharCode(c));
    }
  }
  return out;
}
