import { FlagTable, lowerName } from "./name_set";

describe("FlagTable", () => {
  it("maps names to the lists they are on, prefixes only when asked", () => {
    let t = new FlagTable(16).addAll(["accept", "cookie"], [], 1).addAll(["cookie", "x-real-ip"], ["x-b3-"], 2);
    expect(t.get("accept")).toBe(1);
    expect(t.get("cookie")).toBe(3);
    expect(t.get("x-real-ip")).toBe(2);
    expect(t.get("x-b3-traceid")).toBe(2);
    expect(t.get("x-b3-traceid", 0)).toBe(0);
    expect(t.get("accept-language")).toBe(0);
    expect(t.get("")).toBe(0);
  });
  it("lowercases only when needed", () => {
    let n = "already-lower";
    expect(lowerName(n) === n).toBe(true);
    expect(lowerName("X-Real-IP")).toBe("x-real-ip");
  });
});
