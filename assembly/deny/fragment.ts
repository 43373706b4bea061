// The short piece of a matched value a security event carries, and the names
// whose values never appear in logs (credentials, session identifiers).
export const FRAGMENT_CHARS: i32 = 48;
export const MASKED = "***";
// Characters of context kept before a known match position.
const LEAD: i32 = 8;

// Substrings of a lower-case name that mark its value as a secret.
const SECRET_WORDS: StaticArray<string> = [
  "pass", "pwd", "secret", "token", "apikey", "api_key", "api-key", "session", "sessid", "auth",
  "credential", "jwt", "cookie", "private", "signature", "otp",
];

// Does a parameter, header, cookie or JSON key name look like it holds a secret?
// ASCII case-insensitive; JSON paths are judged by their last member.
export function isSecretName(name: string): bool {
  let start = lastMemberStart(name);
  let n = name.length - start;
  if (n <= 0) return false;
  let end = start + min(n, 256);
  // ASCII names (nearly all) are searched in place, without a lower-case copy.
  // Others take Unicode lower-casing, which maps a few non-ASCII letters onto
  // ASCII ones (KELVIN SIGN -> "k").
  let p = changetype<usize>(name);
  for (let i = start; i < end; i++) {
    if (load<u16>(p + (<usize>i << 1)) >= 0x80) return hasSecretWord(name.substring(start, end).toLowerCase());
  }
  for (let w = 0; w < SECRET_WORDS.length; w++) if (containsLowerAscii(p, start, end, unchecked(SECRET_WORDS[w]))) return true;
  return false;
}

function hasSecretWord(lower: string): bool {
  for (let i = 0; i < SECRET_WORDS.length; i++) if (lower.includes(unchecked(SECRET_WORDS[i]))) return true;
  return false;
}

// Does the ASCII text at p[start, end) hold `word` (lower case), ignoring ASCII case?
function containsLowerAscii(p: usize, start: i32, end: i32, word: string): bool {
  let m = word.length;
  let w = changetype<usize>(word);
  let first = <u32>load<u16>(w);
  for (let i = start, last = end - m; i <= last; i++) {
    if (lowerAscii(<u32>load<u16>(p + (<usize>i << 1))) != first) continue;
    let k = 1;
    while (k < m && lowerAscii(<u32>load<u16>(p + (<usize>(i + k) << 1))) == <u32>load<u16>(w + (<usize>k << 1))) k++;
    if (k == m) return true;
  }
  return false;
}

// @ts-ignore: decorator
@inline function lowerAscii(c: u32): u32 {
  return c - 0x41 < 26 ? c | 0x20 : c;
}

// "$.user.password" -> index of "password"; other names -> 0.
function lastMemberStart(name: string): i32 {
  if (name.length == 0 || name.charCodeAt(0) != 0x24) return 0;
  let dot = name.lastIndexOf(".");
  let br = name.lastIndexOf("[");
  return max(dot, br) + 1;
}

// Up to FRAGMENT_CHARS characters of `text` from a little before `offset`
// (the evidence), or from its start when the position is unknown (-1).
// Surrogate pairs are never split. The event writer escapes the rest.
export function fragmentOf(text: string, offset: i32): string {
  let n = text.length;
  let start = offset > LEAD ? offset - LEAD : 0;
  if (start >= n) start = 0;
  let end = min(n, start + FRAGMENT_CHARS);
  if (start > 0 && isLow(text.charCodeAt(start))) start++;
  if (end < n && end > start && isHigh(text.charCodeAt(end - 1))) end--;
  return start == 0 && end == n ? text : text.substring(start, end);
}

// @ts-ignore: decorator
@inline function isHigh(c: i32): bool { return c >= 0xD800 && c <= 0xDBFF; }
// @ts-ignore: decorator
@inline function isLow(c: i32): bool { return c >= 0xDC00 && c <= 0xDFFF; }
