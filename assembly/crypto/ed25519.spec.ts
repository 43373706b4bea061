// Ed25519 known answers (RFC 8032 §7.1 TEST 1-3) and the edge cases of the policy in
// ed25519.ts: S >= L (malleated S + L) rejected, small-order and non-canonical keys rejected.
import { Ed25519PublicKey, ed25519Verify } from "./ed25519";

function unhex(s: string): Uint8Array {
  const out = new Uint8Array(s.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = <u8>parseInt(s.substr(i * 2, 2), 16);
  return out;
}

const PUB1 = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
const SIG1 = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";
const PUB2 = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";
const SIG2 = "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00";
const PUB3 = "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025";
const SIG3 = "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a";
/** SIG1 with S replaced by S + L (the same scalar mod L, a non-canonical encoding). */
const SIG1_S_PLUS_L = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901554c8c7872aa064e049dbb3013fbf29380d25bf5f0595bbe24655141438e7a101b";

function key(h: string): Ed25519PublicKey { return Ed25519PublicKey.fromBytes(unhex(h))!; }

describe("Ed25519 (RFC 8032 §7.1)", () => {
  it("verifies TEST 1, 2 and 3", () => {
    expect(ed25519Verify(key(PUB1), new Uint8Array(0), unhex(SIG1))).toBe(true);
    expect(ed25519Verify(key(PUB2), unhex("72"), unhex(SIG2))).toBe(true);
    expect(ed25519Verify(key(PUB3), unhex("af82"), unhex(SIG3))).toBe(true);
  });
  it("rejects another message, another key and a swapped signature", () => {
    expect(ed25519Verify(key(PUB2), unhex("73"), unhex(SIG2))).toBe(false);
    expect(ed25519Verify(key(PUB3), unhex("72"), unhex(SIG2))).toBe(false);
    expect(ed25519Verify(key(PUB2), unhex("72"), unhex(SIG3))).toBe(false);
  });
  it("rejects S + L (S must be below L)", () => {
    expect(ed25519Verify(key(PUB1), new Uint8Array(0), unhex(SIG1_S_PLUS_L))).toBe(false);
  });
  it("rejects signatures and keys of the wrong length", () => {
    expect(ed25519Verify(key(PUB1), new Uint8Array(0), unhex(SIG1).subarray(0, 63))).toBe(false);
    expect(Ed25519PublicKey.fromBytes(unhex(PUB1).subarray(0, 31))).toBeNull();
    expect(Ed25519PublicKey.fromBytes(new Uint8Array(33))).toBeNull();
  });
  it("rejects small-order public keys", () => {
    // identity, the point of order 2, and the two points of order 4 (y = 0)
    expect(Ed25519PublicKey.fromBytes(unhex("0100000000000000000000000000000000000000000000000000000000000000"))).toBeNull();
    expect(Ed25519PublicKey.fromBytes(unhex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"))).toBeNull();
    expect(Ed25519PublicKey.fromBytes(unhex("0000000000000000000000000000000000000000000000000000000000000000"))).toBeNull();
    expect(Ed25519PublicKey.fromBytes(unhex("0000000000000000000000000000000000000000000000000000000000000080"))).toBeNull();
  });
  it("rejects y >= p and a negative zero x", () => {
    // y = p (non-canonical 0) and y = 2^255 - 1
    expect(Ed25519PublicKey.fromBytes(unhex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"))).toBeNull();
    expect(Ed25519PublicKey.fromBytes(unhex("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"))).toBeNull();
    // y = 1 with the sign bit: x = 0 cannot be negative
    expect(Ed25519PublicKey.fromBytes(unhex("0100000000000000000000000000000000000000000000000000000000000080"))).toBeNull();
  });
});
