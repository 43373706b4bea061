import { RegexSet, Regex, MatchMode } from "./regex";
import { PikeVM } from "./pike";
import { resetStats, nfaSteps } from "./stats";

function run(p: string, s: string, full: bool = false): bool {
  let r = Regex.compile(p, full ? MatchMode.Full : MatchMode.Search).regex!;
  let vm = new PikeVM(r.program);
  let marks = new StaticArray<u8>(1);
  let b = String.UTF8.encode(s);
  return vm.run(changetype<usize>(b), b.byteLength, marks, true) > 0;
}

describe("Pike VM", () => {
  it("matches on its own", () => {
    expect(run("a(b|c)*d", "xxabcbcdyy")).toBe(true);
    expect(run("a(b|c)*d", "abce")).toBe(false);
    expect(run("^abc$", "abc", true)).toBe(true);
    expect(run("\\bx\\b", "a x b")).toBe(true);
  });
  it("reports every pattern of a set", () => {
    let set = RegexSet.compile(["a+", "b", "c$"], [MatchMode.Search, MatchMode.Search, MatchMode.Search]).set!;
    let b = String.UTF8.encode("xaac");
    expect(set.matchPtrNfa(changetype<usize>(b), b.byteLength)).toBe(2);
    expect(set.matched(0)).toBe(true);
    expect(set.matched(1)).toBe(false);
    expect(set.matched(2)).toBe(true);
  });
  it("visits each instruction at most once per byte", () => {
    let r = Regex.compile("(a*)*(a|a)*b", MatchMode.Search).regex!;
    let vm = new PikeVM(r.program);
    let marks = new StaticArray<u8>(1);
    let b = String.UTF8.encode("a".repeat(1000));
    resetStats();
    vm.run(changetype<usize>(b), b.byteLength, marks, true);
    expect(nfaSteps).toBeLessThanOrEqual(<i64>(1001 * r.program.size));
  });
});
