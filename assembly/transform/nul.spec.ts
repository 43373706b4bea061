import { hasNul, removeNul } from "./nul";

describe("NUL", () => {
  it("detects and removes NUL characters", () => {
    expect(hasNul("file.php\0.jpg")).toBe(true);
    expect(hasNul("file.php")).toBe(false);
    expect(removeNul("a\0b\0\0c")).toBe("abc");
    let s = "clean";
    expect(changetype<usize>(removeNul(s))).toBe(changetype<usize>(s));
  });
});
