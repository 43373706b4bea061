import { MatcherSet } from "./matcher-set";
import { StringMatcher, MatchKind } from "./string-matcher";

function mk(kind: i32, v: string, ic: bool): StringMatcher {
  return StringMatcher.create(kind, v, ic).matcher!;
}

describe("MatcherSet", () => {
  it("agrees with each matcher on its own", () => {
    let ms: Array<StringMatcher> = [
      mk(MatchKind.Exact, "/login", false),
      mk(MatchKind.Prefix, "/api/", false),
      mk(MatchKind.Suffix, ".PHP", true),
      mk(MatchKind.Contains, "admin", true),
      mk(MatchKind.Regex, "/v[0-9]+/.*", false),
      mk(MatchKind.Regex, "/static/.*\\.css", true),
      mk(MatchKind.Exact, "école", true),
      mk(MatchKind.Contains, "a.b", false),
      mk(MatchKind.Prefix, "k", true),
    ];
    let set = MatcherSet.build(ms).set!;
    let inputs = ["/login", "/LOGIN", "/api/x", "/x/index.php", "/ADMIN/panel", "/v2/users", "/STATIC/A.CSS",
      "ÉCOLE", "xa.bx", "xaxbx", "Kite", "\u212Aite", "", "/api", "/static/a.css\n"];
    for (let k = 0; k < inputs.length; k++) {
      let buf = String.UTF8.encode(inputs[k]);
      let n = set.matchBuffer(buf);
      let count = 0;
      for (let i = 0; i < ms.length; i++) {
        let want = ms[i].matchBuffer(buf);
        if (want) count++;
        if (set.matched(i) != want) throw new Error("matcher " + i.toString() + " on '" + inputs[k] + "': set says " + set.matched(i).toString());
      }
      expect(n).toBe(count);
    }
  });
  it("reports which matcher has a bad pattern", () => {
    let r = MatcherSet.build([]);
    expect(r.set).toBeNull();
    expect(r.error.length).toBeGreaterThan(0);
  });
});
