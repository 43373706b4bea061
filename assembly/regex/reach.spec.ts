import { RegexSet, MatchMode } from "./regex";
import { canMatchOver } from "./reach";

function alphabetOf(chars: string): StaticArray<u32> {
  let a = new StaticArray<u32>(8);
  for (let i = 0; i < chars.length; i++) {
    let b = chars.charCodeAt(i);
    a[b >> 5] |= <u32>1 << (b & 31);
  }
  return a;
}

function reaches(pattern: string, chars: string): bool {
  let r = RegexSet.compile([pattern], [MatchMode.Search]);
  return canMatchOver(r.set!.program, alphabetOf(chars));
}

describe("canMatchOver", () => {
  it("needs every character of a literal", () => {
    expect(reaches("<script", "<>scriptabc")).toBe(true);
    expect(reaches("<script", "scriptabc")).toBe(false);
  });

  it("follows classes, alternation and repetition", () => {
    expect(reaches("union\\s+select", "unioselct ")).toBe(true);
    expect(reaches("union\\s+select", "unioselct")).toBe(false);
    expect(reaches("(?:'|\")\\s*or", "or \"")).toBe(true);
    expect(reaches("(?:'|\")\\s*or", "or ")).toBe(false);
    expect(reaches("[<>]{2}", ">")).toBe(true);
    expect(reaches("a(?:b|c)*d", "ad")).toBe(true);
    expect(reaches("a(?:b|c)+d", "ad")).toBe(false);
  });

  it("treats assertions as satisfiable and case-insensitive patterns as both cases", () => {
    expect(reaches("\\bjndi:", "jndi:")).toBe(true);
    expect(reaches("^/etc/passwd$", "/etcpaswd")).toBe(true);
    expect(reaches("(?i)SELECT", "select")).toBe(true);
    expect(reaches("SELECT", "select")).toBe(false);
  });

  it("answers yes for a pattern matching the empty string", () => {
    expect(reaches("x*", "")).toBe(true);
  });
});
