#!/usr/bin/env node
// Cost of one JWS signature check in build/crypto-ec.wasm (release flags), next to node:crypto
// (OpenSSL) on the same key and input: ES256 (P-256), ES384 (P-384), ES512 (P-521) and EdDSA
// (Ed25519), on a
// typical JWT signing input. Each call is timed on its own; median and p99 in µs, including the
// SHA-2 of the input and the copy of message and signature into wasm memory. Key import
// (validation, once per JWKS load) is reported separately. Targets (issue 7): ES256 < 400 µs,
// EdDSA < 300 µs per verification.
// Run alone with `node bench/crypto-ec.js`; bench/run.js imports run().
import crypto from "node:crypto";
import { fileURLToPath } from "node:url";
import { timeSync as time, signingInput } from "./stats.js";
import path from "node:path";
import { loadEcWasm } from "../tests/crypto/ec-wasm.js";
import { generateKeyPairSync } from "../tests/crypto/keygen.js";

const SIGNING_INPUT = signingInput("ES256");

export async function run() {
  const wasm = await loadEcWasm();
  const msg = SIGNING_INPUT;
  const rows = [];
  const push = (name, s) => {
    rows.push({ name: `${name} median`, value: s.median, unit: "µs" });
    rows.push({ name: `${name} p99`, value: s.p99, unit: "µs" });
  };
  const cases = [
    { name: "ES256", crv: "P-256", hash: "sha256", iterations: 1500 },
    { name: "ES384", crv: "P-384", hash: "sha384", iterations: 500 },
    { name: "ES512", crv: "P-521", hash: "sha512", iterations: 300 },
  ];
  for (const c of cases) {
    const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: c.crv });
    const jwk = publicKey.export({ format: "jwk" });
    const x = Buffer.from(jwk.x, "base64url"), y = Buffer.from(jwk.y, "base64url");
    const sig = crypto.sign(c.hash, msg, { key: privateKey, dsaEncoding: "ieee-p1363" });
    const h = wasm.ecKey(c.crv, x, y);
    if (h < 0 || !wasm.ecVerify(h, msg, sig)) throw new Error(`${c.name}: wasm rejects a valid signature`);
    push(`${c.name} key import, wasm`, time(() => wasm.ecKey(c.crv, x, y), 200, 20));
    wasm.resetKeys();
    const k = wasm.ecKey(c.crv, x, y);
    push(`${c.name} verify, wasm`, time(() => wasm.ecVerify(k, msg, sig), c.iterations, 200));
    const opts = { key: publicKey, dsaEncoding: "ieee-p1363" };
    push(`${c.name} verify, node:crypto`, time(() => crypto.verify(c.hash, msg, opts, sig), c.iterations, 200));
  }
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const pub = Buffer.from(publicKey.export({ format: "jwk" }).x, "base64url");
  const sig = crypto.sign(null, msg, privateKey);
  const h = wasm.edKey(pub);
  if (h < 0 || !wasm.edVerify(h, msg, sig)) throw new Error("EdDSA: wasm rejects a valid signature");
  push("EdDSA key import, wasm", time(() => wasm.edKey(pub), 200, 20));
  wasm.resetKeys();
  const k = wasm.edKey(pub);
  push("EdDSA verify, wasm", time(() => wasm.edVerify(k, msg, sig), 1500, 200));
  push("EdDSA verify, node:crypto", time(() => crypto.verify(null, msg, publicKey, sig), 1500, 200));
  wasm.resetKeys();
  // One field multiplication: the unrolled routines (field_ops.ts) against the generic loops.
  for (const [i, name] of ["P-256", "P-384", "2^255-19", "P-521"].entries()) {
    for (const generic of [0, 1]) {
      const which = 2 * i + generic;
      // many short calls: V8 tiers wasm up per function, never inside a running loop
      for (let i = 0; i < 300; i++) wasm.x.benchFieldMul(which, 100);
      const calls = 1000, per = 200;
      const t = process.hrtime.bigint();
      for (let i = 0; i < calls; i++) wasm.x.benchFieldMul(which, per);
      const ns = Number(process.hrtime.bigint() - t) / (calls * per);
      rows.push({ name: `field mul ${name}, ${generic ? "generic CIOS loops" : "unrolled"}`, value: ns, unit: "ns" });
    }
  }
  return rows;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const r of await run()) console.log(`${r.name.padEnd(52)} ${r.value.toFixed(2).padStart(10)} ${r.unit}`);
}
