// RSA signature verification for JWS RS256/384/512 (RSASSA-PKCS1-v1_5) and PS256/384/512
// (RSASSA-PSS, MGF1 with the same hash, salt length = hash length), RFC 8017 §8.1.2 / §8.2.2.
//
// PKCS#1 v1.5 is checked by comparing the whole encoded block with the one we would build
// (00 01 FF.. 00 DigestInfo H), never by parsing the attacker-chosen ASN.1 in the signature.
import { HashAlg, hashLength, isHashAlg, hashInit, hashUpdate, hashFinal } from "./sha2";
import { Modulus, modPow, MAX_LIMBS } from "./montgomery";
import { limbsFromBytes, limbsToBytes, compareLimbs } from "./bignum";

export const MIN_BITS = 2048;
export const MAX_BITS = 4096;

const SIG: usize = memory.data(MAX_LIMBS * 4, 16);
const EM: usize = memory.data(MAX_LIMBS * 4, 16);
const MHASH: usize = memory.data(64, 16);
const HBUF: usize = memory.data(64, 16);
const COUNTER: usize = memory.data(4, 4);
const ZEROS: usize = memory.data(8, 8);

// DER of DigestInfo { AlgorithmIdentifier { id-sha*, NULL }, OCTET STRING (hLen) } up to the digest
// (RFC 8017 §9.2 note 1).
const PREFIX_SHA256: usize = memory.data<u8>([0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20]);
const PREFIX_SHA384: usize = memory.data<u8>([0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30]);
const PREFIX_SHA512: usize = memory.data<u8>([0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40]);
const PREFIX_LEN = 19;

export class RsaPublicKey {
  readonly bits: i32;
  /** k: the modulus length in bytes, which every signature must have. */
  readonly byteLength: i32;
  readonly e: u32;
  readonly modulus: Modulus;

  private constructor(modulus: Modulus, e: u32) {
    this.modulus = modulus;
    this.bits = modulus.bits;
    this.byteLength = (modulus.bits + 7) >> 3;
    this.e = e;
  }

  /**
   * From the big-endian JWK `n` and `e` (leading zero bytes tolerated). Null for a modulus outside
   * 2048..4096 bits or even, or an exponent that is even, below 3 or above 2^32.
   */
  static fromBytes(n: Uint8Array, e: Uint8Array): RsaPublicKey | null {
    let es = 0;
    while (es < e.length && e[es] == 0) es++;
    if (e.length - es > 4) return null;
    let ev: u32 = 0;
    for (let i = es; i < e.length; i++) ev = (ev << 8) | <u32>e[i];
    if (ev < 3 || (ev & 1) == 0) return null;
    const mod = Modulus.fromBytes(n);
    if (mod === null) return null;
    if (mod.bits < MIN_BITS || mod.bits > MAX_BITS) return null;
    return new RsaPublicKey(mod, ev);
  }
}

/** EM = sig^e mod n as k bytes at EM; false if sig is not exactly k bytes or is >= n. */
function publicOp(key: RsaPublicKey, sig: Uint8Array): bool {
  const k = key.byteLength;
  if (sig.length != k) return false;
  const mod = key.modulus;
  const nl = mod.nl;
  limbsFromBytes(SIG, nl, sig.dataStart, k);
  if (compareLimbs(SIG, changetype<usize>(mod.n), nl) >= 0) return false;
  modPow(SIG, SIG, key.e, mod);
  limbsToBytes(EM, k, SIG, nl);
  return true;
}

/**
 * The raw public operation sig^e mod n as k big-endian bytes into `out` (at least k bytes); false
 * for a signature of the wrong length or >= n. For tests and diagnostics; verification uses the
 * functions below.
 */
export function rsaPublic(key: RsaPublicKey, sig: Uint8Array, out: Uint8Array): bool {
  if (out.length < key.byteLength || !publicOp(key, sig)) return false;
  memory.copy(out.dataStart, EM, <usize>key.byteLength);
  return true;
}

function digestInfoPrefix(alg: HashAlg): usize {
  if (alg == HashAlg.Sha256) return PREFIX_SHA256;
  if (alg == HashAlg.Sha384) return PREFIX_SHA384;
  return PREFIX_SHA512;
}

