import { plusAsSpace } from "./plus";

describe("plusAsSpace", () => {
  it("replaces every '+' and nothing else", () => {
    expect(plusAsSpace("a+b++c%2B")).toBe("a b  c%2B");
    let s = "no plus";
    expect(changetype<usize>(plusAsSpace(s))).toBe(changetype<usize>(s));
  });
});
