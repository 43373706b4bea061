import { Cls, classesOf, punct, byteInClasses } from "./charclass";

describe("charclass", () => {
  it("gives each printable punctuation character a class of its own", () => {
    let seen: u64 = 0;
    let p = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
    for (let i = 0; i < p.length; i++) {
      let b = classesOf(p.charAt(i));
      expect(b & seen).toBe(0);
      expect(b < Cls.Digit).toBe(true);
      seen |= b;
    }
    expect(seen).toBe(Cls.Digit - 1);
  });

  it("folds letters, digits, spaces and the rest into shared classes", () => {
    expect(classesOf("abc")).toBe(Cls.Lower);
    expect(classesOf("ABC123")).toBe(Cls.Upper | Cls.Digit);
    expect(classesOf("a b\tc")).toBe(Cls.Lower | Cls.Space | Cls.LineSpace);
    expect(classesOf("\0\x01\x7f")).toBe(Cls.Nul | Cls.Control);
    expect(classesOf("é")).toBe(Cls.NonAscii);
    expect(classesOf("")).toBe(0);
    expect(classesOf("SKU-1.5")).toBe(Cls.Upper | Cls.Digit | punct("-."));
  });

  it("maps UTF-8 bytes back to the classes", () => {
    let sig = Cls.Lower | punct("<");
    expect(byteInClasses(sig, 0x61)).toBe(true);
    expect(byteInClasses(sig, 0x3c)).toBe(true);
    expect(byteInClasses(sig, 0x3e)).toBe(false);
    expect(byteInClasses(sig, 0x41)).toBe(false);
    expect(byteInClasses(sig, 0xc3)).toBe(false);
    expect(byteInClasses(sig | Cls.NonAscii, 0xc3)).toBe(true);
  });
});
