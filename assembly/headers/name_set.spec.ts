import { NameSet, lowerName } from "./name_set";

describe("NameSet", () => {
  it("matches exact names and prefixes", () => {
    let s = new NameSet().addAll(["accept", "cookie"], ["x-b3-"]);
    expect(s.has("accept")).toBe(true);
    expect(s.has("x-b3-traceid")).toBe(true);
    expect(s.has("accept-language")).toBe(false);
    expect(s.has("x-b3")).toBe(false);
    expect(s.size).toBe(3);
  });
  it("lowercases only when needed", () => {
    let n = "already-lower";
    expect(lowerName(n) === n).toBe(true);
    expect(lowerName("X-Real-IP")).toBe("x-real-ip");
  });
});
