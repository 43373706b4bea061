// Regex fields (StringMatcher.regex, Parser mediaTypePattern) must be RE2 syntax, because
// the filter matches them in linear time on attacker input. This placeholder rejects what is
// certainly not RE2; the matching engine replaces the body with a full RE2 syntax check.

export const MAX_REGEX_LENGTH = 1024;

const BACKREFERENCE = /\\[1-9]|\\k</;
const UNSUPPORTED = [
  [/\(\?<?[=!]/, "lookahead and lookbehind ((?=, (?!, (?<=, (?<!) are not supported (RE2 syntax, linear-time matching)"],
  [/\(\?>/, "atomic groups ((?>...)) are not supported (RE2 syntax)"],
  [/[*+?}][+]/, "possessive quantifiers (*+, ++, ?+) are not supported (RE2 syntax)"],
];

/**
 * @param {string} pattern
 * @returns {null | string} null when acceptable, otherwise why not
 */
export function validateRegex(pattern) {
  if (typeof pattern !== "string" || pattern.length === 0) return "must be a non-empty regular expression";
  if (pattern.length > MAX_REGEX_LENGTH) return `must be at most ${MAX_REGEX_LENGTH} characters, got ${pattern.length}`;
  // Escaped backslashes (`\\1` = literal backslash then 1) are not backreferences.
  if (BACKREFERENCE.test(pattern.replace(/\\\\/g, ""))) {
    return "backreferences (\\1 ... \\9, \\k<name>) are not supported (RE2 syntax, linear-time matching)";
  }
  // Escaped characters and character classes cannot start the constructs below (`\++`, `[(?=]`).
  const plain = pattern.replace(/\\./g, "x").replace(/\[(?:\\.|[^\]\\])*\]/g, "x");
  for (const [re, why] of UNSUPPORTED) if (re.test(plain)) return why;
  return null;
}
