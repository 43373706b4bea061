import { bearerToken } from "./extractor";

describe("bearerToken", () => {
  it("takes the token after the Bearer scheme, any case", () => {
    expect(bearerToken("Bearer abc.def.ghi")!).toBe("abc.def.ghi");
    expect(bearerToken("bearer   abc")!).toBe("abc");
    expect(bearerToken("BEARER abc ")!).toBe("abc");
  });
  it("ignores other schemes and empty tokens", () => {
    expect(bearerToken("Basic dXNlcjpwYXNz")).toBeNull();
    expect(bearerToken("Bearer")).toBeNull();
    expect(bearerToken("Bearer    ")).toBeNull();
    expect(bearerToken("Bearerabc.def")).toBeNull();
    expect(bearerToken(null)).toBeNull();
  });
});
