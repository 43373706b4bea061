// Perl (\d \s \w) and POSIX ([:alpha:]) classes, ASCII-only as in RE2.
import { CharSet } from "./charset";

export function perlClass(letter: i32): CharSet | null {
  let s = new CharSet();
  switch (letter) {
    case 0x64: // d
      s.addRange(0x30, 0x39);
      return s;
    case 0x73: // s: RE2's \s is [\t\n\f\r ] (no \v)
      s.addRange(0x09, 0x0a);
      s.addRange(0x0c, 0x0d);
      s.addChar(0x20);
      return s;
    case 0x77: // w
      s.addRange(0x30, 0x39);
      s.addRange(0x41, 0x5a);
      s.addChar(0x5f);
      s.addRange(0x61, 0x7a);
      return s;
  }
  return null;
}

/** True when `b` is an ASCII word byte, the definition used by \b and \B. */
export function isWordByte(b: i32): bool {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b == 0x5f;
}

export function posixClass(name: string): CharSet | null {
  let s = new CharSet();
  if (name == "alnum") { s.addRange(0x30, 0x39); s.addRange(0x41, 0x5a); s.addRange(0x61, 0x7a); }
  else if (name == "alpha") { s.addRange(0x41, 0x5a); s.addRange(0x61, 0x7a); }
  else if (name == "ascii") { s.addRange(0x00, 0x7f); }
  else if (name == "blank") { s.addChar(0x09); s.addChar(0x20); }
  else if (name == "cntrl") { s.addRange(0x00, 0x1f); s.addChar(0x7f); }
  else if (name == "digit") { s.addRange(0x30, 0x39); }
  else if (name == "graph") { s.addRange(0x21, 0x7e); }
  else if (name == "lower") { s.addRange(0x61, 0x7a); }
  else if (name == "print") { s.addRange(0x20, 0x7e); }
  else if (name == "punct") { s.addRange(0x21, 0x2f); s.addRange(0x3a, 0x40); s.addRange(0x5b, 0x60); s.addRange(0x7b, 0x7e); }
  else if (name == "space") { s.addRange(0x09, 0x0d); s.addChar(0x20); }
  else if (name == "upper") { s.addRange(0x41, 0x5a); }
  else if (name == "word") { s.addRange(0x30, 0x39); s.addRange(0x41, 0x5a); s.addRange(0x61, 0x7a); s.addChar(0x5f); }
  else if (name == "xdigit") { s.addRange(0x30, 0x39); s.addRange(0x41, 0x46); s.addRange(0x61, 0x66); }
  else return null;
  return s;
}
