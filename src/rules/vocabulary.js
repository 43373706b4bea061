// The words a rule file may use: rule keys, levels, locations, transformations
// and the names of non-regex checks. Locations and transformations mirror the
// filter's enums (assembly/parse/items.ts `Source`, assembly/transform/cache.ts
// `Transform`); tests/rules/vocabulary.test.js reads those files and fails when
// the two drift apart.

/** Rule keys of the policy API, in the order docs and generated data use. */
export const KEYS = [
  "SQL", "XSS", "HTML", "UNIXCMD", "WINCMD", "PHP", "TEMPLATE", "OGNL", "LDAP", "NOSQL",
  "SSRF", "IDOR", "EXPLOIT", "PROTOCOL", "SANITY", "ENCODING", "HPP", "SCANNING", "BOT",
];

/** Levels, weakest first: a rule belongs to its level and every stronger one. */
export const LEVELS = ["Basic", "Standard", "Strict"];

/** Location name → `Source` value in assembly/parse/items.ts. */
export const LOCATIONS = {
  Path: 0, PathSegment: 1, Query: 2, Post: 3, Header: 4, Cookie: 5,
  JSON: 6, GraphQL: 7, MultipartFile: 8, MultipartHeader: 9,
};

/** Transformation name → bit in assembly/transform/cache.ts `Transform`. */
export const TRANSFORMS = {
  PlusAsSpace: 1 << 0, UrlDecode: 1 << 1, UrlDecodeUni: 1 << 2, UrlDecodeRepeated: 1 << 3,
  HtmlEntity: 1 << 4, RemoveNul: 1 << 5, CompressWhitespace: 1 << 6, Lowercase: 1 << 7,
};

/** Tokenizer detectors (assembly/detect/) a rule may name instead of a pattern. */
export const DETECTORS = {
  sql: "SQL lexer: injected syntax recognised by token structure",
  xss: "HTML/JavaScript detector: tags, event handlers, javascript: URLs, DOM sinks",
  shell: "shell lexer: command separators, substitutions and known commands in command position",
};

/**
 * Checks that are not a regex over one value. The deny-rule stage implements
 * them; each says what it looks at. Names are stable (they appear in events).
 */
export const CHECKS = {
  "invalid-method": "the method is empty, not an RFC 9110 token, or longer than 32 characters",
  "invalid-header-name": "a header name holds characters outside the RFC 9110 token set",
  "header-control-char": "a header value holds a control character (other than TAB)",
  "content-length-and-transfer-encoding": "Content-Length and Transfer-Encoding in one request (request smuggling sign)",
  "multiple-content-length": "more than one Content-Length header, or a list value",
  "invalid-transfer-encoding": "a Transfer-Encoding other than a plain \"chunked\" (obfuscated or stacked codings)",
  "body-without-length": "a GET/HEAD/DELETE/OPTIONS request that carries a body",
  "missing-host": "no Host (:authority) header",
  "host-is-ip": "the Host header is a bare IP address (scanners and bots rarely send a name)",
  "missing-user-agent": "no User-Agent header",
  "missing-accept": "no Accept header on a request without a JSON, gRPC, GraphQL or protobuf Content-Type",
  "nul-byte": "a NUL character in a decoded value (ItemFlag.HasNul)",
  "control-char": "a C0 control character other than TAB/CR/LF in a decoded parameter value (ItemFlag.ControlChar)",
  "overlong-utf8": "an overlong UTF-8 form such as C0 AF (ItemFlag.OverlongUtf8)",
  "invalid-utf8": "bytes that are not well-formed UTF-8 in a decoded value (ItemFlag.InvalidUtf8)",
  "double-encoding": "a value percent-encoded at least twice where the inner escape hides a character encoders never escape twice by themselves (letters, digits, -._~, angle brackets, backslash, backtick, NUL, controls) or its hex digits are escaped; a URL nested in a parameter (%253A%252F) or pasted into a form field (%2522, %2527, %2525) passes",
  "percent-unicode": "an IIS-style %uXXXX escape of ASCII/Latin-1, a fullwidth form or a slash look-alike (JavaScript escape() writes %uXXXX only above U+00FF, which passes)",
  "lone-surrogate": "an escape naming a lone UTF-16 surrogate (ItemFlag.LoneSurrogate)",
  "invalid-percent": "a '%' not followed by two hex digits (ItemFlag.InvalidPercent)",
  "encoded-path-separator": "an encoded slash or backslash in the path (ItemFlag.EncodedSlash, Backslash)",
  "duplicate-parameter": "the same parameter name more than once in the query or form body",
  "duplicate-parameter-across-sources": "the same parameter name in both the query and the form body",
  "array-parameter-mix": "a parameter sent both as name and name[] (framework-dependent merging)",
  "method-override": "a _method parameter in the query string whose value is an HTTP method (GET, PUT, DELETE, PATCH, WebDAV methods...)",
  "unregistered-method": "a method outside the IANA registry (verb tampering: FOO, TEST, lower-case get), or CONNECT/TRACE, which an application behind a proxy has no use for",
  "control-char-in-name": "a control character (CR and LF included) in a parameter or cookie name, decoded",
  "session-fixation": "a web framework's session id (PHPSESSID, JSESSIONID, laravel_session, connect.sid, ...) in the query or form of a request whose Referer is another site",
};
