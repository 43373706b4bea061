import { encodePropertyPath, encodeDottedPath, decodeInt64, decodeBool } from "./property_codec";

describe("property paths and values", () => {
  it("joins path segments with NUL", () => {
    let path = encodePropertyPath(["source", "address"]);
    expect(path.byteLength).toBe(14);
    expect(load<u8>(changetype<usize>(path) + 6)).toBe(0);
    expect(String.UTF8.decode(path.slice(0, 6))).toBe("source");
    expect(String.UTF8.decode(path.slice(7))).toBe("address");
    expect(String.UTF8.decode(encodeDottedPath("xds.route_name"))).toBe("xds\0route_name");
  });

  it("decodes int64 little-endian and bools, with a fallback for wrong sizes", () => {
    let v = new ArrayBuffer(8);
    store<i64>(changetype<usize>(v), -42);
    expect(decodeInt64(v, 7)).toBe(-42);
    expect(decodeInt64(new ArrayBuffer(4), 7)).toBe(7);
    let t = new ArrayBuffer(1);
    store<u8>(changetype<usize>(t), 1);
    expect(decodeBool(t, false)).toBe(true);
    expect(decodeBool(new ArrayBuffer(1), true)).toBe(false);
    expect(decodeBool(new ArrayBuffer(0), true)).toBe(true);
  });
});
