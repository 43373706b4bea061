import { CharSet } from "./charset";
import { foldSet, addFoldOrbit, FOLD_MAX } from "./casefold";

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
  it("visits only foldable code points yet closes sets like a walk over every code point", () => {
    // Reference: the orbit of every code point of the set, up to FOLD_MAX and the
    // three orbit members above it.
    let sets: Array<CharSet> = [
      CharSet.of(0x3c, 0x3c).negate(), // [^<]
      CharSet.of(0x61, 0x7a),
      CharSet.of(0x100, 0x200),
      CharSet.of(0x370, 0x600),
      CharSet.of(0x2000, 0x2200),
      CharSet.of(0xff00, 0xffff),
      CharSet.of(0x4b, 0x4b).addChar(0x17f).addChar(0x3c2),
    ];
    for (let i = 0; i < sets.length; i++) {
      let s = sets[i];
      let ref = s.clone();
      let r = s.ranges;
      for (let j = 0; j < r.length; j += 2) {
        let end = r[j + 1] < FOLD_MAX ? r[j + 1] : FOLD_MAX;
        for (let c = r[j]; c <= end; c++) addFoldOrbit(c, ref);
        if (r[j] <= 0x212a && r[j + 1] >= 0x212a) addFoldOrbit(0x212a, ref);
        if (r[j] <= 0x212b && r[j + 1] >= 0x212b) addFoldOrbit(0x212b, ref);
        if (r[j] <= 0x1e9e && r[j + 1] >= 0x1e9e) addFoldOrbit(0x1e9e, ref);
      }
      let got = foldSet(s);
      expect(got.ranges.length).toBe(ref.ranges.length);
      for (let j = 0; j < ref.ranges.length; j++) expect(got.ranges[j]).toBe(ref.ranges[j]);
    }
  });
});
