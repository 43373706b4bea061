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
    // In place: classes and case-fold orbits are built from thousands of small
    // additions at configuration time, mostly appends or already-present runes.
    let r = this.ranges;
    let n = r.length;
    if (n == 0 || lo > unchecked(r[n - 1]) + 1) {
      r.push(lo);
      r.push(hi);
      return this;
    }
    // i: first range that ends at or after lo - 1 (it overlaps, touches or follows [lo, hi])
    let i = 0;
    while (i < n && unchecked(r[i + 1]) + 1 < lo) i += 2;
    // [i, j): the ranges that overlap or touch [lo, hi]
    let j = i;
    let nlo = lo, nhi = hi;
    while (j < n && unchecked(r[j]) <= hi + 1) {
      if (unchecked(r[j]) < nlo) nlo = unchecked(r[j]);
      if (unchecked(r[j + 1]) > nhi) nhi = unchecked(r[j + 1]);
      j += 2;
    }
    if (j == i) {
      // no overlap: insert a pair at i
      r.push(0);
      r.push(0);
      for (let k = n - 1; k >= i; k--) unchecked(r[k + 2] = r[k]);
    } else if (j > i + 2) {
      // several ranges merge into one: close the gap
      let gap = j - i - 2;
      for (let k = j; k < n; k++) unchecked(r[k - gap] = r[k]);
      r.length = n - gap;
    }
    unchecked(r[i] = nlo);
    unchecked(r[i + 1] = nhi);
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
