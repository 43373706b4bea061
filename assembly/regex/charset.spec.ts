import { CharSet, MAX_RUNE } from "./charset";
import { foldSet } from "./casefold";
import { utf8Sequences, Utf8Sequences, encodeRune } from "./utf8";
import { perlClass, posixClass, isWordByte } from "./classes";

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

describe("UTF-8", () => {
  it("encodes runes", () => {
    let out: Array<i32> = [];
    encodeRune(0x20ac, out);
    expect(out.length).toBe(3);
    expect(out[0]).toBe(0xe2);
    expect(out[1]).toBe(0x82);
    expect(out[2]).toBe(0xac);
  });
  it("splits ranges into sequences, skipping surrogates", () => {
    let s = new Utf8Sequences();
    utf8Sequences(0x80, MAX_RUNE, s);
    // C2-DF | E0 A0-BF | E1-EC | ED 80-9F | EE-EF | F0 90-BF | F1-F3 | F4 80-8F
    expect(s.count).toBe(8);
    let one = new Utf8Sequences();
    utf8Sequences(0xe9, 0xe9, one);
    expect(one.count).toBe(1);
    expect(one.data[0]).toBe(2);
  });
});

describe("Perl and POSIX classes", () => {
  it("are ASCII", () => {
    expect(perlClass(0x77)!.contains(0x5f)).toBe(true);
    expect(perlClass(0x73)!.contains(0x0b)).toBe(false);
    expect(posixClass("alnum")!.contains(0x41)).toBe(true);
    expect(posixClass("bogus")).toBeNull();
    expect(isWordByte(0x5f)).toBe(true);
    expect(isWordByte(0x2d)).toBe(false);
  });
});
