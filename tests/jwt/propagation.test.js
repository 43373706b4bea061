// Identity propagation and client-certificate requirements through the filter: headers set from
// the token, a claim and the certificate; incoming copies always removed; requirement failures
// answered 403 with the right challenge.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { checkConfig } from "../../src/compiler/emit.js";
import { keyPair, mint, jwks, filter, get, bearer, events, ISSUER } from "./support.js";

const SHA = "ab".repeat(32);
const tls = (over = {}) => ({ tls: { version: "TLSv1.3", peerCertificate: { subject: "CN=web.shop,OU=payments,O=Example\\, Inc,C=CH", issuer: "CN=Shop CA", sha256: SHA, dnsSans: ["web.shop.svc"], uriSans: ["spiffe://shop/web"], validated: true, ...over } } });

let host, key;

before(async () => {
  key = await keyPair("ES256", "k");
  const jwt = { name: "shop/api", sources: [{ kind: "bearer" }, { kind: "cookie", name: "at" }, { kind: "query", name: "access_token" }], requireAny: [{ jwks: "shop/keys", issuer: ISSUER }], expirationRequired: true };
  const cfg = {
    version: 1,
    defaultPolicy: "p",
    jwks: [{ name: "shop/keys", keys: jwks(key) }],
    policies: [{
      name: "p",
      mode: "secured",
      accessControl: {
        policies: [
          { requestConditions: { path: { prefix: "/mtls" } }, authorization: "allow",
            requireAll: [{ kind: "certificateHash", values: [SHA.toUpperCase()] }],
            requireAny: [{ kind: "certificateSubject", field: "OrganizationalUnit", value: { exact: "payments" } }, { kind: "certificateSan", sanType: "URI", value: { exact: "spiffe://shop/admin" } }],
            identityPropagation: [{ header: "x-client-cn", source: { kind: "certificateSubject", field: "CommonName" } }, { header: "x-client-san", source: { kind: "certificateSan", sanType: "DNS" } }] },
          { requestConditions: { path: { prefix: "/admin" } }, authorization: "jwt", jwt,
            requireAll: [{ kind: "jwtClaim", name: "roles", value: { exact: "admin" } }] },
          { authorization: "jwt", jwt,
            identityPropagation: [
              { header: "x-user", source: { kind: "jwtClaim", claim: "sub" } },
              { header: "x-roles", source: { kind: "jwtClaim", claim: "roles" } },
              { header: "x-tenant", source: { kind: "jwtClaim", claim: "tenant" } },
              { bearerToken: true, source: { kind: "jwtToken" } },
            ] },
        ],
      },
    }],
  };
  checkConfig(cfg);
  host = await filter(cfg);
});
after(() => host?.close());

const upstreamHeader = (r, name) => r.upstreamRequest?.headers.filter(([n]) => n === name).map(([, v]) => v);

test("claims and the token are propagated; forged copies are removed; a missing claim is skipped", async () => {
  const token = await mint(key, { roles: ["user", "editor"] });
  const r = await get(host, "/api", { ...bearer(token), "x-user": "forged", "x-tenant": "forged", "x-client-cn": "forged" });
  assert.equal(r.status, 200);
  assert.deepEqual(upstreamHeader(r, "x-user"), ["alice"]);
  assert.deepEqual(upstreamHeader(r, "x-roles"), ["user,editor"]);
  assert.deepEqual(upstreamHeader(r, "x-tenant"), [], "no tenant claim: the forged value is removed and nothing set");
  assert.deepEqual(upstreamHeader(r, "x-client-cn"), [], "headers other access policies propagate are removed too");
  assert.deepEqual(upstreamHeader(r, "authorization"), [`Bearer ${token}`]);
});

test("a token from a cookie or the query is found and propagated as a bearer token", async () => {
  const token = await mint(key);
  const viaCookie = await get(host, "/api", { cookie: `theme=dark; at=${token}` });
  assert.equal(viaCookie.status, 200);
  assert.deepEqual(upstreamHeader(viaCookie, "authorization"), [`Bearer ${token}`]);
  const viaQuery = await get(host, `/api?access_token=${token}`);
  assert.equal(viaQuery.status, 200);
  const bad = await get(host, "/api?access_token=abc");
  assert.equal(events(bad)[0].location, "query:access_token");
});

test("a claim requirement that fails is 403 insufficient_scope", async () => {
  const r = await get(host, "/admin/x", bearer(await mint(key, { roles: ["user"] })));
  assert.equal(r.status, 403);
  assert.equal(events(r)[0].block_subtype, "claim_requirement");
  assert.equal(r.local.headers.find(([n]) => n === "www-authenticate")[1], 'Bearer realm="bulwark", error="insufficient_scope"');
  assert.equal((await get(host, "/admin/x", bearer(await mint(key, { roles: "admin" })))).status, 200, "a string claim matches like a one-element array");
});

test("client certificate: hash, subject and SAN requirements, and certificate fields propagated", async () => {
  const ok = await get(host, "/mtls/x", { "x-client-cn": "forged" }, { connection: tls() });
  assert.equal(ok.status, 200);
  assert.deepEqual(upstreamHeader(ok, "x-client-cn"), ["web.shop"]);
  assert.deepEqual(upstreamHeader(ok, "x-client-san"), ["web.shop.svc"]);
  const plain = await get(host, "/mtls/x");
  assert.equal(plain.status, 403, "no certificate");
  assert.equal(events(plain)[0].block_subtype, "client_certificate");
  assert.equal(plain.local.headers.find(([n]) => n === "www-authenticate"), undefined, "no bearer challenge without JWT authentication");
  assert.equal((await get(host, "/mtls/x", {}, { connection: tls({ sha256: "cd".repeat(32) }) })).status, 403, "other fingerprint");
  assert.equal((await get(host, "/mtls/x", {}, { connection: tls({ subject: "CN=web.shop,OU=support" }) })).status, 403, "requireAny: neither OU nor URI SAN");
  assert.equal((await get(host, "/mtls/x", {}, { connection: tls({ subject: "CN=web.shop,OU=support", uriSans: ["spiffe://shop/admin"] }) })).status, 200, "requireAny: the URI SAN");
});
