// Media type of a Content-Type header value: "Application/JSON; charset=utf-8"
// -> "application/json". Parameters are dropped, surrounding whitespace
// trimmed, ASCII lowercased (RFC 9110 §8.3.1: type and subtype are case-insensitive).

export function mediaType(contentType: string): string {
  let end = contentType.indexOf(";");
  if (end < 0) end = contentType.length;
  let start = 0;
  while (start < end && isOws(contentType.charCodeAt(start))) start++;
  while (end > start && isOws(contentType.charCodeAt(end - 1))) end--;
  let out = contentType.substring(start, end);
  // ASCII lowercase only: a media type is a token.
  let needs = false;
  for (let i = 0; i < out.length; i++) { let c = out.charCodeAt(i); if (c >= 0x41 && c <= 0x5A) { needs = true; break; } }
  if (!needs) return out;
  let chars = new Array<i32>(out.length);
  for (let i = 0; i < out.length; i++) { let c = out.charCodeAt(i); chars[i] = c >= 0x41 && c <= 0x5A ? c + 0x20 : c; }
  return String.fromCharCodes(chars);
}

// The value of parameter `name` (case-insensitive) of a Content-Type, unquoted, or null.
export function mediaTypeParameter(contentType: string, name: string): string | null {
  let lname = name.toLowerCase();
  let i = contentType.indexOf(";");
  let n = contentType.length;
  while (i >= 0 && i < n) {
    i++;
    while (i < n && isOws(contentType.charCodeAt(i))) i++;
    let eq = i;
    while (eq < n && contentType.charCodeAt(eq) != 0x3D && contentType.charCodeAt(eq) != 0x3B) eq++;
    if (eq >= n || contentType.charCodeAt(eq) == 0x3B) { i = eq < n ? eq : -1; continue; }
    let pname = contentType.substring(i, eq).trimEnd().toLowerCase();
    let v = eq + 1;
    let value: string;
    let next: i32;
    if (v < n && contentType.charCodeAt(v) == 0x22) {
      // quoted-string with backslash escapes
      let parts = new Array<string>();
      let j = v + 1;
      let start = j;
      while (j < n && contentType.charCodeAt(j) != 0x22) {
        // Only \" and \\ are escapes (as in Go's mime package): old browsers send
        // Windows paths unescaped in filename="C:\dir\f.txt".
        let c = contentType.charCodeAt(j);
        if (c == 0x5C && j + 1 < n && (contentType.charCodeAt(j + 1) == 0x22 || contentType.charCodeAt(j + 1) == 0x5C)) {
          parts.push(contentType.substring(start, j)); j++; start = j;
        }
        j++;
      }
      parts.push(contentType.substring(start, j));
      value = parts.join("");
      next = contentType.indexOf(";", j);
    } else {
      next = contentType.indexOf(";", v);
      value = contentType.substring(v, next < 0 ? n : next).trim();
    }
    if (pname == lname) return value;
    i = next;
  }
  return null;
}

// @ts-ignore: decorator
@inline function isOws(c: i32): bool { return c == 0x20 || c == 0x09; }
