import { Cookie, parseCookieHeader } from "./cookies";

function parse(h: string): Array<Cookie> {
  let out = new Array<Cookie>();
  parseCookieHeader(h, out);
  return out;
}

describe("cookie parsing", () => {
  it("splits pairs on ';' and trims whitespace", () => {
    let c = parse("a=1; b=2;\tc = 3 ");
    expect(c.length).toBe(3);
    expect(c[0].name).toBe("a");
    expect(c[1].value).toBe("2");
    expect(c[2].name).toBe("c");
    expect(c[2].value).toBe("3");
  });

  it("keeps duplicates, empty values, quotes and '=' inside values", () => {
    let c = parse("a=1; a=; q=\"x y\"; t=k=v");
    expect(c.length).toBe(4);
    expect(c[1].name).toBe("a");
    expect(c[1].value).toBe("");
    expect(c[2].value).toBe("\"x y\"");
    expect(c[3].value).toBe("k=v");
  });

  it("keeps a pair without '=' as an empty name, and skips empty segments", () => {
    let c = parse(";; lonely ;a=1;");
    expect(c.length).toBe(2);
    expect(c[0].name).toBe("");
    expect(c[0].value).toBe("lonely");
    expect(c[1].name).toBe("a");
  });

  it("appends across several headers in order", () => {
    let out = new Array<Cookie>();
    parseCookieHeader("a=1", out);
    parseCookieHeader("b=2; c=3", out);
    expect(out.length).toBe(3);
    expect(out[2].name).toBe("c");
  });

  it("handles an empty header and 10,000 cookies", () => {
    expect(parse("").length).toBe(0);
    let parts = new Array<string>();
    for (let i = 0; i < 10000; i++) parts.push("c" + i.toString() + "=v");
    let c = parse(parts.join("; "));
    expect(c.length).toBe(10000);
    expect(c[9999].name).toBe("c9999");
  });
});
