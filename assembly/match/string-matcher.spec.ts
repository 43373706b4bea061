import { StringMatcher, MatchKind, caseInsensitiveMatcher, matchKindFromName, escapeLiteral } from "./string-matcher";

function m(kind: i32, v: string, ic: bool = false): StringMatcher {
  let r = StringMatcher.create(kind, v, ic);
  if (r.matcher === null) throw new Error(r.error);
  return r.matcher!;
}

describe("StringMatcher literal kinds", () => {
  it("exact", () => {
    expect(m(MatchKind.Exact, "/api").matchString("/api")).toBe(true);
    expect(m(MatchKind.Exact, "/api").matchString("/api/")).toBe(false);
    expect(m(MatchKind.Exact, "/api").matchString("/API")).toBe(false);
    expect(m(MatchKind.Exact, "/api", true).matchString("/API")).toBe(true);
  });
  it("prefix and suffix", () => {
    expect(m(MatchKind.Prefix, "/api/").matchString("/api/v1")).toBe(true);
    expect(m(MatchKind.Prefix, "/api/").matchString("/ap")).toBe(false);
    expect(m(MatchKind.Suffix, ".php").matchString("/x.php")).toBe(true);
    expect(m(MatchKind.Suffix, ".php").matchString("/x.PHP")).toBe(false);
    expect(m(MatchKind.Suffix, ".php", true).matchString("/x.PHP")).toBe(true);
  });
  it("contains", () => {
    expect(m(MatchKind.Contains, "admin").matchString("/x/admin/y")).toBe(true);
    expect(m(MatchKind.Contains, "admin").matchString("/x/adm")).toBe(false);
    expect(m(MatchKind.Contains, "admin", true).matchString("/ADMIN")).toBe(true);
    expect(m(MatchKind.Contains, "aab").matchString("aaab")).toBe(true);
  });
  it("folds non-ASCII literals through the regex engine", () => {
    expect(m(MatchKind.Exact, "Straße", true).matchString("STRASSE")).toBe(false);
    expect(m(MatchKind.Exact, "école", true).matchString("ÉCOLE")).toBe(true);
    expect(m(MatchKind.Prefix, "é.", true).matchString("É.x")).toBe(true);
    expect(m(MatchKind.Prefix, "é.", true).matchString("Éxx")).toBe(false);
    expect(m(MatchKind.Suffix, "ü", true).matchString("xÜ")).toBe(true);
    expect(m(MatchKind.Contains, "über", true).matchString("xxÜBERxx")).toBe(true);
  });
});

describe("StringMatcher regex", () => {
  it("is a full match", () => {
    expect(m(MatchKind.Regex, "/api/.*").matchString("/api/v1")).toBe(true);
    expect(m(MatchKind.Regex, "api").matchString("/api/v1")).toBe(false);
    expect(m(MatchKind.Regex, "^/member/").matchString("/member/x")).toBe(false);
    expect(m(MatchKind.Regex, "^/member/.*").matchString("/member/x")).toBe(true);
  });
  it("ignoreCase compiles it case-insensitively", () => {
    expect(m(MatchKind.Regex, "/admin.*", true).matchString("/ADMIN/x")).toBe(true);
    expect(m(MatchKind.Regex, "/admin.*").matchString("/ADMIN/x")).toBe(false);
  });
  it("is single-line unless (?s)", () => {
    expect(m(MatchKind.Regex, "a.*b").matchString("a\nb")).toBe(false);
    expect(m(MatchKind.Regex, "(?s)a.*b").matchString("a\nb")).toBe(true);
  });
});

describe("StringMatcher validation", () => {
  it("rejects empty, too long and invalid values", () => {
    expect(StringMatcher.create(MatchKind.Prefix, "", false).error.includes("empty")).toBe(true);
    expect(StringMatcher.create(MatchKind.Exact, "a".repeat(1025), false).error.includes("1024")).toBe(true);
    let r = StringMatcher.create(MatchKind.Regex, "a(?=b)", false);
    expect(r.matcher).toBeNull();
    expect(r.error.includes("lookahead")).toBe(true);
    expect(StringMatcher.create(9, "x", false).error.length).toBeGreaterThan(0);
  });
  it("maps field names", () => {
    expect(matchKindFromName("suffix")).toBe(MatchKind.Suffix);
    expect(matchKindFromName("glob")).toBe(-1);
  });
  it("escapes literals", () => {
    expect(escapeLiteral("a.b*")).toBe("a\\.b\\*");
  });
});

describe("case-insensitive matcher", () => {
  it("always ignores case", () => {
    let r = caseInsensitiveMatcher(MatchKind.Exact, "Content-Type");
    expect(r.matcher!.matchString("content-type")).toBe(true);
    expect(r.matcher!.matchString("CONTENT-TYPE")).toBe(true);
    expect(r.matcher!.matchString("content-typ")).toBe(false);
  });
});

describe("contains is linear", () => {
  it("finds needles with repeated prefixes (KMP borders)", () => {
    expect(m(MatchKind.Contains, "abab").matchString("aabaabab")).toBe(true);
    expect(m(MatchKind.Contains, "aab").matchString("aaaab")).toBe(true);
    expect(m(MatchKind.Contains, "abcabd").matchString("abcabcabd")).toBe(true);
    expect(m(MatchKind.Contains, "abcabd").matchString("abcabcab")).toBe(false);
    expect(m(MatchKind.Contains, "AaB", true).matchString("xaAaAb")).toBe(true);
  });
  it("handles a worst case for naive search", () => {
    let needle = "a".repeat(1000) + "b";
    let hay = "a".repeat(100000);
    expect(m(MatchKind.Contains, needle).matchString(hay)).toBe(false);
    expect(m(MatchKind.Contains, needle).matchString(hay + "b")).toBe(true);
  });
});
