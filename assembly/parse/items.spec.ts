import { Item, ParseError, Source, ValueType } from "./items";

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
