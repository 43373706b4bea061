// application/x-www-form-urlencoded, as the WHATWG URL standard parses it
// (and so URLSearchParams, browsers and most frameworks): pairs separated by
// '&', empty pairs skipped, name and value split at the first '=', a pair
// without '=' is a name with an empty value, '+' is a space, "%XX" is a byte,
// the bytes are UTF-8 (ill-formed sequences become U+FFFD and are flagged).
// Order and duplicates are kept; "a[]" and "a[b]" stay names as written.
// Also used for query strings (source Query).
//
// Stricter than WHATWG in one way: an invalid escape ('%' not followed by two
// hex digits, "%uXXXX" included) makes the body unreadable to us and to some
// backends alike, so it is a form_syntax error and the request is blocked
// rather than inspected under a guess. Parsing still runs to the end, so `out`
// holds every pair (invalid escapes kept as written, flagged InvalidPercent)
// for a LogOnly mode or for callers that tolerate them in query strings.
// Work and memory are linear in the body length.
import { Item, ParseError, Source, ItemFlag } from "./items";
import { percentDecodeBytes, lastPercentFlags } from "../transform/percent";
import { decodeUtf8, lastUtf8Flags } from "../transform/utf8";
import { internAscii } from "./intern";
import { JsonDoc, takeDoc, releaseDoc, TOK_ESCAPED, TOK_NON_ASCII } from "./json_doc";

// Kind of bytes in [p, end): bit 0 '%', bit 1 '+', bit 2 non-ASCII, bit 3 control.
// @ts-ignore: decorator
@inline function scan(p: usize, end: usize): u32 {
  let k: u32 = 0;
  while (p < end) {
    let b = <u32>load<u8>(p);
    if (b == 0x25) k |= 1;
    else if (b == 0x2B) k |= 2;
    else if (b >= 0x80) k |= 4;
    else if (b < 0x20 || b == 0x7F) k |= 8;
    p++;
  }
  return k;
}

// Raw text of a name or value: the bytes as UTF-8 (flags of that decoding in `rawFlags`).
let rawFlags: u32 = 0;
function rawText(p: usize, len: usize, kind: u32): string {
  if ((kind & 12) == 0) { rawFlags = 0; return internAscii(p, len); }
  let s = decodeUtf8(p, len);
  rawFlags = lastUtf8Flags();
  return s;
}

let decFlags: u32 = 0;
function decoded(p: usize, len: usize, kind: u32, raw: string): string {
  if ((kind & 3) == 0) { decFlags = rawFlags; return raw; }
  let s = percentDecodeBytes(p, len, true, false);
  decFlags = lastPercentFlags();
  return s;
}

// Parses `body` into `out` (appended). Items of a request body (source Post)
// are recycled Item objects of a body document (json_doc.ts; released with
// releaseItems), whose `raw` is decoded from the body on first read when it
// differs from `value`: `body` must not change while they are in use. Query
// items are plain allocations (nobody releases them).
export function parseForm(body: Uint8Array, source: Source, out: Array<Item>): ParseError | null {
  let base = body.dataStart;
  let n = <usize>body.length;
  let doc: JsonDoc | null = source == Source.Post ? takeDoc(body) : null;
  let err: ParseError | null = null;
  let start: usize = 0;
  let index = 0;
  while (start <= n) {
    // The end of this pair and its first '='.
    let end = start;
    let eq: usize = n + 1;
    while (end < n) {
      let b = load<u8>(base + end);
      if (b == 0x26) break;
      if (b == 0x3D && eq > n) eq = end;
      end++;
    }
    if (end > start) {
      let nameEnd = eq <= n ? eq : end;
      let np = base + start, nl = nameEnd - start;
      let nk = scan(np, np + nl);
      let rawName = rawText(np, nl, nk);
      let name = decoded(np, nl, nk, rawName);
      let flags = decFlags;
      let raw = "", value = "";
      let vp: usize = 0, vl: usize = 0, vk: u32 = 0;
      if (eq <= n) {
        vp = base + eq + 1; vl = end - eq - 1;
        vk = scan(vp, vp + vl);
        if ((vk & 3) == 0 || doc === null) {
          raw = rawText(vp, vl, vk);
          value = decoded(vp, vl, vk, raw);
        } else {
          // Decoding needed: the raw text stays in the body until read.
          value = percentDecodeBytes(vp, vl, true, false);
          decFlags = lastPercentFlags();
        }
        flags |= decFlags;
      }
      if (doc !== null) {
        let it = changetype<JsonDoc>(doc).nextItem();
        let lazy = (vk & 3) != 0;
        it.setParameter(source, name, rawName, value, lazy ? null : raw, <u32>(vp - base), <u32>vl,
          lazy ? (TOK_ESCAPED | ((vk & 4) != 0 ? TOK_NON_ASCII : 0)) : 0, flags);
      } else {
        let item = new Item(source, name, value, raw);
        item.rawName = rawName;
        item.flags = flags;
        out.push(item);
      }
      if ((flags & ItemFlag.InvalidPercent) != 0 && err === null) {
        err = new ParseError("form_syntax", "invalid percent-encoding", "parameter " + index.toString(), 0, 0, <i32>start);
      }
      index++;
    }
    start = end + 1;
  }
  if (doc !== null) {
    let d = changetype<JsonDoc>(doc);
    let count = d.count;
    if (count == 0) releaseDoc(d);
    else {
      let items = d.items;
      let at = out.length;
      out.length = at + count;
      for (let i = 0; i < count; i++) unchecked(out[at + i] = items[i]);
    }
  }
  return err;
}
