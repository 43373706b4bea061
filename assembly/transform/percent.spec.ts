import { percentDecode, lastPercentFlags, percentDecodeBytes, hasInvalidPercent, stringFlags } from "./percent";
import { ItemFlag } from "./flags";

describe("percentDecode", () => {
  it("decodes %XX in either case and returns the same string when there is nothing to do", () => {
    expect(percentDecode("/a%20b%2Fc%2fd")).toBe("/a b/c/d");
    let s = "plain";
    expect(changetype<usize>(percentDecode(s))).toBe(changetype<usize>(s));
  });

  it("keeps invalid escapes as written and flags them", () => {
    expect(percentDecode("%zz%4")).toBe("%zz%4");
    expect(lastPercentFlags() & ItemFlag.InvalidPercent).toBe(ItemFlag.InvalidPercent);
    expect(percentDecode("%%41")).toBe("%A");
    expect(percentDecode("%u12")).toBe("%u12"); // truncated %u escape
    expect(lastPercentFlags() & ItemFlag.InvalidPercent).toBe(ItemFlag.InvalidPercent);
  });

  it("decodes %uXXXX (also surrogate pairs) and flags it", () => {
    expect(percentDecode("%u003Cscript%u003E")).toBe("<script>");
    expect(lastPercentFlags() & ItemFlag.PercentUnicode).toBe(ItemFlag.PercentUnicode);
    expect(percentDecode("%uD83D%uDE00")).toBe("😀");
    expect(percentDecode("%uD800x")).toBe("\uFFFDx");
    expect(lastPercentFlags() & ItemFlag.LoneSurrogate).toBe(ItemFlag.LoneSurrogate);
    // Without unicode decoding, %u is just an invalid escape.
    expect(percentDecode("%u0041", false)).toBe("%u0041");
    expect(lastPercentFlags() & ItemFlag.InvalidPercent).toBe(ItemFlag.InvalidPercent);
  });

  it("'+' is a space only when asked", () => {
    expect(percentDecode("a+b%2B", true, true)).toBe("a b+");
    expect(percentDecode("a+b", true, false)).toBe("a+b");
  });

  it("flags invalid and overlong UTF-8 and NUL", () => {
    expect(percentDecode("%C0%AF")).toBe("\uFFFD\uFFFD");
    expect(lastPercentFlags() & ItemFlag.OverlongUtf8).toBe(ItemFlag.OverlongUtf8);
    expect(percentDecode("a%00b").length).toBe(3);
    expect(lastPercentFlags() & ItemFlag.HasNul).toBe(ItemFlag.HasNul);
    expect(percentDecode("caf%C3%A9")).toBe("café");
    expect(lastPercentFlags()).toBe(0);
  });

  it("decodes from bytes without touching them", () => {
    let src = String.UTF8.encode("x%41+y");
    expect(percentDecodeBytes(changetype<usize>(src), 6, true, false)).toBe("xA y");
    expect(String.UTF8.decode(src)).toBe("x%41+y");
  });

  it("helpers", () => {
    expect(hasInvalidPercent("%41%4")).toBe(true);
    expect(hasInvalidPercent("%41")).toBe(false);
    expect(stringFlags("a\0")).toBe(ItemFlag.HasNul | ItemFlag.ControlChar);
    expect(stringFlags("a\tb")).toBe(0);
  });
});
