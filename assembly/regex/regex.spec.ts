import { Regex, RegexSet, MatchMode, FLAG_CASELESS, FLAG_MULTILINE, FLAG_DOTALL } from "./regex";

function search(p: string, s: string, flags: i32 = 0): bool {
  let r = Regex.compile(p, MatchMode.Search, flags);
  if (r.error !== null) throw new Error("compile failed: " + p + ": " + r.error!.toString());
  let dfa = r.regex!.matchString(s);
  let buf = String.UTF8.encode(s);
  let nfa = r.regex!.matchPtrNfa(changetype<usize>(buf), buf.byteLength);
  if (dfa != nfa) throw new Error("DFA and Pike VM disagree on " + p);
  return dfa;
}

function full(p: string, s: string, flags: i32 = 0): bool {
  let r = Regex.compile(p, MatchMode.Full, flags);
  if (r.error !== null) throw new Error("compile failed: " + p);
  return r.regex!.matchString(s);
}

function bytes(list: Array<u8>): ArrayBuffer {
  let b = new ArrayBuffer(list.length);
  for (let i = 0; i < list.length; i++) store<u8>(changetype<usize>(b) + i, list[i]);
  return b;
}

describe("literals and escapes", () => {
  it("matches literals anywhere in search mode", () => {
    expect(search("abc", "xxabcxx")).toBe(true);
    expect(search("abc", "xxabxcx")).toBe(false);
  });
  it("matches escapes", () => {
    expect(search("a\\.b", "a.b")).toBe(true);
    expect(search("a\\.b", "axb")).toBe(false);
    expect(search("\\t\\n", "x\t\ny")).toBe(true);
    expect(search("\\x41\\x{42}", "AB")).toBe(true);
    expect(search("\\101", "A")).toBe(true); // octal
    expect(search("\\Qa.b*\\E", "a.b*")).toBe(true);
    expect(search("\\Qa.b*\\E", "aab")).toBe(false);
  });
  it("matches multi-byte literals", () => {
    expect(search("é€😀", "xé€😀")).toBe(true);
    expect(search("é", "e")).toBe(false);
  });
});

describe("dot and classes", () => {
  it("dot excludes newline unless (?s)", () => {
    expect(full("a.b", "a\nb")).toBe(false);
    expect(full("(?s)a.b", "a\nb")).toBe(true);
    expect(full("a.b", "a\nb", FLAG_DOTALL)).toBe(true);
  });
  it("dot matches one code point", () => {
    expect(full(".", "é")).toBe(true);
    expect(full(".", "😀")).toBe(true);
    expect(full("..", "ab")).toBe(true);
  });
  it("ranges and negation", () => {
    expect(full("[a-c]+", "abcba")).toBe(true);
    expect(full("[a-c]+", "abd")).toBe(false);
    expect(full("[^a-c]", "d")).toBe(true);
    expect(full("[^a-c]", "b")).toBe(false);
    expect(full("[^a]", "\n")).toBe(true);
    expect(full("[]a]", "]")).toBe(true);
    expect(full("[a-]", "-")).toBe(true);
    expect(full("[à-ÿ]", "é")).toBe(true);
    expect(full("[^à-ÿ]", "é")).toBe(false);
  });
  it("Perl classes", () => {
    expect(full("\\d+", "0123456789")).toBe(true);
    expect(full("\\D", "5")).toBe(false);
    expect(full("\\w+", "a_Z9")).toBe(true);
    expect(full("\\W", "-")).toBe(true);
    expect(full("\\s+", " \t\n\r\f")).toBe(true);
    expect(full("\\s", "\v")).toBe(false); // RE2: \s has no \v
    expect(full("\\S", "x")).toBe(true);
    expect(full("[\\d\\s]+", "1 2")).toBe(true);
  });
  it("POSIX classes", () => {
    expect(full("[[:alpha:]]+", "abcXYZ")).toBe(true);
    expect(full("[[:digit:]]", "a")).toBe(false);
    expect(full("[[:^digit:]]", "a")).toBe(true);
    expect(full("[[:xdigit:]]+", "09afAF")).toBe(true);
    expect(full("[[:punct:]]", "!")).toBe(true);
    expect(full("[[:space:]]", "\v")).toBe(true);
  });
  it("invalid UTF-8 bytes match dot and negated classes (no evasion)", () => {
    let r = Regex.compile("<script.*>", MatchMode.Search).regex!;
    expect(r.matchBuffer(bytes([0x3c, 0x73, 0x63, 0x72, 0x69, 0x70, 0x74, 0xff, 0xc3, 0x3e]))).toBe(true);
    let n = Regex.compile("a[^b]c", MatchMode.Full).regex!;
    expect(n.matchBuffer(bytes([0x61, 0xfe, 0x63]))).toBe(true);
    let pos = Regex.compile("a[é]c", MatchMode.Full).regex!;
    expect(pos.matchBuffer(bytes([0x61, 0xfe, 0x63]))).toBe(false);
    let trunc = Regex.compile("a.b", MatchMode.Full).regex!;
    expect(trunc.matchBuffer(bytes([0x61, 0xe2, 0x82, 0x62]))).toBe(true); // truncated sequence = one unit
    expect(trunc.matchBuffer(bytes([0x61, 0x80, 0x62]))).toBe(true); // stray continuation byte
    let lone = Regex.compile("\\S+", MatchMode.Full).regex!;
    expect(lone.matchBuffer(bytes([0xc3]))).toBe(true);
  });
  it("counts valid characters, never their bytes", () => {
    expect(full("..", "é")).toBe(false);
    expect(full(".{2}", "é€")).toBe(true);
    expect(full(".{3}", "é€")).toBe(false);
    expect(full("\\S{3,}", "éé")).toBe(false);
    expect(full("[^a]{2}", "é")).toBe(false);
    expect(full("[^é]+", "é")).toBe(false);
    expect(search("[^é]", "é")).toBe(false);
  });
});

