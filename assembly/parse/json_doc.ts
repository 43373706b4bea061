// A parsed JSON body: the body bytes, one row per item (kept in the Item
// objects' scalar fields) and one row per container (the path nodes), with
// the item strings decoded only when a reader asks for them.
//
// Why: building a string, a path node object and an item object per key and
// value made the items' allocations and GC write barriers cost more than
// parsing (about 45 µs for a 2 KB body). Here the parser stores numbers only:
// offsets into the body, lengths, flags and node indexes, into Item objects
// that belong to the document and are recycled with it (see the pool below).
// `Item.value`, `raw` and `name` decode from the bytes on first read. The
// parser validated every string (escapes, surrogates, UTF-8) and computed its
// flags and UTF-16 length, so what a reader gets is exactly what was checked,
// and the decoders below can assume well-formed input; they still never read
// outside the token and turn anything unexpected into U+FFFD.
//
// The body bytes are referenced, not copied: they must not change while the
// items are in use (the filter's body buffer is never written to).
import { Item, Source, ValueType } from "./items";
import { MAX_PATH_CHARS, segmentLength, writeKeySegment, writeIndexSegment, put, isIdentByte, isIdentStartByte } from "./json_path";
import { internAscii } from "./intern";
import { decodeUtf8, asciiString } from "../transform/utf8";
import { hex4 } from "../transform/hex";

// Item._kind / the key bits of a node row: what a string token needs to decode.
export const TOK_ESCAPED: u32 = 1;
export const TOK_NON_ASCII: u32 = 2;
// Key length words (Item._keyLen, node rows): the length in the low 30 bits,
// the token kind in the top two.
export const KEY_LEN_MASK: u32 = 0x3FFFFFFF;
export const KEY_KIND_SHIFT: u32 = 30;

// Node rows: parent, key start (-1: none), key length word, array index (-1:
// none), path length in characters (saturated at MAX_PATH_CHARS + 1), anchor
// (the first node on the way from the root whose path is over MAX_PATH_CHARS;
// -1 when this path is not).
const NODE_WORDS: i32 = 6;
const N_PARENT = 0, N_KEY = 1, N_KEYLEN = 2, N_INDEX = 3, N_LEN = 4, N_ANCHOR = 5;

// Item objects and node rows kept by a pooled document (the rest goes to the GC).
export const POOL_CAP: i32 = 8192;
const NODES_KEEP: i32 = 1024 * NODE_WORDS;
const DOC_POOL: i32 = 8;

export class JsonDoc {
  bytes: Uint8Array | null = null;
  base: usize = 0;
  // items[0, count) are this parse's items; items[0, allocated) exist.
  items: StaticArray<Item> = new StaticArray<Item>(16);
  allocated: i32 = 0;
  count: i32 = 0;
  nodes: StaticArray<i32> = new StaticArray<i32>(16 * NODE_WORDS);
  nodeCount: i32 = 0;
  // True from the parse until the document goes back to the pool.
  live: bool = false;

  // The next item of this parse (recycled when the document has one).
  // @ts-ignore: decorator
  @inline nextItem(): Item {
    let i = this.count;
    this.count = i + 1;
    if (i < this.allocated) return unchecked(this.items[i]);
    return this.newItem(i);
  }

  private newItem(i: i32): Item {
    let items = this.items;
    let cap = items.length;
    if (i >= cap) {
      let grown = new StaticArray<Item>(cap << 1);
      for (let k = 0; k < cap; k++) unchecked(grown[k] = items[k]);
      items = grown;
      this.items = grown;
    }
    let it = new Item(Source.Json, null, "", "");
    it.makeLazy(this);
    unchecked(items[i] = it);
    this.allocated = i + 1;
    return it;
  }

  // Adds a container's node; returns its index.
  addNode(parent: i32, keyStart: i32, keyLen: u32, index: i32): i32 {
    let i = this.nodeCount;
    let rows = this.nodes;
    let at = i * NODE_WORDS;
    if (at + NODE_WORDS > rows.length) {
      let grown = new StaticArray<i32>(rows.length << 1);
      memory.copy(changetype<usize>(grown), changetype<usize>(rows), <usize>rows.length << 2);
      rows = grown;
      this.nodes = grown;
    }
    let len = 1, anchor = -1;
    if (parent >= 0) {
      let pl = unchecked(rows[parent * NODE_WORDS + N_LEN]);
      let l = pl + this.segmentChars(keyStart, keyLen, index);
      len = l > MAX_PATH_CHARS ? MAX_PATH_CHARS + 1 : l;
      if (pl > MAX_PATH_CHARS) anchor = unchecked(rows[parent * NODE_WORDS + N_ANCHOR]);
      else if (l > MAX_PATH_CHARS) anchor = i;
    }
    unchecked(rows[at + N_PARENT] = parent);
    unchecked(rows[at + N_KEY] = keyStart);
    unchecked(rows[at + N_KEYLEN] = <i32>keyLen);
    unchecked(rows[at + N_INDEX] = index);
    unchecked(rows[at + N_LEN] = len);
    unchecked(rows[at + N_ANCHOR] = anchor);
    this.nodeCount = i + 1;
    return i;
  }

