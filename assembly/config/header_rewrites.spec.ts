import { parseFilterConfig } from "./parse";

const REQUEST = "{\"allowAll\":false,\"standardHeaders\":true,\"tracingHeaders\":true,"
  + "\"allow\":[{\"name\":\"api-key\",\"headers\":[{\"name\":{\"exact\":\"X-Api-Key\"},\"value\":{\"prefix\":\"k-\"}}],\"requestConditions\":{\"path\":{\"prefix\":\"/api\"}}}],"
  + "\"removeAlternativeForwardedHeaders\":false,"
  + "\"add\":[{\"name\":\"id\",\"mode\":\"OverwriteOrAdd\",\"headers\":[{\"name\":\"X-Request-Id\",\"value\":\"%STREAM_ID%\"}]}]}";
const RESPONSE = "{\"allowAll\":true,\"standardHeaders\":false,\"removeServer\":true,\"removeApplication\":false,\"removeAuthBasic\":true,"
  + "\"removeAuthNtlm\":true,\"removeAuthNegotiate\":false,\"removePermissiveCors\":true,\"addHsts\":true,\"hstsPreload\":true,"
  + "\"addXFrameOptions\":false,\"addXContentTypeOptions\":true,\"addReferrerPolicy\":true,\"addPermissionsPolicy\":true,"
  + "\"addFeaturePolicy\":false,\"addCsp\":true}";

function doc(hr: string): string {
  return "{\"version\":1,\"policies\":[{\"name\":\"default\",\"mode\":\"secured\",\"headerRewrites\":" + hr + "}],\"defaultPolicy\":\"default\"}";
}

function section(request: string, response: string, mode: string = "Integration"): string {
  return "{\"operationalMode\":\"" + mode + "\",\"request\":" + request + ",\"response\":" + response + "}";
}

describe("headerRewrites section", () => {
  it("reads every setting", () => {
    let r = parseFilterConfig(doc(section(REQUEST, RESPONSE)));
    expect(r.error).toBeNull();
    let h = r.config!.policies[0].headerRewrites!;
    expect(h.logRewrites).toBe(true);
    expect(h.request.tracingHeaders).toBe(true);
    expect(h.request.removeAlternativeForwarded).toBe(false);
    expect(h.request.allow[0].matchesHeader("x-api-key", "k-1")).toBe(true);
    expect(h.request.allow[0].matchesHeader("x-api-key", "z")).toBe(false);
    expect(h.request.needsFacts).toBe(true);
    expect(h.request.add[0].overwrite).toBe(true);
    expect(h.request.add[0].headers[0].name).toBe("x-request-id");
    expect(h.response.removeApplication).toBe(false);
    expect(h.response.hstsPreload).toBe(true);
    expect(h.response.addCsp).toBe(true);
    expect(h.response.needsFacts).toBe(false);
  });
  it("rejects unknown operators, forbidden names and unknown fields with the JSON path", () => {
    let bad = REQUEST.replace("%STREAM_ID%", "%DOWNSTREAM_PEER_CERT%");
    let r = parseFilterConfig(doc(section(bad, RESPONSE)));
    expect(r.error!.includes("policies[0].headerRewrites.request.add[0].headers[0].value: unsupported command operator %DOWNSTREAM_PEER_CERT%")).toBe(true);
    r = parseFilterConfig(doc(section(REQUEST.replace("X-Request-Id", "Content-Length"), RESPONSE)));
    expect(r.error!.includes("request.add[0].headers[0].name: \"Content-Length\" cannot be added")).toBe(true);
    r = parseFilterConfig(doc(section(REQUEST, RESPONSE.replace("\"addCsp\":true", "\"addCsp\":true,\"addXss\":true"))));
    expect(r.error!.includes("headerRewrites.response")).toBe(true);
    r = parseFilterConfig(doc(section(REQUEST, RESPONSE, "Debug")));
    expect(r.error!.includes("operationalMode")).toBe(true);
    r = parseFilterConfig(doc(section(REQUEST.replace("%STREAM_ID%", "%RESPONSE_CODE%"), RESPONSE)));
    expect(r.error!.includes("only available in responses")).toBe(true);
  });
});
