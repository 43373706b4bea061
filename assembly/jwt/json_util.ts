// Small helpers over the strict JSON parser (config/json.ts) for JOSE documents:
// duplicate member names anywhere are refused (RFC 7515 §4 / RFC 7519 §4 allow
// rejecting them, and two parsers disagreeing on which copy wins is how header
// smuggling works), and claim values are rendered as the strings matchers compare.
import { JsonValue, JsonKind, parseJson } from "../config/json";
import { decodeUtf8Buffer, lastDecodeHadInvalidUtf8 } from "../sdk/utf8";

// Parses UTF-8 bytes that must hold a JSON object without duplicate member names.
export function parseJoseObject(bytes: Uint8Array): JsonValue | null {
  let text = decodeUtf8Buffer(bytes.buffer.byteLength == bytes.byteLength && bytes.byteOffset == 0 ? bytes.buffer : bytes.slice().buffer);
  if (lastDecodeHadInvalidUtf8()) return null;
  let r = parseJson(text);
  let v = r.value;
  if (v === null || v.kind != JsonKind.Object) return null;
  if (hasDuplicateMembers(v)) return null;
  return v;
}

export function hasDuplicateMembers(v: JsonValue): bool {
  if (v.kind == JsonKind.Object) {
    let keys = v.keys!;
    let n = keys.length;
    if (n > 1) {
      if (n <= 16) {
        for (let i = 1; i < n; i++) for (let j = 0; j < i; j++) if (unchecked(keys[i]) == unchecked(keys[j])) return true;
      } else {
        let seen = new Set<string>();
        for (let i = 0; i < n; i++) { let k = unchecked(keys[i]); if (seen.has(k)) return true; seen.add(k); }
      }
    }
    let values = v.values!;
    for (let i = 0; i < n; i++) if (hasDuplicateMembers(unchecked(values[i]))) return true;
  } else if (v.kind == JsonKind.Array) {
    let items = v.items!;
    for (let i = 0, n = items.length; i < n; i++) if (hasDuplicateMembers(unchecked(items[i]))) return true;
  }
  return false;
}

// Member `name` of an object, or null.
export function member(o: JsonValue, name: string): JsonValue | null {
  if (o.kind != JsonKind.Object) return null;
  let keys = o.keys!;
  for (let i = 0, n = keys.length; i < n; i++) if (unchecked(keys[i]) == name) return unchecked(o.values![i]);
  return null;
}

// A claim by name: the top-level member, else (for a dotted name) the nested one.
export function claimValue(claims: JsonValue, name: string): JsonValue | null {
  let v = member(claims, name);
  if (v !== null || name.indexOf(".") < 0) return v;
  let parts = name.split(".");
  let cur: JsonValue | null = claims;
  for (let i = 0; i < parts.length && cur !== null; i++) cur = member(cur!, parts[i]);
  return cur;
}

// A primitive rendered for comparison: strings as they are, numbers like JSON
// (integers without a fraction), booleans as true/false. null for null, objects
// and arrays (which never match as a whole).
export function primitiveString(v: JsonValue): string | null {
  if (v.kind == JsonKind.String) return v.stringValue;
  if (v.kind == JsonKind.Bool) return v.boolValue ? "true" : "false";
  if (v.kind == JsonKind.Number) {
    let x = v.numberValue;
    if (Math.abs(x) < 9007199254740992.0 && Math.floor(x) == x) return (<i64>x).toString();
    return x.toString();
  }
  return null;
}
