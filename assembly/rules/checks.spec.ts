import { CheckSet, CheckHit, scanValue, checkNumber, CHECK_NAMES, isSessionIdName, refererHost } from "./checks";
import { RequestModel, NoProperties } from "../request/model";
import { HeaderPair } from "../sdk/pairs";
import { Item, Source, ItemFlag } from "../parse/items";
import { parseForm } from "../parse/form";
import { RULE_ID, RULE_COUNT, RULE_KIND, RULE_BODY, RuleKind } from "./generated";

const BASIC = 0, STANDARD = 1, STRICT = 2;
const ALL: u32 = 0xffffffff;

// A browser-like request; `extra` adds (name, value) pairs, `drop` removes headers by name.
function req(method: string, path: string, extra: Array<string> = [], drop: Array<string> = []): RequestModel {
  let base = [
    ":method", method, ":path", path, ":authority", "shop.example.com", ":scheme", "https",
    "user-agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
    "accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "accept-language", "en-US,en;q=0.5", "accept-encoding", "gzip, deflate, br",
  ];
  let hs = new Array<HeaderPair>();
  for (let i = 0; i < base.length; i += 2) if (!drop.includes(base[i])) hs.push(new HeaderPair(base[i], base[i + 1]));
  for (let i = 0; i < extra.length; i += 2) hs.push(new HeaderPair(extra[i], extra[i + 1]));
  return new RequestModel(hs, new NoProperties());
}

function ids(hits: Array<CheckHit>): string {
  let s = new Array<string>();
  for (let i = 0; i < hits.length; i++) s.push(RULE_ID[hits[i].rule]);
  return s.join(",");
}

function run(level: i32, m: RequestModel): string {
  let out = new Array<CheckHit>();
  CheckSet.compile(level, ALL).checkRequest(m, out);
  return ids(out);
}

function runBody(level: i32, m: RequestModel, body: string): string {
  let items = new Array<Item>();
  parseForm(Uint8Array.wrap(String.UTF8.encode(body)), Source.Post, items);
  let out = new Array<CheckHit>();
  CheckSet.compile(level, ALL).checkBody(m, items, out);
  return ids(out);
}

describe("CheckSet.compile", () => {
  it("selects check rules by level and key", () => {
    expect(CheckSet.compile(STRICT, ALL).empty).toBe(false);
    expect(CheckSet.compile(STRICT, 0).empty).toBe(true);
    // SQL only: no check rules.
    expect(CheckSet.compile(STRICT, 1).empty).toBe(true);
  });

  it("knows every check name the catalogue uses", () => {
    for (let i = 0; i < RULE_COUNT; i++) {
      if (RULE_KIND[i] != RuleKind.Check) continue;
      expect(checkNumber(RULE_BODY[i])).toBeGreaterThanOrEqual(0, RULE_ID[i]);
    }
    expect(checkNumber("no-such-check")).toBe(-1);
    expect(CHECK_NAMES.length).toBe(27);
  });
});

describe("browser and API traffic passes at Strict minus SANITY/HPP, Standard in full", () => {
  it("ordinary GET, POST, nested URLs, escape() text", () => {
    expect(run(STANDARD, req("GET", "/search?q=caf%C3%A9+cr%C3%A8me&page=2&sort=price"))).toBe("");
    expect(run(STANDARD, req("GET", "/login?next=https%3A%2F%2Fshop.example.com%2Fcart%3Fref%3Da%2520b%252Fc"))).toBe("");
    expect(run(STANDARD, req("GET", "/t?name=%u4E2D%u6587&x=%25C3%25A9"))).toBe("");
    expect(run(STANDARD, req("POST", "/api/items", ["content-type", "application/json", "content-length", "42"]))).toBe("");
    expect(run(STANDARD, req("POST", "/upload", ["transfer-encoding", "chunked"]))).toBe("");
    expect(run(STANDARD, req("GET", "/a", ["cookie", "sid=abc%3D%3D; prefs=%7B%22a%22%3A1%7D"]))).toBe("");
    expect(run(STANDARD, req("GET", "/files/report%20final.pdf"))).toBe("");
    expect(runBody(STANDARD, req("POST", "/f"), "a=1&a=2&tags[]=x&tags[]=y&comment=50%25+off")).toBe("");
  });

  it("at Standard, no sanity check on a curl-like request", () => {
    expect(run(STANDARD, req("GET", "/x", [], ["user-agent", "accept"]))).toBe("");
  });
});

