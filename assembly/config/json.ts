// A small strict JSON parser (RFC 8259) that reports errors instead of aborting.
//
// assemblyscript-json throws (= traps the VM) on malformed input; a filter must
// instead reject the document and keep its previous configuration. Errors give
// line, column and what was expected. Nesting is limited to MAX_DEPTH so a hostile
// document cannot exhaust the stack. Objects keep their keys in document order and
// keep duplicates: the field reader (reader.ts) rejects them with the JSON path.

export const MAX_DEPTH: i32 = 64;

export enum JsonKind { Null, Bool, Number, String, Array, Object }

export class JsonValue {
  kind: JsonKind = JsonKind.Null;
  boolValue: bool = false;
  numberValue: f64 = 0;
  // True when the number was written without fraction or exponent.
  isInteger: bool = false;
  stringValue: string = "";
  items: Array<JsonValue> | null = null;
  keys: Array<string> | null = null;
  values: Array<JsonValue> | null = null;

  static ofKind(kind: JsonKind): JsonValue { let v = new JsonValue(); v.kind = kind; return v; }
}

export function jsonKindName(kind: JsonKind): string {
  switch (kind) {
    case JsonKind.Null: return "null";
    case JsonKind.Bool: return "boolean";
    case JsonKind.Number: return "number";
    case JsonKind.String: return "string";
    case JsonKind.Array: return "array";
    default: return "object";
  }
}

export class JsonParseResult {
  constructor(public value: JsonValue | null, public error: string | null) {}
}

export function parseJson(text: string): JsonParseResult {
  let p = new JsonParser(text);
  p.skipWs();
  if (p.pos >= text.length) return new JsonParseResult(null, "not JSON: the document is empty");
  let v = p.parseValue(0);
  if (p.error === null) {
    p.skipWs();
    if (p.pos < text.length) p.fail("unexpected " + p.describeHere() + " after the end of the document");
  }
  let err = p.error;
  if (err !== null) return new JsonParseResult(null, err);
  return new JsonParseResult(v, null);
}

class JsonParser {
  pos: i32 = 0;
  error: string | null = null;
  constructor(public text: string) {}

  fail(message: string): void {
    if (this.error !== null) return;
    let line = 1, col = 1;
    let end = min(this.pos, this.text.length);
    for (let i = 0; i < end; i++) {
      if (this.text.charCodeAt(i) == 10) { line++; col = 1; } else col++;
    }
    this.error = "not JSON: " + message + " at line " + line.toString() + " column " + col.toString();
  }

  describeHere(): string {
    if (this.pos >= this.text.length) return "end of input";
    let c = this.text.charCodeAt(this.pos);
    if (c >= 0x21 && c < 0x7F) return "'" + String.fromCharCode(c) + "'";
    return "character " + codePointLabel(c);
  }

  skipWs(): void {
    let t = this.text;
    while (this.pos < t.length) {
      let c = t.charCodeAt(this.pos);
      if (c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09) this.pos++; else break;
    }
  }

  parseValue(depth: i32): JsonValue | null {
    if (depth > MAX_DEPTH) { this.fail("nesting deeper than " + MAX_DEPTH.toString() + " levels"); return null; }
    this.skipWs();
    let t = this.text;
    if (this.pos >= t.length) { this.fail("unexpected end of input, expected a value"); return null; }
    let c = t.charCodeAt(this.pos);
    if (c == 0x7B) return this.parseObject(depth);
    if (c == 0x5B) return this.parseArray(depth);
    if (c == 0x22) {
      let s = this.parseString();
      if (s === null) return null;
      let v = JsonValue.ofKind(JsonKind.String);
      v.stringValue = s;
      return v;
    }
    if (c == 0x2D || (c >= 0x30 && c <= 0x39)) return this.parseNumber();
    if (this.matchWord("true")) { let v = JsonValue.ofKind(JsonKind.Bool); v.boolValue = true; return v; }
    if (this.matchWord("false")) return JsonValue.ofKind(JsonKind.Bool);
    if (this.matchWord("null")) return JsonValue.ofKind(JsonKind.Null);
    this.fail("unexpected " + this.describeHere() + ", expected a value");
    return null;
  }

