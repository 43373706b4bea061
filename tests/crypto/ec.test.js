// Differential test of ES256 / ES384 verification (build/crypto-ec.wasm) against node:crypto:
// random keys and messages must verify exactly when Node says they do; every single-bit
// corruption of a few valid signatures must fail; r, s outside [1, n-1] and invalid keys are
// rejected. Signatures are JOSE r || s (dsaEncoding "ieee-p1363").
import { test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { loadEcWasm } from "./ec-wasm.js";

const wasm = await loadEcWasm();

const CURVES = [
  {
    crv: "P-256", hash: "sha256", size: 32,
    p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
    n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  },
  {
    crv: "P-384", hash: "sha384", size: 48,
    p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffffn,
    n: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
  },
];
const KEYS = 150;

const be = (x, len) => Buffer.from(x.toString(16).padStart(len * 2, "0"), "hex");
const int = (buf) => BigInt("0x" + (buf.toString("hex") || "0"));

function keyPair(crv) {
  const { publicKey, privateKey } = crypto.generateKeyPairSync("ec", { namedCurve: crv });
  const jwk = publicKey.export({ format: "jwk" });
  return { publicKey, privateKey, x: Buffer.from(jwk.x, "base64url"), y: Buffer.from(jwk.y, "base64url") };
}

function sign(c, privateKey, msg) {
  return crypto.sign(c.hash, msg, { key: privateKey, dsaEncoding: "ieee-p1363" });
}

function nodeVerify(c, publicKey, msg, sig) {
  return crypto.verify(c.hash, msg, { key: publicKey, dsaEncoding: "ieee-p1363" }, sig);
}

for (const c of CURVES) {
  test(`${c.crv}: ${KEYS} random keys and messages agree with node:crypto`, () => {
    const failures = [];
    for (let i = 0; i < KEYS; i++) {
      const k = keyPair(c.crv);
      const h = wasm.ecKey(c.crv, k.x, k.y);
      assert.ok(h >= 0, `key ${i} rejected`);
      const msg = crypto.randomBytes(i % 7 === 0 ? 0 : crypto.randomInt(1, 300));
      const sig = sign(c, k.privateKey, msg);
      if (!wasm.ecVerify(h, msg, sig)) failures.push(`valid signature ${i} rejected`);
      // the same signature over a different message, and a signature by another key
      const other = Buffer.concat([msg, Buffer.from([i & 0xff])]);
      if (wasm.ecVerify(h, other, sig) !== nodeVerify(c, k.publicKey, other, sig)) failures.push(`message ${i}`);
      if (i > 0 && wasm.ecVerify(h - 1, msg, sig)) failures.push(`signature ${i} accepted under key ${i - 1}`);
    }
    wasm.resetKeys();
    assert.deepEqual(failures, []);
  });

  test(`${c.crv}: every single-bit corruption of valid signatures fails`, () => {
    const accepted = [];
    for (let j = 0; j < 2; j++) {
      const k = keyPair(c.crv);
      const h = wasm.ecKey(c.crv, k.x, k.y);
      const msg = Buffer.from(`corruption ${j}`);
      const sig = sign(c, k.privateKey, msg);
      assert.equal(wasm.ecVerify(h, msg, sig), true);
      for (let bit = 0; bit < sig.length * 8; bit++) {
        const bad = Buffer.from(sig);
        bad[bit >> 3] ^= 0x80 >> (bit & 7);
        if (wasm.ecVerify(h, msg, bad)) accepted.push(`sig bit ${bit}`);
      }
      for (let bit = 0; bit < msg.length * 8; bit++) {
        const bad = Buffer.from(msg);
        bad[bit >> 3] ^= 0x80 >> (bit & 7);
        if (wasm.ecVerify(h, bad, sig)) accepted.push(`msg bit ${bit}`);
      }
    }
    wasm.resetKeys();
    assert.deepEqual(accepted, []);
  });

  test(`${c.crv}: r and s outside [1, n-1] are rejected`, () => {
    const k = keyPair(c.crv);
    const h = wasm.ecKey(c.crv, k.x, k.y);
    const msg = Buffer.from("range");
    const sig = sign(c, k.privateKey, msg);
    const r = int(sig.subarray(0, c.size)), s = int(sig.subarray(c.size));
    const bad = [[0n, s], [r, 0n], [0n, 0n], [c.n, s], [r, c.n], [c.n - 1n, s], [(1n << BigInt(8 * c.size)) - 1n, s]];
    // r + n and s + n name the same residues: a verifier without range checks would accept them.
    if (r + c.n < 1n << BigInt(8 * c.size)) bad.push([r + c.n, s]);
    if (s + c.n < 1n << BigInt(8 * c.size)) bad.push([r, s + c.n]);
    for (const [rr, ss] of bad) {
      const forged = Buffer.concat([be(rr, c.size), be(ss, c.size)]);
      assert.equal(wasm.ecVerify(h, msg, forged), false, `r=${rr.toString(16)} s=${ss.toString(16)}`);
      assert.equal(nodeVerify(c, k.publicKey, msg, forged), false);
    }
    // s and n - s both verify in ECDSA (no low-s rule in JOSE): the negated nonce gives the same x.
    const flipped = Buffer.concat([be(r, c.size), be(c.n - s, c.size)]);
    assert.equal(wasm.ecVerify(h, msg, flipped), nodeVerify(c, k.publicKey, msg, flipped));
    assert.equal(wasm.ecVerify(h, msg, flipped), true);
    wasm.resetKeys();
  });

  test(`${c.crv}: keys off the curve, out of range or of the wrong size are rejected`, () => {
    const k = keyPair(c.crv);
    const x = int(k.x), y = int(k.y);
    const cases = [
      ["y + 1", be(x, c.size), be((y + 1n) % c.p, c.size)],
      ["x + 1", be((x + 1n) % c.p, c.size), be(y, c.size)],
      ["x + p", x + c.p < 1n << BigInt(8 * c.size) ? be(x + c.p, c.size) : null, be(y, c.size)],
      ["y + p", be(x, c.size), y + c.p < 1n << BigInt(8 * c.size) ? be(y + c.p, c.size) : null],
      ["(0, 0)", Buffer.alloc(c.size), Buffer.alloc(c.size)],
      ["x = p", be(c.p, c.size), be(y, c.size)],
      ["short x", k.x.subarray(1), k.y],
      ["long y", k.x, Buffer.concat([Buffer.alloc(1), k.y])],
    ];
    for (const [name, xb, yb] of cases) {
      if (!xb || !yb) continue;
      assert.equal(wasm.ecKey(c.crv, xb, yb), -1, name);
    }
    // random coordinates are almost never on the curve; Node agrees on each
    for (let i = 0; i < 50; i++) {
      const rx = crypto.randomBytes(c.size), ry = crypto.randomBytes(c.size);
      let nodeOk = true;
      try {
        crypto.createPublicKey({ key: { kty: "EC", crv: c.crv, x: rx.toString("base64url"), y: ry.toString("base64url") }, format: "jwk" });
      } catch {
        nodeOk = false;
      }
      assert.equal(wasm.ecKey(c.crv, rx, ry) >= 0, nodeOk, `random point ${rx.toString("hex")}`);
    }
    assert.ok(wasm.ecKey(c.crv, k.x, k.y) >= 0);
    wasm.resetKeys();
  });
}
