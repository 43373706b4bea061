// The attack cases of issue 7 against the filter: each must be refused with its reason, with a
// 401 RFC 6750 challenge, and without the token appearing in any log line.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { keyPair, mint, jwks, jwtConfig, filter, get, bearer, events, rawToken, b64, now, ISSUER, AUDIENCE } from "./support.js";

let host, rs, es, hs, ed;

before(async () => {
  rs = await keyPair("RS256", "rsa");
  es = await keyPair("ES256", "ec");
  ed = await keyPair("EdDSA", "ed");
  hs = await keyPair("HS256", "hmac");
  host = await filter(jwtConfig({
    jwksEntries: [{ name: "shop/keys", keys: jwks(rs, es, ed, hs) }],
    jwt: { maxLifetimeSeconds: 3600 },
  }));
});
after(() => host?.close());

async function refused(token, subtype, status = 401) {
  const r = await get(host, "/api/orders", bearer(token));
  assert.equal(r.status, status, `status for ${subtype}`);
  assert.equal(r.upstreamRequest, null, "nothing reaches the upstream");
  const ev = events(r);
  assert.equal(ev.length, 1, "one security event");
  assert.equal(ev[0].block_type, "access_control");
  assert.equal(ev[0].block_subtype, subtype);
  assert.equal(ev[0].location, "header:authorization");
  assert.equal(r.local.details, "bulwark_request_blocked_access_control");
  const challenge = r.local.headers.find(([n]) => n === "www-authenticate")?.[1];
  assert.equal(challenge, 'Bearer realm="bulwark", error="invalid_token"');
  for (const l of r.logs) assert.ok(!l.message.includes(token.slice(0, 40)), "the token is never logged");
  return r;
}

test("a valid token passes (baseline)", async () => {
  assert.equal((await get(host, "/api", bearer(await mint(rs)))).status, 200);
});

test("alg none is refused, with or without a signature", async () => {
  const payload = { iss: ISSUER, aud: AUDIENCE, exp: now() + 60 };
  await refused(rawToken({ alg: "none", typ: "JWT" }, payload, "x"), "unsupported_algorithm");
  await refused(rawToken({ alg: "none" }, payload, ""), "malformed");
  await refused(rawToken({ alg: "NONE" }, payload, "x"), "unsupported_algorithm");
});

test("algorithm confusion: HS256 signed with the RSA public key as the secret is refused", async () => {
  const { createHmac } = await import("node:crypto");
  const header = b64({ alg: "HS256", kid: "rsa" });
  const payload = b64({ iss: ISSUER, aud: AUDIENCE, iat: now(), exp: now() + 60 });
  for (const secret of [JSON.stringify(rs.publicJwk), Buffer.from(rs.publicJwk.n, "base64url")]) {
    const sig = createHmac("sha256", secret).update(`${header}.${payload}`).digest("base64url");
    await refused(`${header}.${payload}.${sig}`, "unsupported_algorithm");
  }
  // And an RS256 header naming the HMAC key.
  const forged = await mint(rs, {}, { kid: "hmac" });
  await refused(forged, "unsupported_algorithm");
});

test("a kid that is missing from the set, or names a key of another type, is refused", async () => {
  const stranger = await keyPair("RS256", "nobody");
  await refused(await mint(stranger), "unknown_key");
  await refused(await mint(es, {}, { kid: "ed" }), "unsupported_algorithm");
});

test("a token without kid is tried with every key that allows its alg", async () => {
  const t = await mint({ ...es, kid: undefined });
  assert.equal((await get(host, "/api", bearer(t))).status, 200);
  const other = await keyPair("ES256", "x");
  await refused(await mint({ ...other, kid: undefined }), "bad_signature");
});

