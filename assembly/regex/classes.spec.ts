import { perlClass, posixClass, isWordByte } from "./classes";

describe("Perl and POSIX classes", () => {
  it("are ASCII", () => {
    expect(perlClass(0x77)!.contains(0x5f)).toBe(true);
    expect(perlClass(0x73)!.contains(0x0b)).toBe(false);
    expect(posixClass("alnum")!.contains(0x41)).toBe(true);
    expect(posixClass("bogus")).toBeNull();
    expect(isWordByte(0x5f)).toBe(true);
    expect(isWordByte(0x2d)).toBe(false);
  });
});
