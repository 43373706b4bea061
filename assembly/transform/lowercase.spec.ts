import { lowercase } from "./lowercase";

describe("lowercase", () => {
  it("folds ASCII and Latin-1 upper case", () => {
    expect(lowercase("SeLeCt ÀÉÎÕÜÞ")).toBe("select àéîõüþ");
  });
  it("leaves × (U+00D7), ß and other scripts alone", () => {
    expect(lowercase("×ßΣ")).toBe("×ßΣ");
  });
  it("returns the same string when already lower case", () => {
    let s = "union select";
    expect(changetype<usize>(lowercase(s))).toBe(changetype<usize>(s));
  });
});
