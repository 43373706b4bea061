// Simple case folding for (?i): ASCII, Latin-1, Latin Extended-A, Latin
// Extended Additional, Greek, Cyrillic, Armenian and fullwidth Latin, plus the
// few code points whose fold orbit has three members (K/k/KELVIN SIGN,
// S/s/LONG S, Å/å/ANGSTROM SIGN, µ/Μ/μ, Σ/σ/ς, ß/ẞ). Other scripts match
// case-sensitively (documented in docs/regex.md).
import { CharSet } from "./charset";

// Upper-case ranges mapped to lower case by a constant offset:
// [lo, hi, delta] (delta added to an upper-case code point).
const OFFSET_RANGES: StaticArray<i32> = [
  0x41, 0x5a, 32,
  0xc0, 0xd6, 32,
  0xd8, 0xde, 32,
  0x386, 0x386, 38,
  0x388, 0x38a, 37,
  0x38c, 0x38c, 64,
  0x38e, 0x38f, 63,
  0x391, 0x3a1, 32,
  0x3a3, 0x3ab, 32,
  0x400, 0x40f, 80,
  0x410, 0x42f, 32,
  0x531, 0x556, 48,
  0xff21, 0xff3a, 32,
];

// Ranges where upper and lower case alternate: [lo, hi, parity of the upper-case member].
const ALTERNATING: StaticArray<i32> = [
  0x100, 0x12f, 0,
  0x132, 0x137, 0,
  0x139, 0x148, 1,
  0x14a, 0x177, 0,
  0x179, 0x17e, 1,
  0x460, 0x481, 0,
  0x48a, 0x4bf, 0,
  0x1e00, 0x1e95, 0,
  0x1ea0, 0x1eff, 0,
];

// Three-member orbits (and oddities) that the two tables above cannot express.
const ORBITS: StaticArray<i32> = [
  0x4b, 0x6b, 0x212a, // K k KELVIN SIGN
  0x53, 0x73, 0x17f, // S s LONG S
  0xc5, 0xe5, 0x212b, // Å å ANGSTROM SIGN
  0xb5, 0x39c, 0x3bc, // µ Μ μ
  0x3a3, 0x3c3, 0x3c2, // Σ σ ς
  0xdf, 0x1e9e, 0x1e9e, // ß ẞ
  0xff, 0x178, 0x178, // ÿ Ÿ
];

/** Highest code point that has any fold partner in these tables. */
export const FOLD_MAX: i32 = 0xff5a;

function lowerOf(c: i32): i32 {
  for (let i = 0; i < OFFSET_RANGES.length; i += 3) {
    if (c >= OFFSET_RANGES[i] && c <= OFFSET_RANGES[i + 1]) return c + OFFSET_RANGES[i + 2];
  }
  for (let i = 0; i < ALTERNATING.length; i += 3) {
    if (c >= ALTERNATING[i] && c <= ALTERNATING[i + 1] && (c & 1) == ALTERNATING[i + 2]) return c + 1;
  }
  return c;
}

function upperOf(c: i32): i32 {
  for (let i = 0; i < OFFSET_RANGES.length; i += 3) {
    let d = OFFSET_RANGES[i + 2];
    if (c >= OFFSET_RANGES[i] + d && c <= OFFSET_RANGES[i + 1] + d) return c - d;
  }
  for (let i = 0; i < ALTERNATING.length; i += 3) {
    if (c > ALTERNATING[i] && c <= ALTERNATING[i + 1] && (c & 1) != ALTERNATING[i + 2]) return c - 1;
  }
  return c;
}

/** Adds every case variant of `c` (including `c`) to `out`. */
export function addFoldOrbit(c: i32, out: CharSet): void {
  out.addChar(c);
  if (c > FOLD_MAX && c != 0x212a && c != 0x212b && c != 0x1e9e) return;
  let lo = lowerOf(c);
  let up = upperOf(c);
  out.addChar(lo);
  out.addChar(up);
  out.addChar(upperOf(lo));
  out.addChar(lowerOf(up));
  for (let i = 0; i < ORBITS.length; i += 3) {
    let a = ORBITS[i], b = ORBITS[i + 1], d = ORBITS[i + 2];
    if (c == a || c == b || c == d || lo == a || lo == b || lo == d) {
      out.addChar(a);
      out.addChar(b);
      out.addChar(d);
    }
  }
}

// The code points that have any fold partner: the upper- and lower-case sides
// of OFFSET_RANGES, the ALTERNATING ranges and the ORBITS members, as [lo, hi]
// pairs (unsorted, may overlap). Every other code point folds to itself only.
let foldable: StaticArray<i32> | null = null;

function foldableRanges(): StaticArray<i32> {
  let f = foldable;
  if (f !== null) return f;
  let n = (OFFSET_RANGES.length / 3) * 4 + (ALTERNATING.length / 3) * 2 + ORBITS.length * 2;
  let out = new StaticArray<i32>(n);
  let w = 0;
  for (let i = 0; i < OFFSET_RANGES.length; i += 3) {
    let lo = OFFSET_RANGES[i], hi = OFFSET_RANGES[i + 1], d = OFFSET_RANGES[i + 2];
    out[w++] = lo; out[w++] = hi;
    out[w++] = lo + d; out[w++] = hi + d;
  }
  for (let i = 0; i < ALTERNATING.length; i += 3) { out[w++] = ALTERNATING[i]; out[w++] = ALTERNATING[i + 1]; }
  for (let i = 0; i < ORBITS.length; i++) { out[w++] = ORBITS[i]; out[w++] = ORBITS[i]; }
  foldable = out;
  return out;
}

/** Closes a set under case folding (used for classes under (?i)). */
export function foldSet(s: CharSet): CharSet {
  let out = s.clone();
  let r = s.ranges;
  // Only code points with a fold partner can add anything: visiting just
  // those keeps (?i)[^<] from walking the 65,000 code points below FOLD_MAX.
  let f = foldableRanges();
  for (let i = 0; i < r.length; i += 2) {
    let lo = r[i];
    let hi = r[i + 1];
    for (let k = 0; k < f.length; k += 2) {
      let a = max(lo, unchecked(f[k]));
      let b = min(hi, unchecked(f[k + 1]));
      for (let c = a; c <= b; c++) addFoldOrbit(c, out);
    }
  }
  return out;
}
