// Remote JWKS through proxy_http_call: fetched at configure time, requests that arrive while a
// fetch runs wait for it, rotation picked up on an unknown kid (rate-limited), last good keys
// kept when the server fails, fail closed (503 no_keys) when there never were keys, and keys
// shared between VMs through shared data. The JWKS server rotates keys and fails on purpose.
import { test } from "node:test";
import assert from "node:assert/strict";
import { keyPair, mint, jwks, jwtConfig, filter, get, bearer, events, jwksServer, remoteEntry } from "./support.js";

function clock() {
  let ns = BigInt(Date.now()) * 1000000n;
  return { now: () => ns, advance: (ms) => { ns += BigInt(ms) * 1000000n; } };
}

async function setup(server, opts = {}, entry = {}) {
  const c = clock();
  const cfg = jwtConfig({ jwksEntries: [remoteEntry(server, "shop/idp-keys", entry)] });
  const host = await filter(cfg, { clusters: { "bulwark_jwks_shop_idp-keys": server.origin }, clock: c.now, ...opts });
  return { host, clock: c };
}

test("a request arriving while the first fetch runs waits for it, then passes", async () => {
  const k1 = await keyPair("RS256", "k1");
  const server = await jwksServer(jwks(k1));
  server.state.delayMs = 300;
  const { host } = await setup(server);
  try {
    const r = await get(host, "/api", bearer(await mint(k1)));
    assert.equal(r.status, 200);
    assert.equal(server.state.requests, 1, "one fetch, made at configure time");
    const again = await get(host, "/api", bearer(await mint(k1)));
    assert.equal(again.status, 200);
    assert.equal(server.state.requests, 1, "keys are cached");
    const call = host.httpCallLog.at(-1);
    assert.equal(call.cluster, "bulwark_jwks_shop_idp-keys");
  } finally {
    host.close();
    await server.close();
  }
});

test("rotation: an unknown kid triggers one refetch; a second unknown kid soon after does not", async () => {
  const k1 = await keyPair("ES256", "k1");
  const k2 = await keyPair("ES256", "k2");
  const server = await jwksServer(jwks(k1));
  const { host } = await setup(server);
  try {
    await host.settle();
    assert.equal((await get(host, "/api", bearer(await mint(k1)))).status, 200);
    server.state.jwks = jwks(k2);
    const r = await get(host, "/api", bearer(await mint(k2)));
    assert.equal(r.status, 200, "the new key was fetched while the request waited");
    assert.equal(server.state.requests, 2);
    const k3 = await keyPair("ES256", "k3");
    const r3 = await get(host, "/api", bearer(await mint(k3)));
    assert.equal(r3.status, 401);
    assert.equal(events(r3)[0].block_subtype, "unknown_key");
    assert.equal(server.state.requests, 2, "rate-limited: no second refetch within 30 s");
    const r1 = await get(host, "/api", bearer(await mint(k1)));
    assert.equal(r1.status, 401, "the rotated-out key no longer verifies");
  } finally {
    host.close();
    await server.close();
  }
});

test("a failing refresh keeps the last good keys; the periodic refresh picks up new ones later", async () => {
  const k1 = await keyPair("EdDSA", "k1");
  const k2 = await keyPair("EdDSA", "k2");
  const server = await jwksServer(jwks(k1));
  const { host, clock: c } = await setup(server, {}, { refreshIntervalMs: 10000 });
  try {
    await host.settle();
    server.state.mode = "500";
    c.advance(11000);
    host.tick();
    await host.settle();
    assert.equal(server.state.requests, 2, "the periodic refresh ran");
    assert.ok(host.logs.some((l) => /JWKS shop\/idp-keys: fetch failed: HTTP status 500; keeping the last good keys/.test(l.message)));
    assert.equal((await get(host, "/api", bearer(await mint(k1)))).status, 200, "old keys still serve");
    server.state.mode = "garbage";
    c.advance(20000);
    host.tick();
    await host.settle();
    assert.equal((await get(host, "/api", bearer(await mint(k1)))).status, 200, "a garbage answer changes nothing");
    server.state.mode = "ok";
    server.state.jwks = jwks(k2);
    c.advance(70000);
    host.tick();
    await host.settle();
    assert.equal((await get(host, "/api", bearer(await mint(k2)))).status, 200, "the refresh adopted the new set");
  } finally {
    host.close();
    await server.close();
  }
});

test("fail closed: 503 no_keys when the key set was never fetched", async () => {
  const k1 = await keyPair("RS256", "k1");
  const server = await jwksServer(jwks(k1));
  server.state.mode = "500";
  const { host } = await setup(server);
  try {
    const r = await get(host, "/api", bearer(await mint(k1)));
    assert.equal(r.status, 503);
    assert.equal(events(r)[0].block_subtype, "no_keys");
    assert.equal(r.local.headers.find(([n]) => n === "retry-after")[1], "5");
    assert.equal(r.upstreamRequest, null);
  } finally {
    host.close();
    await server.close();
  }
});

test("a hanging JWKS server: the waiting request is answered when the fetch times out", async () => {
  const k1 = await keyPair("RS256", "k1");
  const server = await jwksServer(jwks(k1));
  server.state.mode = "hang";
  const { host } = await setup(server, {}, { timeoutMs: 300 });
  try {
    const t0 = Date.now();
    const r = await get(host, "/api", bearer(await mint(k1)));
    assert.equal(r.status, 503);
    assert.ok(Date.now() - t0 < 5000);
  } finally {
    host.close();
    await server.close();
  }
});

test("VMs share fetched keys: a rotation fetched by one VM serves the other without a fetch", async () => {
  const k1 = await keyPair("RS256", "k1");
  const k2 = await keyPair("RS256", "k2");
  const server = await jwksServer(jwks(k1));
  const { host } = await setup(server, { vms: 2 });
  try {
    await host.settle();
    const before = server.state.requests;
    assert.ok(before >= 1 && before <= 2);
    server.state.jwks = jwks(k2);
    assert.equal((await get(host, "/api", bearer(await mint(k2)), { vm: 0 })).status, 200);
    assert.equal(server.state.requests, before + 1);
    assert.equal((await get(host, "/api", bearer(await mint(k2)), { vm: 1 })).status, 200);
    assert.equal(server.state.requests, before + 1, "VM 1 took the keys from shared data");
    assert.match(host.sharedData.getString("bulwark.jwks.v1.shop/idp-keys"), /^\d+\nhttp:\/\/127\.0\.0\.1:\d+\/\.well-known\/jwks\.json\n\{"keys"/);
  } finally {
    host.close();
    await server.close();
  }
});
