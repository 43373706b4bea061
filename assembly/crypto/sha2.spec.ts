// Known-answer tests from FIPS 180-4 / RFC 6234 (the "abc", empty, two-block and one-million-'a'
// messages), plus block-boundary lengths checked against a one-byte-at-a-time streaming run.
import { HashAlg, hashLength, digest, sha256, sha384, sha512, hashInit, hashUpdate, hashFinal } from "./sha2";

function hex(b: Uint8Array): string {
  const digits = "0123456789abcdef";
  let s = "";
  for (let i = 0; i < b.length; i++) s += digits.charAt(b[i] >> 4) + digits.charAt(b[i] & 15);
  return s;
}

function ascii(s: string): Uint8Array {
  return Uint8Array.wrap(String.UTF8.encode(s));
}

function repeatA(n: i32): Uint8Array {
  const b = new Uint8Array(n);
  b.fill(0x61);
  return b;
}

const TWO_BLOCK_256 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
const TWO_BLOCK_512 = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

describe("SHA-256", () => {
  it("hashes the FIPS 180 examples", () => {
    expect(hex(sha256(ascii("")))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(hex(sha256(ascii("abc")))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(hex(sha256(ascii(TWO_BLOCK_256)))).toBe("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  });
  it("hashes one million 'a'", () => {
    expect(hex(sha256(repeatA(1000000)))).toBe("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  });
});

describe("SHA-384", () => {
  it("hashes the FIPS 180 examples", () => {
    expect(hex(sha384(ascii("")))).toBe("38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b");
    expect(hex(sha384(ascii("abc")))).toBe("cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7");
    expect(hex(sha384(ascii(TWO_BLOCK_512)))).toBe("09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712fcc7c71a557e2db966c3e9fa91746039");
  });
  it("hashes one million 'a'", () => {
    expect(hex(sha384(repeatA(1000000)))).toBe("9d0e1809716474cb086e834e310a4a1ced149e9c00f248527972cec5704c2a5b07b8b3dc38ecc4ebae97ddd87f3d8985");
  });
});

describe("SHA-512", () => {
  it("hashes the FIPS 180 examples", () => {
    expect(hex(sha512(ascii("")))).toBe("cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e");
    expect(hex(sha512(ascii("abc")))).toBe("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
    expect(hex(sha512(ascii(TWO_BLOCK_512)))).toBe("8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909");
  });
  it("hashes one million 'a'", () => {
    expect(hex(sha512(repeatA(1000000)))).toBe("e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b");
  });
});

describe("digest", () => {
  it("reports lengths and rejects unknown algorithms", () => {
    expect(hashLength(HashAlg.Sha256)).toBe(32);
    expect(hashLength(HashAlg.Sha384)).toBe(48);
    expect(hashLength(HashAlg.Sha512)).toBe(64);
    expect(digest(<HashAlg>7, ascii("abc")).length).toBe(0);
  });
  it("streams the same digest as a one-shot hash across block boundaries", () => {
    const lens: i32[] = [0, 1, 55, 56, 63, 64, 65, 111, 112, 119, 127, 128, 129, 255, 256, 1000];
    for (let a = 0; a < 3; a++) {
      const alg = <HashAlg>a;
      for (let k = 0; k < lens.length; k++) {
        const data = new Uint8Array(lens[k]);
        for (let i = 0; i < data.length; i++) data[i] = <u8>(i * 7 + 3);
        const whole = digest(alg, data);
        hashInit(alg);
        for (let i = 0; i < data.length; i++) hashUpdate(data.dataStart + <usize>i, 1);
        const out = new Uint8Array(hashLength(alg));
        hashFinal(out.dataStart);
        expect(hex(out)).toBe(hex(whole));
      }
    }
  });
});
