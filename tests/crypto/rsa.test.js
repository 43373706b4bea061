// RSA verification against node:crypto, run on both builds at once (build/crypto-rsa.wasm, scalar
// as the filter builds it today, and build/crypto-rsa-simd.wasm), which must also agree with each
// other: random keys (2048/3072/4096 bits, several public exponents), messages, hashes and both
// paddings; every single-bit corruption of a few signatures; PSS salts of the wrong length;
// signatures of the wrong length or >= n; encoded blocks crafted with the private key (RSA without
// padding) that differ from the expected block in one place each; key parsing limits.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { promisify } from "node:util";
import { RsaWasmPair, ALGS, PKCS1, PSS, prng } from "./rsa-wasm.js";
import { generateKeyPair } from "./keygen.js";

const SEED = Number(process.env.CRYPTO_SEED ?? 20261123) >>> 0;
const { RSA_PKCS1_PADDING, RSA_PKCS1_PSS_PADDING, RSA_NO_PADDING } = crypto.constants;

/** @type {RsaWasmPair} */
let wasm;
/** Keys by name: {name, bits, e, privateKey, publicKey, n, eBytes, h}. */
const K = {};
let keys = [];

const SPECS = [
  { name: "2048a", bits: 2048, e: 65537 },
  { name: "2048b", bits: 2048, e: 65537 },
  { name: "2048c", bits: 2048, e: 65537 },
  { name: "2048-e3", bits: 2048, e: 3 },
  { name: "2048-e32", bits: 2048, e: 0xfffffff1 },
  { name: "2056", bits: 2056, e: 65537 },
  { name: "2049", bits: 2049, e: 65537, fromPrimes: [1025, 1024] }, // PSS emLen = k - 1
  { name: "3072a", bits: 3072, e: 65537 },
  { name: "3072-e17", bits: 3072, e: 17 },
  { name: "4096", bits: 4096, e: 65537 },
];

