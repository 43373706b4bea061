import { decodeUtf8, lastUtf8Flags, validateUtf8, isAscii, asciiString, writeUtf8 } from "./utf8";
import { ItemFlag } from "./flags";

function bytes(a: u8[]): usize {
  let b = new ArrayBuffer(a.length);
  for (let i = 0; i < a.length; i++) store<u8>(changetype<usize>(b) + <usize>i, a[i]);
  return changetype<usize>(b);
}
function dec(a: u8[]): string { return decodeUtf8(bytes(a), <usize>a.length); }

describe("utf8", () => {
  it("decodes well-formed 1- to 4-byte sequences without flags", () => {
    expect(dec([0x61, 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80])).toBe("aé€😀");
    expect(lastUtf8Flags()).toBe(0);
  });

  it("replaces each maximal bad subpart with one U+FFFD (WHATWG)", () => {
    expect(dec([0xE2, 0x82, 0x41])).toBe("\uFFFDA");      // truncated 3-byte sequence
    expect(dec([0xF0, 0x9F, 0x98])).toBe("\uFFFD");       // truncated at the end
    expect(dec([0x80, 0xBF])).toBe("\uFFFD\uFFFD");       // stray continuation bytes
    expect(dec([0xED, 0xA0, 0x80])).toBe("\uFFFD\uFFFD\uFFFD"); // encoded surrogate
    expect(dec([0xF4, 0x90, 0x80, 0x80])).toBe("\uFFFD\uFFFD\uFFFD\uFFFD"); // above U+10FFFF
    expect(lastUtf8Flags() & ItemFlag.InvalidUtf8).toBe(ItemFlag.InvalidUtf8);
  });

  it("flags overlong forms and never decodes them to what they disguise", () => {
    expect(dec([0xC0, 0xAF])).toBe("\uFFFD\uFFFD");
    expect(lastUtf8Flags() & ItemFlag.OverlongUtf8).toBe(ItemFlag.OverlongUtf8);
    expect(dec([0xE0, 0x80, 0xAF])).toBe("\uFFFD\uFFFD\uFFFD");
    expect(lastUtf8Flags() & ItemFlag.OverlongUtf8).toBe(ItemFlag.OverlongUtf8);
    expect(dec([0xF0, 0x80, 0x80, 0xAF])).not.toBe("/");
    expect(lastUtf8Flags() & ItemFlag.OverlongUtf8).toBe(ItemFlag.OverlongUtf8);
    // E0 A0 80 is the smallest valid 3-byte form: not overlong.
    expect(dec([0xE0, 0xA0, 0x80])).toBe("\u0800");
    expect(lastUtf8Flags()).toBe(0);
  });

  it("flags NUL and control characters but not TAB/CR/LF", () => {
    expect(dec([0x61, 0x00, 0x62]).length).toBe(3);
    expect(lastUtf8Flags() & ItemFlag.HasNul).toBe(ItemFlag.HasNul);
    expect(validateUtf8(bytes([0x09, 0x0A, 0x0D]), 3)).toBe(0);
    expect(validateUtf8(bytes([0x1B]), 1)).toBe(ItemFlag.ControlChar);
  });

  it("ascii helpers", () => {
    expect(isAscii(bytes([0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69]), 9)).toBe(true);
    expect(isAscii(bytes([0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0xC3]), 9)).toBe(false);
    expect(asciiString(bytes([0x68, 0x69]), 2)).toBe("hi");
    let b = bytes([0, 0, 0, 0]);
    expect(<i32>writeUtf8(b, 0x1F600)).toBe(4);
    expect(decodeUtf8(b, 4)).toBe("😀");
  });

  it("flags NUL and control characters anywhere in long ASCII runs (the 8-byte path)", () => {
    for (let at = 0; at < 24; at++) {
      let a = new Array<u8>();
      for (let i = 0; i < 24; i++) a.push(<u8>(0x20 + i * 3));
      a[at] = 0x00;
      let s = dec(a);
      expect(lastUtf8Flags()).toBe(ItemFlag.HasNul | ItemFlag.ControlChar);
      expect(s.charCodeAt(at)).toBe(0);
      a[at] = 0x7F;
      dec(a);
      expect(lastUtf8Flags()).toBe(ItemFlag.ControlChar);
      a[at] = 0x09;
      expect(dec(a).charCodeAt(at)).toBe(0x09);
      expect(lastUtf8Flags()).toBe(0);
      a[at] = 0xC3; // a lead byte followed by ASCII: ill-formed
      expect(dec(a).charCodeAt(at)).toBe(0xFFFD);
      expect(lastUtf8Flags()).toBe(ItemFlag.InvalidUtf8);
    }
  });
});

