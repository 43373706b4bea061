// The field reader: typed access to a parsed JSON document that tracks the JSON
// path and keeps the FIRST error ("routes[2].hosts[0]: expected a string, got number").
//
// Every section of the configuration (routing today; limits, deny rules, headers,
// JWT later) reads its fields through ObjectFields so errors look the same
// everywhere and unknown fields are never silently ignored:
//
//   let o = reader.objectAt(value, path);          // null if not an object
//   if (o !== null) {
//     let name = o.requiredString("name", 1, 512);
//     let mode = o.requiredEnum("mode", MODES);
//     o.finish();                                   // rejects fields nobody read
//   }
//   if (reader.failed) ... reader.error
//
// After an error, readers keep returning safe defaults so callers need not check
// after every field; they check `failed` once at the end.
import { JsonValue, JsonKind, jsonKindName } from "./json";

export class FieldReader {
  error: string | null = null;

  get failed(): bool { return this.error !== null; }

  fail(path: string, problem: string): void {
    if (this.error !== null) return;
    let where = path.length > 0 ? path : "(root)";
    this.error = where + ": " + problem;
  }

  objectAt(value: JsonValue | null, path: string): ObjectFields | null {
    if (value === null) return null;
    if (value.kind != JsonKind.Object) {
      this.fail(path, "expected an object, got " + jsonKindName(value.kind));
      return null;
    }
    return new ObjectFields(this, path, value);
  }
}

export function childPath(parent: string, name: string): string {
  return parent.length > 0 ? parent + "." + name : name;
}

export function itemPath(parent: string, index: i32): string {
  return parent + "[" + index.toString() + "]";
}

// Number of Unicode code points: JSON Schema's minLength/maxLength count those,
// not UTF-16 units.
export function codePointLength(s: string): i32 {
  let n = 0;
  for (let i = 0, len = s.length; i < len; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < len) {
      let d = s.charCodeAt(i + 1);
      if (d >= 0xDC00 && d <= 0xDFFF) i++;
    }
    n++;
  }
  return n;
}

// Renders a list for messages, shortened after `limit` entries.
export function listForMessage(items: Array<string>, limit: i32 = 10): string {
  let n = items.length;
  let shown = n < limit ? n : limit;
  let parts = new Array<string>();
  for (let i = 0; i < shown; i++) parts.push(items[i]);
  let s = parts.join(", ");
  if (n > shown) s += ", … (" + (n - shown).toString() + " more)";
  return s;
}

export class ObjectFields {
  private used: Array<bool>;
  private allowed: Array<string> = new Array<string>();

  constructor(public reader: FieldReader, public path: string, public value: JsonValue) {
    let keys = value.keys!;
    this.used = new Array<bool>(keys.length);
    this.checkDuplicates(keys);
  }

  private checkDuplicates(keys: Array<string>): void {
    let n = keys.length;
    if (n < 2) return;
    if (n <= 16) {
      for (let i = 1; i < n; i++) {
        for (let j = 0; j < i; j++) {
          if (keys[i] == keys[j]) { this.reader.fail(childPath(this.path, keys[i]), "duplicate field"); return; }
        }
      }
      return;
    }
    let seen = new Set<string>();
    for (let i = 0; i < n; i++) {
      if (seen.has(keys[i])) { this.reader.fail(childPath(this.path, keys[i]), "duplicate field"); return; }
      seen.add(keys[i]);
    }
  }

  fieldPath(name: string): string { return childPath(this.path, name); }

  // The raw value of `name`, marking the field as known; null when absent.
  field(name: string): JsonValue | null {
    if (!this.allowed.includes(name)) this.allowed.push(name);
    let keys = this.value.keys!;
    for (let i = 0, n = keys.length; i < n; i++) {
      if (keys[i] == name) { this.used[i] = true; return this.value.values![i]; }
    }
    return null;
  }

  has(name: string): bool {
    let keys = this.value.keys!;
    for (let i = 0, n = keys.length; i < n; i++) if (keys[i] == name) return true;
    return false;
  }

