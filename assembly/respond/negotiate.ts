// Picks the block page format from the request's Accept header (RFC 9110 §12.5.1):
// the highest q-value among JSON, HTML and plain text wins; on a tie the more
// specific range wins, then the order text, JSON, HTML. No Accept header, or
// nothing acceptable, gives plain text (a block must always answer something).
// Linear in the header length.

export const enum BodyFormat { Text = 0, Json = 1, Html = 2 }

const FORMATS: i32 = 3;

// Scratch: best q (0..1000) and specificity per format for the header being read.
const bestQ = new StaticArray<i32>(FORMATS);
const bestSpec = new StaticArray<i32>(FORMATS);

// The last header answered: header values are interned (sdk/pairs.ts), so a
// client's Accept is the same string object block after block. The entry holds
// the string, so its address cannot be reused while it is remembered.
let lastAccept: string | null = null;
let lastFormat: BodyFormat = BodyFormat.Text;

export function negotiate(accept: string | null): BodyFormat {
  if (accept === null || accept.length == 0) return BodyFormat.Text;
  if (changetype<usize>(accept) == changetype<usize>(lastAccept)) return lastFormat;
  let f = negotiateOnce(accept);
  lastAccept = accept;
  lastFormat = f;
  return f;
}

function negotiateOnce(accept: string): BodyFormat {
  for (let i = 0; i < FORMATS; i++) { bestQ[i] = -1; bestSpec[i] = -1; }
  let s: string = accept;
  let n = s.length;
  let i = 0;
  while (i < n) {
    let end = s.indexOf(",", i);
    if (end < 0) end = n;
    rangeInto(s, i, end);
    i = end + 1;
  }
  let best = BodyFormat.Text;
  let q = bestQ[0];
  let spec = bestSpec[0];
  // Equal q: the range the client named more precisely wins ("application/json, */*"
  // asks for JSON); then the earlier format: text, JSON, HTML.
  for (let f = 1; f < FORMATS; f++) {
    if (bestQ[f] > q || (bestQ[f] == q && bestSpec[f] > spec)) { q = bestQ[f]; spec = bestSpec[f]; best = <BodyFormat>f; }
  }
  return q > 0 ? best : BodyFormat.Text;
}

// One media range "type/subtype;q=0.5" in s[start, end).
function rangeInto(s: string, start: i32, end: i32): void {
  let semi = s.indexOf(";", start);
  let typeEnd = semi >= 0 && semi < end ? semi : end;
  let a = start, b = typeEnd;
  while (a < b && isSpace(s.charCodeAt(a))) a++;
  while (b > a && isSpace(s.charCodeAt(b - 1))) b--;
  let q = 1000;
  if (semi >= 0 && semi < end) q = qValue(s, semi + 1, end);
  let range = s.substring(a, b).toLowerCase();
  if (range == "*/*") { offer(0, q, 0); offer(1, q, 0); offer(2, q, 0); return; }
  if (range == "text/*") { offer(0, q, 1); offer(2, q, 1); return; }
  if (range == "application/*") { offer(1, q, 1); return; }
  if (range == "text/plain") { offer(0, q, 2); return; }
  if (range == "application/json" || range == "application/problem+json") { offer(1, q, 2); return; }
  if (range == "text/html" || range == "application/xhtml+xml") { offer(2, q, 2); return; }
}

// The most specific range that names a format decides its q (RFC 9110: "*/*;q=1, text/html;q=0" refuses HTML).
function offer(format: i32, q: i32, specificity: i32): void {
  if (specificity > unchecked(bestSpec[format])) { unchecked(bestSpec[format] = specificity); unchecked(bestQ[format] = q); }
  else if (specificity == unchecked(bestSpec[format]) && q > unchecked(bestQ[format])) unchecked(bestQ[format] = q);
}

// Parses the parameters for q=; a malformed q counts as 0 (not acceptable).
function qValue(s: string, start: i32, end: i32): i32 {
  let i = start;
  while (i < end) {
    let next = s.indexOf(";", i);
    if (next < 0 || next > end) next = end;
    let a = i, b = next;
    while (a < b && isSpace(s.charCodeAt(a))) a++;
    while (b > a && isSpace(s.charCodeAt(b - 1))) b--;
    if (b - a >= 2 && (s.charCodeAt(a) | 0x20) == 0x71 && s.charCodeAt(a + 1) == 0x3D) return parseQ(s, a + 2, b);
    i = next + 1;
  }
  return 1000;
}

// "1", "1.0", "0.5", "0.125" -> thousandths; anything else 0.
function parseQ(s: string, a: i32, b: i32): i32 {
  if (a >= b) return 0;
  let c = s.charCodeAt(a);
  if (c != 0x30 && c != 0x31) return 0;
  let v = (c - 0x30) * 1000;
  if (a + 1 == b) return v;
  if (s.charCodeAt(a + 1) != 0x2E || b - a > 5) return 0;
  let scale = 100;
  for (let i = a + 2; i < b; i++) {
    let d = s.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return 0;
    v += d * scale;
    scale /= 10;
  }
  return v > 1000 ? 0 : v;
}

@inline function isSpace(c: i32): bool { return c == 0x20 || c == 0x09; }

// The q-value (thousandths) the Accept header gives `mediaType` (lowercase
// "type/subtype"): from the most specific range that names it (type/subtype, then
// type/*, then */*), the highest q among equally specific ones; -1 when no range does.
export function acceptQuality(accept: string, mediaType: string): i32 {
  let slash = mediaType.indexOf("/");
  let typePart = slash >= 0 ? mediaType.substring(0, slash) : mediaType;
  let bestSpecificity = -1;
  let q = -1;
  let s = accept;
  let n = s.length;
  let i = 0;
  while (i < n) {
    let end = s.indexOf(",", i);
    if (end < 0) end = n;
    let semi = s.indexOf(";", i);
    let typeEnd = semi >= 0 && semi < end ? semi : end;
    let range = s.substring(i, typeEnd).trim().toLowerCase();
    let spec = -1;
    if (range == mediaType) spec = 2;
    else if (range == "*/*") spec = 0;
    else if (range.length == typePart.length + 2 && range.endsWith("/*") && range.startsWith(typePart)) spec = 1;
    if (spec >= 0) {
      let rq = semi >= 0 && semi < end ? qValue(s, semi + 1, end) : 1000;
      if (spec > bestSpecificity) { bestSpecificity = spec; q = rq; }
      else if (spec == bestSpecificity && rq > q) q = rq;
    }
    i = end + 1;
  }
  return q;
}
