import { CachedToken, tokenHash, lookupToken, storeToken, dropToken, cachedTokenCount, MAX_CACHED_TOKENS, MAX_CACHED_TOKEN_LENGTH } from "./token_cache";
import { parseToken, Token } from "./token";
import { encodeBase64Url } from "./base64url";
import { JwksProvider } from "./jwks_store";
import { JwksSource } from "../config/jwks";

function b64(s: string): string { return encodeBase64Url(Uint8Array.wrap(String.UTF8.encode(s))); }
function raw(sub: string): string { return b64("{\"alg\":\"HS256\"}") + "." + b64("{\"sub\":\"" + sub + "\",\"exp\":10}") + ".c2ln"; }
function parsed(r: string): Token { return parseToken(r).token!; }
const provider = new JwksProvider(new JwksSource("t/keys", 0, null, null));

describe("token cache", () => {
  it("hashes by content: equal tokens agree, one changed unit differs", () => {
    let a = raw("alice");
    let b = raw("alicf");
    expect(tokenHash(a)).toBe(tokenHash(raw("alice")));
    expect(tokenHash(a)).not.toBe(tokenHash(b));
    expect(tokenHash(a)).not.toBe(<u64>0);
    expect(tokenHash("x".repeat(MAX_CACHED_TOKEN_LENGTH + 1))).toBe(<u64>0);
  });

  it("serves a hit only for the very token stored, even when another token has the same hash", () => {
    let a = raw("alice");
    let b = raw("mallory");
    let h = tokenHash(a);
    storeToken(h, new CachedToken(a, parsed(a), provider, 1));
    let hit = lookupToken(h, a);
    expect(hit).not.toBeNull();
    expect(hit!.token.claims.sub!).toBe("alice");
    // Forced collision: b presented under a's hash must be a miss, never a's verification.
    expect(lookupToken(h, b)).toBeNull();
    // Storing b under that hash replaces a rather than aliasing it.
    storeToken(h, new CachedToken(b, parsed(b), provider, 1));
    expect(lookupToken(h, a)).toBeNull();
    expect(lookupToken(h, b)!.token.claims.sub!).toBe("mallory");
    dropToken(h);
    expect(lookupToken(h, b)).toBeNull();
  });

  it("stays bounded and evicts the oldest entry", () => {
    let first = raw("u-first");
    let hFirst = tokenHash(first);
    storeToken(hFirst, new CachedToken(first, parsed(first), provider, 1));
    for (let i = 0; i < MAX_CACHED_TOKENS + 10; i++) {
      let r = raw("u" + i.toString());
      storeToken(tokenHash(r), new CachedToken(r, parsed(r), provider, 1));
      expect(cachedTokenCount()).toBeLessThanOrEqual(MAX_CACHED_TOKENS);
    }
    expect(cachedTokenCount()).toBe(MAX_CACHED_TOKENS);
    expect(lookupToken(hFirst, first)).toBeNull();
    let last = raw("u" + (MAX_CACHED_TOKENS + 9).toString());
    expect(lookupToken(tokenHash(last), last)).not.toBeNull();
  });
});
