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
});
