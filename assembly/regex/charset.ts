// A set of Unicode code points kept as sorted, non-overlapping, non-adjacent
// inclusive ranges [lo0, hi0, lo1, hi1, ...]. Classes are built at configuration
// time only, so clarity wins over speed here.

export const MAX_RUNE: i32 = 0x10ffff;

export class CharSet {
  ranges: Array<i32> = [];

  static of(lo: i32, hi: i32): CharSet {
    let s = new CharSet();
    s.addRange(lo, hi);
    return s;
  }

  addRange(lo: i32, hi: i32): CharSet {
    if (lo > hi) return this;
    if (this.containsRange(lo, hi)) return this;
    // Insert then merge: ranges stay short, a linear pass is fine.
    let r = this.ranges;
    let out: Array<i32> = [];
    let placed = false;
    for (let i = 0; i < r.length; i += 2) {
      let a = r[i], b = r[i + 1];
      if (!placed && lo < a) {
        pushMerged(out, lo, hi);
        placed = true;
      }
      pushMerged(out, a, b);
    }
    if (!placed) pushMerged(out, lo, hi);
    this.ranges = out;
    return this;
  }

  addSet(o: CharSet): CharSet {
    let r = o.ranges;
    for (let i = 0; i < r.length; i += 2) this.addRange(r[i], r[i + 1]);
    return this;
  }

  addChar(c: i32): CharSet {
    return this.addRange(c, c);
  }

  containsRange(lo: i32, hi: i32): bool {
    let r = this.ranges;
    for (let i = 0; i < r.length; i += 2) {
      if (lo < r[i]) return false;
      if (lo <= r[i + 1]) return hi <= r[i + 1];
    }
    return false;
  }

  contains(c: i32): bool {
    let r = this.ranges;
    for (let i = 0; i < r.length; i += 2) {
      if (c < r[i]) return false;
      if (c <= r[i + 1]) return true;
    }
    return false;
  }

  /** Complement within [0, MAX_RUNE]. */
  negate(): CharSet {
    let r = this.ranges;
    let out: Array<i32> = [];
    let next = 0;
    for (let i = 0; i < r.length; i += 2) {
      if (r[i] > next) {
        out.push(next);
        out.push(r[i] - 1);
      }
      next = r[i + 1] + 1;
    }
    if (next <= MAX_RUNE) {
      out.push(next);
      out.push(MAX_RUNE);
    }
    this.ranges = out;
    return this;
  }

  isEmpty(): bool {
    return this.ranges.length == 0;
  }

  /** True when every code point >= 0x80 (surrogates aside) is in the set. */
  coversNonAscii(): bool {
    let r = this.ranges;
    let need = 0x80;
    for (let i = 0; i < r.length; i += 2) {
      if (r[i + 1] < need) continue;
      if (r[i] > need) {
        // a gap is acceptable only if it lies inside the surrogate block
        if (need >= 0xd800 && r[i] <= 0xe000) { need = r[i + 1] + 1; continue; }
        return false;
      }
      need = r[i + 1] + 1;
    }
    return need > MAX_RUNE;
  }

  clone(): CharSet {
    let s = new CharSet();
    s.ranges = this.ranges.slice(0);
    return s;
  }
}

function pushMerged(out: Array<i32>, lo: i32, hi: i32): void {
  let n = out.length;
  if (n > 0 && lo <= out[n - 1] + 1) {
    if (hi > out[n - 1]) out[n - 1] = hi;
    return;
  }
  out.push(lo);
  out.push(hi);
}
