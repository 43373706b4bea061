// Differential and edge-case tests of Ed25519 verification (build/crypto-ec.wasm):
// random keys and messages against node:crypto, every single-bit corruption of a few
// signatures, S + L malleation, and the key policy of assembly/crypto/ed25519.ts (small-order
// and non-canonical encodings rejected), with the points checked by a small BigInt
// reference of the curve below so the test does not trust the code it tests.
import { test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { generateKeyPairSync } from "./keygen.js";
import { loadEcWasm } from "./ec-wasm.js";

const wasm = await loadEcWasm();

// --- BigInt reference: -x^2 + y^2 = 1 + d x^2 y^2 over GF(p), affine, slow and simple ---
const P = (1n << 255n) - 19n;
const L = (1n << 252n) + 27742317777372353535851937790883648493n;
const mod = (a) => ((a % P) + P) % P;
function pow(b, e) {
  let r = 1n;
  b = mod(b);
  while (e > 0n) {
    if (e & 1n) r = (r * b) % P;
    b = (b * b) % P;
    e >>= 1n;
  }
  return r;
}
const inv = (a) => pow(a, P - 2n);
const D = mod(-121665n * inv(121666n));
const SQRT_M1 = pow(2n, (P - 1n) / 4n);
const ID = [0n, 1n];

/** RFC 8032 §5.1.3 with y taken as given (the caller decides about y >= p). */
function decode(bytes) {
  const sign = bytes[31] >> 7;
  const yb = Buffer.from(bytes);
  yb[31] &= 0x7f;
  const y = BigInt("0x" + Buffer.from(yb).reverse().toString("hex"));
  const u = mod(y * y - 1n), v = mod(D * y * y + 1n);
  let x = pow(u * inv(v), (P + 3n) / 8n);
  if (mod(v * x * x - u) !== 0n) {
    x = mod(x * SQRT_M1);
    if (mod(v * x * x - u) !== 0n) return null;
  }
  if (x === 0n && sign) return null;
  if (Number(x & 1n) !== sign) x = P - x;
  return { x, y: mod(y), canonical: y < P };
}
function encode([x, y]) {
  const b = Buffer.from(y.toString(16).padStart(64, "0"), "hex").reverse();
  if (x & 1n) b[31] |= 0x80;
  return b;
}
function add([x1, y1], [x2, y2]) {
  const t = mod(D * x1 * x2 * y1 * y2);
  return [mod((x1 * y2 + x2 * y1) * inv(1n + t)), mod((y1 * y2 + x1 * x2) * inv(1n - t))];
}
function mul(k, pt) {
  let r = ID;
  for (let i = BigInt(k.toString(2).length) - 1n; i >= 0n; i--) {
    r = add(r, r);
    if ((k >> i) & 1n) r = add(r, pt);
  }
  return r;
}
const isId = ([x, y]) => x === 0n && y === 1n;

const hex = (h) => Buffer.from(h, "hex");
const rawPub = (publicKey) => Buffer.from(publicKey.export({ format: "jwk" }).x, "base64url");

test("300 random keys and messages agree with node:crypto", () => {
  const failures = [];
  let prev = -1;
  for (let i = 0; i < 300; i++) {
    const { publicKey, privateKey } = generateKeyPairSync("ed25519");
    const h = wasm.edKey(rawPub(publicKey));
    assert.ok(h >= 0, `key ${i} rejected`);
    const msg = crypto.randomBytes(i % 10 === 0 ? 0 : crypto.randomInt(1, 500));
    const sig = crypto.sign(null, msg, privateKey);
    if (!wasm.edVerify(h, msg, sig)) failures.push(`valid signature ${i} rejected`);
    const other = Buffer.concat([msg, Buffer.from([i & 0xff])]);
    if (wasm.edVerify(h, other, sig) !== crypto.verify(null, other, publicKey, sig)) failures.push(`message ${i}`);
    if (prev >= 0 && wasm.edVerify(prev, msg, sig)) failures.push(`signature ${i} accepted under key ${i - 1}`);
    prev = h;
  }
  wasm.resetKeys();
  assert.deepEqual(failures, []);
});

test("every single-bit corruption of valid signatures, messages and keys fails", () => {
  const accepted = [];
  for (let j = 0; j < 3; j++) {
    const { publicKey, privateKey } = generateKeyPairSync("ed25519");
    const pub = rawPub(publicKey);
    const h = wasm.edKey(pub);
    const msg = Buffer.from(`corruption ${j}`);
    const sig = crypto.sign(null, msg, privateKey);
    assert.equal(wasm.edVerify(h, msg, sig), true);
    for (let bit = 0; bit < 512; bit++) {
      const bad = Buffer.from(sig);
      bad[bit >> 3] ^= 1 << (bit & 7);
      if (wasm.edVerify(h, msg, bad)) accepted.push(`sig ${j} bit ${bit}`);
    }
    for (let bit = 0; bit < msg.length * 8; bit++) {
      const bad = Buffer.from(msg);
      bad[bit >> 3] ^= 1 << (bit & 7);
      if (wasm.edVerify(h, bad, sig)) accepted.push(`msg ${j} bit ${bit}`);
    }
    for (let bit = 0; bit < 256; bit++) {
      const bad = Buffer.from(pub);
      bad[bit >> 3] ^= 1 << (bit & 7);
      const hk = wasm.edKey(bad);
      if (hk >= 0 && wasm.edVerify(hk, msg, sig)) accepted.push(`key ${j} bit ${bit}`);
    }
  }
  wasm.resetKeys();
  assert.deepEqual(accepted, []);
});

test("S + L (the same scalar, non-canonical) is rejected, as by node:crypto", () => {
  for (let j = 0; j < 20; j++) {
    const { publicKey, privateKey } = generateKeyPairSync("ed25519");
    const h = wasm.edKey(rawPub(publicKey));
    const msg = crypto.randomBytes(40);
    const sig = crypto.sign(null, msg, privateKey);
    const s = BigInt("0x" + Buffer.from(sig.subarray(32)).reverse().toString("hex"));
    const mall = Buffer.concat([sig.subarray(0, 32), Buffer.from((s + L).toString(16).padStart(64, "0"), "hex").reverse()]);
    assert.equal(wasm.edVerify(h, msg, sig), true);
    assert.equal(wasm.edVerify(h, msg, mall), false);
    assert.equal(crypto.verify(null, msg, publicKey, mall), false);
  }
  wasm.resetKeys();
});

// The eight points of order dividing 8 (the torsion subgroup).
const TORSION = [
  "0100000000000000000000000000000000000000000000000000000000000000",
  "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
  "0000000000000000000000000000000000000000000000000000000000000000",
  "0000000000000000000000000000000000000000000000000000000000000080",
  "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
  "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
  "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
  "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
];

test("small-order public keys are rejected", () => {
  const seen = new Set();
  for (const h of TORSION) {
    const pt = decode(hex(h));
    assert.ok(pt && pt.canonical, `${h} is a canonical point`);
    assert.ok(isId(mul(8n, [pt.x, pt.y])), `${h} has order dividing 8`);
    seen.add(`${pt.x},${pt.y}`);
    assert.equal(wasm.edKey(hex(h)), -1, h);
  }
  assert.equal(seen.size, 8);
  wasm.resetKeys();
});

test("a key with a torsion component is accepted but does not verify its prime-order part's signatures", () => {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const pub = rawPub(publicKey);
  const a = decode(pub);
  const t = decode(hex(TORSION[4]));
  const mixed = encode(add([a.x, a.y], [t.x, t.y]));
  const h = wasm.edKey(mixed);
  assert.ok(h >= 0, "mixed-order key is a valid point of large order");
  const msg = Buffer.from("mixed");
  assert.equal(wasm.edVerify(h, msg, crypto.sign(null, msg, privateKey)), false);
  wasm.resetKeys();
});

test("non-canonical encodings (y >= p) are rejected; their canonical twins are not", () => {
  let checked = 0;
  for (let y0 = 2n; y0 < 19n; y0++) {
    for (const sign of [0, 1]) {
      const canon = Buffer.from(y0.toString(16).padStart(64, "0"), "hex").reverse();
      const non = Buffer.from((y0 + P).toString(16).padStart(64, "0"), "hex").reverse();
      if (sign) { canon[31] |= 0x80; non[31] |= 0x80; }
      const pt = decode(canon);
      if (!pt || isId(mul(8n, [pt.x, pt.y]))) {
        assert.equal(wasm.edKey(canon), -1, `y=${y0} is not a usable point`);
        continue;
      }
      assert.ok(wasm.edKey(canon) >= 0, `y=${y0} sign=${sign} accepted`);
      assert.equal(wasm.edKey(non), -1, `y=${y0}+p sign=${sign} rejected`);
      checked++;
    }
  }
  assert.ok(checked >= 4, `only ${checked} canonical points below 19`);
  // y = p + 1 and y = p encode the identity and (0, 0)-order-4 points non-canonically
  assert.equal(wasm.edKey(hex("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")), -1);
  assert.equal(wasm.edKey(hex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")), -1);
  wasm.resetKeys();
});

test("random 32-byte strings are accepted exactly when they encode a point of large order", () => {
  let valid = 0;
  for (let i = 0; i < 64; i++) {
    const b = crypto.randomBytes(32);
    const pt = decode(b);
    const expected = !!pt && pt.canonical && !isId(mul(8n, [pt.x, pt.y]));
    assert.equal(wasm.edKey(b) >= 0, expected, b.toString("hex"));
    if (expected) valid++;
  }
  assert.ok(valid > 10 && valid < 54, `${valid} of 64 decodable: about half should be`);
  wasm.resetKeys();
});

test("an R that is not a point encoding never verifies", () => {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const h = wasm.edKey(rawPub(publicKey));
  const msg = Buffer.from("bad R");
  const sig = crypto.sign(null, msg, privateKey);
  let tried = 0;
  for (let i = 0; tried < 5 && i < 100; i++) {
    const r = crypto.randomBytes(32);
    if (decode(r)) continue;
    tried++;
    assert.equal(wasm.edVerify(h, msg, Buffer.concat([r, sig.subarray(32)])), false);
  }
  assert.equal(tried, 5);
  wasm.resetKeys();
});
