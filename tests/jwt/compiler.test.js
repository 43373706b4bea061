// The compiler side of access control: attachment next to content security, JWKS from Secrets
// and files, remote JWKS clusters, and the refusals (unsupported sources, issuer/e-mail/IP
// certificate fields, OIDC, policy order, two access policies on one route).
import { test } from "node:test";
import assert from "node:assert/strict";
import { compileFiles, compileError } from "../compiler/helpers.js";

const G = "apiVersion: microgateway.airlock.com/v1alpha1";
const HS = JSON.stringify({ keys: [{ kty: "oct", kid: "h", k: Buffer.alloc(32, 7).toString("base64url") }] });

const route = (name, host) => `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: ${name}, namespace: shop}\nspec: {hostnames: [${host}]}\n`;
const jwks = `${G}\nkind: JWKS\nmetadata: {name: keys, namespace: shop}\nspec: {provider: {local: {secretRef: {name: keys}}}}\n`;
const secret = (data) => `apiVersion: v1\nkind: Secret\nmetadata: {name: keys, namespace: shop}\n${data}\n`;
const jwt = `${G}\nkind: JWT\nmetadata: {name: api, namespace: shop}\nspec: {expirationRequired: true, requireAny: [{jwksRef: {name: keys}, issuer: "https://idp"}]}\n`;
const acp = (targets, policies) => `${G}\nkind: AccessControlPolicy\nmetadata: {name: ac, namespace: shop}\nspec:\n  targetRefs: [${targets.map((t) => `{group: gateway.networking.k8s.io, kind: HTTPRoute, name: ${t}}`).join(", ")}]\n  policies:\n${policies}\n`;
const csp = (name, targets, extra = "") => `${G}\nkind: ContentSecurityPolicy\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  targetRefs: [${targets.map((t) => `{group: gateway.networking.k8s.io, kind: HTTPRoute, name: ${t}}`).join(", ")}]\n${extra}`;
const JWT_POLICY = "  - authorization: {authentication: {jwt: {jwtRef: {name: api}}}}";

test("an access policy pairs with each route's content security policy; routes without one get the defaults", async () => {
  const { config } = await compileFiles({
    "p.yaml": [route("a", "a.example"), route("b", "b.example"), route("c", "c.example"), jwks, secret(`stringData: {jwks.json: '${HS}'}`), jwt,
      acp(["a", "b", "c"], JWT_POLICY), csp("sec", ["a"]), csp("open", ["b"], "  unsecured: {}\n")].join("---\n"),
  });
  const byRoute = Object.fromEntries(config.routes.map((r) => [r.name, r.policy]));
  assert.deepEqual(byRoute, { "shop/a": "shop/sec+shop/ac", "shop/b": "shop/open+shop/ac", "shop/c": "default+shop/ac" });
  const p = (n) => config.policies.find((x) => x.name === n);
  assert.equal(p("shop/sec+shop/ac").mode, "secured");
  assert.ok(p("shop/sec+shop/ac").limits, "content security sections are kept");
  assert.equal(p("shop/open+shop/ac").mode, "secured", "access control stays on for an unsecured route");
  assert.equal(p("shop/open+shop/ac").limits, undefined, "but content inspection stays off");
  assert.ok(p("default+shop/ac").parser);
  assert.deepEqual(p("shop/sec+shop/ac").accessControl.policies[0].jwt.requireAny, [{ jwks: "shop/keys", issuer: "https://idp" }]);
  assert.deepEqual(config.jwks, [{ name: "shop/keys", keys: JSON.parse(HS) }]);
});

test("JWKS from a Secret's base64 data, from a file, and remote with its cluster", async () => {
  const b64 = Buffer.from(HS).toString("base64");
  const { config } = await compileFiles({ "p.yaml": [route("a", "a.example"), jwks, secret(`data: {jwks.json: ${b64}}`), jwt, acp(["a"], JWT_POLICY)].join("---\n") });
  assert.deepEqual(config.jwks[0].keys, JSON.parse(HS));

  const fileJwks = `${G}\nkind: JWKS\nmetadata: {name: keys, namespace: shop}\nspec: {provider: {local: {file: keys/jwks.json}}}\n`;
  const r2 = await compileFiles({ "p/p.yaml": [route("a", "a.example"), fileJwks, jwt, acp(["a"], JWT_POLICY)].join("---\n"), "p/keys/jwks.json": HS }, { inputs: ["p/p.yaml"] });
  assert.deepEqual(r2.config.jwks[0].keys, JSON.parse(HS));

  const remote = `${G}\nkind: JWKS\nmetadata: {name: keys, namespace: shop}\nspec: {provider: {remote: {uri: "https://idp.example:8443/certs?v=2", timeouts: {maxDuration: 3s}, refreshInterval: 10m}}}\n`;
  const r3 = await compileFiles({ "p.yaml": [route("a", "a.example"), remote, jwt, acp(["a"], JWT_POLICY)].join("---\n") });
  assert.deepEqual(r3.config.jwks, [{ name: "shop/keys", remote: { uri: "https://idp.example:8443/certs?v=2", cluster: "bulwark_jwks_shop_keys", authority: "idp.example:8443", path: "/certs?v=2", timeoutMs: 3000, refreshIntervalMs: 600000 } }]);
});