const b64u = (x) => {
  let h = x.toString(16);
  if (h.length % 2) h = "0" + h;
  return Buffer.from(h, "hex").toString("base64url");
};
const modInv = (a, m) => {
  let [r0, r1, s0, s1] = [a % m, m, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return ((s0 % m) + m) % m;
};
const gcd = (a, b) => (b === 0n ? a : gcd(b, a % b));

/**
 * OpenSSL only makes moduli of an even bit length; a key whose length is 1 mod 8 (where the PSS
 * block is one byte shorter than the signature) is assembled from two primes instead.
 */
async function keyFromPrimes(pBits, qBits, e) {
  const E = BigInt(e);
  for (;;) {
    const [p, q] = await Promise.all([pBits, qBits].map((b) => promisify(crypto.generatePrime)(b, { bigint: true })));
    if (gcd(E, p - 1n) !== 1n || gcd(E, q - 1n) !== 1n) continue;
    const n = p * q;
    const d = modInv(E, ((p - 1n) * (q - 1n)) / gcd(p - 1n, q - 1n));
    const jwk = { kty: "RSA", n: b64u(n), e: b64u(E), d: b64u(d), p: b64u(p), q: b64u(q), dp: b64u(d % (p - 1n)), dq: b64u(d % (q - 1n)), qi: b64u(modInv(q, p)) };
    const privateKey = crypto.createPrivateKey({ key: jwk, format: "jwk" });
    return { privateKey, publicKey: crypto.createPublicKey(privateKey) };
  }
}

before(async () => {
  wasm = await RsaWasmPair.load();
  const pairs = await Promise.all(SPECS.map((s) => (s.fromPrimes
    ? keyFromPrimes(...s.fromPrimes, s.e)
    : generateKeyPair("rsa", { modulusLength: s.bits, publicExponent: s.e }))));
  keys = pairs.map(({ publicKey, privateKey }, i) => {
    const spec = SPECS[i];
    const jwk = publicKey.export({ format: "jwk" });
    const n = Buffer.from(jwk.n, "base64url");
    const eBytes = Buffer.from(jwk.e, "base64url");
    const bits = n.length * 8 - (Math.clz32(n[0]) - 24);
    assert.equal(bits, spec.bits, `${spec.name}: generated modulus length`);
    const h = wasm.keyNew(n, eBytes);
    assert.ok(h >= 0, `key ${spec.name} is accepted`);
    return (K[spec.name] = { ...spec, publicKey, privateKey, n, eBytes, h });
  });
});

function sign(key, scheme, node, msg, saltLength) {
  const padding = scheme === PKCS1 ? RSA_PKCS1_PADDING : RSA_PKCS1_PSS_PADDING;
  return crypto.sign(node, msg, { key: key.privateKey, padding, saltLength });
}

/** The private-key operation on a raw block: lets the test sign any encoded message it builds. */
function rawSign(key, em) {
  return crypto.privateDecrypt({ key: key.privateKey, padding: RSA_NO_PADDING }, em);
}

const bigOf = (b) => BigInt("0x" + (b.length ? b.toString("hex") : "0"));
const bytesOf = (x, len) => {
  const hex = x.toString(16).padStart(len * 2, "0");
  assert.equal(hex.length, len * 2, "the test's number fits in len bytes");
  return Buffer.from(hex, "hex");
};

test("key sizes and exponents are read from JWK bytes", () => {
  for (const k of keys) assert.equal(wasm.keyBits(k.h), k.bits);
});

test("the public operation equals BigInt s^e mod n, including edge values", () => {
  const r = prng(SEED);
  for (const k of keys) {
    const N = bigOf(k.n);
    const E = BigInt(k.e);
    const samples = [0n, 1n, 2n, N - 1n, N - 2n, (1n << BigInt(k.bits - 1)) - 1n];
    for (let i = 0; i < 6; i++) samples.push(bigOf(r.bytes(k.n.length)) % N);
    for (const s of samples) {
      let want = 1n;
      for (let b = s, e = E; e > 0n; e >>= 1n, b = (b * b) % N) if (e & 1n) want = (want * b) % N;
      const got = wasm.publicOp(k.h, bytesOf(s, k.n.length));
      assert.ok(got, `${k.bits}-bit key, s = ${s.toString(16).slice(0, 16)}…`);
      assert.equal(got.toString("hex"), bytesOf(want, k.n.length).toString("hex"));
    }
  }
});

test("260 random signatures from node:crypto verify, and fail with another hash, message, padding or key", () => {
  const r = prng(SEED + 1);
  for (let i = 0; i < 260; i++) {
    const k = keys[i % keys.length];
    const { alg, node, len } = r.pick(ALGS);
    const scheme = r.int(2) === 0 ? PKCS1 : PSS;
    const msg = r.bytes(r.int(700));
    const sig = sign(k, scheme, node, msg, len);
    const what = `case ${i}: ${k.bits}-bit e=${k.e} ${node} ${scheme === PKCS1 ? "PKCS#1 v1.5" : "PSS"} msg ${msg.length}`;
    assert.equal(wasm.verify(k.h, scheme, alg, msg, sig), true, what);
    assert.equal(wasm.verify(k.h, scheme, (alg + 1) % 3, msg, sig), false, `${what}: other hash`);
    assert.equal(wasm.verify(k.h, 1 - scheme, alg, msg, sig), false, `${what}: other padding`);
    const msg2 = Buffer.concat([msg, Buffer.from([r.int(256)])]);
    assert.equal(wasm.verify(k.h, scheme, alg, msg2, sig), false, `${what}: longer message`);
    if (msg.length > 0) {
      const msg3 = Buffer.from(msg);
      msg3[r.int(msg3.length)] ^= 1 << r.int(8);
      assert.equal(wasm.verify(k.h, scheme, alg, msg3, sig), false, `${what}: changed message`);
    }
    const other = keys[(i + 1) % keys.length];
    if (other.n.length === k.n.length) assert.equal(wasm.verify(other.h, scheme, alg, msg, sig), false, `${what}: other key`);
  }
});

test("every single-bit corruption of a signature fails (PKCS#1 v1.5 and PSS, 2048 and 3072 bits)", () => {
  const msg = Buffer.from("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0");
  const cases = [
    [K["2048a"], PKCS1, ALGS[0]],
    [K["2048b"], PSS, ALGS[0]],
    [K["2048-e3"], PKCS1, ALGS[2]],
    [K["3072a"], PSS, ALGS[1]],
  ];
  for (const [k, scheme, { alg, node, len }] of cases) {
    const sig = sign(k, scheme, node, msg, len);
    assert.equal(wasm.verify(k.h, scheme, alg, msg, sig), true);
    let accepted = 0;
    for (let bit = 0; bit < sig.length * 8; bit++) {
      sig[bit >> 3] ^= 1 << (bit & 7);
      if (wasm.verify(k.h, scheme, alg, msg, sig)) accepted++;
      sig[bit >> 3] ^= 1 << (bit & 7);
    }
    assert.equal(accepted, 0, `${k.bits}-bit ${node} scheme ${scheme}: corrupted signatures accepted`);
  }
});

test("PSS signatures with a salt length other than the hash length fail", () => {
  const msg = Buffer.from("payload");
  for (const k of [K["2048a"], K["2049"], K["3072a"], K["4096"]]) {
    for (const { alg, node, len } of ALGS) {
      for (const salt of [0, 1, len - 1, len + 1, 2 * len, crypto.constants.RSA_PSS_SALTLEN_MAX_SIGN]) {
        const sig = sign(k, PSS, node, msg, salt);
        assert.ok(crypto.verify(node, msg, { key: k.publicKey, padding: RSA_PKCS1_PSS_PADDING, saltLength: crypto.constants.RSA_PSS_SALTLEN_AUTO }, sig), "node accepts its own signature");
        assert.equal(wasm.verify(k.h, PSS, alg, msg, sig), false, `${k.bits}-bit ${node} salt ${salt}`);
      }
    }
  }
});

test("signatures of the wrong length, equal to n or above it are rejected", () => {
  const k = K["2048a"];
  const msg = Buffer.from("m");
  const sig = sign(k, PKCS1, "sha256", msg, 32);
  assert.equal(wasm.verify(k.h, PKCS1, 0, msg, sig), true);
  assert.equal(wasm.verify(k.h, PKCS1, 0, msg, Buffer.concat([Buffer.from([0]), sig])), false, "leading zero byte");
  assert.equal(wasm.verify(k.h, PKCS1, 0, msg, sig.subarray(1)), false, "one byte short");
  assert.equal(wasm.verify(k.h, PKCS1, 0, msg, Buffer.alloc(0)), false, "empty");
  const N = bigOf(k.n);
  // s and s + n are the same residue: the second must still be rejected.
  for (const s of [N, N + 1n, N + 0x1234567n, (1n << BigInt(k.n.length * 8)) - 1n]) {
    assert.equal(wasm.publicOp(k.h, bytesOf(s, k.n.length)), null);
    assert.equal(wasm.verify(k.h, PKCS1, 0, msg, bytesOf(s, k.n.length)), false);
    assert.equal(wasm.verify(k.h, PSS, 0, msg, bytesOf(s, k.n.length)), false);
  }
  assert.equal(wasm.verify(k.h, PKCS1, 7, msg, sig), false, "unknown hash");
});

const DIGEST_INFO = {
  sha256: "3031300d060960864801650304020105000420",
  sha384: "3041300d060960864801650304020205000430",
  sha512: "3051300d060960864801650304020305000440",
};

function pkcs1Block(k, node, hash, { prefix = DIGEST_INFO[node], type = 1, tamper } = {}) {
  const t = Buffer.concat([Buffer.from(prefix, "hex"), hash]);
  const em = Buffer.concat([Buffer.from([0, type]), Buffer.alloc(k.n.length - t.length - 3, 0xff), Buffer.from([0]), t]);
  tamper?.(em, t.length);
  return em;
}

test("PKCS#1 v1.5: only the exact encoded block is accepted", () => {
  const k = K["2048-e3"]; // e = 3, the classic target of forgeries against lenient parsers
  for (const { alg, node } of ALGS) {
    const msg = Buffer.from(`message for ${node}`);
    const hash = crypto.createHash(node).update(msg).digest();
    const ok = rawSign(k, pkcs1Block(k, node, hash));
    assert.equal(wasm.verify(k.h, PKCS1, alg, msg, ok), true, `${node}: the well-formed block`);
    assert.deepEqual(ok, sign(k, PKCS1, node, msg), "deterministic padding: same as node");
    const bad = {
      "block type 2": pkcs1Block(k, node, hash, { type: 2 }),
      "DigestInfo without NULL parameters": pkcs1Block(k, node, hash, { prefix: DIGEST_INFO[node].replace(/^30(..)300d(.*)0500(04..)$/, (_, l, mid, tail) => `30${(parseInt(l, 16) - 2).toString(16)}300b${mid}${tail}`) }),
      "another hash's DigestInfo": pkcs1Block(k, node, hash, { prefix: DIGEST_INFO[node === "sha256" ? "sha384" : "sha256"] }),
      "a padding byte not FF": pkcs1Block(k, node, hash, { tamper: (em) => { em[10] = 0xfe; } }),
      "last padding byte zero (shorter padding, garbage after the hash)": pkcs1Block(k, node, hash, {
        tamper: (em, tLen) => { em.copy(em, em.length - tLen - 2, em.length - tLen - 1); em[em.length - 1] = 0x42; },
      }),
      "no zero separator": pkcs1Block(k, node, hash, { tamper: (em, tLen) => { em[em.length - tLen - 1] = 0xff; } }),
      "hash with one bit flipped": pkcs1Block(k, node, hash, { tamper: (em) => { em[em.length - 1] ^= 1; } }),
    };
    for (const [what, em] of Object.entries(bad)) {
      assert.equal(wasm.verify(k.h, PKCS1, alg, msg, rawSign(k, em)), false, `${node}: ${what}`);
    }
  }
});

function mgf1(node, seed, len) {
  const out = [];
  for (let c = 0; out.length * seed.length < len + seed.length; c++) {
    const ctr = Buffer.alloc(4);
    ctr.writeUInt32BE(c);
    out.push(crypto.createHash(node).update(seed).update(ctr).digest());
  }
  return Buffer.concat(out).subarray(0, len);
}

/** EMSA-PSS-ENCODE (RFC 8017 §9.1.1) as a k-byte block, with hooks to break one rule. */
function pssBlock(k, node, msg, { saltLen, separator = 1, psByte = 0, mgfHash = node, tamperEm } = {}) {
  const hLen = crypto.createHash(node).digest().length;
  const sLen = saltLen ?? hLen;
  const emBits = k.bits - 1;
  const emLen = Math.ceil(emBits / 8);
  const salt = crypto.randomBytes(sLen);
  const mHash = crypto.createHash(node).update(msg).digest();
  const H = crypto.createHash(node).update(Buffer.alloc(8)).update(mHash).update(salt).digest();
  const ps = Buffer.alloc(emLen - sLen - hLen - 2);
  if (ps.length > 0) ps[ps.length >> 1] = psByte;
  const db = Buffer.concat([ps, Buffer.from([separator]), salt]);
  const mask = mgf1(mgfHash, H, db.length);
  for (let i = 0; i < db.length; i++) db[i] ^= mask[i];
  db[0] &= 0xff >> (8 * emLen - emBits);
  const em = Buffer.concat([db, H, Buffer.from([0xbc])]);
  tamperEm?.(em);
  return emLen < k.n.length ? Buffer.concat([Buffer.alloc(k.n.length - emLen), em]) : em;
}

/** Signs a raw block, or null when the block is not below n (such variants are skipped). */
function tryRawSign(k, em) {
  if (bigOf(em) >= bigOf(k.n)) return null;
  return rawSign(k, em);
}

test("PSS: only blocks that pass every RFC 8017 §9.1.2 check are accepted", () => {
  // 2048 bits (emLen = k, one top bit to clear), 2056 bits, 2049 bits (emLen = k - 1).
  for (const k of [K["2048a"], K["2056"], K["2049"]]) {
    for (const { alg, node } of ALGS) {
      const msg = Buffer.from(`pss ${node}`);
      const good = pssBlock(k, node, msg);
      const sig = rawSign(k, good);
      assert.equal(wasm.verify(k.h, PSS, alg, msg, sig), true, `${k.bits}-bit ${node}: well-formed`);
      assert.ok(crypto.verify(node, msg, { key: k.publicKey, padding: RSA_PKCS1_PSS_PADDING, saltLength: 0 + crypto.createHash(node).digest().length }, sig), "node agrees");
      const bad = {
        "trailer not BC": pssBlock(k, node, msg, { tamperEm: (em) => { em[em.length - 1] = 0xbd; } }),
        "separator 02": pssBlock(k, node, msg, { separator: 2 }),
        "separator 00": pssBlock(k, node, msg, { separator: 0 }),
        "non-zero padding byte": pssBlock(k, node, msg, { psByte: 1 }),
        "H changed": pssBlock(k, node, msg, { tamperEm: (em) => { em[em.length - 2] ^= 0x10; } }),
        "masked DB changed": pssBlock(k, node, msg, { tamperEm: (em) => { em[40] ^= 0x01; } }),
        "MGF1 with another hash": pssBlock(k, node, msg, { mgfHash: node === "sha256" ? "sha512" : "sha256" }),
        "a bit above emBits set": pssBlock(k, node, msg, { tamperEm: (em) => { if (8 * em.length > k.bits - 1) em[0] |= 0x80; } }),
      };
      if (k.bits % 8 === 1) {
        bad["non-zero byte above emLen"] = Buffer.concat([Buffer.from([1]), good.subarray(1)]);
      }
      let tried = 0;
      for (const [what, em] of Object.entries(bad)) {
        if (what === "a bit above emBits set" && 8 * Math.ceil((k.bits - 1) / 8) === k.bits - 1) continue;
        const s = tryRawSign(k, em);
        if (s === null) continue;
        tried++;
        assert.equal(wasm.verify(k.h, PSS, alg, msg, s), false, `${k.bits}-bit ${node}: ${what}`);
      }
      assert.ok(tried >= 7, `${k.bits}-bit ${node}: only ${tried} variants could be signed`);
    }
  }
});

test("keys outside the accepted sizes and exponents are refused", () => {
  const k = K["2048a"];
  const e = k.eBytes;
  assert.equal(wasm.keyNew(k.n.subarray(1), e), -1, "2040 bits");
  assert.equal(wasm.keyNew(Buffer.concat([Buffer.from([1]), K["4096"].n]), e), -1, "4097 bits");
  const even = Buffer.from(k.n);
  even[even.length - 1] &= 0xfe;
  assert.equal(wasm.keyNew(even, e), -1, "even modulus");
  assert.equal(wasm.keyNew(Buffer.alloc(256), e), -1, "zero modulus");
  assert.equal(wasm.keyNew(Buffer.alloc(0), e), -1, "empty modulus");
  for (const bad of [[], [0], [1], [2], [1, 0, 0], [1, 0, 0, 0, 1], [0x7f, 0xff, 0xff, 0xff, 0xff]]) {
    assert.equal(wasm.keyNew(k.n, Buffer.from(bad)), -1, `e = ${Buffer.from(bad).toString("hex") || "empty"}`);
  }
  for (const good of [[3], [0, 0, 0, 3], [0xff, 0xff, 0xff, 0xff], [0, 1, 0, 1]]) {
    assert.ok(wasm.keyNew(k.n, Buffer.from(good)) >= 0, `e = ${Buffer.from(good).toString("hex")}`);
  }
  // Leading zero bytes in n change nothing.
  const padded = wasm.keyNew(Buffer.concat([Buffer.alloc(3), k.n]), e);
  assert.ok(padded >= 0);
  assert.equal(wasm.keyBits(padded), 2048);
  const msg = Buffer.from("x");
  assert.equal(wasm.verify(padded, PKCS1, 0, msg, sign(k, PKCS1, "sha256", msg)), true);
});

test("a 1024-bit key is refused", async () => {
  const { publicKey } = await generateKeyPair("rsa", { modulusLength: 1024 });
  const jwk = publicKey.export({ format: "jwk" });
  assert.equal(wasm.keyNew(Buffer.from(jwk.n, "base64url"), Buffer.from(jwk.e, "base64url")), -1);
});

test("random signatures and random key bytes are refused without trapping", () => {
  const r = prng(SEED + 3);
  for (const k of [K["2048a"], K["3072a"], K["2049"]]) {
    const N = bigOf(k.n);
    for (let i = 0; i < 100; i++) {
      const sig = bytesOf(bigOf(r.bytes(k.n.length)) % N, k.n.length);
      assert.equal(wasm.verify(k.h, i % 2, i % 3, Buffer.from("x"), sig), false);
    }
  }
  let accepted = 0;
  for (let i = 0; i < 300; i++) {
    const n = r.bytes(r.pick([0, 1, 8, 255, 256, 257, 384, 511, 512, 513, 600]));
    if (n.length > 0 && r.int(2)) n[n.length - 1] |= 1;
    const h = wasm.keyNew(n, r.bytes(r.int(6)));
    if (h >= 0) {
      accepted++;
      const bits = wasm.keyBits(h);
      assert.ok(bits >= 2048 && bits <= 4096, `accepted a ${bits}-bit modulus`);
      assert.equal(wasm.verify(h, PKCS1, 0, Buffer.from("x"), r.bytes((bits + 7) >> 3)), false);
    }
  }
  assert.ok(accepted > 0, "some random odd moduli of a valid size are accepted");
});
