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
  let lower = name.substring(start, start + min(n, 256)).toLowerCase();
  for (let i = 0; i < SECRET_WORDS.length; i++) if (lower.includes(unchecked(SECRET_WORDS[i]))) return true;
  return false;
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