  nodeParent(n: i32): i32 { return unchecked(this.nodes[n * NODE_WORDS + N_PARENT]); }
  nodeKey(n: i32): i32 { return unchecked(this.nodes[n * NODE_WORDS + N_KEY]); }
  nodeKeyLen(n: i32): u32 { return <u32>unchecked(this.nodes[n * NODE_WORDS + N_KEYLEN]); }
  nodeIndex(n: i32): i32 { return unchecked(this.nodes[n * NODE_WORDS + N_INDEX]); }

  // Characters of one path segment (a lower bound when a key needs escaping).
  private segmentChars(keyStart: i32, keyLen: u32, index: i32): i32 {
    if (keyStart < 0) return segmentLength(null, index);
    let len = keyLen & KEY_LEN_MASK;
    if ((keyLen >> KEY_KIND_SHIFT) != 0) return segmentLength(this.keyString(keyStart, keyLen), -1);
    let p = this.base + <usize>keyStart;
    let ident = len > 0 && isIdentStartByte(<i32>load<u8>(p));
    for (let i: u32 = 1; ident && i < len; i++) ident = isIdentByte(<i32>load<u8>(p + i));
    return <i32>len + (ident ? 1 : 4);
  }

  // The decoded key at keyStart.
  keyString(keyStart: i32, keyLen: u32): string {
    return stringToken(this.base + <usize>keyStart, keyLen & KEY_LEN_MASK, keyLen >> KEY_KIND_SHIFT);
  }

  // The value of a JSON item, decoded from its token.
  valueOf(it: Item): string {
    let p = this.base + <usize>it._start;
    let len = it._len;
    let t = it.valueType;
    if (t == ValueType.Text) return stringToken(p, len, it._kind);
    if (t == ValueType.Number) return internAscii(p, len);
    if (t == ValueType.Boolean) return len == 4 ? "true" : "false";
    return "null";
  }

  // The token as written (escapes kept), for a string with escapes.
  rawOf(it: Item): string {
    let p = this.base + <usize>it._start;
    return (it._kind & TOK_NON_ASCII) != 0 ? decodeUtf8(p, it._len) : asciiString(p, it._len);
  }

  // The JSONPath of the value at (parent node, key or index), cut at `cap`
  // characters ("..." appended). Costs one walk of at most MAX_PATH_CHARS / 2
  // nodes (the anchor bounds it) and one string, whatever the depth.
  path(parent: i32, keyStart: i32, keyLen: u32, index: i32, cap: i32 = MAX_PATH_CHARS): string {
    if (parent < 0 && keyStart < 0 && index < 0) return "$";
    let rows = this.nodes;
    let n = parent;
    let cut = false;
    if (n >= 0 && unchecked(rows[n * NODE_WORDS + N_LEN]) > MAX_PATH_CHARS) {
      n = unchecked(rows[n * NODE_WORDS + N_ANCHOR]);
      cut = true;
    }
    let count = 0;
    let chain = chainBuf;
    while (n >= 0) {
      if (count == chain.length) {
        let grown = new StaticArray<i32>(count << 1);
        memory.copy(changetype<usize>(grown), changetype<usize>(chain), <usize>count << 2);
        chain = grown;
        chainBuf = grown;
      }
      unchecked(chain[count++] = n);
      n = unchecked(rows[n * NODE_WORDS + N_PARENT]);
    }
    // Room for cap characters plus one more (to detect the cut) and "...".
    // Held as a string so the collector sees it: decoding a key allocates.
    let held = changetype<string>(__new(<usize>(cap + 4) << 1, idof<String>()));
    let buf = changetype<usize>(held);
    let end = buf + (<usize>(cap + 1) << 1);
    let w = put(buf, end, 0x24);
    for (let i = count - 1; i >= 0 && w <= end; i--) {
      let at = unchecked(chain[i]) * NODE_WORDS;
      w = this.segment(w, end, unchecked(rows[at + N_KEY]), <u32>unchecked(rows[at + N_KEYLEN]), unchecked(rows[at + N_INDEX]));
    }
    if (!cut && w <= end) w = this.segment(w, end, keyStart, keyLen, index);
    let chars = <i32>((w - buf) >> 1);
    if (chars > cap) {
      let o = buf + (<usize>cap << 1);
      store<u16>(o, 0x2E); store<u16>(o, 0x2E, 2); store<u16>(o, 0x2E, 4);
      chars = cap + 3;
    }
    return changetype<string>(__renew(changetype<usize>(held), <usize>chars << 1));
  }