  private missing(name: string): void {
    let hint = "";
    let keys = this.value.keys!;
    for (let i = 0, n = keys.length; i < n; i++) {
      if (!this.used[i] && isLikelyTypo(keys[i], name)) { hint = " (found \"" + keys[i] + "\": a typo?)"; break; }
    }
    this.reader.fail(this.fieldPath(name), "required field is missing" + hint);
  }

  private wrongType(name: string, expected: string, got: JsonValue): void {
    this.reader.fail(this.fieldPath(name), "expected " + expected + ", got " + jsonKindName(got.kind));
  }

  checkString(path: string, v: JsonValue, minLength: i32, maxLength: i32): string {
    if (v.kind != JsonKind.String) { this.reader.fail(path, "expected a string, got " + jsonKindName(v.kind)); return ""; }
    let s = v.stringValue;
    let len = codePointLength(s);
    if (len < minLength) {
      this.reader.fail(path, minLength == 1 ? "must not be empty" : "must be at least " + minLength.toString() + " characters long");
    } else if (len > maxLength) {
      this.reader.fail(path, "is " + len.toString() + " characters long, the maximum is " + maxLength.toString());
    }
    return s;
  }

  requiredString(name: string, minLength: i32 = 1, maxLength: i32 = i32.MAX_VALUE): string {
    let v = this.field(name);
    if (v === null) { this.missing(name); return ""; }
    return this.checkString(this.fieldPath(name), v, minLength, maxLength);
  }

  optionalString(name: string, fallback: string, minLength: i32 = 0, maxLength: i32 = i32.MAX_VALUE): string {
    let v = this.field(name);
    if (v === null) return fallback;
    return this.checkString(this.fieldPath(name), v, minLength, maxLength);
  }

  private checkEnum(name: string, v: JsonValue, allowed: Array<string>): string {
    if (v.kind != JsonKind.String) { this.wrongType(name, "one of " + quoteList(allowed), v); return allowed[0]; }
    let s = v.stringValue;
    if (!allowed.includes(s)) {
      this.reader.fail(this.fieldPath(name), "unknown value \"" + s + "\" (allowed: " + listForMessage(allowed, 32) + ")");
      return allowed[0];
    }
    return s;
  }

  requiredEnum(name: string, allowed: Array<string>): string {
    let v = this.field(name);
    if (v === null) { this.missing(name); return allowed[0]; }
    return this.checkEnum(name, v, allowed);
  }

  optionalEnum(name: string, allowed: Array<string>, fallback: string): string {
    let v = this.field(name);
    if (v === null) return fallback;
    return this.checkEnum(name, v, allowed);
  }

  private checkInteger(name: string, v: JsonValue, minimum: i64, maximum: i64): i64 {
    if (v.kind != JsonKind.Number || !v.isInteger && v.numberValue != Math.floor(v.numberValue)) {
      this.wrongType(name, "an integer", v);
      return minimum;
    }
    let n = v.numberValue;
    if (n < <f64>minimum || n > <f64>maximum) {
      this.reader.fail(this.fieldPath(name), "must be between " + minimum.toString() + " and " + maximum.toString() + ", got " + formatNumber(n));
      return minimum;
    }
    return <i64>n;
  }

  requiredInteger(name: string, minimum: i64, maximum: i64): i64 {
    let v = this.field(name);
    if (v === null) { this.missing(name); return minimum; }
    return this.checkInteger(name, v, minimum, maximum);
  }

  optionalInteger(name: string, fallback: i64, minimum: i64, maximum: i64): i64 {
    let v = this.field(name);
    if (v === null) return fallback;
    return this.checkInteger(name, v, minimum, maximum);
  }

  requiredBool(name: string): bool {
    let v = this.field(name);
    if (v === null) { this.missing(name); return false; }
    if (v.kind != JsonKind.Bool) { this.wrongType(name, "true or false", v); return false; }
    return v.boolValue;
  }

  optionalBool(name: string, fallback: bool): bool {
    let v = this.field(name);
    if (v === null) return fallback;
    if (v.kind != JsonKind.Bool) { this.wrongType(name, "true or false", v); return fallback; }
    return v.boolValue;
  }

