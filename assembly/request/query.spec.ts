import { parseQuery } from "./query";

describe("query parsing", () => {
  it("keeps parameters in order with duplicates", () => {
    let q = parseQuery("a=1&b=2&a=3");
    expect(q.length).toBe(3);
    expect(q[0].name).toBe("a");
    expect(q[0].value).toBe("1");
    expect(q[2].name).toBe("a");
    expect(q[2].value).toBe("3");
  });

  it("skips empty segments (a=1&&b) and reads a name without '=' or with '=' and nothing after as an empty value", () => {
    let q = parseQuery("a=1&&b&");
    expect(q.length).toBe(2);
    expect(q[1].name).toBe("b");
    expect(q[1].value).toBe("");
    expect(parseQuery("b=")[0].value).toBe("");
  });

  it("keeps empty names and values that contain '='", () => {
    let q = parseQuery("=x&k=a=b");
    expect(q[0].name).toBe("");
    expect(q[0].value).toBe("x");
    expect(q[1].name).toBe("k");
    expect(q[1].value).toBe("a=b");
  });

  it("decodes names and values with '+' as space, and keeps the raw forms", () => {
    let q = parseQuery("na%6De=a+b%26c");
    expect(q[0].rawName).toBe("na%6De");
    expect(q[0].name).toBe("name");
    expect(q[0].raw).toBe("a+b%26c");
    expect(q[0].value).toBe("a b&c");
  });

  it("keeps invalid escapes in decoded values", () => {
    let q = parseQuery("a=%zz&b=%");
    expect(q[0].value).toBe("%zz");
    expect(q[1].value).toBe("%");
  });

  it("returns nothing for an empty query or only separators", () => {
    expect(parseQuery("").length).toBe(0);
    expect(parseQuery("&&&").length).toBe(0);
  });

  it("parses 10,000 parameters", () => {
    let parts = new Array<string>();
    for (let i = 0; i < 10000; i++) parts.push("p" + i.toString() + "=" + i.toString());
    let q = parseQuery(parts.join("&"));
    expect(q.length).toBe(10000);
    expect(q[9999].name).toBe("p9999");
    expect(q[9999].value).toBe("9999");
  });

  it("parses a huge value", () => {
    let big = "x".repeat(1 << 20);
    let q = parseQuery("k=" + big + "&z=1");
    expect(q.length).toBe(2);
    expect(q[0].value.length).toBe(1 << 20);
    expect(q[1].name).toBe("z");
  });
});