  private segment(w: usize, end: usize, keyStart: i32, keyLen: u32, index: i32): usize {
    if (keyStart < 0) return writeIndexSegment(w, end, index);
    if ((keyLen >> KEY_KIND_SHIFT) != 0) return writeKeySegment(w, end, this.keyString(keyStart, keyLen));
    // An ASCII key without escapes: straight from the bytes.
    let p = this.base + <usize>keyStart;
    let len = keyLen & KEY_LEN_MASK;
    let ident = len > 0 && isIdentStartByte(<i32>load<u8>(p));
    for (let i: u32 = 1; ident && i < len; i++) ident = isIdentByte(<i32>load<u8>(p + i));
    if (ident) {
      w = put(w, end, 0x2E);
      for (let i: u32 = 0; i < len && w <= end; i++) w = put(w, end, <i32>load<u8>(p + i));
      return w;
    }
    w = put(w, end, 0x5B); w = put(w, end, 0x27);
    for (let i: u32 = 0; i < len && w <= end; i++) {
      let c = <i32>load<u8>(p + i);
      if (c == 0x27) w = put(w, end, 0x5C); // (an unescaped ASCII key holds no backslash)
      w = put(w, end, c);
    }
    w = put(w, end, 0x27);
    return put(w, end, 0x5D);
  }
}

// Reused for every name: the node indexes from the start of the walk to the root.
let chainBuf = new StaticArray<i32>(64);

// The string of a string token (without quotes) of `kind` (TOK_* bits).
export function stringToken(p: usize, len: u32, kind: u32): string {
  if (kind == 0) return internAscii(p, len);
  if ((kind & TOK_ESCAPED) == 0) return decodeUtf8(p, len);
  return unescapeToken(p, len);
}

// Unescapes a validated string token straight to UTF-16 (each input byte
// yields at most one code unit: "\uXXXX" six bytes one unit, a 4-byte UTF-8
// sequence or an escaped surrogate pair two). Anything unexpected (the token
// was validated, so only if the body changed) becomes U+FFFD; reads never
// leave the token. No allocation happens between __new and __renew (a GC
// step could free the unrooted buffer).
function unescapeToken(src: usize, len: usize): string {
  let out = changetype<usize>(__new(len << 1, idof<String>()));
  let o = out;
  let p = src, end = src + len;
  while (p < end) {
    let c = <u32>load<u8>(p);
    if (c < 0x80 && c != 0x5C) { store<u16>(o, <u16>c); o += 2; p++; continue; }
    let u: u32 = 0xFFFD;
    if (c == 0x5C) {
      let e = p + 1 < end ? <u32>load<u8>(p + 1) : 0;
      p += 2;
      switch (e) {
        case 0x22: u = 0x22; break;
        case 0x5C: u = 0x5C; break;
        case 0x2F: u = 0x2F; break;
        case 0x62: u = 0x08; break;
        case 0x66: u = 0x0C; break;
        case 0x6E: u = 0x0A; break;
        case 0x72: u = 0x0D; break;
        case 0x74: u = 0x09; break;
        case 0x75: {
          let cp = p + 4 <= end ? hex4(p) : -1;
          if (cp < 0) break;
          p += 4;
          u = <u32>cp;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            let lo = p + 6 <= end && load<u8>(p) == 0x5C && load<u8>(p + 1) == 0x75 ? hex4(p + 2) : -1;
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
              store<u16>(o, <u16>cp); store<u16>(o, <u16>lo, 2);
              o += 4; p += 6;
              continue;
            }
            u = 0xFFFD;
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) u = 0xFFFD;
          break;
        }
      }
      store<u16>(o, <u16>u); o += 2;
      continue;
    }
    // One UTF-8 sequence (validated by the parser: shape checks only).
    let need: usize = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    let cp: u32 = need == 3 ? c & 0x07 : need == 2 ? c & 0x0F : c & 0x1F;
    let ok = need > 0 && p + need < end;
    for (let i: usize = 1; ok && i <= need; i++) {
      let b = <u32>load<u8>(p + i);
      if ((b & 0xC0) != 0x80) ok = false;
      cp = (cp << 6) | (b & 0x3F);
    }
    if (!ok || cp > 0x10FFFF) { store<u16>(o, 0xFFFD); o += 2; p++; continue; }
    p += need + 1;
    if (cp < 0x10000) { store<u16>(o, <u16>cp); o += 2; continue; }
    cp -= 0x10000;
    store<u16>(o, <u16>(0xD800 | (cp >> 10)));
    store<u16>(o, <u16>(0xDC00 | (cp & 0x3FF)), 2);
    o += 4;
  }
  return changetype<string>(__renew(out, o - out));
}