  // The items of an array field; an absent field gives an empty array (check
  // `has` first when absence must be told apart).
  optionalArray(name: string, minItems: i32, maxItems: i32): Array<JsonValue> {
    let v = this.field(name);
    if (v === null) return new Array<JsonValue>();
    return this.checkArray(name, v, minItems, maxItems);
  }

  requiredArray(name: string, minItems: i32, maxItems: i32): Array<JsonValue> {
    let v = this.field(name);
    if (v === null) { this.missing(name); return new Array<JsonValue>(); }
    return this.checkArray(name, v, minItems, maxItems);
  }

  private checkArray(name: string, v: JsonValue, minItems: i32, maxItems: i32): Array<JsonValue> {
    if (v.kind != JsonKind.Array) { this.wrongType(name, "an array", v); return new Array<JsonValue>(); }
    let items = v.items!;
    if (items.length < minItems) {
      this.reader.fail(this.fieldPath(name), minItems == 1 ? "must not be empty" : "needs at least " + minItems.toString() + " items, got " + items.length.toString());
    } else if (items.length > maxItems) {
      this.reader.fail(this.fieldPath(name), "has " + items.length.toString() + " items, the maximum is " + maxItems.toString());
    }
    return items;
  }

  // An array of strings, each checked against the length limits.
  optionalStringArray(name: string, maxItems: i32, minLength: i32, maxLength: i32): Array<string> {
    let items = this.optionalArray(name, 0, maxItems);
    let out = new Array<string>(items.length);
    let base = this.fieldPath(name);
    for (let i = 0; i < items.length; i++) {
      out[i] = this.checkString(itemPath(base, i), items[i], minLength, maxLength);
    }
    return out;
  }

  optionalObject(name: string): ObjectFields | null {
    let v = this.field(name);
    if (v === null) return null;
    return this.reader.objectAt(v, this.fieldPath(name));
  }

  requiredObject(name: string): ObjectFields | null {
    let v = this.field(name);
    if (v === null) { this.missing(name); return null; }
    return this.reader.objectAt(v, this.fieldPath(name));
  }

  // Rejects every field no reader asked for. Call after reading all fields.
  finish(): void {
    let keys = this.value.keys!;
    for (let i = 0, n = keys.length; i < n; i++) {
      if (!this.used[i]) {
        this.reader.fail(this.fieldPath(keys[i]), "unknown field (allowed: " + listForMessage(this.allowed, 64) + ")");
        return;
      }
    }
  }
}

function quoteList(items: Array<string>): string {
  let parts = new Array<string>();
  for (let i = 0; i < items.length; i++) parts.push("\"" + items[i] + "\"");
  return parts.join(", ");
}

export function formatNumber(n: f64): string {
  if (n == Math.floor(n) && Math.abs(n) < 9.0e15) return (<i64>n).toString();
  return n.toString();
}

// True when `a` is within two edits of `b` (or differs only in case): the unknown
// key next to a missing required field is then most likely its misspelling.
export function isLikelyTypo(a: string, b: string): bool {
  if (a == b) return false;
  if (equalsIgnoringAsciiCase(a, b)) return true;
  let la = a.length, lb = b.length;
  if (la > 64 || lb > 64 || abs(la - lb) > 2) return false;
  // Levenshtein distance with two rows.
  let prev = new StaticArray<i32>(lb + 1);
  let cur = new StaticArray<i32>(lb + 1);
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    let ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      let cost = ca == b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = min(min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
    }
    let t = prev; prev = cur; cur = t;
  }
  return prev[lb] <= 2;
}

// ASCII-only on purpose: String#toLowerCase pulls Unicode case tables into the module.
function equalsIgnoringAsciiCase(a: string, b: string): bool {
  if (a.length != b.length) return false;
  for (let i = 0, n = a.length; i < n; i++) {
    let x = a.charCodeAt(i), y = b.charCodeAt(i);
    if (x >= 0x41 && x <= 0x5A) x += 0x20;
    if (y >= 0x41 && y <= 0x5A) y += 0x20;
    if (x != y) return false;
  }
  return true;
}
