// Single-character search in strings. AssemblyScript's String#indexOf runs a
// substring comparison (a call) at every position, which showed up as the
// largest cost of path and query parsing; these scan code units directly.

// The index of the first `c` in s[from, to) (to defaults to the end), or -1.
export function indexOfChar(s: string, c: u32, from: i32 = 0, to: i32 = -1): i32 {
  let n = s.length;
  if (to < 0 || to > n) to = n;
  if (from < 0) from = 0;
  let base = changetype<usize>(s);
  for (let i = from; i < to; i++) {
    if (<u32>load<u16>(base + (<usize>i << 1)) == c) return i;
  }
  return -1;
}

// The code unit at i (the caller checked 0 <= i < s.length).
// @ts-ignore: decorator
@inline export function unitAt(s: string, i: i32): u32 {
  return <u32>load<u16>(changetype<usize>(s) + (<usize>i << 1));
}

// s[from, to) split at every `c` (as String#split, without its per-position
// substring comparison).
export function splitChar(s: string, c: u32, from: i32 = 0, to: i32 = -1): Array<string> {
  let n = s.length;
  if (to < 0 || to > n) to = n;
  let out = new Array<string>();
  let start = from;
  while (true) {
    let i = indexOfChar(s, c, start, to);
    if (i < 0) { out.push(s.substring(start, to)); return out; }
    out.push(s.substring(start, i));
    start = i + 1;
  }
}
