import { htmlEntityDecode, lastHtmlFlags } from "./html_entity";
import { ItemFlag } from "./flags";

describe("htmlEntityDecode", () => {
  it("named references with ';'", () => {
    expect(htmlEntityDecode("&lt;script&gt;")).toBe("<script>");
    expect(htmlEntityDecode("javascript&colon;alert&lpar;1&rpar;")).toBe("javascript:alert(1)");
    expect(htmlEntityDecode("a&Tab;b&NewLine;c")).toBe("a\tb\nc");
    expect(lastHtmlFlags()).toBe(ItemFlag.HtmlEntity);
  });

  it("legacy names without ';' use the longest known prefix", () => {
    expect(htmlEntityDecode("&ltscript&gt")).toBe("<script>");
    expect(htmlEntityDecode("&ampx")).toBe("&x");
    expect(htmlEntityDecode("&quot")).toBe("\"");
    // Non-legacy names need ';'.
    expect(htmlEntityDecode("&colon")).toBe("&colon");
  });

  it("decimal and hex, with and without ';'", () => {
    expect(htmlEntityDecode("&#60;&#x3c;&#X3C;&#0060&#x3Cx")).toBe("<<<<<x");
    expect(htmlEntityDecode("jav&#x61;script")).toBe("javascript");
    expect(htmlEntityDecode("&#128512;")).toBe("😀");
  });

  it("invalid code points become U+FFFD", () => {
    expect(htmlEntityDecode("&#0;")).toBe("\uFFFD");
    expect(htmlEntityDecode("&#xD800;")).toBe("\uFFFD");
    expect(htmlEntityDecode("&#99999999999999999999;")).toBe("\uFFFD");
  });

  it("leaves unknown or empty references as written", () => {
    expect(htmlEntityDecode("&unknown; & &; &#; &#x;")).toBe("&unknown; & &; &#; &#x;");
    expect(lastHtmlFlags()).toBe(0);
    let s = "no entities";
    expect(changetype<usize>(htmlEntityDecode(s))).toBe(changetype<usize>(s));
  });
});
