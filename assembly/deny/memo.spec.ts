import { knownClean, remember, memoHits, MAX_CHARS, sameAsClean, rememberSame, refHits } from "./memo";

describe("cache of clean values", () => {
  it("answers only for the exact value, header name and context remembered", () => {
    expect(knownClean(17, "", "running shoes")).toBe(false);
    remember("", "running shoes");
    let before = memoHits;
    expect(knownClean(17, "", "running shoes")).toBe(true);
    expect(memoHits).toBe(before + 1);
    // Another context (settings id or location), header name or value: not known.
    expect(knownClean(18, "", "running shoes")).toBe(false);
    expect(knownClean(17, "user-agent", "running shoes")).toBe(false);
    expect(knownClean(17, "", "running shoe")).toBe(false);
    expect(knownClean(17, "", "running shoes ")).toBe(false);
  });

  it("never caches long values", () => {
    let long = "a".repeat(MAX_CHARS + 1);
    expect(knownClean(1, "", long)).toBe(false);
    remember("", long);
    expect(knownClean(1, "", long)).toBe(false);
  });

  it("a remember() without a lookup stores nothing", () => {
    remember("", "never looked up");
    expect(knownClean(3, "", "never looked up")).toBe(false);
  });
});

describe("identity level of the clean-value cache", () => {
  it("answers for the same string object under the same context and header name only", () => {
    let v = "leather boots";
    let copy = "leather" + " boots"; // equal content, another object
    let h = "x-note";
    expect(sameAsClean(33, h, v)).toBe(false);
    rememberSame(33, h, v);
    let before = refHits;
    expect(sameAsClean(33, h, v)).toBe(true);
    expect(refHits).toBe(before + 1);
    expect(sameAsClean(33, h, copy)).toBe(false);
    expect(sameAsClean(34, h, v)).toBe(false);
    expect(sameAsClean(33, "x-other", v)).toBe(false);
  });

  it("never holds long values", () => {
    let long = "a".repeat(MAX_CHARS + 1);
    rememberSame(35, "", long);
    expect(sameAsClean(35, "", long)).toBe(false);
  });
  it("keeps an entry that answers while one-off values keep arriving", () => {
    let key = "sku";
    rememberSame(40, "", key);
    expect(sameAsClean(40, "", key)).toBe(true);
    for (let i = 0; i < 5000; i++) {
      // New string objects every time, as values that differ per request are.
      rememberSame(40, "", "value " + i.toString());
      if ((i & 3) == 0) expect(sameAsClean(40, "", key)).toBe(true);
    }
  });

  it("replaces an entry that stopped answering", () => {
    let old = "old" + "-entry";
    rememberSame(41, "", old);
    // Without further hits, a flood of new values takes its slot sooner or later.
    for (let i = 0; i < 5000; i++) rememberSame(41, "", "other " + i.toString());
    expect(sameAsClean(41, "", old)).toBe(false);
  });
});