describe("anchors and boundaries", () => {
  it("^ and $ are text anchors without (?m)", () => {
    expect(search("^ab", "ab")).toBe(true);
    expect(search("^ab", "xab")).toBe(false);
    expect(search("ab$", "xab")).toBe(true);
    expect(search("ab$", "ab\n")).toBe(false);
    expect(search("\\Aab\\z", "ab")).toBe(true);
  });
  it("(?m) makes them line anchors", () => {
    expect(search("(?m)^b$", "a\nb\nc")).toBe(true);
    expect(search("^b$", "a\nb\nc", FLAG_MULTILINE)).toBe(true);
    expect(search("^b$", "a\nb\nc")).toBe(false);
    expect(search("(?m)\\Ab", "a\nb")).toBe(false);
  });
  it("word boundaries", () => {
    expect(search("\\bcat\\b", "a cat!")).toBe(true);
    expect(search("\\bcat\\b", "concat")).toBe(false);
    expect(search("\\Bcat", "concat")).toBe(true);
    expect(search("\\Bcat", "cat")).toBe(false);
    expect(search("x\\b", "x")).toBe(true);
  });
});

describe("groups, alternation, repetition", () => {
  it("alternation and groups", () => {
    expect(full("(ab|cd)+", "abcdab")).toBe(true);
    expect(full("(?:ab|cd)+", "abce")).toBe(false);
    expect(full("(?P<x>a)(?<y>b)", "ab")).toBe(true);
    expect(full("a|", "")).toBe(true);
  });
  it("counted repetition", () => {
    expect(full("a{3}", "aaa")).toBe(true);
    expect(full("a{3}", "aa")).toBe(false);
    expect(full("a{2,}", "aaaaa")).toBe(true);
    expect(full("a{2,}", "a")).toBe(false);
    expect(full("a{1,2}", "aaa")).toBe(false);
    expect(full("a{0}b", "b")).toBe(true);
    expect(full("x{", "x{")).toBe(true); // a brace that is not a repetition is literal
  });
  it("lazy forms match the same strings", () => {
    expect(full("a+?b*?c??", "aab")).toBe(true);
    expect(full("a{2,3}?", "aaa")).toBe(true);
  });
  it("empty loops terminate", () => {
    expect(full("(a*)*", "aaaa")).toBe(true);
    expect(full("(a*)*b", "aaaa")).toBe(false);
    expect(full("(|a)+", "aaa")).toBe(true);
  });
});

