// Remote JWKS end to end through the dev proxy (`bulwark serve`): policies compiled from YAML
// (JWT, JWKS with a remote URI, IdentityPropagation, AccessControlPolicy next to a
// ContentSecurityPolicy), the proxy maps the JWKS cluster to the URI, and a local JWKS server
// rotates its keys and fails on purpose.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import http from "node:http";
import { startStack, request } from "../serve/support/harness.js";
import { keyPair, mint, jwks, jwksServer } from "./support.js";

let stack, idp, upstream, dir, k1, k2;
const seen = [];

function policies(jwksUri) {
  return `
apiVersion: microgateway.airlock.com/v1alpha1
kind: JWKS
metadata: {name: idp-keys, namespace: shop}
spec:
  provider:
    remote: {uri: "${jwksUri}", timeouts: {maxDuration: 2s}}
---
apiVersion: microgateway.airlock.com/v1alpha1
kind: JWT
metadata: {name: api-jwt, namespace: shop}
spec:
  requireAny:
  - jwksRef: {name: idp-keys}
    issuer: https://idp.example.com
    audiences: [shop-api]
  expirationRequired: true
---
apiVersion: microgateway.airlock.com/v1alpha1
kind: IdentityPropagation
metadata: {name: user, namespace: shop}
spec:
  header:
    name: X-User-Id
    value: {source: {jwt: {claim: sub}}}
---
apiVersion: microgateway.airlock.com/v1alpha1
kind: AccessControlPolicy
metadata: {name: shop-ac, namespace: shop}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: shop}]
  policies:
  - requestConditions: {path: {matcher: {prefix: /public}}}
    authorization: {}
  - authorization:
      authentication: {jwt: {jwtRef: {name: api-jwt}}}
      requireAll:
      - jwt: {claim: {name: roles, value: {matcher: {exact: admin}}}}
    identityPropagation: {onFailure: Pass, actions: [{identityPropagationRef: {name: user}}]}
---
apiVersion: microgateway.airlock.com/v1alpha1
kind: ContentSecurityPolicy
metadata: {name: shop-csp, namespace: shop}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: shop}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: shop, namespace: shop}
spec:
  hostnames: [shop.example.com]
`;
}

before(async () => {
  k1 = await keyPair("RS256", "k1");
  k2 = await keyPair("ES256", "k2");
  idp = await jwksServer(jwks(k1));
  upstream = http.createServer((req, res) => {
    seen.push({ path: req.url, user: req.headers["x-user-id"] ?? null });
    res.writeHead(200, { "content-type": "text/plain" });
    res.end("ok");
  });
  await new Promise((r) => upstream.listen(0, "127.0.0.1", r));
  dir = mkdtempSync(path.join(tmpdir(), "bulwark-jwt-"));
  writeFileSync(path.join(dir, "policies.yaml"), policies(idp.url));
  stack = await startStack({ policies: [dir], upstream: `http://127.0.0.1:${upstream.address().port}`, workers: 2 });
});

after(async () => {
  await stack?.close();
  await idp?.close();
  await new Promise((r) => upstream.close(r));
  rmSync(dir, { recursive: true, force: true });
});

const call = (p, headers = {}) => request(`${stack.server.url}${p}`, { headers: { host: "shop.example.com", ...headers } });

test("a token verified with the remote key set passes with the claim propagated; forged headers are stripped", async () => {
  const r = await call("/api/orders", { authorization: `Bearer ${await mint(k1, { roles: ["admin"] })}`, "x-user-id": "forged" });
  assert.equal(r.status, 200, r.body.toString());
  assert.deepEqual(seen.at(-1), { path: "/api/orders", user: "alice" });
  const pub = await call("/public/x", { "x-user-id": "forged" });
  assert.equal(pub.status, 200);
  assert.deepEqual(seen.at(-1), { path: "/public/x", user: null }, "no token: the forged header is removed, nothing is set");
});

test("claim requirement and missing token", async () => {
  const r = await call("/api/orders", { authorization: `Bearer ${await mint(k1, { roles: ["user"] })}` });
  assert.equal(r.status, 403);
  assert.equal(r.headers["www-authenticate"], 'Bearer realm="bulwark", error="insufficient_scope"');
  const none = await call("/api/orders");
  assert.equal(none.status, 401);
  assert.equal(none.headers["www-authenticate"], 'Bearer realm="bulwark"');
});

test("key rotation at the identity provider, while it also fails on purpose", async () => {
  idp.state.jwks = jwks(k2);
  const rotated = await call("/api/orders", { authorization: `Bearer ${await mint(k2, { roles: "admin" })}` });
  assert.equal(rotated.status, 200, "an unknown kid fetched the rotated set");
  idp.state.mode = "500";
  const again = await call("/api/orders", { authorization: `Bearer ${await mint(k2, { roles: "admin" })}` });
  assert.equal(again.status, 200, "the failing server does not matter while the keys are known");
  const stranger = await keyPair("ES256", "k3");
  const refused = await call("/api/orders", { authorization: `Bearer ${await mint(stranger, { roles: "admin" })}` });
  assert.equal(refused.status, 401);
  idp.state.mode = "ok";
});
