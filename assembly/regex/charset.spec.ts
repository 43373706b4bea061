import { CharSet, MAX_RUNE } from "./charset";

describe("CharSet", () => {
  it("merges overlapping and adjacent ranges", () => {
    let s = new CharSet();
    s.addRange(10, 20).addRange(21, 30).addRange(5, 12).addChar(40);
    expect(s.ranges.length).toBe(4);
    expect(s.ranges[0]).toBe(5);
    expect(s.ranges[1]).toBe(30);
    expect(s.contains(40)).toBe(true);
    expect(s.contains(35)).toBe(false);
  });
  it("negates within the code-point space", () => {
    let s = CharSet.of(0x61, 0x61).negate();
    expect(s.contains(0x61)).toBe(false);
    expect(s.contains(0)).toBe(true);
    expect(s.contains(MAX_RUNE)).toBe(true);
    expect(CharSet.of(0, 0x10).negate().coversNonAscii()).toBe(true);
  });
  it("agrees with a bitmap after random in-place additions", () => {
    // addRange edits the range list in place (append, insert, merge several):
    // compare every outcome with a plain membership bitmap.
    let seed: u32 = 7;
    for (let round = 0; round < 20; round++) {
      let s = new CharSet();
      let bits = new StaticArray<bool>(600);
      for (let k = 0; k < 30; k++) {
        seed = seed * 1103515245 + 12345;
        let lo = <i32>((seed >> 8) % 500);
        seed = seed * 1103515245 + 12345;
        let hi = lo + <i32>((seed >> 8) % (k % 3 == 0 ? 40 : 4));
        s.addRange(lo, hi);
        for (let c = lo; c <= hi; c++) bits[c] = true;
      }
      for (let c = 0; c < 600; c++) expect(s.contains(c)).toBe(bits[c]);
      // sorted, non-overlapping, non-adjacent
      let r = s.ranges;
      for (let i = 0; i < r.length; i += 2) {
        expect(r[i]).toBeLessThanOrEqual(r[i + 1]);
        if (i > 0) expect(r[i]).toBeGreaterThan(r[i - 1] + 1);
      }
    }
  });
});
