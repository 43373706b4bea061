// Helpers for the JWT / access-control end-to-end tests: keys and tokens minted with `jose`, a
// JWKS HTTP server that can rotate keys and fail on purpose, and filter configurations.
import http from "node:http";
import * as jose from "jose";
import { collectGarbage } from "../crypto/keygen.js";
import { checkConfig } from "../../src/compiler/emit.js";
import { startFilter } from "../filter/support.js";

export { jose };

export const ISSUER = "https://idp.example.com";
export const AUDIENCE = "shop-api";
export const now = () => Math.floor(Date.now() / 1000);

/** A key pair for `alg` with its public JWK (kid, alg, use set). */
export async function keyPair(alg, kid = `${alg.toLowerCase()}-1`, opts = {}) {
  if (alg.startsWith("HS")) {
    const bytes = Buffer.alloc(opts.secretBytes ?? 64, kid);
    const secret = new Uint8Array(bytes);
    const jwk = { kty: "oct", kid, k: Buffer.from(bytes).toString("base64url"), ...(opts.noAlg ? {} : { alg }) };
    return { alg, kid, privateKey: secret, publicJwk: jwk };
  }
  const { publicKey, privateKey } = await jose.generateKeyPair(alg, { extractable: true, ...(opts.modulusLength ? { modulusLength: opts.modulusLength } : {}) });
  // Node 20 can deadlock exporting a key while a collection destroys its generation job (tests/crypto/keygen.js).
  collectGarbage();
  const publicJwk = { ...(await jose.exportJWK(publicKey)), kid, use: "sig", ...(opts.noAlg ? {} : { alg }) };
  return { alg, kid, privateKey, publicJwk };
}

/** A signed token; `claims` override the defaults (iss, aud, sub, iat, exp = now + 5 min). */
export async function mint(key, claims = {}, header = {}) {
  const t = now();
  const body = { iss: ISSUER, aud: AUDIENCE, sub: "alice", iat: t, exp: t + 300, ...claims };
  for (const [k, v] of Object.entries(body)) if (v === undefined) delete body[k];
  return new jose.SignJWT(body).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: "JWT", ...header }).sign(key.privateKey);
}

export const b64 = (o) => Buffer.from(typeof o === "string" ? o : JSON.stringify(o)).toString("base64url");

/** A token assembled by hand (for malformed and attack cases). */
export function rawToken(header, payload, signature = "") {
  return `${typeof header === "string" ? header : b64(header)}.${typeof payload === "string" ? payload : b64(payload)}.${signature}`;
}

export const jwks = (...keys) => ({ keys: keys.map((k) => k.publicJwk) });

/** Filter config: one policy whose access control requires a JWT verified with `jwksEntry`. */
export function jwtConfig({ jwksEntries, jwt = {}, policies, propagation } = {}) {
  const jwtSettings = {
    name: "shop/api-jwt",
    sources: [{ kind: "bearer" }],
    requireAny: [{ jwks: jwksEntries[0].name, issuer: ISSUER, audiences: [AUDIENCE] }],
    expirationRequired: true,
    clockSkewSeconds: 60,
    ...jwt,
  };
  const cfg = {
    version: 1,
    policies: [{
      name: "default",
      mode: "secured",
      accessControl: {
        policies: policies ?? [
          { requestConditions: { path: { prefix: "/internal" } }, authorization: "deny" },
          { requestConditions: { path: { prefix: "/public" } }, authorization: "allow" },
          { authorization: "jwt", jwt: jwtSettings, ...(propagation ? { identityPropagation: propagation } : {}) },
        ],
      },
    }],
    defaultPolicy: "default",
    jwks: jwksEntries,
  };
  checkConfig(cfg);
  return cfg;
}

export async function filter(cfg, opts = {}) {
  return startFilter(cfg, { logLevel: "info", ...opts });
}

export function bearer(token) {
  return { authorization: `Bearer ${token}` };
}

export async function get(host, path, headers = {}, extra = {}) {
  return host.simulate({ method: "GET", path, authority: "shop.example.com", headers, ...extra });
}

/** The security events (parsed JSON) of a simulated exchange. */
export function events(r) {
  return r.logs.map((l) => l.message).filter((m) => m.startsWith("{\"type\":\"security_event\"")).map((m) => JSON.parse(m));
}

/**
 * A JWKS server on 127.0.0.1: serves `state.jwks`; `state.mode` = "ok" | "500" | "garbage" |
 * "hang" | "slow" (delayMs then ok); counts requests.
 */
export async function jwksServer(initial) {
  const state = { jwks: initial, mode: "ok", requests: 0, delayMs: 0, pending: [] };
  const server = http.createServer((req, res) => {
    state.requests++;
    const answer = () => {
      if (state.mode === "500") { res.writeHead(500); res.end("boom"); return; }
      if (state.mode === "garbage") { res.writeHead(200, { "content-type": "application/json" }); res.end("{not json"); return; }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(state.jwks));
    };
    if (state.mode === "hang") { state.pending.push(res); return; }
    if (state.delayMs > 0) setTimeout(answer, state.delayMs);
    else answer();
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    state,
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => { for (const r of state.pending) r.destroy(); server.closeAllConnections?.(); server.close(resolve); }),
  };
}

export function remoteEntry(server, name = "shop/idp-keys", extra = {}) {
  const u = new URL(server.url);
  return { name, remote: { uri: server.url, cluster: "bulwark_jwks_shop_idp-keys", authority: u.host, path: u.pathname, timeoutMs: 2000, refreshIntervalMs: 60000, ...extra } };
}
