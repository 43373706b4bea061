// Wasm entry for tests/crypto/rsa*.test.js and bench/crypto-rsa.js: a handle-based API over the
// SHA-2, HMAC and RSA modules. Not part of the filter. Inputs are written by the caller into the
// scratch buffer, laid out back to back in the order of the parameters.
import { HashAlg, digest } from "./sha2";
import { hmac, hmacVerify } from "./hmac";
import { RsaPublicKey, rsaVerifyPkcs1v15, rsaVerifyPss, rsaPublic } from "./rsa";

const keys: Array<RsaPublicKey> = [];
let buffer: ArrayBuffer = new ArrayBuffer(1 << 16);
let result: Uint8Array = new Uint8Array(0);

/** Returns the scratch buffer's address, growing it to at least `len` bytes. */
export function scratch(len: i32): usize {
  if (buffer.byteLength < len) buffer = new ArrayBuffer(len);
  return changetype<usize>(buffer);
}

function part(off: i32, len: i32): Uint8Array {
  return Uint8Array.wrap(buffer, off, len);
}

/** Digest of scratch[0, len); returns its length (0 for an unknown algorithm); read with resultPtr. */
export function hash(alg: i32, len: i32): i32 {
  result = digest(<HashAlg>alg, part(0, len));
  return result.length;
}

/** HMAC with key = scratch[0, keyLen), msg = the next msgLen bytes; returns the MAC length. */
export function mac(alg: i32, keyLen: i32, msgLen: i32): i32 {
  result = hmac(<HashAlg>alg, part(0, keyLen), part(keyLen, msgLen));
  return result.length;
}

/** 1 when the macLen bytes after key and msg are the HMAC of msg. */
export function macVerify(alg: i32, keyLen: i32, msgLen: i32, macLen: i32): i32 {
  return hmacVerify(<HashAlg>alg, part(0, keyLen), part(keyLen, msgLen), part(keyLen + msgLen, macLen)) ? 1 : 0;
}

export function resultPtr(): usize {
  return result.dataStart;
}

/** Parses a key from n = scratch[0, nLen), e = the next eLen bytes; a handle >= 0 or -1. */
export function keyNew(nLen: i32, eLen: i32): i32 {
  const k = RsaPublicKey.fromBytes(part(0, nLen), part(nLen, eLen));
  if (k === null) return -1;
  keys.push(k);
  return keys.length - 1;
}

export function keyBits(h: i32): i32 {
  return keys[h].bits;
}

export function keysClear(): void {
  keys.length = 0;
}

/** 1 if sig (after msg in scratch) verifies; scheme 0 = PKCS#1 v1.5, 1 = PSS. */
export function verify(h: i32, scheme: i32, alg: i32, msgLen: i32, sigLen: i32): i32 {
  const key = keys[h];
  const msg = part(0, msgLen);
  const sig = part(msgLen, sigLen);
  const ok = scheme == 0 ? rsaVerifyPkcs1v15(key, <HashAlg>alg, msg, sig) : rsaVerifyPss(key, <HashAlg>alg, msg, sig);
  return ok ? 1 : 0;
}

/** sig^e mod n for sig = scratch[0, sigLen): its length k (read with resultPtr), or -1 if rejected. */
export function publicOp(h: i32, sigLen: i32): i32 {
  const key = keys[h];
  const out = new Uint8Array(key.byteLength);
  if (!rsaPublic(key, part(0, sigLen), out)) return -1;
  result = out;
  return out.length;
}
