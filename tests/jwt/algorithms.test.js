// Every supported algorithm end to end: tokens minted with `jose`, verified by the filter in the
// Node proxy-wasm host; each one also fails with a tampered payload and a corrupted signature.
import { test } from "node:test";
import assert from "node:assert/strict";
import { keyPair, mint, jwks, jwtConfig, filter, get, bearer, events } from "./support.js";

const ALGS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "HS256", "HS384", "HS512"];

function tamperPayload(token) {
  const [h, p, s] = token.split(".");
  const claims = JSON.parse(Buffer.from(p, "base64url"));
  claims.sub = "mallory";
  return `${h}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${s}`;
}

function flipSignatureBit(token) {
  const [h, p, s] = token.split(".");
  const sig = Buffer.from(s, "base64url");
  sig[sig.length >> 1] ^= 0x10;
  return `${h}.${p}.${sig.toString("base64url")}`;
}

test("every algorithm verifies, and refuses a tampered payload or a flipped signature bit", async () => {
  const keys = await Promise.all(ALGS.map((a) => keyPair(a)));
  const host = await filter(jwtConfig({ jwksEntries: [{ name: "shop/keys", keys: jwks(...keys) }] }));
  try {
    for (const k of keys) {
      const token = await mint(k);
      const ok = await get(host, "/api/orders", bearer(token));
      assert.equal(ok.status, 200, `${k.alg}: a valid token passes`);
      assert.ok(ok.upstreamRequest, `${k.alg}: reaches the upstream`);
      for (const [what, bad] of [["tampered payload", tamperPayload(token)], ["flipped signature bit", flipSignatureBit(token)]]) {
        const r = await get(host, "/api/orders", bearer(bad));
        assert.equal(r.status, 401, `${k.alg} ${what}`);
        assert.equal(events(r)[0].block_subtype, "bad_signature", `${k.alg} ${what}`);
        assert.match(r.local.headers.find(([n]) => n === "www-authenticate")[1], /^Bearer realm="bulwark", error="invalid_token"$/);
      }
    }
  } finally {
    host.close();
  }
});

test("a key set without alg members still verifies by key type, and keeps types apart", async () => {
  const rs = await keyPair("RS256", "r", { noAlg: true });
  const es = await keyPair("ES256", "e", { noAlg: true });
  const host = await filter(jwtConfig({ jwksEntries: [{ name: "shop/keys", keys: jwks(rs, es) }] }));
  try {
    assert.equal((await get(host, "/a", bearer(await mint(rs)))).status, 200);
    assert.equal((await get(host, "/a", bearer(await mint(es)))).status, 200);
    // The RSA key under an ES256 header: refused, the kid names a key of the wrong type.
    const wrong = await mint(es, {}, { kid: "r" });
    const r = await get(host, "/a", bearer(wrong));
    assert.equal(r.status, 401);
    assert.equal(events(r)[0].block_subtype, "unsupported_algorithm");
  } finally {
    host.close();
  }
});
