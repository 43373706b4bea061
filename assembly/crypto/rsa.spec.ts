// RFC 7515 Appendix A.2 (RS256 with the RFC's 2048-bit key), plus what must fail around it. The
// generated differential tests are in tests/crypto/rsa.test.js.
import { HashAlg } from "./sha2";
import { RsaPublicKey, rsaVerifyPkcs1v15, rsaVerifyPss } from "./rsa";

function b64u(s: string): Uint8Array {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const out = new Uint8Array((s.length * 6) >> 3);
  let acc: u32 = 0, bits = 0, o = 0;
  for (let i = 0; i < s.length; i++) {
    acc = (acc << 6) | <u32>alphabet.indexOf(s.charAt(i));
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = <u8>(acc >> <u32>bits);
    }
  }
  return out;
}

const N = "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ";
const INPUT = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
const SIG = "cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw";

function ascii(s: string): Uint8Array {
  return Uint8Array.wrap(String.UTF8.encode(s));
}

describe("RSA (RFC 7515 A.2)", () => {
  it("reads the key", () => {
    const key = RsaPublicKey.fromBytes(b64u(N), b64u("AQAB"))!;
    expect(key.bits).toBe(2048);
    expect(key.byteLength).toBe(256);
    expect(key.e).toBe(65537);
  });
  it("verifies the RS256 example and nothing next to it", () => {
    const key = RsaPublicKey.fromBytes(b64u(N), b64u("AQAB"))!;
    const msg = ascii(INPUT);
    const sig = b64u(SIG);
    expect(sig.length).toBe(256);
    expect(rsaVerifyPkcs1v15(key, HashAlg.Sha256, msg, sig)).toBe(true);
    expect(rsaVerifyPkcs1v15(key, HashAlg.Sha384, msg, sig)).toBe(false);
    expect(rsaVerifyPkcs1v15(key, <HashAlg>9, msg, sig)).toBe(false);
    expect(rsaVerifyPss(key, HashAlg.Sha256, msg, sig)).toBe(false);
    expect(rsaVerifyPkcs1v15(key, HashAlg.Sha256, ascii(INPUT + "."), sig)).toBe(false);
    expect(rsaVerifyPkcs1v15(key, HashAlg.Sha256, msg, sig.subarray(1))).toBe(false);
    sig[100] ^= 4;
    expect(rsaVerifyPkcs1v15(key, HashAlg.Sha256, msg, sig)).toBe(false);
    // The modulus itself as a signature: >= n.
    expect(rsaVerifyPkcs1v15(key, HashAlg.Sha256, msg, b64u(N))).toBe(false);
  });
  it("refuses keys outside the limits", () => {
    const n = b64u(N);
    expect(RsaPublicKey.fromBytes(n.subarray(1), b64u("AQAB"))).toBeNull(); // 2040 bits
    expect(RsaPublicKey.fromBytes(n, b64u("AQ"))).toBeNull(); // e = 1
    expect(RsaPublicKey.fromBytes(n, b64u("AQAA"))).toBeNull(); // e = 65536, even
    expect(RsaPublicKey.fromBytes(n, b64u("AQAAAAE"))).toBeNull(); // e = 2^32 + 1
    expect(RsaPublicKey.fromBytes(n, new Uint8Array(0))).toBeNull();
    expect(RsaPublicKey.fromBytes(n, b64u("Aw"))).not.toBeNull(); // e = 3
  });
});
