import { decodeBase64Url, encodeBase64Url, decodedLength, toHex } from "./base64url";

function bytes(s: string): Uint8Array { return Uint8Array.wrap(String.UTF8.encode(s)); }
function text(b: Uint8Array): string { return String.UTF8.decode(b.buffer); }

describe("base64url", () => {
  it("decodes RFC 4648 test vectors without padding", () => {
    expect(text(decodeBase64Url("")!)).toBe("");
    expect(text(decodeBase64Url("Zg")!)).toBe("f");
    expect(text(decodeBase64Url("Zm8")!)).toBe("fo");
    expect(text(decodeBase64Url("Zm9v")!)).toBe("foo");
    expect(text(decodeBase64Url("Zm9vYg")!)).toBe("foob");
    expect(text(decodeBase64Url("Zm9vYmE")!)).toBe("fooba");
    expect(text(decodeBase64Url("Zm9vYmFy")!)).toBe("foobar");
  });

  it("uses the URL-safe alphabet", () => {
    let b = decodeBase64Url("-_8")!;
    expect(toHex(b)).toBe("fbff");
    expect(decodeBase64Url("+/8")).toBeNull();
  });

  it("refuses padding, whitespace and impossible lengths", () => {
    expect(decodeBase64Url("Zg==")).toBeNull();
    expect(decodeBase64Url("Zm 9v")).toBeNull();
    expect(decodeBase64Url("Zm9vY")).toBeNull();
    expect(decodedLength(5)).toBe(-1);
  });

  it("refuses non-zero trailing bits so each byte string has one encoding", () => {
    expect(decodeBase64Url("Zh")).toBeNull();
    expect(decodeBase64Url("Zm8")).not.toBeNull();
    expect(decodeBase64Url("Zm9")).toBeNull();
    expect(decodeBase64Url("Zm-")).toBeNull();
  });

  it("decodes a slice of a string", () => {
    expect(text(decodeBase64Url("xx.Zm9v.yy", 3, 7)!)).toBe("foo");
  });

  it("round-trips every length up to 40", () => {
    for (let n = 0; n <= 40; n++) {
      let b = new Uint8Array(n);
      for (let i = 0; i < n; i++) b[i] = <u8>(i * 37 + n);
      let d = decodeBase64Url(encodeBase64Url(b))!;
      expect(toHex(d)).toBe(toHex(b));
    }
  });

  it("does not decode non-ASCII", () => {
    expect(decodeBase64Url("Zm9\u00e9")).toBeNull();
    expect(encodeBase64Url(bytes("foo"))).toBe("Zm9v");
  });
});
