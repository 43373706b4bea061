import { decodeUtf8Buffer, lastDecodeHadInvalidUtf8 } from "./utf8";

function bytes(values: Array<u8>): ArrayBuffer {
  let buf = new ArrayBuffer(values.length);
  for (let i = 0; i < values.length; i++) store<u8>(changetype<usize>(buf) + i, values[i]);
  return buf;
}

describe("strict UTF-8 decoding", () => {
  it("decodes ASCII, 2-, 3- and 4-byte sequences", () => {
    expect(decodeUtf8Buffer(String.UTF8.encode("a/é€😀"))).toBe("a/é€😀");
    expect(lastDecodeHadInvalidUtf8()).toBe(false);
  });

  it("rejects overlong encodings (C0 AF is not '/')", () => {
    expect(decodeUtf8Buffer(bytes([0x61, 0xC0, 0xAF]))).toBe("a\uFFFD\uFFFD");
    expect(lastDecodeHadInvalidUtf8()).toBe(true);
    expect(decodeUtf8Buffer(bytes([0xE0, 0x80, 0xAF]))).toBe("\uFFFD\uFFFD\uFFFD");
  });

  it("rejects surrogates, values above U+10FFFF and truncated sequences", () => {
    expect(decodeUtf8Buffer(bytes([0xED, 0xA0, 0x80]))).toBe("\uFFFD\uFFFD\uFFFD");
    expect(decodeUtf8Buffer(bytes([0xF4, 0x90, 0x80, 0x80]))).toBe("\uFFFD\uFFFD\uFFFD\uFFFD");
    // A truncated sequence is one maximal subpart: one U+FFFD (WHATWG, as TextDecoder).
    expect(decodeUtf8Buffer(bytes([0x41, 0xE2, 0x82]))).toBe("A\uFFFD");
    expect(decodeUtf8Buffer(bytes([0xF0, 0x9F, 0x98, 0x41]))).toBe("\uFFFDA");
    expect(decodeUtf8Buffer(bytes([0x80]))).toBe("\uFFFD");
  });

  it("resets the invalid flag on the next clean decode", () => {
    decodeUtf8Buffer(bytes([0xFF]));
    expect(lastDecodeHadInvalidUtf8()).toBe(true);
    decodeUtf8Buffer(bytes([0x41]));
    expect(lastDecodeHadInvalidUtf8()).toBe(false);
  });

  it("decodes long ASCII runs with control characters and non-ASCII in any position", () => {
    for (let at = 0; at < 20; at++) {
      let a = new Array<u8>();
      for (let i = 0; i < 20; i++) a.push(<u8>(0x61 + i));
      a[at] = 0x7F;
      expect(decodeUtf8Buffer(bytes(a)).charCodeAt(at)).toBe(0x7F);
      a[at] = 0x01;
      expect(decodeUtf8Buffer(bytes(a)).charCodeAt(at)).toBe(0x01);
      a[at] = 0xFF;
      let s = decodeUtf8Buffer(bytes(a));
      expect(lastDecodeHadInvalidUtf8()).toBe(true);
      expect(s.length).toBe(20);
      expect(s.charCodeAt(at)).toBe(0xFFFD);
      expect(s.charCodeAt(19)).toBe(at == 19 ? 0xFFFD : 0x61 + 19);
    }
  });
});
