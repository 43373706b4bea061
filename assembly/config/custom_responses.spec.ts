import { parseFilterConfig } from "./parse";

const RESPONSES = "\"responses\":[{\"name\":\"shop/blocked\",\"statusCode\":403,\"content\":["
  + "{\"contentType\":\"application/json\",\"headers\":[{\"name\":\"X-Id\",\"value\":\"%STREAM_ID%\"}],\"body\":\"{\\\"id\\\":\\\"%STREAM_ID%\\\"}\"},"
  + "{\"contentType\":\"text/plain\"}]}]";

function doc(policies: string, responses: string = RESPONSES): string {
  return "{\"version\":1,\"policies\":[{\"name\":\"default\",\"mode\":\"secured\"}],\"routes\":[{\"name\":\"shop/r\",\"policy\":\"default\",\"pathPrefixes\":[\"/\"]}],"
    + "\"customResponses\":{" + responses + ",\"policies\":" + policies + "},\"defaultPolicy\":\"default\"}";
}

describe("customResponses section", () => {
  it("reads responses and policies, and maps routes to policies", () => {
    let r = parseFilterConfig(doc("[{\"name\":\"shop/p\",\"routes\":[\"shop/r\"],\"local\":[{\"responses\":[{\"statusCode\":{\"range\":{\"start\":400,\"end\":499}},\"response\":\"shop/blocked\"}]}],"
      + "\"upstream\":[{\"responses\":[{\"statusCode\":{\"exact\":502},\"response\":\"shop/blocked\"}]}]}]"));
    expect(r.error).toBeNull();
    let c = r.config!.customResponses!;
    expect(c.responses[0].statusCode).toBe(403);
    expect(c.responses[0].content[0].mediaType).toBe("application/json");
    expect(c.responses[0].content[1].body).toBeNull();
    let p = c.forRoute("shop/r")!;
    expect(p.local[0].rules[0].matches(404)).toBe(true);
    expect(p.local[0].rules[0].matches(500)).toBe(false);
    expect(p.upstream[0].rules[0].matches(502)).toBe(true);
    expect(c.forRoute("other")).toBeNull();
  });
  it("rejects dangling references, unknown routes, a reversed range and a non-final entry without conditions", () => {
    let r = parseFilterConfig(doc("[{\"name\":\"p\",\"routes\":[\"shop/r\"],\"local\":[{\"responses\":[{\"statusCode\":{\"exact\":400},\"response\":\"shop/nope\"}]}]}]"));
    expect(r.error!.includes("customResponses.policies[0].local[0].responses[0].response: unknown custom response \"shop/nope\"")).toBe(true);
    r = parseFilterConfig(doc("[{\"name\":\"p\",\"routes\":[\"shop/x\"]}]"));
    expect(r.error!.includes("unknown route \"shop/x\"")).toBe(true);
    r = parseFilterConfig(doc("[{\"name\":\"p\",\"local\":[{\"responses\":[{\"statusCode\":{\"range\":{\"start\":499,\"end\":400}},\"response\":\"shop/blocked\"}]}]}]"));
    expect(r.error!.includes("is below start")).toBe(true);
    r = parseFilterConfig(doc("[{\"name\":\"p\",\"local\":[{\"responses\":[]},{\"responses\":[]}]}]"));
    expect(r.error!.includes("only the last entry may omit requestConditions")).toBe(true);
    r = parseFilterConfig(doc("[]", RESPONSES.replace("%STREAM_ID%", "%FOO%")));
    expect(r.error!.includes("unsupported command operator %FOO%")).toBe(true);
  });
});
