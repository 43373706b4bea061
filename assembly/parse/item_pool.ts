// Returning a request's items for reuse.
//
// JSON items belong to a parsed document (json_doc.ts) and are recycled with
// it: a later parse refills the same Item objects instead of allocating (with
// the incremental GC an allocation, its later sweep and the collector steps it
// triggers cost more than filling an item).
//
// Ownership: items come back only through releaseItems(), which the owner of
// the item list calls when nothing can read those items any more (the filter:
// when the stream context is deleted; see filter/stream.ts). Several streams
// are in flight at once on one VM, so a pool "reset per request" would hand a
// live request's items to another one; explicit release cannot.
//
// Memory stays bounded: pooled documents hold at most POOL_CAP items in all
// (the rest are left to the GC), and a pooled item holds no strings or body.
// Items of the other parsers are plain allocations, left to the GC.
import { Item } from "./items";
import { JsonDoc, releaseDoc, pooledItemCount, POOL_CAP as CAP } from "./json_doc";

export const POOL_CAP: i32 = CAP;

// Releases the documents of the items in `items` (each document with all its
// items) and empties the list. The caller guarantees no one reads these items
// (nor other items of their documents) any more.
export function releaseItems(items: Array<Item>): void {
  let last: usize = 0;
  for (let i = 0, n = items.length; i < n; i++) {
    let d = changetype<usize>(unchecked(items[i])._doc);
    if (d == 0 || d == last) continue;
    last = d;
    releaseDoc(changetype<JsonDoc>(d));
  }
  items.length = 0;
}

// Item objects currently pooled (tests and benchmarks).
export function pooledCount(): i32 { return pooledItemCount(); }
