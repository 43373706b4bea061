import { MAX_RUNE } from "./charset";
import { utf8Sequences, Utf8Sequences, encodeRune } from "./utf8";

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

describe("UTF-8 sequence boundaries", () => {
  it("splits at encoded-length boundaries", () => {
    let s = new Utf8Sequences();
    utf8Sequences(0x7f0, 0x810, s); // straddles 2-byte / 3-byte
    expect(s.count).toBeGreaterThanOrEqual(2);
    expect(s.data[0]).toBe(2);
  });
  it("yields nothing for a surrogate-only range", () => {
    let s = new Utf8Sequences();
    utf8Sequences(0xd800, 0xdfff, s);
    expect(s.count).toBe(0);
  });
});
