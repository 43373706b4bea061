import { logSafe } from "./log_safe";

describe("log-safe text", () => {
  it("returns clean short text unchanged", () => {
    let s = "/api/v1";
    expect(changetype<usize>(logSafe(s))).toBe(changetype<usize>(s));
  });

  it("replaces control characters so a request cannot forge log lines", () => {
    expect(logSafe("/a\r\nbulwark: fake\x1b[31m")).toBe("/a??bulwark: fake?[31m");
  });

  it("cuts long values", () => {
    expect(logSafe("abcdef", 3)).toBe("abc…");
    expect(logSafe("x".repeat(10000)).length).toBe(257);
  });
});
