// Whitespace compression: every run of whitespace becomes one space. Attackers
// pad keywords with tabs, newlines, vertical tabs or no-break spaces ("union\t
// \x0bselect") to defeat patterns written with a single space; after this
// transformation a rule only needs " ". Whitespace here is SP, TAB, LF, VT,
// FF, CR and U+00A0 (what SQL engines and browsers skip between tokens).

// @ts-ignore: decorator
@inline function isSpace(c: u32): bool {
  return c == 0x20 || <u32>(c - 0x09) <= 4 || c == 0xA0;
}

export function compressWhitespace(s: string): string {
  let n = s.length;
  let p = changetype<usize>(s);
  // Nothing to do unless some whitespace is not a lone space.
  let needed = false;
  for (let i = 0; i < n; i++) {
    let c = <u32>load<u16>(p + (<usize>i << 1));
    if (isSpace(c) && (c != 0x20 || (i + 1 < n && isSpace(<u32>load<u16>(p + (<usize>(i + 1) << 1)))))) { needed = true; break; }
  }
  if (!needed) return s;
  let out = changetype<usize>(__new(<usize>n << 1, idof<String>()));
  let w: usize = 0;
  let inSpace = false;
  for (let i = 0; i < n; i++) {
    let c = <u32>load<u16>(p + (<usize>i << 1));
    if (isSpace(c)) {
      if (!inSpace) { store<u16>(out + w, 0x20); w += 2; inSpace = true; }
    } else {
      store<u16>(out + w, <u16>c); w += 2; inSpace = false;
    }
  }
  return changetype<string>(__renew(out, w));
}