describe("protocol checks", () => {
  it("invalid method token", () => {
    expect(run(BASIC, req("GE T", "/"))).toBe("BW-PROTOCOL-0001");
    expect(run(BASIC, req("GET<", "/"))).toBe("BW-PROTOCOL-0001");
    expect(run(BASIC, req("", "/"))).toBe("BW-PROTOCOL-0001");
    expect(run(BASIC, req("PROPFIND", "/"))).toBe("");
  });

  it("Content-Length with Transfer-Encoding, duplicate or list Content-Length", () => {
    expect(run(BASIC, req("POST", "/", ["content-length", "4", "transfer-encoding", "chunked"]))).toBe("BW-PROTOCOL-0002");
    expect(run(BASIC, req("POST", "/", ["content-length", "4", "content-length", "4"]))).toBe("BW-PROTOCOL-0003");
    expect(run(BASIC, req("POST", "/", ["content-length", "4, 5"]))).toBe("BW-PROTOCOL-0003");
    expect(run(BASIC, req("POST", "/", ["content-length", "4"]))).toBe("");
  });

  it("Transfer-Encoding other than chunked", () => {
    expect(run(BASIC, req("POST", "/", ["transfer-encoding", "gzip, chunked"]))).toBe("BW-PROTOCOL-0004");
    expect(run(BASIC, req("POST", "/", ["transfer-encoding", "xchunked"]))).toBe("BW-PROTOCOL-0004");
    expect(run(BASIC, req("POST", "/", ["transfer-encoding", "chunked", "transfer-encoding", "chunked"]))).toBe("BW-PROTOCOL-0004");
    expect(run(BASIC, req("POST", "/", ["transfer-encoding", "Chunked"]))).toBe("");
  });

  it("header name syntax and control characters in values", () => {
    expect(run(BASIC, req("GET", "/", ["x foo", "1"]))).toBe("BW-PROTOCOL-0005");
    expect(run(BASIC, req("GET", "/", ["x-foo:", "1"]))).toBe("BW-PROTOCOL-0005");
    expect(run(STANDARD, req("GET", "/", ["x-foo", "a\x01b"]))).toBe("BW-PROTOCOL-0006");
    expect(run(BASIC, req("GET", "/", ["x-foo", "a\x01b"]))).toBe("");
    expect(run(STANDARD, req("GET", "/", ["x-foo", "a\tb"]))).toBe("");
    // A NUL in a header value is ENCODING-0001 (Basic).
    expect(run(BASIC, req("GET", "/", ["x-foo", "a\0b"]))).toBe("BW-ENCODING-0001");
  });

  it("headers seen clean before (the same string objects) never hide another header's problem", () => {
    let name = "x-trace";
    let value = "abc-123 " + "x".repeat(40);
    expect(run(STANDARD, req("GET", "/", [name, value]))).toBe("");
    expect(run(STANDARD, req("GET", "/", [name, value]))).toBe("");
    // Same name object, another value; same value object under a bad name.
    expect(run(STANDARD, req("GET", "/", [name, "a\x01b"]))).toBe("BW-PROTOCOL-0006");
    expect(run(BASIC, req("GET", "/", ["x foo", value]))).toBe("BW-PROTOCOL-0005");
    expect(run(BASIC, req("GET", "/", [name, value + "%00"]))).toBe("BW-ENCODING-0001");
    expect(run(STANDARD, req("GET", "/", [name, value]))).toBe("");
  });

  it("body on GET only at Strict", () => {
    let m = req("GET", "/", ["content-length", "10"]);
    expect(run(STANDARD, m)).toBe("");
    expect(run(STRICT, m).includes("BW-PROTOCOL-0010")).toBe(true);
    expect(run(STRICT, req("GET", "/", ["content-length", "0"])).includes("BW-PROTOCOL-0010")).toBe(false);
  });
});

