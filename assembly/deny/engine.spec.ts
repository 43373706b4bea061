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