test("time claims: expired, not yet valid, missing exp, lifetime too long", async () => {
  await refused(await mint(rs, { iat: now() - 400, exp: now() - 61 }), "expired");
  assert.equal((await get(host, "/api", bearer(await mint(rs, { iat: now() - 400, exp: now() - 30 })))).status, 200, "within the 60 s clock skew");
  await refused(await mint(rs, { nbf: now() + 120 }), "not_yet_valid");
  await refused(await mint(rs, { exp: undefined }), "missing_expiration");
  await refused(await mint(rs, { iat: now(), exp: now() + 7200 }), "lifetime_too_long");
  await refused(await mint(rs, { iat: undefined, exp: now() + 60 }), "lifetime_too_long");
});

test("wrong issuer or audience", async () => {
  await refused(await mint(rs, { iss: "https://evil.example.com" }), "wrong_issuer");
  await refused(await mint(rs, { aud: ["other-api"] }), "wrong_audience");
  assert.equal((await get(host, "/api", bearer(await mint(rs, { aud: ["other", AUDIENCE] })))).status, 200, "one matching audience suffices");
});

test("tampered payload and truncated signature", async () => {
  const t = await mint(ed);
  const [h, p, s] = t.split(".");
  const claims = JSON.parse(Buffer.from(p, "base64url"));
  claims.sub = "admin";
  await refused(`${h}.${b64(claims)}.${s}`, "bad_signature");
  await refused(`${h}.${p}.${Buffer.from(s, "base64url").subarray(0, 60).toString("base64url")}`, "bad_signature");
  await refused(`${h}.${p}.${s.slice(0, s.length - 1)}`, "malformed");
});

test("duplicate JSON members in the header or payload", async () => {
  const sig = (await mint(hs)).split(".")[2];
  const header = Buffer.from('{"alg":"HS256","kid":"hmac","alg":"none"}').toString("base64url");
  await refused(`${header}.${b64({ iss: ISSUER, aud: AUDIENCE, exp: now() + 60 })}.${sig}`, "malformed");
  const payload = Buffer.from(`{"iss":"${ISSUER}","aud":"${AUDIENCE}","exp":${now() + 60},"sub":"a","sub":"admin"}`).toString("base64url");
  await refused(`${b64({ alg: "HS256", kid: "hmac" })}.${payload}.${sig}`, "malformed");
});

test("unknown crit headers, embedded keys and malformed encodings", async () => {
  const { createHmac } = await import("node:crypto");
  const header = b64({ alg: "HS256", kid: "hmac", crit: ["x-custom"], "x-custom": 1 });
  const payload = b64({ iss: ISSUER, aud: AUDIENCE, iat: now(), exp: now() + 60 });
  const sig = createHmac("sha256", Buffer.from(hs.privateKey)).update(`${header}.${payload}`).digest("base64url");
  await refused(`${header}.${payload}.${sig}`, "unsupported_critical_header");
  // A jwk embedded in the header is ignored: the signature must still verify with a configured key.
  const attacker = await keyPair("RS256", "rsa");
  await refused(await mint(attacker, {}, { jwk: attacker.publicJwk }), "bad_signature");
  await refused("not-a-token", "malformed");
  await refused(`${b64({ alg: "RS256" })}.@@@.abc`, "malformed");
  await refused(`${b64({ alg: "RS256" })}==.${b64({})}.abc`, "malformed");
});

test("huge tokens are refused before any decoding", async () => {
  const big = await mint(rs, { pad: "x".repeat(20000) });
  await refused(big, "token_too_large");
});

test("no token: 401 with a challenge but no error code; other schemes count as no token", async () => {
  for (const headers of [{}, { authorization: "Basic dXNlcjpwYXNz" }]) {
    const r = await get(host, "/api", headers);
    assert.equal(r.status, 401);
    assert.equal(events(r)[0].block_subtype, "no_token");
    assert.equal(r.local.headers.find(([n]) => n === "www-authenticate")[1], 'Bearer realm="bulwark"');
  }
});

test("deny and allow policies, first match wins", async () => {
  const denied = await get(host, "/internal/x", bearer(await mint(rs)));
  assert.equal(denied.status, 403);
  assert.equal(events(denied)[0].block_subtype, "denied");
  assert.equal((await get(host, "/public/x")).status, 200);
});
