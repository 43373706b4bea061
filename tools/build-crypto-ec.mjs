#!/usr/bin/env node
// Builds build/crypto-ec.wasm: ECDSA (P-256, P-384) and Ed25519 verification behind the
// small handle API of assembly/crypto/ec-entry.ts, with the filter's release flags, for
// tests/crypto/ec*.test.js, tests/crypto/ed25519*.test.js and bench/crypto-ec.js.
// Usage: node tools/build-crypto-ec.mjs
import { RELEASE, standaloneBuilder } from "./lib/standalone-wasm.mjs";

export const TARGETS = {
  ec: { entry: "assembly/crypto/ec-entry.ts", out: "build/crypto-ec.wasm", flags: RELEASE },
};
const builder = standaloneBuilder(TARGETS, ["assembly/crypto"]);
export const { buildTarget, ensureBuilt } = builder;
await builder.runIfMain(import.meta.url);
