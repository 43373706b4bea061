import { hexValue, hex4 } from "./hex";

describe("hex", () => {
  it("reads hex digits in either case", () => {
    expect(hexValue(0x30)).toBe(0);
    expect(hexValue(0x66)).toBe(15);
    expect(hexValue(0x46)).toBe(15);
    expect(hexValue(0x67)).toBe(-1);
    expect(hexValue(0x2F)).toBe(-1);
    let b = String.UTF8.encode("00e9zzzz");
    expect(hex4(changetype<usize>(b))).toBe(0xE9);
    expect(hex4(changetype<usize>(b) + 4)).toBe(-1);
  });
});
