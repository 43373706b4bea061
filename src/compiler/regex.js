// Regex fields (StringMatcher.regex, Parser mediaTypePattern) must be RE2 syntax, because the
// filter matches them in linear time on attacker input. The check runs the filter's own regex
// parser (compiled to build/regex-check.wasm), so the compiler accepts exactly what the filter
// can compile and reports the filter's reason and offset.
export { validateRegex, MAX_REGEX_LENGTH } from "../regex/check.js";