describe("case-insensitive matching", () => {
  it("covers ASCII, Latin-1, Greek and Cyrillic", () => {
    expect(full("(?i)hello", "HeLLo")).toBe(true);
    expect(full("hello", "HeLLo", FLAG_CASELESS)).toBe(true);
    expect(full("(?i)ÉTÉ", "été")).toBe(true);
    expect(full("(?i)σοφία", "ΣΟΦΊΑ")).toBe(true);
    expect(full("(?i)привет", "ПРИВЕТ")).toBe(true);
    expect(full("(?i)k", "\u212A")).toBe(true); // Kelvin sign
    expect(full("(?i)[a-c]+", "ABC")).toBe(true);
    expect(full("(?i)[^a]", "A")).toBe(false);
  });
  it("scoped and negated flags", () => {
    expect(full("a(?i:b)c", "aBc")).toBe(true);
    expect(full("a(?i:b)c", "aBC")).toBe(false);
    expect(full("(?i)a(?-i)b", "Ab")).toBe(true);
    expect(full("(?i)a(?-i)b", "AB")).toBe(false);
    expect(full("(a(?i)b)c", "aBc")).toBe(true);
    expect(full("(a(?i)b)c", "aBC")).toBe(false);
  });
});

describe("full vs search", () => {
  it("full match must cover the whole input", () => {
    expect(full("abc", "abc")).toBe(true);
    expect(full("abc", "abcd")).toBe(false);
    expect(full("b", "abc")).toBe(false);
    expect(search("b", "abc")).toBe(true);
    expect(full("a|ab", "ab")).toBe(true);
  });
  it("empty input", () => {
    expect(full("a*", "")).toBe(true);
    expect(search("^$", "")).toBe(true);
    expect(search("a", "")).toBe(false);
  });
});

describe("sets", () => {
  it("reports every matching pattern in one pass", () => {
    let r = RegexSet.compile(["foo", "ba[rz]", "^x", "qux"], [MatchMode.Search, MatchMode.Search, MatchMode.Search, MatchMode.Full]);
    let set = r.set!;
    expect(set.matchString("x foo bar")).toBe(3);
    expect(set.matched(0)).toBe(true);
    expect(set.matched(1)).toBe(true);
    expect(set.matched(2)).toBe(true);
    expect(set.matched(3)).toBe(false);
    expect(set.matchString("qux")).toBe(1);
    expect(set.matched(3)).toBe(true);
    expect(set.matchString("nothing")).toBe(0);
  });
  it("clears the marks of an earlier match, also after scans that matched nothing", () => {
    let set = RegexSet.compile(["foo", "bar"], [MatchMode.Search, MatchMode.Search]).set!;
    expect(set.matchString("foo bar")).toBe(2);
    expect(set.matchString("nothing")).toBe(0);
    expect(set.matched(0)).toBe(false);
    expect(set.matched(1)).toBe(false);
    expect(set.matchString("still nothing")).toBe(0);
    expect(set.matchString("bar")).toBe(1);
    expect(set.matched(0)).toBe(false);
    expect(set.matched(1)).toBe(true);
    expect(set.anyPtr(0, 0)).toBe(false);
    expect(set.matched(1)).toBe(false);
    expect(set.matchString("foo")).toBe(1);
    expect(set.matchPtrNfa(0, 0)).toBe(0);
    expect(set.matched(0)).toBe(false);
  });
  it("names the failing pattern", () => {
    let r = RegexSet.compile(["ok", "(?=bad)"], [MatchMode.Search, MatchMode.Search]);
    expect(r.set).toBeNull();
    expect(r.error!.index).toBe(1);
  });
  it("rejects an empty set", () => {
    expect(RegexSet.compile([], []).error).not.toBeNull();
  });
});
