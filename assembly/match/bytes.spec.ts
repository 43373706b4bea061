import { asciiLower, bytesEqual, bytesContain, kmpTable, isAscii } from "./bytes";

function buf(s: string): ArrayBuffer { return String.UTF8.encode(s); }

describe("byte helpers", () => {
  it("fold ASCII only", () => {
    expect(asciiLower(0x41)).toBe(0x61);
    expect(asciiLower(0x5b)).toBe(0x5b);
    expect(asciiLower(0xc9)).toBe(0xc9);
    expect(isAscii("abc")).toBe(true);
    expect(isAscii("é")).toBe(false);
  });
  it("compare with and without case", () => {
    let a = buf("HeLLo"), b = buf("hello");
    expect(bytesEqual(changetype<usize>(a), changetype<usize>(b), 5, true)).toBe(true);
    expect(bytesEqual(changetype<usize>(a), changetype<usize>(b), 5, false)).toBe(false);
  });
  it("builds KMP borders", () => {
    let n = buf("abab");
    let f = kmpTable(changetype<usize>(n), 4);
    expect(f[0]).toBe(0);
    expect(f[1]).toBe(0);
    expect(f[2]).toBe(1);
    expect(f[3]).toBe(2);
  });
  it("searches with KMP", () => {
    let n = buf("abab");
    let f = kmpTable(changetype<usize>(n), 4);
    let h1 = buf("abaabab"), h2 = buf("abaab");
    expect(bytesContain(changetype<usize>(h1), 7, changetype<usize>(n), 4, f, false)).toBe(true);
    expect(bytesContain(changetype<usize>(h2), 5, changetype<usize>(n), 4, f, false)).toBe(false);
  });
});
