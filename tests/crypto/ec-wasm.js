// Node-side handle over build/crypto-ec.wasm (assembly/crypto/ec-entry.ts), shared by
// tests/crypto/ec*.test.js, tests/crypto/ed25519*.test.js and bench/crypto-ec.js.
import { instantiateStandalone } from "../../src/wasm/standalone.js";
import { ensureBuilt } from "../../tools/build-crypto-ec.mjs";

export const CURVES = { "P-256": 0, "P-384": 1, "P-521": 2 };

export class EcWasm {
  constructor(wasmPath) {
    this.x = instantiateStandalone(wasmPath);
  }

  /** Copies the byte arrays back to back into scratch; returns their [offset, length] pairs flattened. */
  put(...parts) {
    const total = parts.reduce((n, p) => n + p.length, 0);
    const ptr = this.x.scratch(total);
    const mem = new Uint8Array(this.x.memory.buffer, ptr, total);
    const args = [];
    let off = 0;
    for (const p of parts) {
      mem.set(p, off);
      args.push(off, p.length);
      off += p.length;
    }
    return args;
  }

  /** @returns {number} a handle, or -1 when the key is rejected */
  ecKey(curve, x, y) {
    const [xo, xl, yo, yl] = this.put(x, y);
    return this.x.ecKey(typeof curve === "string" ? CURVES[curve] : curve, xo, xl, yo, yl);
  }

  ecVerify(h, msg, sig) {
    return this.x.ecVerify(h, ...this.put(msg, sig)) === 1;
  }

  /** @returns {number} a handle, or -1 when the key is rejected */
  edKey(pub) {
    return this.x.edKey(...this.put(pub));
  }

  edVerify(h, msg, sig) {
    return this.x.edVerify(h, ...this.put(msg, sig)) === 1;
  }

  resetKeys() {
    this.x.resetKeys();
  }
}

export async function loadEcWasm() {
  return new EcWasm(await ensureBuilt("ec"));
}
