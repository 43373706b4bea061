// HMAC (RFC 2104) over SHA-256/384/512 for HS256/HS384/HS512, and a constant-time comparison.
// Keys and MACs are secrets here: the comparison's timing must not depend on where bytes differ.
import { HashAlg, hashLength, blockLength, isHashAlg, hashInit, hashUpdate, hashFinal } from "./sha2";

const KEY_BLOCK: usize = memory.data(128, 16);
const PAD: usize = memory.data(128, 16);
const INNER: usize = memory.data(64, 16);
const MAC: usize = memory.data(64, 16);

/** Writes HMAC(key, msg) (hashLength(alg) bytes) to `out`; `alg` must be valid. */
function hmacInto(alg: HashAlg, key: Uint8Array, msgPtr: usize, msgLen: i32, out: usize): void {
  const bl = blockLength(alg);
  memory.fill(KEY_BLOCK, 0, 128);
  if (key.length > bl) {
    hashInit(alg);
    hashUpdate(key.dataStart, key.length);
    hashFinal(KEY_BLOCK);
  } else {
    memory.copy(KEY_BLOCK, key.dataStart, <usize>key.length);
  }
  for (let i = 0; i < bl; i++) store<u8>(PAD + <usize>i, load<u8>(KEY_BLOCK + <usize>i) ^ 0x36);
  hashInit(alg);
  hashUpdate(PAD, bl);
  hashUpdate(msgPtr, msgLen);
  hashFinal(INNER);
  for (let i = 0; i < bl; i++) store<u8>(PAD + <usize>i, load<u8>(KEY_BLOCK + <usize>i) ^ 0x5c);
  hashInit(alg);
  hashUpdate(PAD, bl);
  hashUpdate(INNER, hashLength(alg));
  hashFinal(out);
  // Do not leave key material in static scratch longer than needed.
  memory.fill(KEY_BLOCK, 0, 128);
  memory.fill(PAD, 0, 128);
}

/** HMAC of `msg` under `key`; an unknown algorithm gives an empty array. */
export function hmac(alg: HashAlg, key: Uint8Array, msg: Uint8Array): Uint8Array {
  if (!isHashAlg(alg)) return new Uint8Array(0);
  const out = new Uint8Array(hashLength(alg));
  hmacInto(alg, key, msg.dataStart, msg.length, out.dataStart);
  return out;
}

/**
 * True when `mac` equals HMAC(key, msg), compared in constant time; false for an unknown algorithm
 * or a MAC of the wrong length (JWS HS* MACs are never truncated). Allocates nothing.
 */
export function hmacVerify(alg: HashAlg, key: Uint8Array, msg: Uint8Array, mac: Uint8Array): bool {
  if (!isHashAlg(alg)) return false;
  const n = hashLength(alg);
  if (mac.length != n) return false;
  hmacInto(alg, key, msg.dataStart, msg.length, MAC);
  const r = constantTimeEqualPtr(MAC, mac.dataStart, n);
  memory.fill(MAC, 0, 64);
  return r;
}

function constantTimeEqualPtr(a: usize, b: usize, n: i32): bool {
  let diff: u32 = 0;
  for (let i = 0; i < n; i++) diff |= <u32>(load<u8>(a + <usize>i) ^ load<u8>(b + <usize>i));
  return diff == 0;
}

/** Byte equality whose running time depends only on the lengths; false on a length mismatch. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): bool {
  if (a.length != b.length) return false;
  return constantTimeEqualPtr(a.dataStart, b.dataStart, a.length);
}
