// Wasm entry for the parsers' Node tests (tests/parse) and benchmark
// (bench/parsing.js): input goes into a scratch buffer, results come back
// serialised in a result buffer. Not part of the filter.
//
// Result format (little-endian u32 words, strings as u32 length + UTF-16 units
// so lone surrogates survive): u32 status (0 ok, 1 error); if error: subtype,
// message, location, f64 limit, f64 observed; then u32 item count and per item:
// source, flags, isKey, valueType, index, valueLength, name, value, raw, rawName, field, argument.
import { Item, ParseError, Source } from "./items";
import { parseForm } from "./form";
import { parseJson, JsonLimits } from "./json";
import { parseMultipart, multipartBoundary } from "./multipart";
import { parseGraphQL, GraphQLLimits } from "./graphql";
import { mediaType } from "./media_type";
import { normalizePath } from "../transform/path";
import { Transformed } from "../transform/cache";
import { releaseItems } from "./item_pool";
import { indexOfChar } from "../transform/chars";

let input = new ArrayBuffer(1024);
let result = new ArrayBuffer(1024);
let rlen: usize = 0;

export function scratch(len: i32): usize {
  if (input.byteLength < len) input = new ArrayBuffer(len);
  return changetype<usize>(input);
}
export function resultPtr(): usize { return changetype<usize>(result); }
export function resultLen(): i32 { return <i32>rlen; }

function reserve(extra: usize): void {
  let need = rlen + extra;
  let cap = <usize>result.byteLength;
  if (need <= cap) return;
  while (cap < need) cap <<= 1;
  let b = new ArrayBuffer(<i32>cap);
  memory.copy(changetype<usize>(b), changetype<usize>(result), rlen);
  result = b;
}
function u32w(v: u32): void { reserve(4); store<u32>(changetype<usize>(result) + rlen, v); rlen += 4; }
function f64w(v: f64): void { reserve(8); store<f64>(changetype<usize>(result) + rlen, v); rlen += 8; }
function strw(s: string): void {
  let bytes = <usize>s.length << 1;
  u32w(<u32>s.length);
  reserve(bytes);
  memory.copy(changetype<usize>(result) + rlen, changetype<usize>(s), bytes);
  rlen += bytes;
}

function write(err: ParseError | null, items: Array<Item>): i32 {
  rlen = 0;
  u32w(err !== null ? 1 : 0);
  if (err !== null) {
    strw(err.subtype); strw(err.message); strw(err.location);
    f64w(<f64>err.limit); f64w(<f64>err.observed);
  }
  u32w(<u32>items.length);
  for (let i = 0; i < items.length; i++) {
    let it = unchecked(items[i]);
    u32w(<u32>it.source); u32w(it.flags); u32w(it.isKey ? 1 : 0); u32w(<u32>it.valueType); u32w(<u32>it.index);
    // Before any string is read: for JSON items, the length the parser computed.
    u32w(<u32>it.valueLength);
    strw(it.name); strw(it.value); strw(it.raw); strw(it.rawName); strw(it.field); strw(it.argument);
  }
  return err !== null ? 1 : 0;
}

function body(len: i32): Uint8Array { return Uint8Array.wrap(input, 0, len); }
function text(off: i32, len: i32): string { return String.UTF8.decodeUnsafe(changetype<usize>(input) + <usize>off, <usize>len); }

export function form(len: i32, source: i32): i32 {
  let out = new Array<Item>();
  return write(parseForm(body(len), <Source>source, out), out);
}

export function json(len: i32, depth: i32, keys: i32, elements: i32): i32 {
  let l = new JsonLimits();
  l.nestingDepth = depth; l.keyCount = keys; l.elementCount = elements;
  let out = new Array<Item>();
  return write(parseJson(body(len), l, out), out);
}

// Body in scratch[0, len), Content-Type in scratch[len, len + ctLen). Returns 2 when the
// Content-Type has no usable boundary.
export function multipart(len: i32, ctLen: i32): i32 {
  let b = multipartBoundary(text(len, ctLen));
  let out = new Array<Item>();
  if (b === null) { write(new ParseError("multipart_boundary", "no boundary"), out); return 2; }
  return write(parseMultipart(body(len), b, out), out);
}

export function graphql(len: i32, depth: i32): i32 {
  let l = new GraphQLLimits();
  l.nestingDepth = depth;
  let out = new Array<Item>();
  return write(parseGraphQL(text(0, len), l, out), out);
}

// Serialises the path as items: first name=decoded, value=normalized, flags;
// then one PathSegment item per segment (value = the segment).
export function path(len: i32): i32 {
  let p = normalizePath(text(0, len));
  let it = new Item(Source.Path, p.decoded, p.normalized, "");
  it.flags = p.flags;
  let out = new Array<Item>();
  out.push(it);
  for (let i = 0; i < p.segments.length; i++) {
    let seg = new Item(Source.PathSegment, "", p.segments[i], "");
    seg.index = i;
    out.push(seg);
  }
  return write(null, out);
}

export function transform(len: i32, mask: u32): i32 {
  let t = new Transformed(text(0, len));
  let v = t.get(mask);
  let it = new Item(Source.Header, "", v, "");
  it.flags = t.flags;
  let out = new Array<Item>();
  out.push(it);
  return write(null, out);
}

export function media(len: i32): i32 {
  let out = new Array<Item>();
  out.push(new Item(Source.Header, "", mediaType(text(0, len)), ""));
  return write(null, out);
}

// ---- benchmark loops: parse `iterations` times, return the item count of the last run ----

// A GET: path + query in scratch[0, len): normalise the path, parse the query.
export function benchGet(len: i32, iterations: i32): i32 {
  let raw = text(0, len);
  let count = 0;
  for (let i = 0; i < iterations; i++) {
    let q = indexOfChar(raw, 0x3F);
    let p = normalizePath(raw);
    let out = new Array<Item>();
    if (q >= 0) {
      let qs = String.UTF8.encode(raw.substring(q + 1));
      parseForm(Uint8Array.wrap(qs), Source.Query, out);
    }
    count = out.length + p.segments.length;
  }
  return count;
}

export function benchForm(len: i32, iterations: i32): i32 {
  let count = 0;
  for (let i = 0; i < iterations; i++) {
    let out = new Array<Item>();
    let err = parseForm(body(len), Source.Post, out);
    count = err !== null ? -1 : out.length;
    // As the filter does when the stream ends.
    releaseItems(out);
  }
  return count;
}

export function benchJson(len: i32, iterations: i32): i32 {
  let l = new JsonLimits();
  let count = 0;
  for (let i = 0; i < iterations; i++) {
    let out = new Array<Item>();
    let err = parseJson(body(len), l, out);
    count = err !== null ? -1 : out.length;
    // As the filter does when the stream ends.
    releaseItems(out);
  }
  return count;
}

// Parse, then read every item's value (what a rule pass over all items
// costs on top of parsing, now that values are decoded on first read).
export function benchJsonRead(len: i32, iterations: i32): i32 {
  let l = new JsonLimits();
  let chars = 0;
  for (let i = 0; i < iterations; i++) {
    let out = new Array<Item>();
    let err = parseJson(body(len), l, out);
    chars = err !== null ? -1 : 0;
    for (let k = 0, n = out.length; k < n; k++) chars += unchecked(out[k]).value.length;
    releaseItems(out);
  }
  return chars;
}

export function collect(): void { __collect(); }
