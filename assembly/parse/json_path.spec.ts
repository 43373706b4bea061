import { memberPath, indexPath, location, joinPath } from "./json_path";

describe("JSONPath names", () => {
  it("dot notation for identifiers, brackets otherwise", () => {
    expect(memberPath("$", "order")).toBe("$.order");
    expect(memberPath("$.a", "first-name")).toBe("$.a.first-name");
    expect(memberPath("$", "a b")).toBe("$['a b']");
    expect(memberPath("$", "it's\\")).toBe("$['it\\'s\\\\']");
    expect(memberPath("$", "")).toBe("$['']");
    expect(memberPath("$", "1a")).toBe("$['1a']");
  });
  it("indices", () => {
    expect(indexPath("$.items", 0)).toBe("$.items[0]");
    expect(indexPath("$", 1234567)).toBe("$[1234567]");
    expect(joinPath("a", "b", "c", "d")).toBe("abcd");
  });
  it("locations are cut to a bounded length", () => {
    expect(location("$." + "k".repeat(1000)).length).toBe(128);
    expect(location("$.a")).toBe("$.a");
  });
});
