// Case folding for matching: ASCII A-Z and Latin-1 À-Þ (except ×, U+00D7) to
// their lower-case forms. Deliberately not full Unicode case folding: the
// attack vocabulary (SQL keywords, tags, schemes) is ASCII, and a fixed,
// length-preserving mapping keeps this linear and allocation-free when there
// is nothing to fold.

// @ts-ignore: decorator
@inline function isUpper(c: u32): bool {
  return <u32>(c - 0x41) <= 25 || (<u32>(c - 0xC0) <= 0x1E && c != 0xD7);
}

export function lowercase(s: string): string {
  let n = s.length;
  let p = changetype<usize>(s);
  let i = 0;
  while (i < n && !isUpper(<u32>load<u16>(p + (<usize>i << 1)))) i++;
  if (i == n) return s;
  let out = changetype<usize>(__new(<usize>n << 1, idof<String>()));
  memory.copy(out, p, <usize>n << 1);
  for (; i < n; i++) {
    let c = <u32>load<u16>(out + (<usize>i << 1));
    if (isUpper(c)) store<u16>(out + (<usize>i << 1), <u16>(c + 0x20));
  }
  return changetype<string>(out);
}
