// Path normalisation: the path the way a backend resolves it, so that a rule
// on "/admin" also sees "/x/..;/admin", "//admin", "\admin" or "/%61dmin".
//
// Steps, in order, and why:
//  1. Query and fragment are cut off ('?' and '#' end the path).
//  2. `decoded`: "%XX" percent-decoding (not '+': in a path it is a plus; not
//     "%uXXXX": standard backends leave it, and it is flagged InvalidPercent).
//     Invalid or overlong UTF-8 becomes U+FFFD and is flagged. A value that
//     still holds a valid escape after decoding is flagged DoubleEncoded.
//  3. Backslashes become slashes: IIS, Windows file APIs and several Java
//     containers treat '\' as a separator.
//  4. Each segment loses its ";" path parameters ("/a;jsessionid=1/b",
//     "..;" -> ".."): Tomcat, Jetty and Spring strip them before resolving.
//  5. Empty segments are merged ("//" -> "/"), as most servers and frameworks do.
//  6. Dot segments are removed per RFC 3986 §5.2.4 ("." dropped, ".." removes
//     the previous segment, never above the root).
// Encoded slashes ("%2F") are separators after step 2. Backends differ here
// (many keep "%2F" inside a segment); reading them as separators is the
// stricter view for inspection, and EncodedSlash says it happened.
// `normalized` always starts with '/' and keeps a trailing slash. `segments`
// are the normalised segments without separators; the index of a segment in
// that array is its PathSegment index.
import { ItemFlag } from "./flags";
import { percentDecode, lastPercentFlags } from "./percent";
import { hexValue } from "./hex";
import { indexOfChar, unitAt, splitChar } from "./chars";

export class NormalizedPath {
  constructor(
    // The path before '?', percent-decoded.
    public decoded: string,
    // The normalised path (steps 3-6 applied to `decoded`).
    public normalized: string,
    public segments: Array<string>,
    // ItemFlag bits: decoding anomalies and the path-only bits (DotSegment, ...).
    public flags: u32,
  ) {}
}

function hasEscape(s: string): bool {
  let n = s.length;
  let i = indexOfChar(s, 0x25);
  while (i >= 0 && i + 2 < n) {
    if (hexValue(<i32>unitAt(s, i + 1)) >= 0 && hexValue(<i32>unitAt(s, i + 2)) >= 0) return true;
    i = indexOfChar(s, 0x25, i + 1);
  }
  return false;
}

// Raw flags for escapes that become separators: "%2F" and "%5C".
function encodedSeparatorFlags(raw: string): u32 {
  let flags: u32 = 0;
  let i = indexOfChar(raw, 0x25);
  let n = raw.length;
  while (i >= 0 && i + 2 < n) {
    let hi = unitAt(raw, i + 1), lo = unitAt(raw, i + 2) | 0x20;
    if (hi == 0x32 && lo == 0x66) flags |= ItemFlag.EncodedSlash;
    if (hi == 0x35 && lo == 0x63) flags |= ItemFlag.Backslash;
    i = indexOfChar(raw, 0x25, i + 1);
  }
  return flags;
}

// True when `s` starts with '/' and has no empty, "." or ".." segment and no ';'.
function isClean(s: string): bool {
  let n = s.length;
  if (n == 0 || unitAt(s, 0) != 0x2F) return false;
  let segStart = 1;
  for (let i = 1; i <= n; i++) {
    let c = i < n ? unitAt(s, i) : 0x2F;
    if (c == 0x3B) return false;
    if (c != 0x2F) continue;
    let len = i - segStart;
    // An empty segment is only allowed as the trailing slash.
    if (len == 0 && i < n) return false;
    if (len == 1 && unitAt(s, segStart) == 0x2E) return false;
    if (len == 2 && unitAt(s, segStart) == 0x2E && unitAt(s, segStart + 1) == 0x2E) return false;
    segStart = i + 1;
  }
  return true;
}

export function normalizePath(rawPath: string): NormalizedPath {
  let cut = rawPath.length;
  let q = indexOfChar(rawPath, 0x3F);
  if (q >= 0) cut = q;
  let h = indexOfChar(rawPath, 0x23, 0, cut);
  if (h >= 0 && h < cut) cut = h;
  let raw = cut < rawPath.length ? rawPath.substring(0, cut) : rawPath;

  let decoded = percentDecode(raw, false);
  let flags = lastPercentFlags() | encodedSeparatorFlags(raw);
  if (changetype<usize>(decoded) != changetype<usize>(raw) && hasEscape(decoded)) flags |= ItemFlag.DoubleEncoded;

  let s = decoded;
  if (indexOfChar(s, 0x5C) >= 0) { s = s.replaceAll("\\", "/"); flags |= ItemFlag.Backslash; }
  if (s == "*") return new NormalizedPath(decoded, s, [], flags); // OPTIONS * HTTP/1.1

  if (isClean(s)) {
    // Nothing to resolve (the common case): the segments are the path split.
    let segs = s.length > 1 ? splitChar(s, 0x2F, 1, unitAt(s, s.length - 1) == 0x2F ? s.length - 1 : s.length) : new Array<string>();
    return new NormalizedPath(decoded, s, segs, flags);
  }

  let parts = s.split("/");
  let out = new Array<string>();
  let trailing = false;
  // A path that does not start with '/' is read as if it did.
  let first = s.length > 0 && s.charCodeAt(0) == 0x2F ? 1 : 0;
  let last = parts.length - 1;
  for (let i = first; i <= last; i++) {
    let seg = unchecked(parts[i]);
    let semi = indexOfChar(seg, 0x3B);
    if (semi >= 0) { seg = seg.substring(0, semi); flags |= ItemFlag.PathParameter; }
    trailing = false;
    if (seg.length == 0) {
      if (i < last) flags |= ItemFlag.RepeatedSlash;
      if (i == last) trailing = true;
      continue;
    }
    if (seg == ".") { flags |= ItemFlag.DotSegment; trailing = true; continue; }
    if (seg == "..") { flags |= ItemFlag.DotSegment; if (out.length > 0) out.pop(); trailing = true; continue; }
    out.push(seg);
  }
  let normalized = "/" + out.join("/");
  if (trailing && out.length > 0) normalized += "/";
  return new NormalizedPath(decoded, normalized, out, flags);
}
