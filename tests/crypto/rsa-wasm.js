// Loads build/crypto-rsa.wasm or build/crypto-rsa-simd.wasm (built if stale) and wraps their
// scratch-buffer API for the SHA-2, HMAC and RSA tests and the crypto-rsa benchmark.
import fs from "node:fs";
import { ensureBuilt } from "../../tools/build-crypto-rsa.mjs";

export const ALGS = [
  { alg: 0, node: "sha256", len: 32 },
  { alg: 1, node: "sha384", len: 48 },
  { alg: 2, node: "sha512", len: 64 },
];
export const PKCS1 = 0;
export const PSS = 1;

export class RsaWasm {
  /** @param {WebAssembly.Instance} instance */
  constructor(instance) {
    this.x = instance.exports;
  }

  /** @param {"rsa" | "rsa-simd"} target */
  static async load(target = "rsa") {
    const bytes = fs.readFileSync(await ensureBuilt(target));
    const { instance } = await WebAssembly.instantiate(bytes, {
      env: { abort() { throw new Error("wasm abort"); } },
    });
    return new RsaWasm(instance);
  }

  /** Copies the buffers back to back into the module's scratch buffer. */
  put(...bufs) {
    const total = bufs.reduce((a, b) => a + b.length, 0);
    const p = this.x.scratch(total);
    const mem = new Uint8Array(this.x.memory.buffer);
    let o = 0;
    for (const b of bufs) {
      mem.set(b, p + o);
      o += b.length;
    }
  }

  result(len) {
    return Buffer.from(new Uint8Array(this.x.memory.buffer, this.x.resultPtr(), len));
  }

  hash(alg, data) {
    this.put(data);
    return this.result(this.x.hash(alg, data.length));
  }

  hmac(alg, key, msg) {
    this.put(key, msg);
    return this.result(this.x.mac(alg, key.length, msg.length));
  }

  hmacVerify(alg, key, msg, mac) {
    this.put(key, msg, mac);
    return this.x.macVerify(alg, key.length, msg.length, mac.length) === 1;
  }

  /** @returns {number} a key handle, or -1 when the key is rejected */
  keyNew(n, e) {
    this.put(n, e);
    return this.x.keyNew(n.length, e.length);
  }

  keyBits(h) {
    return this.x.keyBits(h);
  }

  verify(h, scheme, alg, msg, sig) {
    this.put(msg, sig);
    return this.x.verify(h, scheme, alg, msg.length, sig.length) === 1;
  }

  /** sig^e mod n as k bytes, or null when the signature is rejected (wrong length, >= n). */
  publicOp(h, sig) {
    this.put(sig);
    const len = this.x.publicOp(h, sig.length);
    return len < 0 ? null : this.result(len);
  }
}

/**
 * Both builds behind one API: every call goes to the scalar and the SIMD module, which must agree
 * (same key handles, same verdicts, same bytes); returns the common result.
 */
export class RsaWasmPair {
  constructor(scalar, simd) {
    this.scalar = scalar;
    this.simd = simd;
  }

  static async load() {
    return new RsaWasmPair(await RsaWasm.load("rsa"), await RsaWasm.load("rsa-simd"));
  }

  both(method, ...args) {
    const a = this.scalar[method](...args);
    const b = this.simd[method](...args);
    const same = Buffer.isBuffer(a) && Buffer.isBuffer(b) ? a.equals(b) : a === b;
    if (!same) throw new Error(`scalar and SIMD builds disagree on ${method}: ${a} vs ${b}`);
    return a;
  }

  keyNew(n, e) { return this.both("keyNew", n, e); }
  keyBits(h) { return this.both("keyBits", h); }
  verify(h, scheme, alg, msg, sig) { return this.both("verify", h, scheme, alg, msg, sig); }
  publicOp(h, sig) { return this.both("publicOp", h, sig); }
}

/** mulberry32, so generated cases are reproducible from the seed in a failure message. */
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  return {
    int,
    pick: (arr) => arr[int(arr.length)],
    bytes: (n) => {
      const b = Buffer.alloc(n);
      for (let i = 0; i < n; i++) b[i] = int(256);
      return b;
    },
  };
}
