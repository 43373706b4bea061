// Sparse set over [0, capacity): O(1) insert, membership and clear, with
// insertion order kept in `dense`. Used for NFA thread lists.
export class SparseSet {
  dense: StaticArray<i32>;
  sparse: StaticArray<i32>;
  size: i32 = 0;

  constructor(capacity: i32) {
    this.dense = new StaticArray<i32>(capacity);
    this.sparse = new StaticArray<i32>(capacity);
  }

  @inline has(x: i32): bool {
    let s = unchecked(this.sparse[x]);
    return s < this.size && unchecked(this.dense[s]) == x;
  }

  @inline add(x: i32): void {
    if (this.has(x)) return;
    unchecked(this.dense[this.size] = x);
    unchecked(this.sparse[x] = this.size);
    this.size++;
  }

  @inline clear(): void {
    this.size = 0;
  }
}

/**
 * Membership over [0, capacity) without an element list: a stamp per element
 * and a generation, so clear() is O(1) and the memory half a SparseSet's.
 * For visited marks, which are tested and set but never enumerated.
 */
export class Marks {
  stamp: StaticArray<u32>;
  gen: u32 = 1;

  constructor(capacity: i32) {
    this.stamp = new StaticArray<u32>(capacity);
  }

  @inline has(x: i32): bool {
    return unchecked(this.stamp[x]) == this.gen;
  }

  @inline add(x: i32): void {
    unchecked(this.stamp[x] = this.gen);
  }

  clear(): void {
    let g = this.gen + 1;
    if (g == 0) {
      // after 2^32 - 1 generations a stale stamp could equal the new one
      this.stamp.fill(0);
      g = 1;
    }
    this.gen = g;
  }
}

/** Sorts a[from, to) ascending in place (heapsort: no allocation, O(n log n)). */
export function sortRange(a: StaticArray<i32>, from: i32, to: i32): void {
  let n = to - from;
  if (n < 2) return;
  if (n <= 24) {
    for (let i = from + 1; i < to; i++) {
      let v = a[i];
      let j = i - 1;
      while (j >= from && a[j] > v) { a[j + 1] = a[j]; j--; }
      a[j + 1] = v;
    }
    return;
  }
  for (let i = (n >> 1) - 1; i >= 0; i--) siftDown(a, from, i, n);
  for (let end = n - 1; end > 0; end--) {
    let t = a[from];
    a[from] = a[from + end];
    a[from + end] = t;
    siftDown(a, from, 0, end);
  }
}

function siftDown(a: StaticArray<i32>, base: i32, root: i32, n: i32): void {
  while (true) {
    let child = 2 * root + 1;
    if (child >= n) return;
    if (child + 1 < n && a[base + child + 1] > a[base + child]) child++;
    if (a[base + root] >= a[base + child]) return;
    let t = a[base + root];
    a[base + root] = a[base + child];
    a[base + child] = t;
    root = child;
  }
}
