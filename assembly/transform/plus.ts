// '+' as space: the application/x-www-form-urlencoded rule, which applies to
// form bodies and query strings but not to paths (a '+' in a path is a plus).
// Kept separate from percent-decoding so it runs before it ("%2B" stays '+').

export function plusAsSpace(s: string): string {
  if (s.indexOf("+") < 0) return s;
  return s.replaceAll("+", " ");
}
