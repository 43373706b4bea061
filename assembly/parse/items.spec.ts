import { Item, ParseError, Source, ValueType } from "./items";
import { parseJson, JsonLimits } from "./json";

describe("items", () => {
  it("an item starts with no flags, index -1, not a key", () => {
    let it = new Item(Source.Query, "a", "b", "b");
    expect(it.index).toBe(-1);
    expect(it.flags).toBe(0);
    expect(it.isKey).toBe(false);
    expect(it.valueType).toBe(ValueType.Text);
    expect(it.transformed).toBeNull();
  });
  it("rawName defaults to the name for form items and is stored only when different", () => {
    let it = new Item(Source.Post, "a b", "v", "v");
    expect(it.rawName).toBe("a b");
    it.rawName = "a b";
    expect(it.rawName).toBe("a b");
    it.rawName = "a+b";
    expect(it.rawName).toBe("a+b");
    expect(it.name).toBe("a b");
    let j = new Item(Source.Json, null, "v", "v");
    expect(j.rawName).toBe("");
    expect(j.name).toBe("$");
  });

  it("GraphQL field and argument", () => {
    let it = new Item(Source.GraphQL, "query.user", "42", "42");
    expect(it.field).toBe("");
    expect(it.argument).toBe("");
    it.field = "user"; it.argument = "id";
    expect(it.field).toBe("user");
    expect(it.argument).toBe("id");
    it.name = "x";
    expect(it.name).toBe("x");
  });

  it("a ParseError knows whether it is a limit", () => {
    expect(new ParseError("json_syntax", "x").isLimit()).toBe(false);
    expect(new ParseError("json_nesting_depth", "x", "$", 100, 101).isLimit()).toBe(true);
  });
  it("raw is the value when sent as is, and survives replacing the value", () => {
    let same = new Item(Source.Query, "a", "v", "v");
    expect(same.raw).toBe("v");
    let it = new Item(Source.Query, "a", "a b", "a+b");
    expect(it.raw).toBe("a+b");
    let plain = new Item(Source.Query, "a", "x", "x");
    plain.value = "y";
    expect(plain.value).toBe("y");
    expect(plain.raw).toBe("x");
    plain.raw = "z";
    expect(plain.raw).toBe("z");
    plain.raw = plain.value;
    expect(plain.raw).toBe("y");
  });
});

function parsed(text: string): Array<Item> {
  let out = new Array<Item>();
  expect(parseJson(Uint8Array.wrap(String.UTF8.encode(text)), new JsonLimits(), out)).toBeNull();
  return out;
}

describe("sameJsonToken", () => {
  it("is true only for equal plain tokens of one document whose values were not replaced", () => {
    // Items: key a, "x", key bb, "y", key a, "x", key ab, "\u0078", key a, "xy"
    let it = parsed('{"a":"x","bb":"y","c":{"a":"x","ab":"\\u0078","a":"xy"}}');
    let keyA = it[0], valX = it[1], keyBb = it[2];
    let keyA2 = it[5], valX2 = it[6], keyAb = it[7], escX = it[8], valXy = it[10];
    expect(keyA.value).toBe("a");
    expect(keyA2.value).toBe("a");
    expect(escX.value).toBe("x");
    expect(keyBb.value).toBe("bb");
    expect(keyAb.value).toBe("ab");
    expect(valX2.value).toBe("x");
    expect(valXy.value).toBe("xy");
    expect(keyA2.isKey && keyAb.isKey && !valXy.isKey).toBe(true);
    expect(keyA.sameJsonToken(keyA2)).toBe(true);
    expect(valX.sameJsonToken(valX2)).toBe(true);
    expect(keyBb.sameJsonToken(keyAb)).toBe(false, "same length, other bytes");
    expect(valX.sameJsonToken(valXy)).toBe(false, "other length");
    expect(valX.sameJsonToken(escX)).toBe(false, "escaped token: same value, but not compared by bytes");
    let other = parsed('{"a":"x"}');
    expect(keyA.sameJsonToken(other[0])).toBe(false, "another document");
    expect(new Item(Source.Query, "a", "x", "x").sameJsonToken(valX)).toBe(false);
    valX2.value = "changed";
    expect(valX.sameJsonToken(valX2)).toBe(false, "a replaced value");
  });
});
