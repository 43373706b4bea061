// Path prefixes with Gateway API PathPrefix semantics: element-wise, so "/api"
// matches "/api" and "/api/x" but not "/apix"; a trailing "/" in the prefix is ignored.
import { Normalized } from "./normalized";

export function normalizePathPrefix(raw: string): Normalized {
  if (!raw.startsWith("/")) return new Normalized(raw, "\"" + raw + "\": must start with \"/\"");
  if (raw.indexOf("?") >= 0 || raw.indexOf("#") >= 0) {
    return new Normalized(raw, "\"" + raw + "\": must not contain \"?\" or \"#\" (prefixes match the path before the query)");
  }
  let end = raw.length;
  while (end > 1 && raw.charCodeAt(end - 1) == 0x2F) end--;
  return new Normalized(end == raw.length ? raw : raw.substring(0, end), null);
}

// Whether the normalized `prefix` matches `path` (the raw path before '?').
export function pathPrefixMatches(prefix: string, path: string): bool {
  let n = prefix.length;
  if (n == 1) return path.startsWith("/"); // "/" matches every path
  if (!path.startsWith(prefix)) return false;
  return path.length == n || path.charCodeAt(n) == 0x2F;
}
