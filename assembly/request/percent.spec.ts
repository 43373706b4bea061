import { percentDecode, hasInvalidPercentEscape, decodedHadInvalidUtf8 } from "./percent";

describe("percent decoding", () => {
  it("decodes %XX in either case", () => {
    expect(percentDecode("/a%20b%2Fc%2fd")).toBe("/a b/c/d");
  });

  it("returns the very same string when there is nothing to decode", () => {
    let s = "/plain/path";
    expect(changetype<usize>(percentDecode(s))).toBe(changetype<usize>(s));
  });

  it("keeps invalid escapes as written and flags them", () => {
    expect(percentDecode("/%zz/%")).toBe("/%zz/%");
    expect(percentDecode("%4")).toBe("%4");
    expect(percentDecode("%%41")).toBe("%A");
    expect(hasInvalidPercentEscape("/%zz")).toBe(true);
    expect(hasInvalidPercentEscape("/a%")).toBe(true);
    expect(hasInvalidPercentEscape("/a%4")).toBe(true);
    expect(hasInvalidPercentEscape("/a%41%42")).toBe(false);
    expect(hasInvalidPercentEscape("/plain")).toBe(false);
  });

  it("treats '+' as space only when asked (query strings)", () => {
    expect(percentDecode("a+b", true)).toBe("a b");
    expect(percentDecode("a+b", false)).toBe("a+b");
    expect(percentDecode("a%2Bb", true)).toBe("a+b");
  });

  it("decodes multi-byte UTF-8 and refuses overlong forms", () => {
    expect(percentDecode("/caf%C3%A9")).toBe("/café");
    expect(decodedHadInvalidUtf8()).toBe(false);
    // %C0%AF is an overlong '/': it must not become a path separator.
    expect(percentDecode("/a%C0%AFb")).toBe("/a\uFFFD\uFFFDb");
    expect(decodedHadInvalidUtf8()).toBe(true);
  });

  it("decodes NUL bytes instead of truncating", () => {
    let d = percentDecode("a%00b");
    expect(d.length).toBe(3);
    expect(d.charCodeAt(1)).toBe(0);
  });

  it("decodes only once (%2541 stays %41)", () => {
    expect(percentDecode("%2541")).toBe("%41");
  });

  it("handles a large value linearly", () => {
    let s = "%41".repeat(100000);
    let d = percentDecode(s);
    expect(d.length).toBe(100000);
    expect(d.charCodeAt(99999)).toBe(0x41);
  });
});
