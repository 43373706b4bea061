// multipart/form-data (RFC 7578 over RFC 2046): each part's headers become
// MultipartHeader items, a field becomes a Post item (name from
// Content-Disposition, value = the part body read as UTF-8), a file becomes a
// MultipartFile item (name = field name, value = the file name; the contents
// are not parsed and are flagged NotInspected). Every item's `index` is its
// part number (0-based).
//
// Errors (the request is blocked, not passed uninspected):
//  - multipart_boundary: boundary empty, over 70 characters or with characters
//    RFC 2046 does not allow, or never found in the body;
//  - multipart_syntax: a delimiter line not ended by CRLF, a header line
//    without ':', headers or a part without the closing delimiter, a part
//    without Content-Disposition, a disposition other than form-data or
//    without a name;
//  - multipart_nested: a part whose Content-Type is multipart/* (the old
//    multipart/mixed way to send several files, deprecated by RFC 7578 §4.3).
//    We parse one level only, and an unparsed nested body could hide fields
//    from inspection, so it is refused rather than reported and passed.
// The preamble and epilogue are ignored, as backends ignore them. Lines end in
// CRLF (bare LF is not a delimiter line ending for the backends we model).
// The delimiter search is linear (bounded by the 70-byte boundary).
import { Item, ParseError, Source, ItemFlag } from "./items";
import { mediaType, mediaTypeParameter } from "./media_type";
import { decodeUtf8, lastUtf8Flags } from "../transform/utf8";
import { percentDecode } from "../transform/percent";

// @ts-ignore: decorator
@inline function isBchar(c: i32): bool {
  // DIGIT / ALPHA / "'" / "(" / ")" / "+" / "_" / "," / "-" / "." / "/" / ":" / "=" / "?" / " "
  if (<u32>(c - 0x30) <= 9 || <u32>((c | 0x20) - 0x61) <= 25) return true;
  return c == 0x27 || c == 0x28 || c == 0x29 || c == 0x2B || c == 0x5F || c == 0x2C || c == 0x2D
    || c == 0x2E || c == 0x2F || c == 0x3A || c == 0x3D || c == 0x3F || c == 0x20;
}

function validBoundary(b: string): bool {
  let n = b.length;
  if (n < 1 || n > 70 || b.charCodeAt(n - 1) == 0x20) return false;
  for (let i = 0; i < n; i++) if (!isBchar(b.charCodeAt(i))) return false;
  return true;
}

// The boundary of a multipart Content-Type, or null when the type is not
// multipart or the boundary is missing, empty or invalid.
export function multipartBoundary(contentType: string): string | null {
  if (!mediaType(contentType).startsWith("multipart/")) return null;
  let b = mediaTypeParameter(contentType, "boundary");
  if (b === null || !validBoundary(b)) return null;
  return b;
}

// @ts-ignore: decorator
@inline function matchAt(base: usize, n: usize, p: usize, d: usize, dl: usize): bool {
  if (p + dl > n) return false;
  return memory.compare(base + p, d, dl) == 0;
}

// Position of the next CRLF + delimiter at or after `from`, or -1.
function findDelimiter(base: usize, n: usize, from: usize, d: usize, dl: usize): isize {
  let p = from;
  while (p + 2 + dl <= n) {
    if (load<u8>(base + p) == 0x0D && load<u8>(base + p + 1) == 0x0A && matchAt(base, n, p + 2, d, dl)) return <isize>p;
    p++;
  }
  return -1;
}

function syntax(msg: string, part: i32, offset: usize): ParseError {
  return new ParseError("multipart_syntax", msg, part >= 0 ? "part " + part.toString() : "", 0, 0, <i32>offset);
}

// RFC 5987 ext-value (charset'lang'pct-encoded), as sent in filename*.
function extValue(v: string): string {
  let a = v.indexOf("'");
  let b = a >= 0 ? v.indexOf("'", a + 1) : -1;
  if (b < 0) return v;
  return percentDecode(v.substring(b + 1), false);
}

