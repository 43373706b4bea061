import { scanXml, decodeReferences } from "./xml";
import { parseRawBody, isBinaryMediaType, isXmlMediaType } from "./raw_body";
import { Item, Source, SOURCE_BODY } from "./items";

function scan(s: string, out: Array<Item>): bool {
  out.length = 0;
  return scanXml(s, out);
}

describe("scanXml", () => {
  it("yields text nodes, attribute values and CDATA with their paths; skips markup", () => {
    let out = new Array<Item>();
    expect(scan("<?xml version=\"1.0\"?><!-- c --><a x=\"1\" xmlns=\"urn:a\" xmlns:p=\"urn:p\"><b>hi</b>\n <c/><d><![CDATA[<raw> & ]]></d> tail</a>", out)).toBe(true);
    expect(out.length).toBe(4);
    expect(out[0].name).toBe("/a/@x"); expect(out[0].value).toBe("1");
    expect(out[1].name).toBe("/a/b"); expect(out[1].value).toBe("hi");
    expect(out[2].name).toBe("/a/d"); expect(out[2].value).toBe("<raw> & ");
    expect(out[3].name).toBe("/a"); expect(out[3].value).toBe("tail");
    expect(out[0].source).toBe(SOURCE_BODY);
  });

  it("decodes predefined and numeric references, keeps unknown ones", () => {
    let out = new Array<Item>();
    expect(scan("<a t='&lt;s&gt;&#39;&#x41;&quot;&apos;&amp;'>&xxe; &#10;x</a>", out)).toBe(true);
    expect(out[0].value).toBe("<s>'A\"'&");
    expect(out[1].value).toBe("&xxe; \nx");
    expect(decodeReferences("a&b;c&#xZZ;", 0, 11)).toBe("a&b;c&#xZZ;");
  });

  it("keeps a DOCTYPE with its internal subset as one item", () => {
    let out = new Array<Item>();
    let doc = "<!DOCTYPE r [<!ENTITY e SYSTEM \"file:///x>y\">]>";
    expect(scan(doc + "<r>&e;</r>", out)).toBe(true);
    expect(out[0].name).toBe("!DOCTYPE");
    expect(out[0].value).toBe(doc);
    expect(out[1].name).toBe("/r");
  });

  it("pops on end tags without matching their names; namespaced names", () => {
    let out = new Array<Item>();
    expect(scan("<s:E><s:B><m:X>1</m:X></s:B><s:F>2</s:F></s:E>", out)).toBe(true);
    expect(out[0].name).toBe("/s:E/s:B/m:X");
    expect(out[1].name).toBe("/s:E/s:F");
  });

  it("bounds the path of deep documents", () => {
    let s = "";
    for (let i = 0; i < 100; i++) s += "<e>";
    s += "x";
    let out = new Array<Item>();
    expect(scan(s, out)).toBe(true);
    expect(out.length).toBe(1);
    expect(out[0].name.length).toBeLessThanOrEqual(32 * 2 + 3);
    expect(out[0].name.endsWith("/…")).toBe(true);
  });

  it("returns false on markup it cannot follow", () => {
    let out = new Array<Item>();
    expect(scan("<a>1 < 2</a>", out)).toBe(false);
    expect(scan("<a b=1>", out)).toBe(false);
    expect(scan("<a><!-- open", out)).toBe(false);
    expect(scan("<a><![CDATA[x", out)).toBe(false);
    expect(scan("<a", out)).toBe(false);
    expect(scan("<!ELEMENT x ANY>", out)).toBe(false);
  });
});

describe("parseRawBody", () => {
  it("scans XML media types and sniffed XML; other text is one item named body", () => {
    let out = new Array<Item>();
    parseRawBody(Uint8Array.wrap(String.UTF8.encode("<a>1</a>")), "application/soap+xml; charset=utf-8", out);
    expect(out.length).toBe(1); expect(out[0].name).toBe("/a");
    out.length = 0;
    parseRawBody(Uint8Array.wrap(String.UTF8.encode(" <?xml version=\"1.0\"?><a>1</a>")), "text/plain", out);
    expect(out[0].name).toBe("/a");
    out.length = 0;
    parseRawBody(Uint8Array.wrap(String.UTF8.encode("<a>1</a>")), "text/plain", out);
    expect(out.length).toBe(1); expect(out[0].name).toBe("body"); expect(out[0].value).toBe("<a>1</a>");
    out.length = 0;
    parseRawBody(Uint8Array.wrap(String.UTF8.encode("<a>1 < 2</a>")), "text/xml", out);
    expect(out.length).toBe(1); expect(out[0].name).toBe("body");
    out.length = 0;
    parseRawBody(new Uint8Array(0), "text/plain", out);
    expect(out.length).toBe(0);
  });

  it("classifies media types", () => {
    expect(isXmlMediaType("application/atom+xml")).toBe(true);
    expect(isXmlMediaType("text/plain")).toBe(false);
    expect(isBinaryMediaType("image/png")).toBe(true);
    expect(isBinaryMediaType("application/octet-stream")).toBe(true);
    expect(isBinaryMediaType("text/csv")).toBe(false);
    expect(isBinaryMediaType("")).toBe(false);
  });
});
