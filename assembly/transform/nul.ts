// NUL detection and removal. A NUL inside a value truncates it for C-based
// backends ("file.php%00.jpg"), so it is flagged (HasNul) by every decoder;
// removeNul is the transformation rules apply when they want to see the text
// around it joined up.

export function hasNul(s: string): bool {
  return s.indexOf("\0") >= 0;
}

export function removeNul(s: string): string {
  if (s.indexOf("\0") < 0) return s;
  return s.replaceAll("\0", "");
}
