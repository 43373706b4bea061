// SHA-256, SHA-384 and SHA-512 (FIPS 180-4) for JWS verification (HS*/RS*/PS*/ES*) and Ed25519.
//
// The state lives in module globals and the constants in static memory, so a hash allocates nothing
// but its result. The streaming functions (hashInit/hashUpdate/hashFinal) share that one state:
// they are not re-entrant, which is fine in a single-threaded wasm VM as long as a caller finishes
// one hash before starting the next (HMAC, MGF1 and EMSA-PSS do).

export const enum HashAlg { Sha256 = 0, Sha384 = 1, Sha512 = 2 }

/** Digest length in bytes: 32, 48 or 64 (0 for an unknown algorithm). */
export function hashLength(alg: HashAlg): i32 {
  if (alg == HashAlg.Sha256) return 32;
  if (alg == HashAlg.Sha384) return 48;
  if (alg == HashAlg.Sha512) return 64;
  return 0;
}

/** Block length in bytes: 64 for SHA-256, 128 for SHA-384/512 (0 for an unknown algorithm). */
export function blockLength(alg: HashAlg): i32 {
  if (alg == HashAlg.Sha256) return 64;
  if (alg == HashAlg.Sha384 || alg == HashAlg.Sha512) return 128;
  return 0;
}

export function isHashAlg(alg: i32): bool {
  return alg >= 0 && alg <= 2;
}