// ---- the document pool ----
//
// Documents come back with all their items through releaseItems() (the owner
// of the item list calls it when nothing reads those items any more: the
// filter when the stream is deleted). A pooled document holds no request data
// (no body, no decoded strings, no transformation caches) and at most POOL_CAP
// items over all pooled documents; everything past that goes to the GC.
const pool = new StaticArray<JsonDoc>(DOC_POOL);
let pooled: i32 = 0;
let pooledItems: i32 = 0;

export function takeDoc(body: Uint8Array): JsonDoc {
  let d: JsonDoc;
  let n = pooled;
  if (n > 0) {
    pooled = n - 1;
    d = unchecked(pool[n - 1]);
    unchecked(pool[n - 1] = changetype<JsonDoc>(0));
    pooledItems -= d.allocated;
  } else {
    d = new JsonDoc();
  }
  d.bytes = body;
  d.base = body.dataStart;
  d.count = 0;
  d.nodeCount = 0;
  d.live = true;
  return d;
}

// Clears a document's items and pools it (or leaves it to the GC).
export function releaseDoc(d: JsonDoc): void {
  if (!d.live) return;
  d.live = false;
  if (d.count > peakSinceTrim) peakSinceTrim = d.count;
  let items = d.items;
  for (let i = 0, n = d.count; i < n; i++) unchecked(items[i]).clearForPool();
  d.bytes = null;
  d.base = 0;
  d.count = 0;
  d.nodeCount = 0;
  if (d.nodes.length > NODES_KEEP) d.nodes = new StaticArray<i32>(16 * NODE_WORDS);
  if (pooled >= DOC_POOL) return;
  let room = POOL_CAP - pooledItems;
  if (room <= 0) return;
  if (d.allocated > room) keepItems(d, room);
  unchecked(pool[pooled++] = d);
  pooledItems += d.allocated;
}

// ---- trimming ----
//
// Every collection marks each pooled item (≈ 25 ns each: 0.1 ms for a full
// pool), and small requests collect once per hundred or so: after a burst of
// large documents a full pool would cost every later small request about a
// microsecond. So before each collection the pool keeps only what documents
// released since the previous one needed (at least TRIM_FLOOR items); items
// dropped then are swept by that collection. Steady large bodies keep the pool
// full: each of them needs it all.
const TRIM_FLOOR: i32 = 256;
let peakSinceTrim: i32 = 0;

export function trimPool(): void {
  let keep = max(TRIM_FLOOR, peakSinceTrim);
  peakSinceTrim = 0;
  if (pooledItems <= keep) return;
  // The first documents keep their items; the rest go.
  let total = 0;
  let n = pooled;
  for (let i = 0; i < n; i++) {
    let room = keep - total;
    if (room <= 0) {
      for (let k = i; k < n; k++) unchecked(pool[k] = changetype<JsonDoc>(0));
      pooled = i;
      break;
    }
    let d = unchecked(pool[i]);
    if (d.allocated > room) keepItems(d, room);
    total += d.allocated;
  }
  pooledItems = total;
}

// Keeps a pooled document's first `room` items; the rest are left to the GC.
function keepItems(d: JsonDoc, room: i32): void {
  let kept = new StaticArray<Item>(room);
  for (let k = 0; k < room; k++) unchecked(kept[k] = d.items[k]);
  d.items = kept;
  d.allocated = room;
}

// Item objects held by pooled documents (tests and benchmarks).
export function pooledItemCount(): i32 { return pooledItems; }
