import { parseToken, MAX_TOKEN_LENGTH } from "./token";
import { encodeBase64Url } from "./base64url";
import { Alg } from "./alg";

function b64(s: string): string { return encodeBase64Url(Uint8Array.wrap(String.UTF8.encode(s))); }
function tok(header: string, payload: string, sig: string = "c2ln"): string { return b64(header) + "." + b64(payload) + "." + sig; }

describe("parseToken", () => {
  it("reads alg, kid and the registered claims", () => {
    let r = parseToken(tok("{\"alg\":\"ES256\",\"kid\":\"k1\",\"typ\":\"JWT\"}", "{\"iss\":\"i\",\"sub\":\"s\",\"aud\":[\"a\",\"b\"],\"exp\":10,\"nbf\":1,\"iat\":2}"));
    expect(r.token).not.toBeNull();
    let t = r.token!;
    expect(t.alg).toBe(Alg.ES256);
    expect(t.kid!).toBe("k1");
    expect(t.claims.iss!).toBe("i");
    expect(t.claims.sub!).toBe("s");
    expect(t.claims.aud.length).toBe(2);
    expect(t.claims.exp).toBe(10.0);
    expect(t.claims.hasNbf).toBe(true);
    expect(t.signature.length).toBe(3);
  });

  it("takes aud as a single string", () => {
    let t = parseToken(tok("{\"alg\":\"RS256\"}", "{\"aud\":\"x\"}")).token!;
    expect(t.claims.aud[0]).toBe("x");
    expect(t.kid).toBeNull();
  });

  it("covers header.payload with the signing input", () => {
    let s = tok("{\"alg\":\"HS256\"}", "{}");
    let t = parseToken(s).token!;
    expect(t.signingInput.length).toBe(s.lastIndexOf("."));
  });

  it("refuses alg none and unknown algorithms", () => {
    expect(parseToken(tok("{\"alg\":\"none\"}", "{}", "")).reason).toBe("malformed");
    expect(parseToken(tok("{\"alg\":\"none\"}", "{}")).reason).toBe("unsupported_algorithm");
    expect(parseToken(tok("{\"alg\":\"HS1\"}", "{}")).reason).toBe("unsupported_algorithm");
    expect(parseToken(tok("{\"alg\":\"rs256\"}", "{}")).reason).toBe("unsupported_algorithm");
    expect(parseToken(tok("{\"typ\":\"JWT\"}", "{}")).reason).toBe("malformed");
    expect(parseToken(tok("{\"alg\":256}", "{}")).reason).toBe("malformed");
  });

  it("refuses duplicate members in header and payload", () => {
    expect(parseToken(tok("{\"alg\":\"RS256\",\"alg\":\"HS256\"}", "{}")).reason).toBe("malformed");
    expect(parseToken(tok("{\"alg\":\"RS256\"}", "{\"sub\":\"a\",\"sub\":\"b\"}")).reason).toBe("malformed");
    expect(parseToken(tok("{\"alg\":\"RS256\"}", "{\"x\":{\"a\":1,\"a\":2}}")).reason).toBe("malformed");
  });

  it("refuses crit and b64 headers", () => {
    expect(parseToken(tok("{\"alg\":\"RS256\",\"crit\":[\"exp\"],\"exp\":1}", "{}")).reason).toBe("unsupported_critical_header");
    expect(parseToken(tok("{\"alg\":\"RS256\",\"b64\":false}", "{}")).reason).toBe("unsupported_critical_header");
  });

  it("refuses wrong claim types", () => {
    expect(parseToken(tok("{\"alg\":\"RS256\"}", "{\"exp\":\"10\"}")).reason).toBe("malformed");
    expect(parseToken(tok("{\"alg\":\"RS256\"}", "{\"aud\":[1]}")).reason).toBe("malformed");
    expect(parseToken(tok("{\"alg\":\"RS256\"}", "{\"iss\":null}")).reason).toBe("malformed");
    expect(parseToken(tok("{\"alg\":\"RS256\",\"kid\":7}", "{}")).reason).toBe("malformed");
  });

  it("refuses structural problems", () => {
    expect(parseToken("abc").reason).toBe("malformed");
    expect(parseToken("a.b").reason).toBe("malformed");
    expect(parseToken("a.b.c.d.e").reason).toBe("malformed");
    expect(parseToken(tok("{\"alg\":\"RS256\"}", "{}", "")).reason).toBe("malformed");
    expect(parseToken(tok("{\"alg\":\"RS256\"}", "[]")).reason).toBe("malformed");
    expect(parseToken(tok("{\"alg\":\"RS256\"}", "{}", "c2ln=")).reason).toBe("malformed");
    expect(parseToken("e30." + b64("{}") + ".c2ln").reason).toBe("malformed");
    expect(parseToken(b64("{\"alg\":\"RS256\"}") + ".!!!.c2ln").reason).toBe("malformed");
  });

  it("refuses invalid UTF-8 in the header", () => {
    let bad = new Uint8Array(3); bad[0] = 0x7B; bad[1] = 0xFF; bad[2] = 0x7D;
    expect(parseToken(encodeBase64Url(bad) + "." + b64("{}") + ".c2ln").reason).toBe("malformed");
  });

  it("refuses oversized tokens before decoding them", () => {
    let big = "a".repeat(MAX_TOKEN_LENGTH + 1);
    expect(parseToken(big).reason).toBe("token_too_large");
  });
});