  matchWord(word: string): bool {
    let t = this.text;
    if (this.pos + word.length > t.length) return false;
    for (let i = 0; i < word.length; i++) {
      if (t.charCodeAt(this.pos + i) != word.charCodeAt(i)) return false;
    }
    this.pos += word.length;
    return true;
  }

  parseObject(depth: i32): JsonValue | null {
    let v = JsonValue.ofKind(JsonKind.Object);
    let keys = new Array<string>();
    let values = new Array<JsonValue>();
    v.keys = keys; v.values = values;
    this.pos++; // {
    this.skipWs();
    let t = this.text;
    if (this.pos < t.length && t.charCodeAt(this.pos) == 0x7D) { this.pos++; return v; }
    while (true) {
      this.skipWs();
      if (this.pos >= t.length || t.charCodeAt(this.pos) != 0x22) {
        this.fail("unexpected " + this.describeHere() + ", expected a quoted object key");
        return null;
      }
      let key = this.parseString();
      if (key === null) return null;
      this.skipWs();
      if (this.pos >= t.length || t.charCodeAt(this.pos) != 0x3A) {
        this.fail("unexpected " + this.describeHere() + ", expected ':' after object key");
        return null;
      }
      this.pos++;
      let item = this.parseValue(depth + 1);
      if (item === null) return null;
      keys.push(key);
      values.push(item);
      this.skipWs();
      if (this.pos < t.length) {
        let c = t.charCodeAt(this.pos);
        if (c == 0x2C) { this.pos++; continue; }
        if (c == 0x7D) { this.pos++; return v; }
      }
      this.fail("unexpected " + this.describeHere() + ", expected ',' or '}' in object");
      return null;
    }
  }

  parseArray(depth: i32): JsonValue | null {
    let v = JsonValue.ofKind(JsonKind.Array);
    let items = new Array<JsonValue>();
    v.items = items;
    this.pos++; // [
    this.skipWs();
    let t = this.text;
    if (this.pos < t.length && t.charCodeAt(this.pos) == 0x5D) { this.pos++; return v; }
    while (true) {
      let item = this.parseValue(depth + 1);
      if (item === null) return null;
      items.push(item);
      this.skipWs();
      if (this.pos < t.length) {
        let c = t.charCodeAt(this.pos);
        if (c == 0x2C) { this.pos++; continue; }
        if (c == 0x5D) { this.pos++; return v; }
      }
      this.fail("unexpected " + this.describeHere() + ", expected ',' or ']' in array");
      return null;
    }
  }

  parseNumber(): JsonValue | null {
    let t = this.text;
    let start = this.pos;
    let integer = true;
    if (t.charCodeAt(this.pos) == 0x2D) this.pos++;
    if (this.pos >= t.length) { this.fail("unexpected end of input in number"); return null; }
    let c = t.charCodeAt(this.pos);
    if (c == 0x30) {
      this.pos++;
    } else if (c >= 0x31 && c <= 0x39) {
      while (this.pos < t.length && isDigit(t.charCodeAt(this.pos))) this.pos++;
    } else {
      this.fail("unexpected " + this.describeHere() + " in number, expected a digit");
      return null;
    }
    if (this.pos < t.length && t.charCodeAt(this.pos) == 0x2E) {
      integer = false;
      this.pos++;
      if (this.pos >= t.length || !isDigit(t.charCodeAt(this.pos))) { this.fail("expected a digit after '.'"); return null; }
      while (this.pos < t.length && isDigit(t.charCodeAt(this.pos))) this.pos++;
    }
    if (this.pos < t.length && (t.charCodeAt(this.pos) | 0x20) == 0x65) {
      integer = false;
      this.pos++;
      if (this.pos < t.length && (t.charCodeAt(this.pos) == 0x2B || t.charCodeAt(this.pos) == 0x2D)) this.pos++;
      if (this.pos >= t.length || !isDigit(t.charCodeAt(this.pos))) { this.fail("expected a digit in exponent"); return null; }
      while (this.pos < t.length && isDigit(t.charCodeAt(this.pos))) this.pos++;
    }
    let v = JsonValue.ofKind(JsonKind.Number);
    v.numberValue = parseFloat(t.substring(start, this.pos));
    v.isInteger = integer;
    return v;
  }

