// Differential test of ES256 / ES384 / ES512 verification (build/crypto-ec.wasm) against node:crypto:
// random keys and messages must verify exactly when Node says they do; every single-bit
// corruption of a few valid signatures must fail; r, s outside [1, n-1] and invalid keys are
// rejected. Signatures are JOSE r || s (dsaEncoding "ieee-p1363").
import { test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { generateKeyPairSync } from "./keygen.js";
import { loadEcWasm } from "./ec-wasm.js";

const wasm = await loadEcWasm();

const CURVES = [
  {
    crv: "P-256", hash: "sha256", size: 32,
    p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
    n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  },
  {
    crv: "P-384", hash: "sha384", size: 48, keys: 60, corrupted: 1,
    p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffffn,
    n: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
  },
  {
    crv: "P-521", hash: "sha512", size: 66, keys: 25, corrupted: 1,
    p: (1n << 521n) - 1n,
    n: 0x1fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
  },
];
// P-384 and P-521 verifications cost about 3x and 7x P-256 (and Node's P-521 key generation is
// slow): fewer keys, one corrupted signature and no message-bit flips keep the file's run time
// in bounds; P-256 covers those with more.
const KEYS = 150;
const GEN = {
  "P-256": [0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n, 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n],
  "P-384": [
    0xaa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7n,
    0x3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5fn,
  ],
  "P-521": [
    0xc6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66n,
    0x11839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650n,
  ],
};

// --- BigInt reference (affine, a = -3), slow and simple, for signatures with chosen values ---
function modp(a, m) { return ((a % m) + m) % m; }
function invm(a, m) {
  let [r0, r1, t0, t1] = [modp(a, m), m, 1n, 0n];
  while (r1 !== 0n) { const q = r0 / r1; [r0, r1] = [r1, r0 - q * r1]; [t0, t1] = [t1, t0 - q * t1]; }
  return modp(t0, m);
}
function ecAdd(c, P, Q) {
  if (!P) return Q;
  if (!Q) return P;
  const [x1, y1] = P, [x2, y2] = Q;
  let l;
  if (x1 === x2) {
    if (modp(y1 + y2, c.p) === 0n) return null;
    l = modp((3n * x1 * x1 - 3n) * invm(2n * y1, c.p), c.p);
  } else {
    l = modp((y2 - y1) * invm(x2 - x1, c.p), c.p);
  }
  const x3 = modp(l * l - x1 - x2, c.p);
  return [x3, modp(l * (x1 - x3) - y1, c.p)];
}
function ecMul(c, k, P) {
  let R = null;
  for (let i = BigInt(k.toString(2).length) - 1n; i >= 0n; i--) {
    R = ecAdd(c, R, R);
    if ((k >> i) & 1n) R = ecAdd(c, R, P);
  }
  return R;
}

const be = (x, len) => Buffer.from(x.toString(16).padStart(len * 2, "0"), "hex");
const int = (buf) => BigInt("0x" + (buf.toString("hex") || "0"));

function keyPair(crv) {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: crv });
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
  test(`${c.crv}: ${c.keys ?? KEYS} random keys and messages agree with node:crypto`, () => {
    const failures = [];
    for (let i = 0; i < (c.keys ?? KEYS); i++) {
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
    for (let j = 0; j < (c.corrupted ?? 2); j++) {
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
      for (let bit = 0; c.corrupted === undefined && bit < msg.length * 8; bit++) {
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

  test(`${c.crv}: a valid signature with s + n < 2^${8 * c.size} is rejected in that form`, () => {
    // Pick k and a small target s, then solve for the private key d = (s k - e) / r; the
    // public key d G makes (r, s) valid, and (r, s + n) names the same residues.
    const msg = Buffer.from("small s");
    const e = int(crypto.createHash(c.hash).update(msg).digest());
    const G = GEN[c.crv];
    const k = int(crypto.randomBytes(c.size)) % c.n;
    const r = ecMul(c, k, G)[0] % c.n;
    const room = (1n << BigInt(8 * c.size)) - c.n; // s below this keeps s + n at the same width
    const limit = room < c.n ? room : c.n; // (P-521 has room to spare: 2^528 > 2n)
    const s = (int(crypto.randomBytes(c.size)) % (limit - 1n)) + 1n;
    const d = modp((s * k - e) * invm(r, c.n), c.n);
    const [qx, qy] = ecMul(c, d, G);
    const h = wasm.ecKey(c.crv, be(qx, c.size), be(qy, c.size));
    assert.ok(h >= 0);
    const good = Buffer.concat([be(r, c.size), be(s, c.size)]);
    const bad = Buffer.concat([be(r, c.size), be(s + c.n, c.size)]);
    const publicKey = crypto.createPublicKey({
      key: { kty: "EC", crv: c.crv, x: be(qx, c.size).toString("base64url"), y: be(qy, c.size).toString("base64url") },
      format: "jwk",
    });
    assert.equal(nodeVerify(c, publicKey, msg, good), true);
    assert.equal(wasm.ecVerify(h, msg, good), true);
    assert.equal(nodeVerify(c, publicKey, msg, bad), false);
    assert.equal(wasm.ecVerify(h, msg, bad), false);
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