// Round constants: the first 32 (SHA-256) / 64 (SHA-512) bits of the fractional parts of the cube
// roots of the first 64 / 80 primes.
const K256: usize = memory.data<u32>([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const K512: usize = memory.data<u64>([
  0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc,
  0x3956c25bf348b538, 0x59f111f1b605d019, 0x923f82a4af194f9b, 0xab1c5ed5da6d8118,
  0xd807aa98a3030242, 0x12835b0145706fbe, 0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2,
  0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235, 0xc19bf174cf692694,
  0xe49b69c19ef14ad2, 0xefbe4786384f25e3, 0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65,
  0x2de92c6f592b0275, 0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5,
  0x983e5152ee66dfab, 0xa831c66d2db43210, 0xb00327c898fb213f, 0xbf597fc7beef0ee4,
  0xc6e00bf33da88fc2, 0xd5a79147930aa725, 0x06ca6351e003826f, 0x142929670a0e6e70,
  0x27b70a8546d22ffc, 0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed, 0x53380d139d95b3df,
  0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6, 0x92722c851482353b,
  0xa2bfe8a14cf10364, 0xa81a664bbc423001, 0xc24b8b70d0f89791, 0xc76c51a30654be30,
  0xd192e819d6ef5218, 0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8,
  0x19a4c116b8d2d0c8, 0x1e376c085141ab53, 0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8,
  0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb, 0x5b9cca4f7763e373, 0x682e6ff3d6b2b8a3,
  0x748f82ee5defb2fc, 0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec,
  0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915, 0xc67178f2e372532b,
  0xca273eceea26619c, 0xd186b8c721c0c207, 0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178,
  0x06f067aa72176fba, 0x0a637dc5a2c898a6, 0x113f9804bef90dae, 0x1b710b35131c471b,
  0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc, 0x431d67c49c100d4c,
  0x4cc5d4becb3e42b6, 0x597f299cfc657e2a, 0x5fcb6fab3ad6faec, 0x6c44198c4a475817,
]);

// Message schedule (64 × u32 or 80 × u64) and the partial-block buffer.
const W: usize = memory.data(640, 16);
const BUF: usize = memory.data(128, 16);

let h0: u32 = 0, h1: u32 = 0, h2: u32 = 0, h3: u32 = 0, h4: u32 = 0, h5: u32 = 0, h6: u32 = 0, h7: u32 = 0;
let g0: u64 = 0, g1: u64 = 0, g2: u64 = 0, g3: u64 = 0, g4: u64 = 0, g5: u64 = 0, g6: u64 = 0, g7: u64 = 0;
let curAlg: HashAlg = HashAlg.Sha256;
let bufLen: i32 = 0;
let totalLen: u64 = 0;

// @ts-ignore: decorator
@inline function be32(p: usize): u32 { return bswap<u32>(load<u32>(p)); }
// @ts-ignore: decorator
@inline function be64(p: usize): u64 { return bswap<u64>(load<u64>(p)); }

function compress256(p: usize): void {
  const w = W;
  for (let i: usize = 0; i < 16; i++) store<u32>(w + (i << 2), be32(p + (i << 2)));
  for (let i: usize = 16; i < 64; i++) {
    let x = load<u32>(w + ((i - 15) << 2));
    let y = load<u32>(w + ((i - 2) << 2));
    let s0 = rotr<u32>(x, 7) ^ rotr<u32>(x, 18) ^ (x >>> 3);
    let s1 = rotr<u32>(y, 17) ^ rotr<u32>(y, 19) ^ (y >>> 10);
    store<u32>(w + (i << 2), load<u32>(w + ((i - 16) << 2)) + s0 + load<u32>(w + ((i - 7) << 2)) + s1);
  }
  let a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7;
  for (let i: usize = 0; i < 64; i++) {
    let t1 = h + (rotr<u32>(e, 6) ^ rotr<u32>(e, 11) ^ rotr<u32>(e, 25)) + (g ^ (e & (f ^ g)))
      + load<u32>(K256 + (i << 2)) + load<u32>(w + (i << 2));
    let t2 = (rotr<u32>(a, 2) ^ rotr<u32>(a, 13) ^ rotr<u32>(a, 22)) + ((a & b) | (c & (a | b)));
    h = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
  }
  h0 += a; h1 += b; h2 += c; h3 += d; h4 += e; h5 += f; h6 += g; h7 += h;
}

function compress512(p: usize): void {
  const w = W;
  for (let i: usize = 0; i < 16; i++) store<u64>(w + (i << 3), be64(p + (i << 3)));
  for (let i: usize = 16; i < 80; i++) {
    let x = load<u64>(w + ((i - 15) << 3));
    let y = load<u64>(w + ((i - 2) << 3));
    let s0 = rotr<u64>(x, 1) ^ rotr<u64>(x, 8) ^ (x >>> 7);
    let s1 = rotr<u64>(y, 19) ^ rotr<u64>(y, 61) ^ (y >>> 6);
    store<u64>(w + (i << 3), load<u64>(w + ((i - 16) << 3)) + s0 + load<u64>(w + ((i - 7) << 3)) + s1);
  }
  let a = g0, b = g1, c = g2, d = g3, e = g4, f = g5, g = g6, h = g7;
  for (let i: usize = 0; i < 80; i++) {
    let t1 = h + (rotr<u64>(e, 14) ^ rotr<u64>(e, 18) ^ rotr<u64>(e, 41)) + (g ^ (e & (f ^ g)))
      + load<u64>(K512 + (i << 3)) + load<u64>(w + (i << 3));
    let t2 = (rotr<u64>(a, 28) ^ rotr<u64>(a, 34) ^ rotr<u64>(a, 39)) + ((a & b) | (c & (a | b)));
    h = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
  }
  g0 += a; g1 += b; g2 += c; g3 += d; g4 += e; g5 += f; g6 += g; g7 += h;
}

// @ts-ignore: decorator
@inline function compress(p: usize): void {
  if (curAlg == HashAlg.Sha256) compress256(p); else compress512(p);
}

/** Starts a streaming hash (an unknown algorithm hashes as SHA-512; callers check isHashAlg). */
export function hashInit(alg: HashAlg): void {
  curAlg = alg == HashAlg.Sha256 || alg == HashAlg.Sha384 ? alg : HashAlg.Sha512;
  bufLen = 0;
  totalLen = 0;
  if (curAlg == HashAlg.Sha256) {
  h0 = 0x6a09e667;
  h1 = 0xbb67ae85;
  h2 = 0x3c6ef372;
  h3 = 0xa54ff53a;
  h4 = 0x510e527f;
  h5 = 0x9b05688c;
  h6 = 0x1f83d9ab;
  h7 = 0x5be0cd19;
  } else if (curAlg == HashAlg.Sha384) {
    g0 = 0xcbbb9d5dc1059ed8;
    g1 = 0x629a292a367cd507;
    g2 = 0x9159015a3070dd17;
    g3 = 0x152fecd8f70e5939;
    g4 = 0x67332667ffc00b31;
    g5 = 0x8eb44a8768581511;
    g6 = 0xdb0c2e0d64f98fa7;
    g7 = 0x47b5481dbefa4fa4;
  } else {
    g0 = 0x6a09e667f3bcc908;
    g1 = 0xbb67ae8584caa73b;
    g2 = 0x3c6ef372fe94f82b;
    g3 = 0xa54ff53a5f1d36f1;
    g4 = 0x510e527fade682d1;
    g5 = 0x9b05688c2b3e6c1f;
    g6 = 0x1f83d9abfb41bd6b;
    g7 = 0x5be0cd19137e2179;
  }
}

/** Feeds `len` bytes at `ptr` into the current hash. */
export function hashUpdate(ptr: usize, len: i32): void {
  if (len <= 0) return;
  totalLen += <u64>len;
  const bl = curAlg == HashAlg.Sha256 ? 64 : 128;
  if (bufLen > 0) {
    let take = min(bl - bufLen, len);
    memory.copy(BUF + <usize>bufLen, ptr, <usize>take);
    bufLen += take;
    ptr += <usize>take;
    len -= take;
    if (bufLen < bl) return;
    compress(BUF);
    bufLen = 0;
  }
  while (len >= bl) {
    compress(ptr);
    ptr += <usize>bl;
    len -= bl;
  }
  if (len > 0) {
    memory.copy(BUF, ptr, <usize>len);
    bufLen = len;
  }
}

export function hashUpdateBytes(data: Uint8Array): void {
  hashUpdate(data.dataStart, data.length);
}

/** Pads, finishes and writes the digest (hashLength bytes) to `out`. */
export function hashFinal(out: usize): void {
  const bl = curAlg == HashAlg.Sha256 ? 64 : 128;
  const lenBytes = curAlg == HashAlg.Sha256 ? 8 : 16;
  const bits = totalLen << 3;
  store<u8>(BUF + <usize>bufLen, 0x80);
  bufLen++;
  if (bufLen > bl - lenBytes) {
    memory.fill(BUF + <usize>bufLen, 0, <usize>(bl - bufLen));
    compress(BUF);
    bufLen = 0;
  }
  memory.fill(BUF + <usize>bufLen, 0, <usize>(bl - 8 - bufLen));
  store<u64>(BUF + <usize>(bl - 8), bswap<u64>(bits));
  compress(BUF);
  bufLen = 0;
  if (curAlg == HashAlg.Sha256) {
    store<u32>(out, bswap<u32>(h0)); store<u32>(out + 4, bswap<u32>(h1));
    store<u32>(out + 8, bswap<u32>(h2)); store<u32>(out + 12, bswap<u32>(h3));
    store<u32>(out + 16, bswap<u32>(h4)); store<u32>(out + 20, bswap<u32>(h5));
    store<u32>(out + 24, bswap<u32>(h6)); store<u32>(out + 28, bswap<u32>(h7));
  } else {
    store<u64>(out, bswap<u64>(g0)); store<u64>(out + 8, bswap<u64>(g1));
    store<u64>(out + 16, bswap<u64>(g2)); store<u64>(out + 24, bswap<u64>(g3));
    store<u64>(out + 32, bswap<u64>(g4)); store<u64>(out + 40, bswap<u64>(g5));
    if (curAlg == HashAlg.Sha512) {
      store<u64>(out + 48, bswap<u64>(g6)); store<u64>(out + 56, bswap<u64>(g7));
    }
  }
}

/** Hashes `data` with `alg`; an unknown algorithm gives an empty array. */
export function digest(alg: HashAlg, data: Uint8Array): Uint8Array {
  const n = hashLength(alg);
  const out = new Uint8Array(n);
  if (n == 0) return out;
  hashInit(alg);
  hashUpdate(data.dataStart, data.length);
  hashFinal(out.dataStart);
  return out;
}

export function sha256(data: Uint8Array): Uint8Array { return digest(HashAlg.Sha256, data); }
export function sha384(data: Uint8Array): Uint8Array { return digest(HashAlg.Sha384, data); }
export function sha512(data: Uint8Array): Uint8Array { return digest(HashAlg.Sha512, data); }
