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
  it("a ParseError knows whether it is a limit", () => {
    expect(new ParseError("json_syntax", "x").isLimit()).toBe(false);
    expect(new ParseError("json_nesting_depth", "x", "$", 100, 101).isLimit()).toBe(true);
  });
});
