import { indexOfChar, unitAt, splitChar } from "./chars";

describe("indexOfChar", () => {
  it("finds the first occurrence within [from, to)", () => {
    expect(indexOfChar("a=b&c=d", 0x3D)).toBe(1);
    expect(indexOfChar("a=b&c=d", 0x3D, 2)).toBe(5);
    expect(indexOfChar("a=b&c=d", 0x3D, 2, 5)).toBe(-1);
    expect(indexOfChar("a=b&c=d", 0x3D, 2, 6)).toBe(5);
    expect(indexOfChar("", 0x3D)).toBe(-1);
    expect(indexOfChar("x", 0x78, -3, 100)).toBe(0);
    expect(indexOfChar("é€😀?", 0x3F)).toBe(4);
    expect(unitAt("é€", 1)).toBe(0x20AC);
  });

  it("splitChar splits like String#split", () => {
    expect(splitChar("a/b//c", 0x2F).join("|")).toBe("a|b||c");
    expect(splitChar("/a/b/", 0x2F, 1, 4).join("|")).toBe("a|b");
    expect(splitChar("", 0x2F).length).toBe(1);
    expect(splitChar("x", 0x2F).join("|")).toBe("x");
  });
});
