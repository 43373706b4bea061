// The character-class signature of a value: one bit per class of character it
// holds. Detectors and rule groups declare which signatures can never produce
// a finding (a value of letters and digits cannot hold a tag, a quote or a
// shell operator), so the deny-rule stage skips them for such values without
// running them. Every printable ASCII punctuation character has a class of its
// own because those are what the detectors key on; letters, digits and the
// rest share a few classes.
export namespace Cls {
  // Bits 0..31: the 32 printable ASCII punctuation characters, in code order
  // (! " # $ % & ' ( ) * + , - . / : ; < = > ? @ [ \ ] ^ _ ` { | } ~).
  export const Digit: u64 = 1 << 32;
  export const Lower: u64 = 1 << 33;
  export const Upper: u64 = 1 << 34;
  export const Space: u64 = 1 << 35;
  // TAB, LF, VT, FF, CR.
  export const LineSpace: u64 = 1 << 36;
  export const Nul: u64 = 1 << 37;
  // Other C0 controls and DEL.
  export const Control: u64 = 1 << 38;
  // Any UTF-16 code unit >= 0x80.
  export const NonAscii: u64 = 1 << 39;
  export const All: u64 = (<u64>1 << 40) - 1;
  export const Letter: u64 = Lower | Upper;
}

// Class bit index per ASCII code.
const INDEX: StaticArray<u8> = buildIndex();

function buildIndex(): StaticArray<u8> {
  let t = new StaticArray<u8>(128);
  let p: u8 = 0;
  for (let c = 0; c < 128; c++) {
    let k: u8;
    if (c >= 0x30 && c <= 0x39) k = 32;
    else if (c >= 0x61 && c <= 0x7a) k = 33;
    else if (c >= 0x41 && c <= 0x5a) k = 34;
    else if (c == 0x20) k = 35;
    else if (c >= 0x09 && c <= 0x0d) k = 36;
    else if (c == 0) k = 37;
    else if (c < 0x20 || c == 0x7f) k = 38;
    else k = p++;
    t[c] = k;
  }
  return t;
}

// The class bit of one UTF-16 code unit.
// @ts-ignore: decorator
@inline export function classOf(c: u32): u64 {
  return c < 128 ? <u64>1 << unchecked(INDEX[c]) : Cls.NonAscii;
}

// The class bit of a printable ASCII punctuation character, for declaring
// signatures: punct("<") | punct("'").
export function punct(chars: string): u64 {
  let m: u64 = 0;
  for (let i = 0; i < chars.length; i++) m |= classOf(<u32>chars.charCodeAt(i));
  return m;
}

// The signature of `s`.
export function classesOf(s: string): u64 {
  let m: u64 = 0;
  let p = changetype<usize>(s);
  let end = p + (<usize>s.length << 1);
  while (p < end) {
    m |= classOf(<u32>load<u16>(p));
    p += 2;
  }
  return m;
}

// Does some byte of the class set `sig` fall in UTF-8 byte `b`'s class? Used to
// turn a signature back into the byte alphabet an automaton may see.
export function byteInClasses(sig: u64, b: i32): bool {
  if (b >= 0x80) return (sig & Cls.NonAscii) != 0;
  return (sig & (<u64>1 << unchecked(INDEX[b]))) != 0;
}
