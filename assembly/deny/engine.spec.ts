import { engineFor, widen, Need } from "./engine";
import { needsOf } from "./scan";
import { classesOf, Cls, punct } from "../detect/charclass";
import { Transform } from "../transform/cache";
import { ALL_KEYS } from "../rules/catalogue";

describe("DenyEngine.groupsReachable", () => {
  it("skips every group for a plain word and keeps them for markup", () => {
    let e = engineFor(1, ALL_KEYS).engine!;
    let n = e.rules.groups.length;
    let all: u64 = n >= 64 ? ~<u64>0 : (<u64>1 << <u64>n) - 1;
    let word = e.groupsReachable(classesOf("SKU-12345"));
    let markup = e.groupsReachable(Cls.All);
    log("groups " + n.toString() + " reachable for a word " + word.toString(2));
    expect(markup & all).toBe(all);
    expect(word & all).not.toBe(all);
  });

  it("caches by signature", () => {
    let e = engineFor(1, ALL_KEYS).engine!;
    let before = e.reachComputed;
    let sig = classesOf("leather boots 42");
    let a = e.groupsReachable(sig);
    let b = e.groupsReachable(sig);
    expect(a).toBe(b);
    expect(e.reachComputed - before).toBeLessThanOrEqual(1);
  });
});

describe("widen", () => {
  it("opens the signature when a decoding step applies", () => {
    let sig = classesOf("a%3Cb");
    expect(widen(sig, needsOf("a%3Cb"), Transform.UrlDecode)).toBe(Cls.All);
    expect(widen(sig, needsOf("a%3Cb"), Transform.Lowercase)).toBe(sig);
    expect(widen(classesOf("a&lt;"), Need.Amp, Transform.HtmlEntity)).toBe(Cls.All);
  });

  it("adds what lower-casing and white-space steps produce", () => {
    expect(widen(Cls.Upper, Need.Upper, Transform.Lowercase)).toBe(Cls.Upper | Cls.Lower);
    expect(widen(Cls.NonAscii, 0, Transform.Lowercase)).toBe(Cls.NonAscii | Cls.Lower);
    expect(widen(Cls.Lower | punct("+"), Need.Plus, Transform.PlusAsSpace)).toBe(Cls.Lower | punct("+") | Cls.Space);
    expect(widen(Cls.Lower | Cls.LineSpace, Need.Space, Transform.CompressWhitespace)).toBe(Cls.Lower | Cls.LineSpace | Cls.Space);
  });
});

describe("DenyEngine reach cache", () => {
  it("keeps the signatures of ordinary traffic without recomputing", () => {
    let e = engineFor(1, ALL_KEYS).engine!;
    let values = ["running shoes", "2", "asc", "Blue", "acme123", "en-US,en;q=0.5", "gzip, deflate, br",
      "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", "session=0123456789abcdef; theme=dark",
      "6c0c1d3e-1f7a-4d7e-9a61-2f0c8f1c2d3e", "shop.example.com", "/shop/search", "SKU-48213", "45.5", "ada@example.com"];
    for (let i = 0; i < values.length; i++) e.groupsReachable(classesOf(values[i]));
    let before = e.reachComputed;
    for (let r = 0; r < 3; r++) for (let i = 0; i < values.length; i++) e.groupsReachable(classesOf(values[i]));
    expect(e.reachComputed).toBe(before);
  });
});

describe("DenyEngine reach budget", () => {
  it("stops walking automata for a flood of new signatures and then runs every group", () => {
    let e = engineFor(2, ALL_KEYS).engine!;
    let n = e.rules.groups.length;
    let all: u64 = n >= 64 ? ~<u64>0 : (<u64>1 << <u64>n) - 1;
    let start = e.reachComputed;
    for (let i = 0; i < 5000; i++) {
      // Distinct signatures: punctuation bits from i, plus letters.
      let m = e.groupsReachable(Cls.Lower | <u64>(i + 1));
      if (e.reachComputed - start > 200) break;
      expect(m & all).not.toBe(0);
    }
    expect(e.reachComputed - start).toBeLessThanOrEqual(64 + 5000 / 64 + 1);
  });
});