describe("sanity checks", () => {
  it("missing Host is Basic; missing User-Agent, Accept and IP hosts are Strict", () => {
    let hs = [new HeaderPair(":method", "GET"), new HeaderPair(":path", "/"), new HeaderPair("user-agent", "x"), new HeaderPair("accept", "*/*")];
    expect(run(BASIC, new RequestModel(hs, new NoProperties()))).toBe("BW-SANITY-0001");
    expect(run(STRICT, req("GET", "/", [], ["user-agent"]))).toBe("BW-SANITY-0002");
    expect(run(STRICT, req("GET", "/", [], ["accept"]))).toBe("BW-SANITY-0003");
    expect(run(STRICT, req("POST", "/", ["content-type", "application/json"], ["accept"]))).toBe("");
    let ip = [new HeaderPair(":method", "GET"), new HeaderPair(":path", "/"), new HeaderPair(":authority", "10.0.0.1:8080"),
      new HeaderPair("user-agent", "x"), new HeaderPair("accept", "*/*")];
    expect(run(STRICT, new RequestModel(ip, new NoProperties()))).toBe("BW-SANITY-0004");
    expect(run(STANDARD, new RequestModel(ip, new NoProperties()))).toBe("");
  });
});

describe("encoding checks", () => {
  it("scanValue", () => {
    expect(scanValue("plain text")).toBe(0);
    expect(scanValue("a%00b") & ItemFlag.HasNul).toBe(ItemFlag.HasNul);
    expect(scanValue("%c0%af") & ItemFlag.OverlongUtf8).toBe(ItemFlag.OverlongUtf8);
    expect(scanValue("%e0%80%af") & ItemFlag.OverlongUtf8).toBe(ItemFlag.OverlongUtf8);
    expect(scanValue("%C3%A9")).toBe(0);
    expect(scanValue("%C3") & ItemFlag.InvalidUtf8).toBe(ItemFlag.InvalidUtf8);
    expect(scanValue("%252e%252e%252f") & ItemFlag.DoubleEncoded).toBe(ItemFlag.DoubleEncoded);
    expect(scanValue("%253A%252F%252F") & ItemFlag.DoubleEncoded).toBe(0);
    expect(scanValue("%u002e") & ItemFlag.PercentUnicode).toBe(ItemFlag.PercentUnicode);
    expect(scanValue("%uff0e") & ItemFlag.PercentUnicode).toBe(ItemFlag.PercentUnicode);
    expect(scanValue("%u4E2D")).toBe(0);
    expect(scanValue("%uD83D%uDE00")).toBe(0);
    expect(scanValue("%uD83D") & ItemFlag.LoneSurrogate).toBe(ItemFlag.LoneSurrogate);
    expect(scanValue("50%") & ItemFlag.InvalidPercent).toBe(ItemFlag.InvalidPercent);
    expect(scanValue("a%2Fb") & ItemFlag.EncodedSlash).toBe(ItemFlag.EncodedSlash);
    expect(scanValue("a%01b") & ItemFlag.ControlChar).toBe(ItemFlag.ControlChar);
    expect(scanValue("a%0d%0ab") & ItemFlag.ControlChar).toBe(0);
  });

  it("path, query and cookies", () => {
    expect(run(BASIC, req("GET", "/a%00.php"))).toBe("BW-ENCODING-0001");
    expect(run(BASIC, req("GET", "/%c0%ae%c0%ae/etc"))).toBe("BW-ENCODING-0002");
    expect(run(STANDARD, req("GET", "/x?f=%252e%252e%252fetc"))).toBe("BW-ENCODING-0003");
    expect(run(BASIC, req("GET", "/x?f=%252e%252e%252fetc"))).toBe("");
    expect(run(STANDARD, req("GET", "/x?f=%u003cscript"))).toBe("BW-ENCODING-0004");
    expect(run(STANDARD, req("GET", "/x?f=%uD800x"))).toBe("BW-ENCODING-0006");
    expect(run(STRICT, req("GET", "/x?f=%zz"))).toBe("BW-ENCODING-0007");
    expect(run(STRICT, req("GET", "/a%2Fb"))).toBe("BW-ENCODING-0008");
    expect(run(STRICT, req("GET", "/x?f=a%01b"))).toBe("BW-SANITY-0005");
    expect(run(STRICT, req("GET", "/x?f=%C3"))).toBe("BW-ENCODING-0005");
    expect(run(BASIC, req("GET", "/", ["cookie", "a=b%00c"]))).toBe("BW-ENCODING-0001");
  });

  it("a hit names the item and never shows a secret", () => {
    let out = new Array<CheckHit>();
    CheckSet.compile(BASIC, ALL).checkRequest(req("GET", "/x?id=1%00&password=a%00b", ["cookie", "sid=x%00"]), out);
    expect(out.length).toBe(3);
    expect(out[0].label).toBe("query:id");
    expect(out[0].item!.name).toBe("id");
    expect(out[0].fragment).toBe("1%00");
    expect(out[0].location).toBe(<i32>Source.Query);
    expect(out[1].fragment).toBe("***");
    expect(out[2].label).toBe("cookie:sid");
    expect(out[2].fragment).toBe("***");
    expect(out[2].item).toBeNull();
  });

  it("form bodies", () => {
    expect(runBody(BASIC, req("POST", "/f"), "a=ok&b=%c0%af")).toBe("BW-ENCODING-0002");
    expect(runBody(STANDARD, req("POST", "/f"), "a=%253Cscript")).toBe("BW-ENCODING-0003");
    // A pasted URL keeps its own escapes of quotes and percent signs.
    expect(runBody(STANDARD, req("POST", "/f"), "note=see+https%3A%2F%2Fx.example%2F%3Fq%3D%2522a%2522%2527%2525")).toBe("");
    expect(runBody(STANDARD, req("POST", "/f"), "a=%25%33%43")).toBe("BW-ENCODING-0003");
    expect(runBody(STANDARD, req("POST", "/f"), "a=%25u002e")).toBe("BW-ENCODING-0003");
    expect(runBody(STANDARD, req("POST", "/f"), "a=100%25+sure")).toBe("");
  });
});

