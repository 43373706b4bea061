import { CharSet } from "./charset";
import { foldSet, addFoldOrbit } from "./casefold";

describe("case folding", () => {
  it("closes sets under simple folding", () => {
    let f = foldSet(CharSet.of(0x61, 0x61)); // a
    expect(f.contains(0x41)).toBe(true);
    let k = foldSet(CharSet.of(0x6b, 0x6b)); // k
    expect(k.contains(0x212a)).toBe(true);
    let sigma = foldSet(CharSet.of(0x3c3, 0x3c3)); // σ
    expect(sigma.contains(0x3a3)).toBe(true);
    expect(sigma.contains(0x3c2)).toBe(true);
    let e = foldSet(CharSet.of(0xe9, 0xe9)); // é
    expect(e.contains(0xc9)).toBe(true);
    let cyr = foldSet(CharSet.of(0x416, 0x416)); // Ж
    expect(cyr.contains(0x436)).toBe(true);
    let latA = foldSet(CharSet.of(0x141, 0x141)); // Ł
    expect(latA.contains(0x142)).toBe(true);
  });
});

describe("fold orbits", () => {
  it("include both cases and nothing else for plain letters", () => {
    let s = new CharSet();
    addFoldOrbit(0x51, s); // Q
    expect(s.ranges.length).toBe(4);
    expect(s.contains(0x71)).toBe(true);
    let d = new CharSet();
    addFoldOrbit(0x31, d); // 1 has no case
    expect(d.ranges.length).toBe(2);
  });
});
