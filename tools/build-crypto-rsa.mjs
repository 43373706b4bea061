#!/usr/bin/env node
// Builds build/crypto-rsa.wasm (SHA-2, HMAC and RSA verification behind assembly/crypto/rsa-entry.ts)
// with the filter's release flags, for tests/crypto/rsa*.test.js and bench/crypto-rsa.js.
// Usage: node tools/build-crypto-rsa.mjs
import { RELEASE, standaloneBuilder } from "./lib/standalone-wasm.mjs";

export const TARGETS = {
  rsa: { entry: "assembly/crypto/rsa-entry.ts", out: "build/crypto-rsa.wasm", flags: RELEASE },
};
const builder = standaloneBuilder(TARGETS, ["assembly/crypto"]);
export const { buildTarget, ensureBuilt } = builder;
await builder.runIfMain(import.meta.url);
