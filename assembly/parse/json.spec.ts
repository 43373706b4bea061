import { parseJson, JsonLimits } from "./json";
import { Item, ParseError, ValueType, ItemFlag } from "./items";
import { releaseItems } from "./item_pool";

function run(s: string, out: Array<Item>, limits: JsonLimits = new JsonLimits()): ParseError | null {
  return parseJson(Uint8Array.wrap(String.UTF8.encode(s)), limits, out);
}
function subtype(s: string, limits: JsonLimits = new JsonLimits()): string {
  let e = run(s, new Array<Item>(), limits);
  return e === null ? "" : e.subtype;
}
function unlimited(): JsonLimits {
  let l = new JsonLimits();
  l.nestingDepth = 0; l.keyCount = 0; l.elementCount = 0;
  return l;
}

describe("parseJson", () => {
  it("exposes keys and scalars with their JSONPath", () => {
    let out = new Array<Item>();
    expect(run("{\"order\":{\"items\":[{\"name\":\"book\"},{\"name\":\"pen\",\"qty\":2.5e1}],\"gift\":false,\"note\":null}}", out)).toBeNull();
    let names = new Array<string>();
    for (let i = 0; i < out.length; i++) names.push((out[i].isKey ? "K " : "V ") + out[i].name + "=" + out[i].value);
    expect(names.join("|")).toBe(
      "K $=order|K $.order=items|K $.order.items[0]=name|V $.order.items[0].name=book|K $.order.items[1]=name|" +
      "V $.order.items[1].name=pen|K $.order.items[1]=qty|V $.order.items[1].qty=2.5e1|K $.order=gift|V $.order.gift=false|" +
      "K $.order=note|V $.order.note=null");
    expect(out[7].valueType).toBe(ValueType.Number);
    expect(out[9].valueType).toBe(ValueType.Boolean);
    expect(out[11].valueType).toBe(ValueType.Null);
  });

  it("unescapes strings (surrogate pairs too) and keeps the raw token", () => {
    let out = new Array<Item>();
    expect(run("[\"a\\\"b\\\\c\\/\\n\\u00e9\\ud83d\\ude00\"]", out)).toBeNull();
    expect(out[0].value).toBe("a\"b\\c/\né😀");
    expect(out[0].raw).toBe("a\\\"b\\\\c\\/\\n\\u00e9\\ud83d\\ude00");
    let nul = new Array<Item>();
    expect(run("\"a\\u0000b\"", nul)).toBeNull();
    expect(nul[0].flags & ItemFlag.HasNul).toBe(ItemFlag.HasNul);
  });

  it("keeps duplicate keys", () => {
    let out = new Array<Item>();
    expect(run("{\"role\":\"user\",\"role\":\"admin\"}", out)).toBeNull();
    expect(out.length).toBe(4);
    expect(out[3].name).toBe("$.role");
    expect(out[3].value).toBe("admin");
  });

  it("accepts any top-level value and JSON whitespace", () => {
    expect(subtype(" \t\r\n1 ")).toBe("");
    expect(subtype("\"x\"")).toBe("");
    expect(subtype("[]")).toBe("");
    expect(subtype("{}")).toBe("");
    expect(subtype("-0.5E-3")).toBe("");
  });

  it("rejects everything RFC 8259 does not allow", () => {
    let bad = ["", " ", "[1,]", "{\"a\":1,}", "[,1]", "01", "-", "1.", ".5", "1e", "+1", "0x10", "NaN", "Infinity",
      "'a'", "{a:1}", "[1 2]", "{\"a\" 1}", "tru", "nulls", "\"\\x\"", "\"\\u12\"", "\"\\ud800\"", "\"\\udc00\"",
      "\"\\ud800\\u0041\"", "\"a\tb\"", "\"a\nb\"", "[1]]", "[1]x", "\u00a01", "\ufeff1", "/*c*/1", "{\"a\":1", "[", "\"abc",
      "[\"a\"", "{\"a\"", "{\"a\":}", "\"\\"];
    for (let i = 0; i < bad.length; i++) {
      let s = subtype(bad[i]);
      if (s != "json_syntax") throw new Error("accepted or misreported: case " + i.toString());
    }
  });

  it("rejects ill-formed UTF-8 and never echoes data in messages", () => {
    let b = new Uint8Array(5);
    b[0] = 0x22; b[1] = 0x61; b[2] = 0xC0; b[3] = 0xAF; b[4] = 0x22;
    let e = parseJson(b, new JsonLimits(), new Array<Item>());
    expect(e!.subtype).toBe("json_syntax");
    expect(e!.message).toBe("invalid UTF-8");
    let e2 = run("{\"secret\":\"hunter2\" x}", new Array<Item>());
    expect(e2!.message.indexOf("hunter2")).toBe(-1);
    expect(e2!.location).toBe("$");
  });

  it("stops at the nesting depth limit", () => {
    let l = new JsonLimits();
    l.nestingDepth = 3;
    expect(subtype("[[[1]]]", l)).toBe("");
    let e = run("[[[[1]]]]", new Array<Item>(), l);
    expect(e!.subtype).toBe("json_nesting_depth");
    expect(e!.limit).toBe(3);
    expect(e!.observed).toBe(4);
    expect(e!.location).toBe("$[0][0][0]");
  });

  it("stops at the key count of one object (not recursive)", () => {
    let l = new JsonLimits();
    l.keyCount = 2;
    expect(subtype("{\"a\":{\"x\":1,\"y\":2},\"b\":{\"z\":3}}", l)).toBe("");
    let e = run("{\"a\":1,\"b\":2,\"c\":3}", new Array<Item>(), l);
    expect(e!.subtype).toBe("json_key_count");
    expect(e!.observed).toBe(3);
  });

  it("stops at the element count (keys plus array items, recursive)", () => {
    let l = new JsonLimits();
    l.elementCount = 4;
    expect(subtype("{\"a\":[1,2,3]}", l)).toBe(""); // 1 key + 3 items
    let e = run("{\"a\":[1,2,3],\"b\":1}", new Array<Item>(), l);
    expect(e!.subtype).toBe("json_element_count");
    expect(e!.limit).toBe(4);
    expect(e!.observed).toBe(5);
  });

  it("hostile: 10,000-deep documents are refused by default and parsed iteratively without a limit", () => {
    let deep = "[".repeat(10000) + "1" + "]".repeat(10000);
    expect(subtype(deep)).toBe("json_nesting_depth");
    let out = new Array<Item>();
    expect(run(deep, out, unlimited())).toBeNull();
    expect(out.length).toBe(1);
    let deepObj = "{\"a\":".repeat(10000) + "1" + "}".repeat(10000);
    expect(subtype(deepObj, unlimited())).toBe("");
    expect(subtype("[".repeat(10000), unlimited())).toBe("json_syntax");
  });

  it("validates at parse time and decodes on read: lengths and flags before any value is built", () => {
    let out = new Array<Item>();
    expect(run("{\"k\u00e9y\":\"a\\u0000b\\ud83d\\ude00\",\"del\":\"x\x7fy\",\"\u20ac\":\"\u00e9t\u00e9\",\"n\":-1.5e3}", out)).toBeNull();
    // valueLength is the UTF-16 length, known without decoding.
    expect(out[0].valueLength).toBe(3);   // the key "kéy"
    expect(out[1].valueLength).toBe(5);   // a, NUL, b, surrogate pair
    expect(out[1].flags).toBe(ItemFlag.HasNul | ItemFlag.ControlChar);
    expect(out[3].flags).toBe(ItemFlag.ControlChar); // DEL, sent as is
    expect(out[5].valueLength).toBe(3);
    expect(out[7].valueLength).toBe(6);
    // Then the strings, equal to what was validated.
    expect(out[0].value).toBe("k\u00e9y");
    expect(out[1].value).toBe("a\u0000b\ud83d\ude00");
    expect(out[1].value.length).toBe(out[1].valueLength);
    expect(out[1].raw).toBe("a\\u0000b\\ud83d\\ude00");
    expect(out[3].value).toBe("x\x7fy");
    expect(out[4].value).toBe("\u20ac");
    expect(out[5].value).toBe("\u00e9t\u00e9");
    expect(out[5].raw).toBe(out[5].value);
    expect(out[7].value).toBe("-1.5e3");
    expect(out[7].valueType).toBe(ValueType.Number);
    // Names of non-ASCII and escaped keys.
    expect(out[1].name).toBe("$['k\u00e9y']");
    expect(out[5].name).toBe("$['\u20ac']");
    releaseItems(out);
  });

  it("keys with escapes and quotes name their members correctly", () => {
    let out = new Array<Item>();
    expect(run("{\"a\\u0062\":{\"it's\":[{\"x y\":1}]}}", out)).toBeNull();
    expect(out[0].value).toBe("ab");
    expect(out[1].name).toBe("$.ab");
    expect(out[2].name).toBe("$.ab['it\\'s'][0]");
    expect(out[3].name).toBe("$.ab['it\\'s'][0]['x y']");
    releaseItems(out);
  });

  it("a replaced value keeps the token as raw", () => {
    let out = new Array<Item>();
    expect(run("[\"a\\nb\",\"plain\"]", out)).toBeNull();
    out[0].value = "changed";
    expect(out[0].value).toBe("changed");
    expect(out[0].raw).toBe("a\\nb");
    out[1].value = "other";
    expect(out[1].raw).toBe("plain");
    expect(out[1].valueLength).toBe(5);
    releaseItems(out);
  });

  it("names and values survive garbage collection between reads", () => {
    let key = "k\u00e9".repeat(50);
    let out = new Array<Item>();
    let doc = "{\"" + key + "\":{\"" + key + "\":[\"v\\u00e9\",\"" + "\u00e9".repeat(300) + "\"]}}";
    expect(run(doc, out)).toBeNull();
    let expected = "$['" + key + "']['" + key + "'][0]";
    for (let round = 0; round < 20; round++) {
      let junk = new Array<string>();
      for (let i = 0; i < 200; i++) junk.push("x".repeat(i));
      __collect();
      expect(out[2].name).toBe(expected);
      expect(out[2].value).toBe("v\u00e9");
      expect(out[3].value).toBe("\u00e9".repeat(300));
    }
    releaseItems(out);
  });

  it("hostile: a 1 MB string", () => {
    let out = new Array<Item>();
    expect(run("[\"" + "x".repeat(1 << 20) + "\"]", out)).toBeNull();
    expect(out[0].value.length).toBe(1 << 20);
    let esc = new Array<Item>();
    expect(run("\"" + "\\u0041".repeat(100000) + "\"", esc)).toBeNull();
    expect(esc[0].value.length).toBe(100000);
  });

  it("hostile: truncated escapes", () => {
    expect(subtype("\"\\u00")).toBe("json_syntax");
    expect(subtype("\"\\ud83d\\ude0\"")).toBe("json_syntax");
    expect(subtype("\"\\")).toBe("json_syntax");
  });
});
