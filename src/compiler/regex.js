// Regex fields (StringMatcher.regex, Parser mediaTypePattern) must be RE2 syntax, because
// the filter matches them in linear time on attacker input. This placeholder rejects what is
// certainly not RE2; the matching engine replaces the body with a full RE2 syntax check.

export const MAX_REGEX_LENGTH = 1024;

const UNSUPPORTED = [
  [/\\[1-9]/, "backreferences (\\1 ... \\9) are not supported (RE2 syntax, linear-time matching)"],
  [/\(\?<?[=!]/, "lookahead and lookbehind ((?=, (?!, (?<=, (?<!) are not supported (RE2 syntax, linear-time matching)"],
  [/\\k</, "named backreferences (\\k<name>) are not supported (RE2 syntax)"],
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
  const unescaped = pattern.replace(/\\\\/g, "");
  for (const [re, why] of UNSUPPORTED) if (re.test(unescaped)) return why;
  return null;
}