test("a broken local JWKS is refused without echoing its content", async () => {
  const err = await compileError({ "p.yaml": [route("a", "a.example"), jwks, secret("stringData: {jwks.json: '{\"keys\": [{\"kty\": \"oct\", \"k\": \"c2VjcmV0\"}]}'}"), jwt, acp(["a"], JWT_POLICY)].join("---\n") });
  assert.match(err.message, /HMAC secrets must be at least 32 bytes/);
  assert.doesNotMatch(err.message, /c2VjcmV0/);
  const notJson = await compileError({ "p.yaml": [route("a", "a.example"), jwks, secret("stringData: {jwks.json: 'hunter2-not-json'}"), jwt, acp(["a"], JWT_POLICY)].join("---\n") });
  assert.match(notJson.message, /the JWKS is not valid JSON/);
  assert.doesNotMatch(notJson.message, /hunter2/);
  const missing = await compileError({ "p.yaml": [route("a", "a.example"), jwks, jwt, acp(["a"], JWT_POLICY)].join("---\n") });
  assert.match(missing.message, /Secret shop\/keys not found among the inputs/);
});

test("refusals: policy order, OIDC, issuer and e-mail SAN requirements, two access policies on a route", async () => {
  const base = [route("a", "a.example"), jwks, secret(`stringData: {jwks.json: '${HS}'}`), jwt];
  const order = await compileError({ "p.yaml": [...base, acp(["a"], "  - authorization: {}\n  - requestConditions: {path: {matcher: {prefix: /x}}}\n    authorization: {deny: {}}")].join("---\n") });
  assert.match(order.message, /only the last policy may omit requestConditions/);
  assert.match(order.message, /the last policy must have no requestConditions/);
  const oidc = await compileError({ "p.yaml": [...base, acp(["a"], "  - authorization: {authentication: {oidc: {oidcRelyingPartyRef: {name: rp}}}}")].join("---\n") });
  assert.match(oidc.message, /OIDC authentication is not supported/);
  const issuer = await compileError({ "p.yaml": [...base, acp(["a"], "  - authorization: {requireAll: [{clientCertificate: {issuer: {field: CommonName, value: {matcher: {exact: ca}}}}}]}")].join("---\n") });
  assert.match(issuer.message, /no client-certificate issuer/);
  const email = await compileError({ "p.yaml": [...base, acp(["a"], "  - authorization: {requireAny: [{clientCertificate: {san: {type: Email, value: {matcher: {suffix: '@example.com'}}}}}]}")].join("---\n") });
  assert.match(email.message, /only DNS and URI SANs/);
  const claimNoJwt = await compileError({ "p.yaml": [...base, acp(["a"], "  - authorization: {requireAll: [{jwt: {claim: {name: roles}}}]}")].join("---\n") });
  assert.match(claimNoJwt.message, /a jwt claim requirement needs authentication.jwt/);
  const twice = await compileError({ "p.yaml": [...base, acp(["a"], JWT_POLICY), acp(["a"], JWT_POLICY).replace("name: ac,", "name: ac2,")].join("---\n") });
  assert.match(twice.message, /HTTPRoute shop\/a is already targeted by AccessControlPolicy shop\/ac/);
});

test("identity propagation and certificate requirements are emitted in the filter's terms", async () => {
  const ip = `${G}\nkind: IdentityPropagation\nmetadata: {name: who, namespace: shop}\nspec: {bearerToken: {source: {jwt: {}}}}\n---\n${G}\nkind: IdentityPropagation\nmetadata: {name: cn, namespace: shop}\nspec: {header: {name: X-Client-CN, value: {source: {clientCertificate: {subject: {field: CommonName}}}}}}\n`;
  const policies = `  - authorization:
      authentication: {jwt: {jwtRef: {name: api}}}
      requireAny:
      - clientCertificate: {hash: {in: {values: ["${"AB:".repeat(31)}AB"]}}}
      - clientCertificate: {san: {type: URI, value: {matcher: {prefix: "spiffe://"}}}}
    identityPropagation: {onFailure: Pass, actions: [{identityPropagationRef: {name: who}}, {identityPropagationRef: {name: cn}}]}`;
  const { config } = await compileFiles({ "p.yaml": [route("a", "a.example"), jwks, secret(`stringData: {jwks.json: '${HS}'}`), jwt, ip, acp(["a"], policies)].join("---\n") });
  const p = config.policies.find((x) => x.name === "default+shop/ac").accessControl.policies[0];
  assert.deepEqual(p.requireAny, [
    { kind: "certificateHash", values: [`${"AB:".repeat(31)}AB`] },
    { kind: "certificateSan", sanType: "URI", value: { prefix: "spiffe://" } },
  ]);
  assert.deepEqual(p.identityPropagation, [
    { bearerToken: true, source: { kind: "jwtToken" } },
    { header: "x-client-cn", source: { kind: "certificateSubject", field: "CommonName" } },
  ]);
});