  // Reads a quoted string at pos (which is '"'); returns null after fail().
  parseString(): string | null {
    let t = this.text;
    this.pos++;
    let start = this.pos;
    // Fast path: no escapes.
    while (this.pos < t.length) {
      let c = t.charCodeAt(this.pos);
      if (c == 0x22) { let s = t.substring(start, this.pos); this.pos++; return s; }
      if (c == 0x5C) break;
      if (c < 0x20) { this.fail("control character " + codePointLabel(c) + " in string (must be escaped)"); return null; }
      this.pos++;
    }
    let parts = new Array<string>();
    parts.push(t.substring(start, this.pos));
    while (this.pos < t.length) {
      let c = t.charCodeAt(this.pos);
      if (c == 0x22) { this.pos++; return parts.join(""); }
      if (c < 0x20) { this.fail("control character " + codePointLabel(c) + " in string (must be escaped)"); return null; }
      if (c != 0x5C) {
        let runStart = this.pos;
        while (this.pos < t.length) {
          let d = t.charCodeAt(this.pos);
          if (d == 0x22 || d == 0x5C || d < 0x20) break;
          this.pos++;
        }
        parts.push(t.substring(runStart, this.pos));
        continue;
      }
      this.pos++;
      if (this.pos >= t.length) break;
      let e = t.charCodeAt(this.pos);
      this.pos++;
      switch (e) {
        case 0x22: parts.push("\""); break;
        case 0x5C: parts.push("\\"); break;
        case 0x2F: parts.push("/"); break;
        case 0x62: parts.push("\b"); break;
        case 0x66: parts.push("\f"); break;
        case 0x6E: parts.push("\n"); break;
        case 0x72: parts.push("\r"); break;
        case 0x74: parts.push("\t"); break;
        case 0x75: {
          let u = this.hex4();
          if (u < 0) return null;
          parts.push(String.fromCharCode(u));
          break;
        }
        default:
          this.pos--;
          this.fail("invalid escape '\\" + String.fromCharCode(e) + "' in string");
          return null;
      }
    }
    this.fail("unterminated string");
    return null;
  }

  hex4(): i32 {
    let t = this.text;
    if (this.pos + 4 > t.length) { this.fail("truncated \\u escape"); return -1; }
    let v = 0;
    for (let i = 0; i < 4; i++) {
      let c = t.charCodeAt(this.pos + i);
      let d: i32;
      if (c >= 0x30 && c <= 0x39) d = c - 0x30;
      else if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66) d = (c | 0x20) - 0x61 + 10;
      else { this.pos += i; this.fail("invalid hex digit in \\u escape"); return -1; }
      v = (v << 4) | d;
    }
    this.pos += 4;
    return v;
  }
}

// @ts-ignore: decorator
@inline function isDigit(c: i32): bool { return c >= 0x30 && c <= 0x39; }

// "U+000A": uppercase hex without String#toUpperCase (which pulls Unicode case tables in).
export function codePointLabel(c: i32): string {
  const digits = "0123456789ABCDEF";
  let out = "U+";
  let width = c > 0xFFFF ? 6 : 4;
  for (let shift = (width - 1) * 4; shift >= 0; shift -= 4) out += digits.charAt((c >> shift) & 0xF);
  return out;
}
