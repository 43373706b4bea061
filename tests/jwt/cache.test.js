// The verified-token cache seen through the filter: a cached token is still subject to `exp`
// (time re-checked on every hit), and a token differing from a cached one in a single character
// is verified on its own rather than served from the cache.
import { test } from "node:test";
import assert from "node:assert/strict";
import { keyPair, mint, jwks, jwtConfig, filter, get, bearer, events, now } from "./support.js";

function clock() {
  let ns = BigInt(Date.now()) * 1000000n;
  return { now: () => ns, advance: (ms) => { ns += BigInt(ms) * 1000000n; } };
}

test("an expired token is refused even though its verification is cached", async () => {
  const rs = await keyPair("RS256", "rsa");
  const c = clock();
  const host = await filter(jwtConfig({ jwksEntries: [{ name: "shop/keys", keys: jwks(rs) }] }), { clock: c.now });
  try {
    const token = await mint(rs, { exp: now() + 30 });
    assert.equal((await get(host, "/api", bearer(token))).status, 200, "first use verifies and caches");
    assert.equal((await get(host, "/api", bearer(token))).status, 200, "second use is served by the cache");
    c.advance(30_000 + 60_000 + 1_000); // past exp plus the 60 s clock skew
    const r = await get(host, "/api", bearer(token));
    assert.equal(r.status, 401);
    assert.equal(events(r)[0].block_subtype, "expired");
    assert.equal((await get(host, "/api", bearer(token))).status, 401, "still refused once the entry is dropped");
  } finally {
    host.close();
  }
});

test("a token one character away from a cached one is verified, not served from the cache", async () => {
  const hs = await keyPair("HS256", "hmac");
  const host = await filter(jwtConfig({ jwksEntries: [{ name: "shop/keys", keys: jwks(hs) }] }));
  try {
    const token = await mint(hs, { sub: "alice" });
    assert.equal((await get(host, "/api", bearer(token))).status, 200);
    assert.equal((await get(host, "/api", bearer(token))).status, 200);
    const [h, p, s] = token.split(".");
    const i = s.length >> 1;
    const forged = `${h}.${p}.${s.slice(0, i)}${s[i] === "A" ? "B" : "A"}${s.slice(i + 1)}`;
    const r = await get(host, "/api", bearer(forged));
    assert.equal(r.status, 401);
    assert.equal(events(r)[0].block_subtype, "bad_signature");
    assert.equal((await get(host, "/api", bearer(token))).status, 200, "the genuine token still passes");
  } finally {
    host.close();
  }
});