function hashInto(alg: HashAlg, msg: Uint8Array, out: usize): void {
  hashInit(alg);
  hashUpdate(msg.dataStart, msg.length);
  hashFinal(out);
}

function bytesEqual(a: usize, b: usize, n: i32): bool {
  return memory.compare(a, b, <usize>n) == 0;
}

/** RSASSA-PKCS1-v1_5 verification (RS256/RS384/RS512). */
export function rsaVerifyPkcs1v15(key: RsaPublicKey, alg: HashAlg, msg: Uint8Array, sig: Uint8Array): bool {
  if (!isHashAlg(alg)) return false;
  if (!publicOp(key, sig)) return false;
  const k = key.byteLength;
  const h = hashLength(alg);
  const tLen = PREFIX_LEN + h;
  if (k < tLen + 11) return false;
  // 00 01 PS(FF × (k - tLen - 3)) 00 T
  if (load<u8>(EM) != 0 || load<u8>(EM + 1) != 1) return false;
  const psEnd = k - tLen - 1;
  for (let i = 2; i < psEnd; i++) if (load<u8>(EM + <usize>i) != 0xff) return false;
  if (load<u8>(EM + <usize>psEnd) != 0) return false;
  const t = EM + <usize>(psEnd + 1);
  if (!bytesEqual(t, digestInfoPrefix(alg), PREFIX_LEN)) return false;
  hashInto(alg, msg, MHASH);
  return bytesEqual(t + PREFIX_LEN, MHASH, h);
}

/** RSASSA-PSS verification (PS256/PS384/PS512): MGF1 with `alg`, salt length = hash length. */
export function rsaVerifyPss(key: RsaPublicKey, alg: HashAlg, msg: Uint8Array, sig: Uint8Array): bool {
  if (!isHashAlg(alg)) return false;
  if (!publicOp(key, sig)) return false;
  const k = key.byteLength;
  const h = hashLength(alg);
  const sLen = h;
  const emBits = key.bits - 1;
  const emLen = (emBits + 7) >> 3;
  // I2OSP(m, emLen): when emLen = k - 1 the top byte of the k-byte block must be zero.
  let em = EM;
  if (emLen < k) {
    if (load<u8>(EM) != 0) return false;
    em = EM + 1;
  }
  hashInto(alg, msg, MHASH);
  if (emLen < h + sLen + 2) return false;
  if (load<u8>(em + <usize>(emLen - 1)) != 0xbc) return false;
  const dbLen = emLen - h - 1;
  const hp = em + <usize>dbLen;
  const zeroBits = 8 * emLen - emBits;
  const topMask: i32 = 0xff >> zeroBits;
  if ((<i32>load<u8>(em) & ~topMask) != 0) return false;
  // DB = maskedDB xor MGF1(H, dbLen), in place.
  let counter: u32 = 0;
  for (let off = 0; off < dbLen; off += h) {
    store<u32>(COUNTER, bswap<u32>(counter));
    hashInit(alg);
    hashUpdate(hp, h);
    hashUpdate(COUNTER, 4);
    hashFinal(HBUF);
    const n = min(h, dbLen - off);
    for (let i = 0; i < n; i++) {
      const p = em + <usize>(off + i);
      store<u8>(p, load<u8>(p) ^ load<u8>(HBUF + <usize>i));
    }
    counter++;
  }
  store<u8>(em, <u8>(<i32>load<u8>(em) & topMask));
  // DB = PS (zeros) || 0x01 || salt
  const psLen = emLen - h - sLen - 2;
  for (let i = 0; i < psLen; i++) if (load<u8>(em + <usize>i) != 0) return false;
  if (load<u8>(em + <usize>psLen) != 1) return false;
  const salt = em + <usize>(psLen + 1);
  // H' = Hash(00 × 8 || mHash || salt)
  hashInit(alg);
  hashUpdate(ZEROS, 8);
  hashUpdate(MHASH, h);
  hashUpdate(salt, sLen);
  hashFinal(HBUF);
  return bytesEqual(HBUF, hp, h);
}
