import { blockBody, safeRequestId } from "./block";
import { negotiate, BodyFormat } from "./negotiate";

function typeOf(accept: string | null): string {
  let b = blockBody(accept, "abc-123");
  return b.headers[0].value;
}

describe("negotiate", () => {
  it("defaults to plain text", () => {
    expect(negotiate(null)).toBe(BodyFormat.Text);
    expect(negotiate("")).toBe(BodyFormat.Text);
    expect(negotiate("image/png")).toBe(BodyFormat.Text);
  });
  it("follows q-values", () => {
    expect(negotiate("application/json")).toBe(BodyFormat.Json);
    expect(negotiate("text/html;q=0.4, application/json;q=0.9")).toBe(BodyFormat.Json);
    expect(negotiate("text/html;q=0.9, application/json;q=0.4")).toBe(BodyFormat.Html);
    expect(negotiate("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")).toBe(BodyFormat.Html);
  });
  it("prefers the explicitly named range on equal q", () => {
    expect(negotiate("application/json, */*")).toBe(BodyFormat.Json);
    expect(negotiate("*/*")).toBe(BodyFormat.Text);
  });
  it("lets a specific q=0 refuse a format the wildcard allows", () => {
    expect(negotiate("text/plain;q=0, */*;q=0.5")).toBe(BodyFormat.Json);
    expect(negotiate("application/json;q=0")).toBe(BodyFormat.Text);
  });
  it("answers a repeated header object from memory and any other header anew", () => {
    let a = "text/html;q=0.4, application/json;q=0.9";
    expect(negotiate(a)).toBe(BodyFormat.Json);
    expect(negotiate(a)).toBe(BodyFormat.Json);
    expect(negotiate("text/html")).toBe(BodyFormat.Html);
    expect(negotiate("text/html;q=0.4, " + "application/json;q=0.9")).toBe(BodyFormat.Json);
    expect(negotiate("")).toBe(BodyFormat.Text);
    expect(negotiate(a)).toBe(BodyFormat.Json);
  });
  it("treats malformed q as not acceptable", () => {
    expect(negotiate("application/json;q=abc, text/html;q=0.1")).toBe(BodyFormat.Html);
  });
});

describe("blockBody", () => {
  it("sets content type and no-store", () => {
    let b = blockBody("application/json", "abc-123");
    expect(b.body).toBe("{\"error\":\"request blocked\",\"request_id\":\"abc-123\"}\n");
    expect(b.headers[0].name).toBe("content-type");
    expect(b.headers[1].name).toBe("cache-control");
    expect(b.headers[1].value).toBe("no-store");
    expect(typeOf("text/html")).toBe("text/html; charset=utf-8");
    expect(typeOf(null)).toBe("text/plain; charset=utf-8");
  });
  it("never reflects a request id that is not a plain token", () => {
    expect(safeRequestId("<script>alert(1)</script>")).toBe("");
    expect(safeRequestId("\"},{\"x\":1")).toBe("");
    let b = blockBody("text/html", "<b>x</b>");
    expect(b.body.includes("<b>")).toBe(false);
    expect(b.body.includes("unavailable")).toBe(true);
    let j = blockBody("application/json", "a\"b");
    expect(j.body).toBe("{\"error\":\"request blocked\",\"request_id\":null}\n");
  });
});
