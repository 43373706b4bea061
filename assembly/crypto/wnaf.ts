// Width-w non-adjacent form of a scalar, for the double-scalar multiplications of ECDSA
// and Ed25519 verification: every non-zero digit is odd, |d| < 2^(w-1), and any w
// consecutive digits hold at most one non-zero, so a w-window costs one addition per
// w+1 bits on average against a table of 2^(w-2) odd multiples.

/**
 * Writes the digits of the `limbs`-limb plain integer at `k` (least significant first)
 * as i8 to `out` (room for 32*limbs + 1 digits) and returns the digit count.
 * `work` is scratch of limbs + 1 limbs.
 */
export function wnaf(out: usize, k: usize, limbs: i32, w: i32, work: usize): i32 {
  let n = limbs + 1;
  memory.copy(work, k, <usize>limbs << 2);
  store<u32>(work + (<usize>limbs << 2), 0);
  let mask: u32 = (1 << w) - 1;
  let half: i32 = 1 << (w - 1);
  let top = limbs; // highest limb that may be non-zero
  let len = 0;
  while (true) {
    while (top >= 0 && load<u32>(work + (<usize>top << 2)) == 0) top--;
    if (top < 0) break;
    let low = load<u32>(work);
    let d: i32 = 0;
    if (low & 1) {
      d = <i32>(low & mask);
      if (d >= half) d -= 1 << w;
      if (d > 0) {
        store<u32>(work, low - <u32>d); // the low w bits equal d: no borrow
      } else {
        // Adding -d clears the low w bits and carries upward.
        let c: u64 = <u64>low + <u64>(-d);
        store<u32>(work, <u32>c);
        c >>= 32;
        for (let i = 1; c != 0 && i < n; i++) {
          let off = <usize>i << 2;
          c += <u64>load<u32>(work + off);
          store<u32>(work + off, <u32>c);
          c >>= 32;
          if (i > top) top = i;
        }
      }
    }
    store<i8>(out + <usize>len, <i8>d);
    len++;
    // work >>= 1
    for (let i = 0; i < top; i++) {
      let off = <usize>i << 2;
      store<u32>(work + off, (load<u32>(work + off) >>> 1) | (load<u32>(work + off + 4) << 31));
    }
    let offTop = <usize>top << 2;
    store<u32>(work + offTop, load<u32>(work + offTop) >>> 1);
  }
  return len;
}
