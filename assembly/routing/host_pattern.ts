// Host selectors: exact names and "*." wildcards, matched against the request host
// (the :authority without port, lowercase; see request/address.ts).
import { Normalized } from "./normalized";
import { codePointLabel } from "../config/json";
import { asciiLower } from "../request/address";

// Lowercases a configured host and checks its shape. A "*" is only allowed as the
// whole first label ("*.example.com" = one or more labels before example.com);
// anything else could never match and would hide a configuration mistake.
export function normalizeHostPattern(raw: string): Normalized {
  let h = asciiLower(raw);
  if (h.endsWith(".") && h.length > 1) h = h.substring(0, h.length - 1);
  let star = h.indexOf("*");
  if (star >= 0) {
    if (star != 0 || !h.startsWith("*.") || h.length < 3 || h.indexOf("*", 1) >= 0) {
      return new Normalized(h, "\"" + raw + "\": \"*\" is only allowed as a leading \"*.\" label (e.g. \"*.example.com\")");
    }
  }
  for (let i = 0; i < h.length; i++) {
    let c = h.charCodeAt(i);
    if (c <= 0x20 || c == 0x2F || c == 0x3F || c == 0x23 || c == 0x40 || c >= 0x7F) {
      return new Normalized(h, "\"" + raw + "\": not a host name (contains " + describeChar(c) + ")");
    }
  }
  if (!h.startsWith("[") && h.indexOf(":") >= 0) {
    return new Normalized(h, "\"" + raw + "\": must not contain a port (the port of :authority is ignored when matching)");
  }
  if (h.indexOf("..") >= 0 || h.startsWith(".")) {
    return new Normalized(h, "\"" + raw + "\": empty label in host name");
  }
  return new Normalized(h, null);
}

function describeChar(c: i32): string {
  if (c > 0x20 && c < 0x7F) return "'" + String.fromCharCode(c) + "'";
  return "character " + codePointLabel(c);
}

// Whether `host` (lowercase, no port) is matched by the normalized `pattern`.
export function hostMatches(pattern: string, host: string): bool {
  if (!pattern.startsWith("*.")) return pattern == host;
  // "*.example.com" needs at least one non-empty label before ".example.com".
  let suffixLen = pattern.length - 1; // ".example.com"
  if (host.length <= suffixLen) return false;
  let hostStart = host.length - suffixLen;
  for (let i = 0; i < suffixLen; i++) {
    if (host.charCodeAt(hostStart + i) != pattern.charCodeAt(1 + i)) return false;
  }
  return true;
}