export function parseMultipart(body: Uint8Array, boundary: string, out: Array<Item>): ParseError | null {
  if (!validBoundary(boundary)) return new ParseError("multipart_boundary", "missing or invalid boundary");
  let base = body.dataStart;
  let n = <usize>body.length;
  let delim = String.UTF8.encode("--" + boundary);
  let d = changetype<usize>(delim);
  let dl = <usize>delim.byteLength;

  // The first delimiter: at the very start, or after the preamble's CRLF.
  let at: isize = matchAt(base, n, 0, d, dl) ? 0 : findDelimiter(base, n, 0, d, dl);
  if (at < 0) return new ParseError("multipart_boundary", "boundary not found in body");
  let p = <usize>at + (at == 0 && matchAt(base, n, 0, d, dl) ? 0 : 2) + dl;
  let part = 0;
  while (true) {
    // After a delimiter: "--" closes; else optional padding, then CRLF.
    if (p + 2 <= n && load<u8>(base + p) == 0x2D && load<u8>(base + p + 1) == 0x2D) return null;
    while (p < n && (load<u8>(base + p) == 0x20 || load<u8>(base + p) == 0x09)) p++;
    if (!(p + 2 <= n && load<u8>(base + p) == 0x0D && load<u8>(base + p + 1) == 0x0A)) {
      return syntax(p >= n ? "missing closing delimiter" : "delimiter line not ended by CRLF", part, p);
    }
    p += 2;
    let next = findDelimiter(base, n, p, d, dl);
    if (next < 0) return syntax("missing closing delimiter", part, p);
    let partEnd = <usize>next;

    // Headers: lines up to an empty line, folded lines joined.
    let names = new Array<string>();
    let values = new Array<string>();
    let bodyStart: usize = 0;
    let q = p;
    while (true) {
      // Find the end of this line within the part.
      let e = q;
      while (e + 1 < partEnd && !(load<u8>(base + e) == 0x0D && load<u8>(base + e + 1) == 0x0A)) e++;
      if (e + 1 >= partEnd) {
        // No blank line: the part ends inside its headers (only valid for an
        // empty header block directly followed by the delimiter's CRLF).
        if (q == partEnd) { bodyStart = partEnd; break; }
        return syntax("part headers not terminated", part, q);
      }
      if (e == q) { bodyStart = e + 2; break; }
      let line = decodeUtf8(base + q, e - q);
      let c0 = line.charCodeAt(0);
      if ((c0 == 0x20 || c0 == 0x09) && values.length > 0) {
        let last = values.length - 1;
        values[last] = values[last] + " " + line.trim();
      } else {
        let colon = line.indexOf(":");
        if (colon <= 0) return syntax("header line without ':'", part, q);
        names.push(line.substring(0, colon).trim().toLowerCase());
        values.push(line.substring(colon + 1).trim());
      }
      q = e + 2;
    }

    let disposition: string | null = null;
    let partType: string | null = null;
    for (let i = 0; i < names.length; i++) {
      let h = new Item(Source.MultipartHeader, names[i], values[i], values[i]);
      h.index = part;
      out.push(h);
      if (names[i] == "content-disposition" && disposition === null) disposition = values[i];
      else if (names[i] == "content-type" && partType === null) partType = values[i];
    }
    if (disposition === null) return syntax("part without Content-Disposition", part, p);
    if (mediaType(disposition) != "form-data") return syntax("Content-Disposition is not form-data", part, p);
    let name = mediaTypeParameter(disposition, "name");
    if (name === null) return syntax("Content-Disposition without a name", part, p);
    if (partType !== null && mediaType(partType).startsWith("multipart/")) {
      return new ParseError("multipart_nested", "nested multipart part", "part " + part.toString(), 0, 0, <i32>p);
    }
    let filename = mediaTypeParameter(disposition, "filename*");
    if (filename !== null) filename = extValue(filename);
    else filename = mediaTypeParameter(disposition, "filename");

    let item: Item;
    if (filename !== null) {
      item = new Item(Source.MultipartFile, name, filename, filename);
      item.flags = ItemFlag.NotInspected;
    } else {
      let v = decodeUtf8(base + bodyStart, partEnd > bodyStart ? partEnd - bodyStart : 0);
      item = new Item(Source.Post, name, v, v);
      item.flags = lastUtf8Flags();
    }
    item.rawName = name;
    item.index = part;
    out.push(item);

    part++;
    p = partEnd + 2 + dl;
  }
}
