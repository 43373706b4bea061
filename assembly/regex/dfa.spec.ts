import { Regex, RegexSet, MatchMode } from "./regex";
import { MIN_CACHE_BYTES } from "./limits";
import { resetStats, dfaClears, pikeFallbacks } from "./stats";

describe("lazy DFA cache budget", () => {
  it("stays within the budget and still answers correctly", () => {
    // (a|b)*a(a|b){12}: needs 2^13 DFA states, far more than the budget holds.
    let r = Regex.compile("[ab]*a[ab]{12}c", MatchMode.Search, 0, MIN_CACHE_BYTES).regex!;
    let s = "";
    let seed: u32 = 12345;
    for (let i = 0; i < 20000; i++) {
      seed = seed * 1103515245 + 12345;
      s += (seed >> 16) & 1 ? "a" : "b";
    }
    resetStats();
    expect(r.matchString(s)).toBe(false);
    expect(dfaClears + pikeFallbacks).toBeGreaterThan(0);
    expect(r.dfa.memoryBytes()).toBeLessThanOrEqual(MIN_CACHE_BYTES);
    expect(r.matchString(s + "abbbbbbbbbbbbc")).toBe(true);
    expect(r.matchString(s + "bbbbbbbbbbbbbc")).toBe(false);
  });
  it("reuses cached states across scans", () => {
    let r = Regex.compile("needle", MatchMode.Search).regex!;
    expect(r.matchString("haystack with a needle")).toBe(true);
    let before = r.dfa.numStates;
    expect(r.matchString("another haystack with a needle")).toBe(true);
    expect(r.dfa.numStates).toBeLessThanOrEqual(before + 3);
  });
  it("a set agrees with its Pike VM under a tiny budget", () => {
    let pats: Array<string> = [];
    let modes: Array<MatchMode> = [];
    for (let i = 0; i < 40; i++) { pats.push("k" + i.toString() + "[a-z]{2,5}x"); modes.push(MatchMode.Search); }
    let set = RegexSet.compile(pats, modes, [], MIN_CACHE_BYTES).set!;
    let text = "zz k3abx k17abcdex k39qqqqx k5a k12abcdefgx";
    let buf = String.UTF8.encode(text);
    let n = set.matchBuffer(buf);
    let got: Array<i32> = [];
    for (let i = 0; i < 40; i++) if (set.matched(i)) got.push(i);
    let m = set.matchPtrNfa(changetype<usize>(buf), buf.byteLength);
    expect(n).toBe(m);
    expect(got.length).toBe(3);
    expect(got[0]).toBe(3);
    expect(got[1]).toBe(17);
    expect(got[2]).toBe(39);
  });
});
