#!/usr/bin/env node
// Builds the SHA-2, HMAC and RSA verification code behind assembly/crypto/rsa-entry.ts with the
// filter's release flags, for tests/crypto/{rsa,sha}.test.js and bench/crypto-rsa.js:
//   build/crypto-rsa.wasm       as the filter builds it today (no SIMD)
//   build/crypto-rsa-simd.wasm  with --enable simd, which switches montgomery.ts to its SIMD path
// Usage: node tools/build-crypto-rsa.mjs [rsa|rsa-simd ...]   (default: both)
import { RELEASE, standaloneBuilder } from "./lib/standalone-wasm.mjs";

export const TARGETS = {
  rsa: { entry: "assembly/crypto/rsa-entry.ts", out: "build/crypto-rsa.wasm", flags: RELEASE },
  "rsa-simd": { entry: "assembly/crypto/rsa-entry.ts", out: "build/crypto-rsa-simd.wasm", flags: [...RELEASE, "--enable", "simd"] },
};
const builder = standaloneBuilder(TARGETS, ["assembly/crypto"]);
export const { buildTarget, ensureBuilt } = builder;
await builder.runIfMain(import.meta.url);
