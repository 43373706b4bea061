// Makes request-controlled text safe for a single log line: control characters
// (CR, LF, ESC, ...) become '?', and overlong values are cut with "…" so an
// attacker can neither forge log lines nor flood the log.
export const MAX_LOGGED_CHARS: i32 = 256;

export function logSafe(s: string, maxChars: i32 = MAX_LOGGED_CHARS): string {
  let n = s.length;
  let clean = n <= maxChars;
  if (clean) {
    for (let i = 0; i < n; i++) {
      let c = s.charCodeAt(i);
      if (c < 0x20 || c == 0x7F) { clean = false; break; }
    }
  }
  if (clean) return s;
  let limit = n < maxChars ? n : maxChars;
  let parts = new Array<string>();
  let start = 0;
  for (let i = 0; i < limit; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x20 || c == 0x7F) { parts.push(s.substring(start, i)); parts.push("?"); start = i + 1; }
  }
  parts.push(s.substring(start, limit));
  if (n > limit) parts.push("…");
  return parts.join("");
}
