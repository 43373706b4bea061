import { compressWhitespace } from "./whitespace";

describe("compressWhitespace", () => {
  it("turns every run of whitespace into one space", () => {
    expect(compressWhitespace("union\t\n \u000Bselect\u00A0\u00A0*")).toBe("union select *");
    expect(compressWhitespace("\r\n a \f")).toBe(" a ");
    expect(compressWhitespace("a\tb")).toBe("a b");
  });
  it("returns the same string when only single spaces occur", () => {
    let s = "a b c";
    expect(changetype<usize>(compressWhitespace(s))).toBe(changetype<usize>(s));
  });
});
