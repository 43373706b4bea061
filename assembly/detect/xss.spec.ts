import { detectXss, xssMayFind } from "./xss";
import { classesOf } from "./charclass";
import { Detector, Level } from "./finding";

function level(s: string): i32 { let f = detectXss(s); return f === null ? 0 : <i32>f.level; }
function id(s: string): string { let f = detectXss(s); return f === null ? "" : f.id; }

describe("xss: attacks", () => {
  it("script tags", () => {
    expect(level("<script>go()</script>")).toBe(Level.Basic);
    expect(level("<SCRIPT SRC=//h.example/x.js>")).toBe(Level.Basic);
    expect(level("\"><script>")).toBe(Level.Basic);
    expect(level("<x:script xmlns:x=\"http://www.w3.org/1999/xhtml\">")).toBe(Level.Basic);
    expect(id("<script>go()</script>")).toBe("BW-XSS-SCRIPT-1");
  });
  it("event handlers inside tags", () => {
    expect(level("<img src=q onerror=go()>")).toBe(Level.Basic);
    expect(level("<svg/onload=go()>")).toBe(Level.Basic);
    expect(level("<details open ontoggle=go()>")).toBe(Level.Basic);
    expect(level("<custom onfoobar=go()>")).toBe(Level.Standard);
    expect(id("<img src=q onerror=go()>")).toBe("BW-XSS-EVENT-1");
  });
  it("script URLs in loading attributes, with obfuscation", () => {
    expect(level("<a href=\"javascript:go()\">x</a>")).toBe(Level.Basic);
    expect(level("<a href=\"jav&#x09;ascript&colon;go()\">")).toBe(Level.Basic);
    expect(level("<iframe src=\"data:text/html,<b>\">")).toBe(Level.Basic);
    expect(level("<form action=vbscript:go>")).toBe(Level.Basic);
    expect(level("<meta http-equiv=refresh content=\"0;url=javascript:go()\">")).toBe(Level.Basic);
  });
  it("tags that load or rewrite the page", () => {
    expect(level("<iframe src=//h.example>")).toBe(Level.Standard);
    expect(level("<object data=movie.swf>")).toBe(Level.Standard);
    expect(level("<embed src=movie.swf>")).toBe(Level.Standard);
    expect(level("<base href=//h.example/>")).toBe(Level.Standard);
    expect(level("<meta http-equiv=\"refresh\" content=\"0\">")).toBe(Level.Standard);
    expect(level("<style>@import '//h.example/a.css';</style>")).toBe(Level.Standard);
    expect(level("<p style=\"width:expression(go())\">")).toBe(Level.Standard);
  });
  it("attribute breaking", () => {
    expect(level("\" onmouseover=\"go()")).toBe(Level.Standard);
    expect(level("' autofocus onfocus='go()")).toBe(Level.Standard);
  });
  it("script URLs as values and JS in script contexts", () => {
    expect(level("javascript:go()")).toBe(Level.Standard);
    expect(level("  javascript:void(0)")).toBe(Level.Standard);
    expect(level("data:text/html;base64,AAAA")).toBe(Level.Standard);
    expect(level("';alert(1)//")).toBe(Level.Standard);
    expect(level("\"-prompt(9)-\"")).toBe(Level.Standard);
    expect(level("{{constructor.constructor('go()')()}}")).toBe(Level.Standard);
    expect(level("top[\"al\"+\"ert\"](1)")).toBe(Level.Standard);
    expect(level("(document)['cookie']")).toBe(Level.Standard);
    expect(level("x=document /*c*/ . cookie")).toBe(Level.Standard);
    expect(level("(![]+[])[+!![]]+(!![]+[])[+[]]")).toBe(Level.Standard);
    expect(level("+ADw-script+AD4-go()+ADw-/script+AD4-")).toBe(Level.Standard);
  });
  it("reports where the evidence is", () => {
    let f = detectXss("hello <script>x</script>")!;
    expect(f.detector).toBe(<u8>Detector.Xss);
    expect(f.offset).toBe(6);
  });
});

describe("xss: benign text passes at Standard", () => {
  it("markdown and simple markup", () => {
    expect(level("**bold**, _it_, [link](https://example.com) and ![](img.png)")).toBe(0);
    expect(level("<b>bold</b> and <i>italic</i> and <p class=\"x\">para</p>")).toBe(0);
    expect(level("<a href=\"https://example.com/page\">link</a>")).toBe(0);
  });
  it("comparisons, emails and autolinks", () => {
    expect(level("a < b > c")).toBe(0);
    expect(level("if x<y and y>z")).toBe(0);
    expect(level("Write to <jane@example.org>")).toBe(0);
    expect(level("<https://example.com/docs>")).toBe(0);
  });
  it("the word javascript in URLs and prose", () => {
    expect(level("https://example.com/javascript/intro")).toBe(0);
    expect(level("I love javascript")).toBe(0);
    let l = level("javascript: the good parts");
    expect(l == 0 || l == Level.Strict).toBe(true);
  });
  it("sink names in prose are at most Strict", () => {
    let l = level("I got an alert(s) from the bank");
    expect(l == 0 || l == Level.Strict).toBe(true);
    l = level("Use document.cookie carefully");
    expect(l == 0 || l == Level.Strict).toBe(true);
    expect(level("print(f\"{i}\")")).toBe(0);
    l = level("confirm('Delete?') is blocking");
    expect(l == 0 || l == Level.Strict).toBe(true);
    l = level("Use an <iframe> to embed the video");
    expect(l == 0 || l == Level.Strict).toBe(true);
    l = level("https://example.com/data:text/html");
    expect(l == 0 || l == Level.Strict).toBe(true);
    l = level("window.location is where you are");
    expect(l == 0 || l == Level.Strict).toBe(true);
  });
});

describe("xss: bounded work", () => {
  it("handles long hostile input", () => {
    let s = "<a \"".repeat(50000) + "<x ".repeat(50000);
    expect(level(s)).toBeGreaterThanOrEqual(0);
    let big = "text <b>x</b> ".repeat(80000) + "<script>";
    expect(level(big)).toBe(Level.Basic);
  });
});

describe("xssMayFind", () => {
  it("skips words, numbers and e-mail-like values without script punctuation", () => {
    const skip = ["SKU-48213", "45.5", "running shoes", "leather blue red 45", "FOO.BAR", "a/b c", "x_y@z"];
    for (let i = 0; i < skip.length; i++) {
      expect(xssMayFind(classesOf(skip[i]))).toBe(false);
      expect(detectXss(skip[i])).toBeNull();
    }
  });
  it("runs on every shape a finding needs", () => {
    const run = ["document.cookie", "constructor.constructor", "<b", "a=b", "javascript:x", "&#106;", "![]![]", "ADw-script", "f(x)", "f`x`"];
    for (let i = 0; i < run.length; i++) expect(xssMayFind(classesOf(run[i]))).toBe(true);
    expect(detectXss("document.cookie")).not.toBeNull();
    expect(detectXss("+ADw-script+AD4-")).not.toBeNull();
  });
});
