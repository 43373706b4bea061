import { parseForm } from "./form";
import { Item, Source, ItemFlag } from "./items";
import { releaseItems } from "./item_pool";

function parse(s: string, out: Array<Item>): string {
  let e = parseForm(Uint8Array.wrap(String.UTF8.encode(s)), Source.Post, out);
  return e === null ? "" : e.subtype;
}

describe("parseForm", () => {
  it("keeps order, duplicates and bracket names; decodes '+' and %XX", () => {
    let out = new Array<Item>();
    expect(parse("a=1&a=2&b%5B%5D=x+y&c[d]=%C3%A9", out)).toBe("");
    expect(out.length).toBe(4);
    expect(out[1].name).toBe("a"); expect(out[1].value).toBe("2");
    expect(out[2].name).toBe("b[]"); expect(out[2].rawName).toBe("b%5B%5D");
    expect(out[2].value).toBe("x y"); expect(out[2].raw).toBe("x+y");
    expect(out[3].name).toBe("c[d]"); expect(out[3].value).toBe("é");
    expect(out[0].source).toBe(Source.Post);
  });

  it("body items are recycled; a raw form that differs is read from the body when asked", () => {
    let first = new Array<Item>();
    expect(parse("n%20x=caf%C3%A9+%26&plain=ok&raw=\u00e9+%41", first)).toBe("");
    first[0].field = "extra";
    releaseItems(first);
    let out = new Array<Item>();
    expect(parse("a=x%2By&b=\u00fc+%C3%BC&c=same", out)).toBe("");
    expect(out.length).toBe(3);
    expect(out[0].name).toBe("a"); expect(out[0].rawName).toBe("a");
    expect(out[0].value).toBe("x+y"); expect(out[0].raw).toBe("x%2By");
    expect(out[0].field).toBe("");
    expect(out[1].value).toBe("\u00fc \u00fc"); expect(out[1].raw).toBe("\u00fc+%C3%BC");
    expect(out[2].value).toBe("same"); expect(out[2].raw).toBe("same");
    expect(out[2].valueLength).toBe(4);
    // Replacing a value keeps the raw form.
    out[1].value = "z";
    expect(out[1].raw).toBe("\u00fc+%C3%BC");
    // Query items are plain allocations, never tied to a body.
    let q = new Array<Item>();
    parseForm(Uint8Array.wrap(String.UTF8.encode("q=a%20b")), Source.Query, q);
    expect(q[0].raw).toBe("a%20b");
    expect(q[0].source).toBe(Source.Query);
    releaseItems(out);
  });

  it("skips empty pairs; a name without '=' has an empty value", () => {
    let out = new Array<Item>();
    expect(parse("&&a&=v&", out)).toBe("");
    expect(out.length).toBe(2);
    expect(out[0].name).toBe("a"); expect(out[0].value).toBe("");
    expect(out[1].name).toBe(""); expect(out[1].value).toBe("v");
  });

  it("an invalid escape is a form_syntax error, but every pair is still reported", () => {
    for (let i = 0; i < 4; i++) {
      let bad = ["a=%", "a=%4", "a=%zz", "a=%u0041"][i];
      let out = new Array<Item>();
      expect(parse(bad + "&b=2", out)).toBe("form_syntax");
      expect(out.length).toBe(2);
      expect(out[0].flags & ItemFlag.InvalidPercent).toBe(ItemFlag.InvalidPercent);
    }
    let out = new Array<Item>();
    let e = parseForm(Uint8Array.wrap(String.UTF8.encode("x=1&y=%G0")), Source.Query, out);
    expect(e!.location).toBe("parameter 1");
    expect(e!.message.indexOf("G0")).toBe(-1); // never echoes request data
  });

  it("flags invalid, overlong UTF-8 and NUL", () => {
    let out = new Array<Item>();
    expect(parse("p=..%C0%AF..&n=a%00b&r=%FF", out)).toBe("");
    expect(out[0].flags & ItemFlag.OverlongUtf8).toBe(ItemFlag.OverlongUtf8);
    expect(out[1].flags & ItemFlag.HasNul).toBe(ItemFlag.HasNul);
    expect(out[2].value).toBe("\uFFFD");
  });

  it("hostile: 100,000 parameters and a 1 MB value, linearly", () => {
    let parts = new Array<string>(100000);
    for (let i = 0; i < 100000; i++) parts[i] = "p=" + (i & 7).toString();
    let out = new Array<Item>();
    expect(parse(parts.join("&"), out)).toBe("");
    expect(out.length).toBe(100000);
    let big = "v=" + "%41".repeat(350000);
    let out2 = new Array<Item>();
    expect(parse(big, out2)).toBe("");
    expect(out2[0].value.length).toBe(350000);
  });

  it("hostile: truncated escapes at the very end", () => {
    let out = new Array<Item>();
    expect(parse("a=%4", out)).toBe("form_syntax");
    expect(out[0].value).toBe("%4");
  });
});
