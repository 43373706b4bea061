// SHA-2 and HMAC in build/crypto-rsa.wasm against node:crypto on generated inputs: every length
// around the block and padding boundaries, then random lengths, keys and messages.
import { test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { RsaWasm, ALGS, prng } from "./rsa-wasm.js";

const wasm = await RsaWasm.load();
const SEED = Number(process.env.CRYPTO_SEED ?? 20261123) >>> 0;

test("SHA-256/384/512 match node:crypto for every length 0..300", () => {
  const r = prng(SEED);
  for (const { alg, node } of ALGS) {
    for (let len = 0; len <= 300; len++) {
      const data = r.bytes(len);
      assert.equal(wasm.hash(alg, data).toString("hex"), crypto.createHash(node).update(data).digest("hex"), `${node} length ${len}`);
    }
  }
});

test("SHA-2 matches node:crypto on random lengths up to 64 KiB", () => {
  const r = prng(SEED + 1);
  for (let i = 0; i < 60; i++) {
    const { alg, node } = r.pick(ALGS);
    const data = r.bytes(r.int(65536));
    assert.equal(wasm.hash(alg, data).toString("hex"), crypto.createHash(node).update(data).digest("hex"), `${node} length ${data.length}`);
  }
});

test("an unknown hash algorithm gives an empty digest", () => {
  assert.equal(wasm.hash(3, Buffer.from("abc")).length, 0);
  assert.equal(wasm.hash(-1, Buffer.from("abc")).length, 0);
});

test("HMAC matches node:crypto on 400 random keys and messages, and verification is exact", () => {
  const r = prng(SEED + 2);
  for (let i = 0; i < 400; i++) {
    const { alg, node } = r.pick(ALGS);
    // Keys shorter than, equal to and longer than the block (64 / 128 bytes).
    const key = r.bytes(r.pick([0, 1, 16, 32, 63, 64, 65, 127, 128, 129, 200, r.int(300)]));
    const msg = r.bytes(r.int(i < 300 ? 400 : 5000));
    const want = crypto.createHmac(node, key).update(msg).digest();
    const got = wasm.hmac(alg, key, msg);
    assert.equal(got.toString("hex"), want.toString("hex"), `case ${i} (${node}, key ${key.length}, msg ${msg.length})`);
    assert.equal(wasm.hmacVerify(alg, key, msg, want), true, `case ${i} verifies`);
    const bad = Buffer.from(want);
    bad[r.int(bad.length)] ^= 1 << r.int(8);
    assert.equal(wasm.hmacVerify(alg, key, msg, bad), false, `case ${i} with a flipped bit`);
    assert.equal(wasm.hmacVerify(alg, key, msg, want.subarray(0, want.length - 1)), false, `case ${i} truncated`);
    if (key.length > 0) {
      const otherKey = Buffer.from(key);
      otherKey[r.int(otherKey.length)] ^= 0x80;
      assert.equal(wasm.hmacVerify(alg, otherKey, msg, want), false, `case ${i} with another key`);
    }
  }
});
