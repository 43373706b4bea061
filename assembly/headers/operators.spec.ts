import { parseTemplate, FormatContext, FormatEnv, Escape, escapeValue } from "./operators";
import { RequestModel, NoProperties } from "../request/model";
import { HeaderPair } from "../sdk/pairs";

class FixedEnv extends FormatEnv {
  sourceAddress(): string | null { return "203.0.113.7:51234"; }
  startMillis(): i64 { return 1700000000123; }
}

function model(requestId: string = "req-1"): RequestModel {
  let h = new Array<HeaderPair>();
  h.push(new HeaderPair(":method", "GET"));
  h.push(new HeaderPair(":path", "/a?b=1"));
  h.push(new HeaderPair("user-agent", "curl/8 <b>"));
  if (requestId.length > 0) h.push(new HeaderPair("x-request-id", requestId));
  return new RequestModel(h, new NoProperties());
}

function render(text: string, m: RequestModel = model(), escape: Escape = Escape.None): string {
  let t = parseTemplate(text, true);
  expect(t.error).toBe("");
  return t.template!.render(new FormatContext(m, new FixedEnv(), 503), escape);
}

describe("command operators", () => {
  it("keeps literal text and %% as %", () => {
    expect(render("plain")).toBe("plain");
    expect(render("100%% sure")).toBe("100% sure");
    expect(render("")).toBe("");
    let t = parseTemplate("plain", false).template!;
    expect(t.constant).toBe("plain");
  });
  it("renders every supported operator", () => {
    expect(render("id=%STREAM_ID%")).toBe("id=req-1");
    expect(render("%REQ(User-Agent)%")).toBe("curl/8 <b>");
    expect(render("%REQ(:path)%")).toBe("/a?b=1");
    expect(render("%REQ(x-missing)%")).toBe("-");
    expect(render("%REQ(x-missing?user-agent)%")).toBe("curl/8 <b>");
    expect(render("%REQ(user-agent):4%")).toBe("curl");
    expect(render("%DOWNSTREAM_REMOTE_ADDRESS%")).toBe("203.0.113.7:51234");
    expect(render("%START_TIME%")).toBe("2023-11-14T22:13:20.123Z");
    expect(render("%RESPONSE_CODE% %STREAM_ID%")).toBe("503 req-1");
  });
  it("numbers streams without a request id", () => {
    let a = render("%STREAM_ID%", model(""));
    let b = render("%STREAM_ID%", model(""));
    expect(a.startsWith("bulwark-")).toBe(true);
    expect(a == b).toBe(false);
  });
  it("escapes operator values, not the literal text, for HTML and JSON bodies", () => {
    expect(render("<p>%REQ(user-agent)%</p>", model(), Escape.Html)).toBe("<p>curl/8 &lt;b&gt;</p>");
    expect(escapeValue("a\"b\\c\n", Escape.Json)).toBe("a\\\"b\\\\c\\u000a");
    expect(escapeValue("x", Escape.Json)).toBe("x");
  });
  it("rejects unknown, malformed and misplaced operators", () => {
    expect(parseTemplate("%DOWNSTREAM_PEER_CERT%", false).error.includes("unsupported command operator %DOWNSTREAM_PEER_CERT%")).toBe(true);
    expect(parseTemplate("50%", false).error.includes("unterminated")).toBe(true);
    expect(parseTemplate("%REQ()%", false).error.includes("empty header name")).toBe(true);
    expect(parseTemplate("%REQ(a):x%", false).error.includes("malformed")).toBe(true);
    expect(parseTemplate("%RESPONSE_CODE%", false).error.includes("only available in responses")).toBe(true);
    expect(parseTemplate("%RESPONSE_CODE%", true).error).toBe("");
  });
});
