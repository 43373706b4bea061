import { HeaderPair, decodePairs, decodePairsBuffer, encodePairs, findPair } from "./pairs";

// Builds a wire-format map by hand, independent of encodePairs.
function wire(keys: Array<string>, values: Array<string>): ArrayBuffer {
  let n = keys.length;
  let size = 4 + n * 8;
  for (let i = 0; i < n; i++) size += String.UTF8.byteLength(keys[i]) + String.UTF8.byteLength(values[i]) + 2;
  let buf = new ArrayBuffer(size);
  let view = new DataView(buf);
  view.setUint32(0, n, true);
  let off = 4 + n * 8;
  let bytes = Uint8Array.wrap(buf);
  for (let i = 0; i < n; i++) {
    let k = Uint8Array.wrap(String.UTF8.encode(keys[i]));
    let v = Uint8Array.wrap(String.UTF8.encode(values[i]));
    view.setUint32(4 + i * 8, k.length, true);
    view.setUint32(8 + i * 8, v.length, true);
    bytes.set(k, off); off += k.length; bytes[off++] = 0;
    bytes.set(v, off); off += v.length; bytes[off++] = 0;
  }
  return buf;
}

describe("header map wire format", () => {
  it("decodes pairs in order, with duplicates and empty values", () => {
    let pairs = decodePairsBuffer(wire([":path", "cookie", "cookie", "x-empty"], ["/a?b=1", "a=1", "b=2", ""]))!;
    expect(pairs.length).toBe(4);
    expect(pairs[0].name).toBe(":path");
    expect(pairs[0].value).toBe("/a?b=1");
    expect(pairs[2].value).toBe("b=2");
    expect(pairs[3].name).toBe("x-empty");
    expect(pairs[3].value).toBe("");
  });

  it("hands out the same string objects for repeated ASCII names and values up to 128 bytes", () => {
    // The deny scan's and the header checks' identity caches rely on it.
    let ua = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
    let long = "z".repeat(129);
    let a = decodePairsBuffer(wire(["user-agent", "x-long", "x-utf8"], [ua, long, "caf\u00e9"]))!;
    let b = decodePairsBuffer(wire(["user-agent", "x-long", "x-utf8"], [ua, long, "caf\u00e9"]))!;
    expect(changetype<usize>(a[0].name)).toBe(changetype<usize>(b[0].name));
    expect(changetype<usize>(a[0].value)).toBe(changetype<usize>(b[0].value));
    expect(b[0].value).toBe(ua);
    expect(b[1].value).toBe(long);
    expect(b[2].value).toBe("caf\u00e9");
  });

  it("decodes an empty map (size 0) and a zero-count map", () => {
    expect(decodePairs(0, 0)!.length).toBe(0);
    expect(decodePairsBuffer(wire([], []))!.length).toBe(0);
  });

  it("decodes UTF-8 values and replaces invalid bytes with U+FFFD", () => {
    let buf = wire(["x-name"], ["caf\u00e9"]);
    expect(decodePairsBuffer(buf)![0].value).toBe("café");
    // Overwrite the two bytes of "é" with an overlong encoding of '/' (C0 AF).
    let bytes = Uint8Array.wrap(buf);
    bytes[4 + 8 + 7 + 3] = 0xC0;
    bytes[4 + 8 + 7 + 4] = 0xAF;
    expect(decodePairsBuffer(buf)![0].value).toBe("caf\uFFFD\uFFFD");
  });

  it("rejects truncated or inconsistent maps instead of reading past the end", () => {
    let good = wire(["a"], ["b"]);
    // Truncated by one byte (missing final NUL).
    expect(decodePairsBuffer(good.slice(0, good.byteLength - 1))).toBeNull();
    // A count larger than the buffer can hold.
    let big = good.slice(0);
    new DataView(big).setUint32(0, 0xFFFFFFFF, true);
    expect(decodePairsBuffer(big)).toBeNull();
    // A value length that overruns (and would wrap around in 32 bits).
    let wrap = good.slice(0);
    new DataView(wrap).setUint32(8, 0xFFFFFFFF, true);
    expect(decodePairsBuffer(wrap)).toBeNull();
    // A missing NUL terminator after the key.
    let nonul = good.slice(0);
    Uint8Array.wrap(nonul)[4 + 8 + 1] = 0x41;
    expect(decodePairsBuffer(nonul)).toBeNull();
    // Fewer than 4 bytes.
    expect(decodePairsBuffer(new ArrayBuffer(3))).toBeNull();
  });

  it("round-trips through encodePairs byte for byte", () => {
    let pairs = [new HeaderPair("content-type", "text/plain"), new HeaderPair("x-ü", "ö"), new HeaderPair("e", "")];
    let encoded = encodePairs(pairs);
    let expected = wire(["content-type", "x-ü", "e"], ["text/plain", "ö", ""]);
    expect(encoded.byteLength).toBe(expected.byteLength);
    let a = Uint8Array.wrap(encoded), b = Uint8Array.wrap(expected);
    let same = true;
    for (let i = 0; i < a.length; i++) if (a[i] != b[i]) same = false;
    expect(same).toBe(true);
    let back = decodePairsBuffer(encoded)!;
    expect(back[1].name).toBe("x-ü");
    expect(back[1].value).toBe("ö");
  });

  it("finds the first value of a name", () => {
    let pairs = [new HeaderPair("a", "1"), new HeaderPair("b", "2"), new HeaderPair("a", "3")];
    expect(findPair(pairs, "a")).toBe("1");
    expect(findPair(pairs, "c")).toBeNull();
  });
});
