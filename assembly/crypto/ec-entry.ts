// Wasm entry for the Node differential tests and benchmarks of ECDSA and Ed25519
// (build/crypto-ec.wasm, tools/build-crypto-ec.mjs). Not part of the filter.
// The caller writes inputs into the scratch buffer and passes offsets into it.
import { Curve, EcPublicKey, ecdsaVerify } from "./ecdsa";
import { Ed25519PublicKey, ed25519Verify } from "./ed25519";
import { MontField, FieldKind } from "./mont";

let buffer: ArrayBuffer = new ArrayBuffer(1024);
const ecKeys: Array<EcPublicKey> = [];
const edKeys: Array<Ed25519PublicKey> = [];

/** Returns a scratch buffer of at least `len` bytes for the caller to fill. */
export function scratch(len: i32): usize {
  if (buffer.byteLength < len) buffer = new ArrayBuffer(len);
  return changetype<usize>(buffer);
}

function view(off: i32, len: i32): Uint8Array {
  return Uint8Array.wrap(buffer, off, len);
}

/** Imports an EC public key (curve 0 = P-256, 1 = P-384, 2 = P-521); returns a handle or -1. */
export function ecKey(curve: i32, xOff: i32, xLen: i32, yOff: i32, yLen: i32): i32 {
  let k = EcPublicKey.fromXY(<Curve>curve, view(xOff, xLen), view(yOff, yLen));
  if (k === null) return -1;
  ecKeys.push(k);
  return ecKeys.length - 1;
}

/** 1 when the JOSE signature (r || s) over the message verifies, else 0. */
export function ecVerify(h: i32, msgOff: i32, msgLen: i32, sigOff: i32, sigLen: i32): i32 {
  return ecdsaVerify(ecKeys[h], view(msgOff, msgLen), view(sigOff, sigLen)) ? 1 : 0;
}

/** Imports an Ed25519 public key (32 bytes); returns a handle or -1. */
export function edKey(off: i32, len: i32): i32 {
  let k = Ed25519PublicKey.fromBytes(view(off, len));
  if (k === null) return -1;
  edKeys.push(k);
  return edKeys.length - 1;
}

/** 1 when the Ed25519 signature over the message verifies, else 0. */
export function edVerify(h: i32, msgOff: i32, msgLen: i32, sigOff: i32, sigLen: i32): i32 {
  return ed25519Verify(edKeys[h], view(msgOff, msgLen), view(sigOff, sigLen)) ? 1 : 0;
}

/** Drops every imported key (the benchmark and tests import many). */
export function resetKeys(): void {
  ecKeys.length = 0;
  edKeys.length = 0;
}

const FIELD_HEX: string[] = [
  "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff",
  "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff",
  "7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffed",
  "000001ff" + "ffffffff".repeat(16),
];
const FIELD_KIND: FieldKind[] = [FieldKind.P256, FieldKind.P384, FieldKind.F25519, FieldKind.P521];
const benchFields = new Map<i32, MontField>();

/**
 * Runs `iters` chained field multiplications for bench/crypto-ec.js: `which` = 2 * prime +
 * (1 for the generic CIOS loops of mont.ts, 0 for the unrolled field_ops.ts routines);
 * primes 0 = P-256, 1 = P-384, 2 = 2^255 - 19, 3 = P-521.
 */
export function benchFieldMul(which: i32, iters: i32): void {
  if (!benchFields.has(which)) {
    benchFields.set(which, new MontField(FIELD_HEX[which >> 1], (which & 1) != 0 ? FieldKind.Generic : FIELD_KIND[which >> 1]));
  }
  let f = benchFields.get(which);
  let a = allocScratch(), b = a + 80;
  f.copy(a, f.r2);
  f.copy(b, f.one);
  store<u32>(b, load<u32>(b) ^ 1); // some value < m other than 1
  for (let i = 0; i < iters; i++) f.mul(a, a, b);
}

let benchScratch: usize = 0;
function allocScratch(): usize {
  if (benchScratch == 0) benchScratch = heap.alloc(160);
  return benchScratch;
}
