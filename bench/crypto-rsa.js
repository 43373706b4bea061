#!/usr/bin/env node
// Cost of one JWS signature check in build/crypto-rsa.wasm (release flags, no SIMD, as the filter
// builds today) and build/crypto-rsa-simd.wasm (the same with --enable simd), next to node:crypto
// (OpenSSL) on the same keys and input: RS256/PS256 at 2048/3072/4096 bits and HS256, on a
// typical JWT signing input. Each call is timed on its own; median and p99 in µs, including the
// copy of message and signature into wasm memory. Target (issue 7): RS256-2048 < 150 µs.
// Run alone with `node bench/crypto-rsa.js`; bench/run.js imports run().
import crypto from "node:crypto";
import { fileURLToPath } from "node:url";
import { timeSync as time, signingInput } from "./stats.js";
import path from "node:path";
import { RsaWasm, PKCS1, PSS } from "../tests/crypto/rsa-wasm.js";
import { generateKeyPairSync } from "../tests/crypto/keygen.js";

export const SIGNING_INPUT = signingInput("RS256");

export async function run() {
  const wasm = await RsaWasm.load("rsa");
  const simd = await RsaWasm.load("rsa-simd");
  const msg = SIGNING_INPUT;
  const rows = [];
  const push = (name, s) => {
    rows.push({ name: `${name} median`, value: s.median, unit: "µs" });
    rows.push({ name: `${name} p99`, value: s.p99, unit: "µs" });
  };
  for (const bits of [2048, 3072, 4096]) {
    const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: bits });
    const jwk = publicKey.export({ format: "jwk" });
    const n = Buffer.from(jwk.n, "base64url");
    const e = Buffer.from(jwk.e, "base64url");
    // Key import computes R^2 mod n once per key (JWKS load), not per verification.
    const imports = time(() => wasm.keyNew(n, e), 30, 3);
    rows.push({ name: `RSA-${bits} key import, wasm median`, value: imports.median, unit: "µs" });
    wasm.x.keysClear();
    const h = wasm.keyNew(n, e);
    const hs = simd.keyNew(n, e);
    const iterations = bits === 2048 ? 2000 : bits === 3072 ? 800 : 400;
    for (const [label, scheme, padding] of [["RS256", PKCS1, crypto.constants.RSA_PKCS1_PADDING], ["PS256", PSS, crypto.constants.RSA_PKCS1_PSS_PADDING]]) {
      const sig = crypto.sign("sha256", msg, { key: privateKey, padding, saltLength: 32 });
      if (!wasm.verify(h, scheme, 0, msg, sig)) throw new Error(`${label}-${bits}: wasm rejects a valid signature`);
      if (!simd.verify(hs, scheme, 0, msg, sig)) throw new Error(`${label}-${bits}: wasm+simd rejects a valid signature`);
      push(`${label}-${bits} verify, wasm`, time(() => wasm.verify(h, scheme, 0, msg, sig), iterations, 100));
      push(`${label}-${bits} verify, wasm+simd`, time(() => simd.verify(hs, scheme, 0, msg, sig), iterations, 100));
      push(`${label}-${bits} verify, node:crypto`, time(() => crypto.verify("sha256", msg, { key: publicKey, padding, saltLength: 32 }, sig), iterations, 100));
    }
  }
  const key = crypto.randomBytes(32);
  const mac = crypto.createHmac("sha256", key).update(msg).digest();
  if (!wasm.hmacVerify(0, key, msg, mac)) throw new Error("HS256: wasm rejects a valid MAC");
  push(`HS256 verify (${msg.length}-byte input), wasm`, time(() => wasm.hmacVerify(0, key, msg, mac), 20000, 2000));
  push("HS256 verify, node:crypto", time(() => crypto.timingSafeEqual(crypto.createHmac("sha256", key).update(msg).digest(), mac), 20000, 2000));
  return rows;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const r of await run()) console.log(`${r.name.padEnd(52)} ${r.value.toFixed(2).padStart(10)} ${r.unit}`);
}
