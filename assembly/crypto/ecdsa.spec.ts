// ECDSA known answers: the RFC 6979 §A.2.5 (P-256, SHA-256), §A.2.6 (P-384, SHA-384) and
// §A.2.7 (P-521, SHA-512) signatures verify with their published keys; changed messages,
// out-of-range r/s and invalid keys do not.
import { Curve, EcPublicKey, ecdsaVerify } from "./ecdsa";

function unhex(s: string): Uint8Array {
  const out = new Uint8Array(s.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = <u8>parseInt(s.substr(i * 2, 2), 16);
  return out;
}

function ascii(s: string): Uint8Array {
  return Uint8Array.wrap(String.UTF8.encode(s));
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

const P256_X = "60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6";
const P256_Y = "7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299";
const P256_SAMPLE = "EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8";
const P256_TEST = "F1ABB023518351CD71D881567B1EA663ED3EFCF6C5132B354F28D3B0B7D38367019F4113742A2B14BD25926B49C649155F267E60D3814B4C0CC84250E46F0083";
const P256_P = "FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF";
const P256_N = "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551";
const P384_X = "EC3A4E415B4E19A4568618029F427FA5DA9A8BC4AE92E02E06AAE5286B300C64DEF8F0EA9055866064A254515480BC13";
const P384_Y = "8015D9B72D7D57244EA8EF9AC0C621896708A59367F9DFB9F54CA84B3F1C9DB1288B231C3AE0D4FE7344FD2533264720";
const P384_SAMPLE = "94EDBB92A5ECB8AAD4736E56C691916B3F88140666CE9FA73D64C4EA95AD133C81A648152E44ACF96E36DD1E80FABE4699EF4AEB15F178CEA1FE40DB2603138F130E740A19624526203B6351D0A3A94FA329C145786E679E7B82C71A38628AC8";
const P384_TEST = "8203B63D3C853E8D77227FB377BCF7B7B772E97892A80F36AB775D509D7A5FEB0542A7F0812998DA8F1DD3CA3CF023DBDDD0760448D42D8A43AF45AF836FCE4DE8BE06B485E9B61B827C2F13173923E06A739F040649A667BF3B828246BAA5A5";
const P521_X = "01894550D0785932E00EAA23B694F213F8C3121F86DC97A04E5A7167DB4E5BCD371123D46E45DB6B5D5370A7F20FB633155D38FFA16D2BD761DCAC474B9A2F5023A4";
const P521_Y = "00493101C962CD4D2FDDF782285E64584139C2F91B47F87FF82354D6630F746A28A0DB25741B5B34A828008B22ACC23F924FAAFBD4D33F81EA66956DFEAA2BFDFCF5";
const P521_SAMPLE = "00C328FAFCBD79DD77850370C46325D987CB525569FB63C5D3BC53950E6D4C5F174E25A1EE9017B5D450606ADD152B534931D7D4E8455CC91F9B15BF05EC36E377FA00617CCE7CF5064806C467F678D3B4080D6F1CC50AF26CA209417308281B68AF282623EAA63E5B5C0723D8B8C37FF0777B1A20F8CCB1DCCC43997F1EE0E44DA4A67A";
const P384_N = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973";

function p256Key(): EcPublicKey { return EcPublicKey.fromXY(Curve.P256, unhex(P256_X), unhex(P256_Y))!; }
function p384Key(): EcPublicKey { return EcPublicKey.fromXY(Curve.P384, unhex(P384_X), unhex(P384_Y))!; }

describe("ECDSA P-256 (ES256)", () => {
  it("verifies the RFC 6979 A.2.5 SHA-256 signatures", () => {
    const k = p256Key();
    expect(k.curve).toBe(Curve.P256);
    expect(ecdsaVerify(k, ascii("sample"), unhex(P256_SAMPLE))).toBe(true);
    expect(ecdsaVerify(k, ascii("test"), unhex(P256_TEST))).toBe(true);
  });
  it("rejects a signature over another message", () => {
    const k = p256Key();
    expect(ecdsaVerify(k, ascii("test"), unhex(P256_SAMPLE))).toBe(false);
    expect(ecdsaVerify(k, ascii("samplf"), unhex(P256_SAMPLE))).toBe(false);
  });
  it("rejects r or s of 0 or n, and signatures of the wrong length", () => {
    const k = p256Key();
    const sig = unhex(P256_SAMPLE);
    const r = sig.subarray(0, 32), s = sig.subarray(32, 64);
    const zero = new Uint8Array(32);
    const n = unhex(P256_N);
    expect(ecdsaVerify(k, ascii("sample"), concat(zero, s))).toBe(false);
    expect(ecdsaVerify(k, ascii("sample"), concat(r, zero))).toBe(false);
    expect(ecdsaVerify(k, ascii("sample"), concat(n, s))).toBe(false);
    expect(ecdsaVerify(k, ascii("sample"), concat(r, n))).toBe(false);
    expect(ecdsaVerify(k, ascii("sample"), sig.subarray(0, 63))).toBe(false);
    expect(ecdsaVerify(k, ascii("sample"), concat(sig, new Uint8Array(1)))).toBe(false);
    expect(ecdsaVerify(k, ascii("sample"), new Uint8Array(0))).toBe(false);
  });
  it("rejects public keys off the curve, out of range or of the wrong size", () => {
    const x = unhex(P256_X), y = unhex(P256_Y);
    const y1 = unhex(P256_Y);
    y1[31] ^= 1;
    expect(EcPublicKey.fromXY(Curve.P256, x, y1)).toBeNull();
    expect(EcPublicKey.fromXY(Curve.P256, new Uint8Array(32), new Uint8Array(32))).toBeNull();
    expect(EcPublicKey.fromXY(Curve.P256, unhex(P256_P), y)).toBeNull();
    expect(EcPublicKey.fromXY(Curve.P256, x.subarray(1), y)).toBeNull();
    expect(EcPublicKey.fromXY(Curve.P256, concat(new Uint8Array(1), x), concat(new Uint8Array(1), y))).toBeNull();
    expect(EcPublicKey.fromXY(Curve.P384, x, y)).toBeNull();
  });
  it("accepts y and p - y alike (both points are on the curve) but verifies only with the right one", () => {
    // p - y: the negated point. The RFC signature must fail with it.
    const p = unhex(P256_P), y = unhex(P256_Y);
    const ny = new Uint8Array(32);
    let borrow = 0;
    for (let i = 31; i >= 0; i--) {
      let d = <i32>p[i] - <i32>y[i] - borrow;
      borrow = d < 0 ? 1 : 0;
      ny[i] = <u8>(d & 0xff);
    }
    const neg = EcPublicKey.fromXY(Curve.P256, unhex(P256_X), ny);
    expect(neg).not.toBeNull();
    expect(ecdsaVerify(neg!, ascii("sample"), unhex(P256_SAMPLE))).toBe(false);
  });
});

describe("ECDSA P-384 (ES384)", () => {
  it("verifies the RFC 6979 A.2.6 SHA-384 signatures", () => {
    const k = p384Key();
    expect(k.curve).toBe(Curve.P384);
    expect(ecdsaVerify(k, ascii("sample"), unhex(P384_SAMPLE))).toBe(true);
    expect(ecdsaVerify(k, ascii("test"), unhex(P384_TEST))).toBe(true);
  });
  it("rejects a signature over another message, r or s out of range, and the P-256 length", () => {
    const k = p384Key();
    const sig = unhex(P384_SAMPLE);
    const r = sig.subarray(0, 48), s = sig.subarray(48, 96);
    expect(ecdsaVerify(k, ascii("test"), sig)).toBe(false);
    expect(ecdsaVerify(k, ascii("sample"), concat(new Uint8Array(48), s))).toBe(false);
    expect(ecdsaVerify(k, ascii("sample"), concat(r, unhex(P384_N)))).toBe(false);
    expect(ecdsaVerify(k, ascii("sample"), sig.subarray(0, 64))).toBe(false);
  });
  it("rejects a key off the curve", () => {
    const y = unhex(P384_Y);
    y[0] ^= 0x80;
    expect(EcPublicKey.fromXY(Curve.P384, unhex(P384_X), y)).toBeNull();
    expect(EcPublicKey.fromXY(Curve.P384, unhex(P384_X), unhex(P384_Y))).not.toBeNull();
  });
});

describe("ECDSA P-521 (ES512)", () => {
  it("verifies the RFC 6979 A.2.7 SHA-512 signature over \"sample\"", () => {
    const k = EcPublicKey.fromXY(Curve.P521, unhex(P521_X), unhex(P521_Y))!;
    expect(k.curve).toBe(Curve.P521);
    expect(ecdsaVerify(k, ascii("sample"), unhex(P521_SAMPLE))).toBe(true);
    expect(ecdsaVerify(k, ascii("test"), unhex(P521_SAMPLE))).toBe(false);
    const sig = unhex(P521_SAMPLE);
    sig[131] ^= 1;
    expect(ecdsaVerify(k, ascii("sample"), sig)).toBe(false);
  });
  it("rejects 65-byte coordinates and a point off the curve", () => {
    expect(EcPublicKey.fromXY(Curve.P521, unhex(P521_X).subarray(1), unhex(P521_Y).subarray(1))).toBeNull();
    const y = unhex(P521_Y);
    y[65] ^= 1;
    expect(EcPublicKey.fromXY(Curve.P521, unhex(P521_X), y)).toBeNull();
  });
});
