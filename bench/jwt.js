// JWT verification cost through the filter (release build in the Node proxy-wasm host), per
// algorithm: uncached (every request carries a token the filter has not seen) and cached (the
// same token again: a 64-bit hash, a map lookup and a string comparison instead of the parse and
// the signature check). Each figure is the median difference between the request-header phase on
// a JWT path and on an `allow` path of the same configuration, carrying the same Authorization
// header, measured in interleaved pairs so host overhead and header size cancel out. Node's
// crypto.verify is shown as the reference.
// Runnable alone: `node bench/jwt.js`.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createPublicKey, verify as nodeVerify } from "node:crypto";
import { ProxyWasmHost } from "../host/index.js";
import { keyPair, mint, jwks, jwtConfig } from "../tests/jwt/support.js";

const wasmPath = fileURLToPath(new URL("../build/bulwark.wasm", import.meta.url));
const ALGS = ["RS256", "RS512", "PS256", "ES256", "ES384", "ES512", "EdDSA", "HS256"];
const UNCACHED = 300;

function pairs(path, token) {
  const p = [[":method", "GET"], [":path", path], [":authority", "shop.example.com"], [":scheme", "https"], ["user-agent", "bench"]];
  if (token) p.push(["authorization", `Bearer ${token}`]);
  return p;
}

async function headersPhase(host, path, token) {
  const s = host.createStream();
  const t0 = process.hrtime.bigint();
  const o = await s.requestHeaders(pairs(path, token), true);
  const dt = Number(process.hrtime.bigint() - t0) / 1000;
  s.finish();
  if (o.action !== "continue") throw new Error(`bench request refused: ${JSON.stringify(o.response?.status ?? o)}`);
  return dt;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

// Median of (JWT path − allow path) over interleaved pairs carrying the same Authorization
// header, so header size, host overhead and drift cancel out.
async function delta(host, tokens, rounds) {
  const d = [];
  for (let i = 0; i < rounds; i++) {
    const t = tokens[i % tokens.length];
    const base = await headersPhase(host, "/public/x", t);
    d.push(await headersPhase(host, "/api/x", t) - base);
  }
  return median(d);
}

function nodeReference(key, token) {
  const [h, p, s] = token.split(".");
  const input = Buffer.from(`${h}.${p}`);
  const sig = Buffer.from(s, "base64url");
  if (key.alg.startsWith("HS")) return null;
  const pub = createPublicKey({ key: key.publicJwk, format: "jwk" });
  const opts = key.alg.startsWith("PS") ? { key: pub, padding: 6, saltLength: 32 } : key.alg.startsWith("ES") ? { key: pub, dsaEncoding: "ieee-p1363" } : pub;
  const hash = key.alg === "EdDSA" ? null : `sha${key.alg.slice(2)}`;
  const n = 2000;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) if (!nodeVerify(hash, input, opts, sig)) throw new Error("node reference failed");
  return Number(process.hrtime.bigint() - t0) / 1000 / n;
}

export async function run() {
  if (!existsSync(wasmPath)) return [{ name: "jwt: build/bulwark.wasm missing (npm run build)", value: 0, unit: "" }];
  const keys = await Promise.all(ALGS.map((a) => keyPair(a)));
  const cfg = jwtConfig({ jwksEntries: [{ name: "shop/keys", keys: jwks(...keys) }] });
  const host = await ProxyWasmHost.create({ wasm: readFileSync(wasmPath), pluginConfig: JSON.stringify(cfg), logLevel: "error" });
  const rows = [];
  try {
    for (let i = 0; i < 300; i++) await headersPhase(host, "/public/x", null); // warm-up
    const base = [];
    for (let i = 0; i < 2000; i++) base.push(await headersPhase(host, "/public/x", null));
    rows.push({ name: "jwt: request headers, allow policy (host + filter baseline)", value: median(base), unit: "µs" });
    for (const key of keys) {
      const fresh = [];
      for (let i = 0; i < UNCACHED; i++) fresh.push(await mint(key, { jti: `${key.alg}-${i}` }));
      // Each fresh token is seen once on the JWT path: every one is a cache miss.
      const uncached = await delta(host, fresh, fresh.length);
      const cached = await delta(host, [fresh[0]], 3000);
      rows.push({ name: `jwt: ${key.alg} uncached (parse + verify + claims)`, value: uncached, unit: "µs" });
      rows.push({ name: `jwt: ${key.alg} cached (hash + lookup + claims)`, value: cached, unit: "µs" });
      const ref = nodeReference(key, fresh[0]);
      if (ref !== null) rows.push({ name: `jwt: ${key.alg} node:crypto verify (reference)`, value: ref, unit: "µs" });
    }
  } finally {
    host.close();
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await run()) console.log(`${r.name.padEnd(64)} ${r.value.toFixed(2).padStart(10)} ${r.unit}`);
}
