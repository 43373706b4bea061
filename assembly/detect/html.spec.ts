import { TagReader, schemeAt, schemeKind, decodeAt, decChar, decNext, spanIs } from "./html";

describe("html: character references", () => {
  it("decodes numeric references with and without ';'", () => {
    decodeAt("&#106;", 0, 6);
    expect(decChar).toBe(106);
    expect(decNext).toBe(6);
    decodeAt("&#x6A", 0, 5);
    expect(decChar).toBe(106);
    decodeAt("&#0000000106;x", 0, 14);
    expect(decChar).toBe(106);
  });
  it("decodes the named references that hide schemes", () => {
    decodeAt("&colon;", 0, 7);
    expect(decChar).toBe(58);
    decodeAt("&Tab;", 0, 5);
    expect(decChar).toBe(9);
    decodeAt("&NewLine;", 0, 9);
    expect(decChar).toBe(10);
  });
  it("leaves other text alone", () => {
    decodeAt("&unknown;", 0, 9);
    expect(decChar).toBe(38);
    expect(decNext).toBe(1);
    decodeAt("a", 0, 1);
    expect(decChar).toBe(97);
  });
});

describe("html: dangerous schemes", () => {
  it("finds javascript:, vbscript: and data:text/html", () => {
    expect(schemeAt("javascript:x", 0, 12)).toBe(11);
    expect(schemeKind).toBe(1);
    expect(schemeAt("VBScript:x", 0, 10)).toBe(9);
    expect(schemeKind).toBe(2);
    expect(schemeAt("data:text/html,x", 0, 16)).toBe(14);
    expect(schemeKind).toBe(3);
  });
  it("sees through references and ignored whitespace", () => {
    let s = "jav&#x09;ascript&colon;x";
    expect(schemeAt(s, 0, s.length)).toBeGreaterThan(0);
    s = "java\nscript:x";
    expect(schemeAt(s, 0, s.length)).toBeGreaterThan(0);
    s = "&#106;avascript:x";
    expect(schemeAt(s, 0, s.length)).toBeGreaterThan(0);
  });
  it("does not match other words", () => {
    expect(schemeAt("javascript", 0, 10)).toBe(-1);
    expect(schemeAt("java script:", 0, 12)).toBe(-1);
    expect(schemeAt("database:", 0, 9)).toBe(-1);
  });
});

describe("html: tag reader", () => {
  it("reads names and attributes like a browser", () => {
    let r = new TagReader();
    let s = "<img src=x onerror = \"a b\" alt='c'/>";
    r.reset(s);
    expect(r.begin(0)).toBe(true);
    expect(spanIs(s, r.nameStart, r.nameEnd, "img")).toBe(true);
    expect(r.nextAttr()).toBe(true);
    expect(spanIs(s, r.attrStart, r.attrEnd, "src")).toBe(true);
    expect(spanIs(s, r.valStart, r.valEnd, "x")).toBe(true);
    expect(r.nextAttr()).toBe(true);
    expect(spanIs(s, r.attrStart, r.attrEnd, "onerror")).toBe(true);
    expect(spanIs(s, r.valStart, r.valEnd, "a b")).toBe(true);
    expect(r.nextAttr()).toBe(true);
    expect(spanIs(s, r.valStart, r.valEnd, "c")).toBe(true);
    expect(r.nextAttr()).toBe(false);
    expect(r.closed).toBe(true);
    expect(r.close).toBe(s.length);
  });
  it("separates attributes by slashes and accepts unclosed tags", () => {
    let r = new TagReader();
    let s = "<svg/onload=go";
    r.reset(s);
    expect(r.begin(0)).toBe(true);
    expect(r.nextAttr()).toBe(true);
    expect(spanIs(s, r.attrStart, r.attrEnd, "onload")).toBe(true);
    expect(r.nextAttr()).toBe(false);
    expect(r.closed).toBe(false);
  });
  it("is no tag without a letter after '<'", () => {
    let r = new TagReader();
    r.reset("a < b");
    expect(r.begin(2)).toBe(false);
    r.reset("<3");
    expect(r.begin(0)).toBe(false);
  });
});