describe("parameter pollution (Strict)", () => {
  it("duplicates in the query, array mixes, and across query and body", () => {
    expect(run(STRICT, req("GET", "/x?a=1&a=2"))).toBe("BW-HPP-0001");
    expect(run(STANDARD, req("GET", "/x?a=1&a=2"))).toBe("");
    expect(run(STRICT, req("GET", "/x?a[]=1&a[]=2"))).toBe("");
    expect(run(STRICT, req("GET", "/x?a=1&a[]=2"))).toBe("BW-HPP-0003");
    expect(runBody(STRICT, req("POST", "/x?a=1"), "a=2")).toBe("BW-HPP-0002");
    expect(runBody(STRICT, req("POST", "/x?b=1"), "a=2&a=3")).toBe("BW-HPP-0001");
    expect(runBody(STRICT, req("POST", "/x?b=1"), "a=2&c=3")).toBe("");
  });
});

describe("session fixation", () => {
  it("session id names of common platforms, not ordinary names", () => {
    let yes = ["PHPSESSID", "jsessionid", "ASP.NET_SessionId", "ASPSESSIONIDQQGGGNCG", "laravel_session", "connect.sid",
      "koa:sess", "zend_session_id", "__Host-next-auth.session-token", "_flask_session", "cftoken", "sessionid"];
    for (let i = 0; i < yes.length; i++) expect(isSessionIdName(yes[i])).toBe(true, yes[i]);
    let no = ["session", "session_state", "sid", "assessment", "state", "token", "session-token", "consid", "name"];
    for (let i = 0; i < no.length; i++) expect(isSessionIdName(no[i])).toBe(false, no[i]);
  });

  it("refererHost", () => {
    expect(refererHost("https://User:pw@Evil.Example:8443/a?b#c")).toBe("evil.example");
    expect(refererHost("http://shop.example")).toBe("shop.example");
    expect(refererHost("not a url")).toBe("");
  });

  it("fires only with a Referer from another site", () => {
    let m = req("GET", "/login?PHPSESSID=abc123", ["referer", "https://attacker.example/x"]);
    expect(run(STANDARD, m)).toBe("BW-SANITY-0009");
    expect(run(BASIC, m)).toBe("");
    expect(run(STANDARD, req("GET", "/login?PHPSESSID=abc123", ["referer", "https://www.shop.example.com/cart"]))).toBe("");
    expect(run(STANDARD, req("GET", "/login?PHPSESSID=abc123"))).toBe("");
    expect(run(STANDARD, req("GET", "/cb?code=x&session_state=y", ["referer", "https://login.idp.example/"]))).toBe("");
    expect(runBody(STANDARD, req("POST", "/login", ["referer", "http://evil.example/"]), "user=a&jsessionid=1")).toBe("BW-SANITY-0009");
  });
});

