// A per-VM pool of Item objects, so a request's body items reuse the objects
// of requests that ended instead of allocating (with the incremental GC an
// allocation, its later sweep and the collector steps it triggers cost more
// than filling an item).
//
// Ownership: items are handed out by the parsers (Item.json) and come back
// only through releaseItems(), which the owner of the item list calls when
// nothing can read those items any more (the filter: when the stream context
// is deleted; see filter/stream.ts). Several streams are in flight at once on
// one VM, so a pool "reset per request" would hand a live request's items to
// another one; explicit release cannot.
//
// Memory stays bounded: at most POOL_CAP items are kept (the rest are left to
// the GC), and a pooled item holds no strings or paths (reset on release).
import { Item } from "./items";

export const POOL_CAP: i32 = 4096;

const pool = new StaticArray<Item>(POOL_CAP);
let count: i32 = 0;

// A recycled item (cleared: see Item.clearForPool), or null when the pool is empty.
export function takePooled(): Item | null {
  let n = count;
  if (n == 0) return null;
  count = n - 1;
  let it = unchecked(pool[n - 1]);
  // The pool must not keep an item (and its strings) alive once it is handed out.
  unchecked(pool[n - 1] = changetype<Item>(0));
  return it;
}

// Returns the items of `items` to the pool (up to POOL_CAP in the pool) and
// empties the list. The caller guarantees no one reads these items any more.
export function releaseItems(items: Array<Item>): void {
  let n = items.length;
  let c = count;
  for (let i = 0; i < n && c < POOL_CAP; i++) {
    let it = unchecked(items[i]);
    it.clearForPool();
    unchecked(pool[c++] = it);
  }
  count = c;
  items.length = 0;
}

// Items currently pooled (tests and benchmarks).
export function pooledCount(): i32 { return count; }