describe("method override", () => {
  it("_method naming a method in the query", () => {
    expect(run(STANDARD, req("GET", "/api/items/3?_method=DELETE"))).toBe("BW-PROTOCOL-0016");
    expect(run(STANDARD, req("GET", "/api/items/3?_METHOD=%70%75%74"))).toBe("BW-PROTOCOL-0016");
    expect(run(BASIC, req("GET", "/api/items/3?_method=DELETE"))).toBe("");
    expect(run(STANDARD, req("GET", "/api/items/3?_method=X"))).toBe("");
    expect(run(STANDARD, req("GET", "/api/items/3?payment_method=delete"))).toBe("");
  });
});

describe("methods and names", () => {
  it("unregistered methods at Standard", () => {
    expect(run(STANDARD, req("FOO", "/"))).toBe("BW-PROTOCOL-0018");
    expect(run(STANDARD, req("get", "/"))).toBe("BW-PROTOCOL-0018");
    expect(run(STANDARD, req("TRACE", "/"))).toBe("BW-PROTOCOL-0018");
    expect(run(BASIC, req("FOO", "/"))).toBe("");
    let ok = ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "PROPFIND", "MKCOL", "REPORT"];
    for (let i = 0; i < ok.length; i++) expect(run(STANDARD, req(ok[i], "/"))).toBe("", ok[i]);
  });

  it("control characters and line breaks in names", () => {
    expect(run(STANDARD, req("GET", "/x?a=1&%0d%0aRemote-addr:%20x=1"))).toBe("BW-PROTOCOL-0019");
    expect(runBody(STANDARD, req("POST", "/f"), "a%0a=1")).toBe("BW-PROTOCOL-0019");
    expect(run(STANDARD, req("GET", "/", ["cookie", "hi%13=bye"]))).toBe("BW-PROTOCOL-0019");
    // Line breaks in values are text (textareas); only Strict minds other controls there.
    expect(run(STANDARD, req("GET", "/x?comment=line+one%0D%0Aline+two"))).toBe("");
  });

  it("an escaped NUL in a header value", () => {
    expect(run(BASIC, req("GET", "/", ["referer", "https://a.example/x%00"]))).toBe("BW-ENCODING-0001");
    expect(run(BASIC, req("GET", "/", ["referer", "https://a.example/100%25"]))).toBe("");
  });
});
