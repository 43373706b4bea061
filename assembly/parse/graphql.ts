// GraphQL executable documents (the October 2021 spec grammar): operations
// (also the `{ ... }` shorthand), fragments, fields, aliases, arguments,
// variables with defaults, directives, inline fragments and every value kind
// (strings with escapes, block strings, numbers, enums, lists, input objects).
// Type-system definitions are rejected: a request carries queries only.
//
// Items (source GraphQL):
//  - each field: isKey, name = the path of the selection holding it
//    ("query.user"), value = the field name, `field` = the field name;
//  - each argument: isKey, name = the field's path, value = the argument name;
//    each argument value: name = "<field path>(<arg>)" plus ".key"/"[i]" inside
//    input objects and lists, value = the string content or the literal text,
//    valueType, `field` and `argument` set; input-object keys are isKey items;
//  - directives are read like fields named "@name"; variable defaults are
//    values of the operation with argument "$var".
// Paths start at the operation type ("query", "mutation", "subscription") or
// at "...Name" for a fragment.
//
// Depth = the number of fields on the longest path (`{ a { b } }` is 2),
// counting through fragment spreads (a spread adds the fragment's depth at the
// point of the spread; cycles are a syntax error, as the spec forbids them).
// The parser stops as soon as a syntactic depth crosses the limit, and
// recursion is capped at MAX_RECURSION levels (selection sets plus nested
// values) whatever the limit, so the wasm stack is never at risk.
import { Item, ParseError, Source, ValueType } from "./items";
import { joinPath, location } from "./json_path";

// Longest path string built; longer ones end with "..." and children of a cut
// path share its string, so memory stays linear in the query however deep.
export const MAX_PATH_CHARS: i32 = 1024;

function child(parent: string, sep: string, name: string, tail: string): string {
  if (parent.length > MAX_PATH_CHARS) return parent;
  let s = joinPath(parent, sep, name, tail);
  if (s.length > MAX_PATH_CHARS) s = s.substring(0, MAX_PATH_CHARS) + "...";
  return s;
}

export class GraphQLLimits {
  // 0 = unlimited (the recursion cap still applies).
  nestingDepth: i32 = 10;
}

export const MAX_RECURSION: i32 = 256;

const enum Tok { EOF = 0, Punct = 1, Name = 2, Int = 3, Float = 4, String = 5, BlockString = 6 }

class Unit {
  ownDepth: i32 = 0;
  spreadNames: Array<string> = new Array<string>();
  spreadDepths: Array<i32> = new Array<i32>();
  // 0 unvisited, 1 in progress, 2 done.
  state: i32 = 0;
  effective: i32 = 0;
  constructor(public path: string) {}
}

// @ts-ignore: decorator
@inline function isNameStart(c: i32): bool { return c == 0x5F || <u32>((c | 0x20) - 0x61) <= 25; }
// @ts-ignore: decorator
@inline function isNameChar(c: i32): bool { return isNameStart(c) || <u32>(c - 0x30) <= 9; }
// @ts-ignore: decorator
@inline function hexVal(c: i32): i32 {
  if (<u32>(c - 0x30) <= 9) return c - 0x30;
  let l = c | 0x20;
  return <u32>(l - 0x61) <= 5 ? l - 0x61 + 10 : -1;
}

class GraphQLParser {
  pos: i32 = 0;
  n: i32;
  // Current token.
  tok: Tok = Tok.EOF;
  punct: i32 = 0;
  start: i32 = 0;
  end: i32 = 0;
  text: string = "";   // name text, number text or decoded string
  raw: string = "";
  err: ParseError | null = null;
  recursion: i32 = 0;
  unit: Unit = new Unit("");
  units: Array<Unit> = new Array<Unit>();
  fragments: Map<string, Unit> = new Map<string, Unit>();

  constructor(public src: string, public limits: GraphQLLimits, public out: Array<Item>) {
    this.n = src.length;
  }

  fail(msg: string, path: string): bool {
    if (this.err === null) this.err = new ParseError("graphql_syntax", msg, location(path), 0, 0, this.start);
    return false;
  }

  // ---- lexer ----
  next(): bool {
    let s = this.src, n = this.n;
    let p = this.pos;
    while (p < n) {
      let c = s.charCodeAt(p);
      if (c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x2C || c == 0xFEFF) { p++; continue; }
      if (c == 0x23) { while (p < n && s.charCodeAt(p) != 0x0A && s.charCodeAt(p) != 0x0D) p++; continue; }
      break;
    }
    this.start = p;
    if (p >= n) { this.tok = Tok.EOF; this.pos = p; return true; }
    let c = s.charCodeAt(p);
    if (c == 0x2E) {
      if (p + 2 < n && s.charCodeAt(p + 1) == 0x2E && s.charCodeAt(p + 2) == 0x2E) {
        this.tok = Tok.Punct; this.punct = 0x2E; this.pos = p + 3; return true;
      }
      return this.fail("unexpected character", "");
    }
    if (c == 0x21 || c == 0x24 || c == 0x26 || c == 0x28 || c == 0x29 || c == 0x3A || c == 0x3D
      || c == 0x40 || c == 0x5B || c == 0x5D || c == 0x7B || c == 0x7C || c == 0x7D) {
      this.tok = Tok.Punct; this.punct = c; this.pos = p + 1; return true;
    }
    if (isNameStart(c)) {
      let e = p + 1;
      while (e < n && isNameChar(s.charCodeAt(e))) e++;
      this.tok = Tok.Name; this.text = s.substring(p, e); this.pos = e; return true;
    }
    if (c == 0x2D || <u32>(c - 0x30) <= 9) return this.number(p);
    if (c == 0x22) {
      if (p + 2 < n && s.charCodeAt(p + 1) == 0x22 && s.charCodeAt(p + 2) == 0x22) return this.blockString(p);
      return this.string(p);
    }
    return this.fail("unexpected character", "");
  }

  digits(p: i32): i32 {
    while (p < this.n && <u32>(this.src.charCodeAt(p) - 0x30) <= 9) p++;
    return p;
  }

  number(p: i32): bool {
    let s = this.src, n = this.n;
    let e = p;
    if (s.charCodeAt(e) == 0x2D) e++;
    if (e >= n || <u32>(s.charCodeAt(e) - 0x30) > 9) return this.fail("invalid number", "");
    if (s.charCodeAt(e) == 0x30) {
      e++;
      if (e < n && <u32>(s.charCodeAt(e) - 0x30) <= 9) return this.fail("invalid number", "");
    } else e = this.digits(e);
    let float = false;
    if (e < n && s.charCodeAt(e) == 0x2E) {
      let d = this.digits(e + 1);
      if (d == e + 1) return this.fail("invalid number", "");
      e = d; float = true;
    }
    if (e < n && (s.charCodeAt(e) | 0x20) == 0x65) {
      e++;
      if (e < n && (s.charCodeAt(e) == 0x2B || s.charCodeAt(e) == 0x2D)) e++;
      let d = this.digits(e);
      if (d == e) return this.fail("invalid number", "");
      e = d; float = true;
    }
    if (e < n && (isNameStart(s.charCodeAt(e)) || s.charCodeAt(e) == 0x2E)) return this.fail("invalid number", "");
    this.tok = float ? Tok.Float : Tok.Int;
    this.text = s.substring(p, e);
    this.raw = this.text;
    this.pos = e;
    return true;
  }

  string(p: i32): bool {
    let s = this.src, n = this.n;
    let e = p + 1;
    let parts: Array<string> | null = null;
    let chunk = e;
    while (true) {
      if (e >= n) return this.fail("unterminated string", "");
      let c = s.charCodeAt(e);
      if (c == 0x22) break;
      if (c == 0x0A || c == 0x0D) return this.fail("unterminated string", "");
      if (c < 0x20 && c != 0x09) return this.fail("control character in string", "");
      if (c != 0x5C) { e++; continue; }
      if (parts === null) parts = new Array<string>();
      parts.push(s.substring(chunk, e));
      if (e + 1 >= n) return this.fail("unterminated string", "");
      let x = s.charCodeAt(e + 1);
      e += 2;
      let o = -1;
      if (x == 0x22) o = 0x22; else if (x == 0x5C) o = 0x5C; else if (x == 0x2F) o = 0x2F;
      else if (x == 0x62) o = 8; else if (x == 0x66) o = 12; else if (x == 0x6E) o = 10;
      else if (x == 0x72) o = 13; else if (x == 0x74) o = 9;
      else if (x == 0x75) {
        let cp = this.unicodeEscape(e);
        if (cp < 0) return this.fail("invalid unicode escape", "");
        e = this.escEnd;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          let lo = e + 1 < n && s.charCodeAt(e) == 0x5C && s.charCodeAt(e + 1) == 0x75 ? this.unicodeEscape(e + 2) : -1;
          if (lo < 0xDC00 || lo > 0xDFFF) return this.fail("lone surrogate", "");
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          e = this.escEnd;
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) return this.fail("lone surrogate", "");
        o = cp;
      }
      if (o < 0) return this.fail("invalid escape", "");
      parts.push(String.fromCodePoint(o));
      chunk = e;
    }
    this.raw = s.substring(p + 1, e);
    if (parts === null) this.text = this.raw;
    else { parts.push(s.substring(chunk, e)); this.text = parts.join(""); }
    this.tok = Tok.String;
    this.pos = e + 1;
    return true;
  }

  escEnd: i32 = 0;
  // "\u" followed by XXXX or {X...}: the code point (escEnd after it), or -1.
  unicodeEscape(p: i32): i32 {
    let s = this.src, n = this.n;
    if (p < n && s.charCodeAt(p) == 0x7B) {
      let v = 0, e = p + 1;
      while (e < n && hexVal(s.charCodeAt(e)) >= 0) { v = (v << 4) | hexVal(s.charCodeAt(e)); e++; if (v > 0x10FFFF) return -1; }
      if (e == p + 1 || e >= n || s.charCodeAt(e) != 0x7D) return -1;
      this.escEnd = e + 1;
      return v;
    }
    if (p + 4 > n) return -1;
    let v = 0;
    for (let i = 0; i < 4; i++) { let h = hexVal(s.charCodeAt(p + i)); if (h < 0) return -1; v = (v << 4) | h; }
    this.escEnd = p + 4;
    return v;
  }

  blockString(p: i32): bool {
    let s = this.src;
    let e = p + 3;
    while (true) {
      let q = s.indexOf("\"\"\"", e);
      if (q < 0) return this.fail("unterminated block string", "");
      if (s.charCodeAt(q - 1) == 0x5C) { e = q + 3; continue; } // \"""
      e = q;
      break;
    }
    this.raw = s.substring(p + 3, e);
    this.text = blockStringValue(this.raw.replaceAll("\\\"\"\"", "\"\"\""));
    this.tok = Tok.BlockString;
    this.pos = e + 3;
    return true;
  }

  // ---- parser helpers ----
  isPunct(c: i32): bool { return this.tok == Tok.Punct && this.punct == c; }
  isName(w: string): bool { return this.tok == Tok.Name && this.text == w; }

  expect(c: i32, path: string): bool {
    if (!this.isPunct(c)) return this.fail("expected '" + String.fromCharCode(c) + "'", path);
    return this.next();
  }

  name(path: string): string | null {
    if (this.tok != Tok.Name) { this.fail("expected a name", path); return null; }
    let t = this.text;
    if (!this.next()) return null;
    return t;
  }

  enter(path: string): bool {
    if (++this.recursion > MAX_RECURSION) {
      this.err = new ParseError("graphql_nesting_depth", "document nested too deeply", location(path), <i64>MAX_RECURSION, <i64>this.recursion, this.start);
      return false;
    }
    return true;
  }

  emit(name: string, value: string, raw: string, isKey: bool, type: ValueType, field: string, argument: string): void {
    let it = new Item(Source.GraphQL, name, value, raw);
    it.isKey = isKey;
    it.valueType = type;
    it.field = field;
    it.argument = argument;
    this.out.push(it);
  }

  // ---- grammar ----
  document(): ParseError | null {
    if (!this.next()) return this.err;
    if (this.tok == Tok.EOF) { this.fail("empty document", ""); return this.err; }
    while (this.tok != Tok.EOF) {
      if (!this.definition()) return this.err;
    }
    return this.checkDepths();
  }

  definition(): bool {
    if (this.isPunct(0x7B)) return this.rootSelection("query");
    if (this.tok != Tok.Name) return this.fail("expected a definition", "");
    let w = this.text;
    if (w == "query" || w == "mutation" || w == "subscription") {
      if (!this.next()) return false;
      if (this.tok == Tok.Name && !this.next()) return false; // operation name
      if (this.isPunct(0x28) && !this.variableDefinitions(w)) return false;
      if (!this.directives(w, w)) return false;
      return this.rootSelection(w);
    }
    if (w == "fragment") {
      if (!this.next()) return false;
      let fname = this.name("");
      if (fname === null) return false;
      if (fname == "on") return this.fail("a fragment cannot be named 'on'", "");
      if (!this.isName("on")) return this.fail("expected 'on'", "");
      if (!this.next()) return false;
      if (this.name("") === null) return false;
      let path = "..." + fname;
      if (!this.directives(path, path)) return false;
      let u = new Unit(path);
      this.units.push(u);
      this.fragments.set(fname, u);
      this.unit = u;
      return this.selectionSet(path, 0);
    }
    return this.fail("only executable definitions are allowed", "");
  }

  rootSelection(path: string): bool {
    let u = new Unit(path);
    this.units.push(u);
    this.unit = u;
    return this.selectionSet(path, 0);
  }

  variableDefinitions(path: string): bool {
    if (!this.next()) return false;
    while (!this.isPunct(0x29)) {
      if (!this.expect(0x24, path)) return false;
      let v = this.name(path);
      if (v === null) return false;
      if (!this.expect(0x3A, path)) return false;
      if (!this.type(path)) return false;
      if (this.isPunct(0x3D)) {
        if (!this.next()) return false;
        let arg = "$" + v;
        if (!this.value(child(path, "(", arg, ")"), "", arg, true)) return false;
      }
      if (!this.directives(path, path)) return false;
    }
    return this.next();
  }

  type(path: string): bool {
    if (this.isPunct(0x5B)) {
      if (!this.enter(path)) return false;
      if (!this.next() || !this.type(path) || !this.expect(0x5D, path)) return false;
      this.recursion--;
    } else if (this.name(path) === null) return false;
    if (this.isPunct(0x21)) return this.next();
    return true;
  }

  directives(path: string, field: string): bool {
    while (this.isPunct(0x40)) {
      if (!this.next()) return false;
      let d = this.name(path);
      if (d === null) return false;
      if (this.isPunct(0x28) && !this.arguments(path, "@" + d)) return false;
    }
    return true;
  }

  arguments(path: string, field: string): bool {
    if (!this.next()) return false;
    if (this.isPunct(0x29)) return this.fail("empty argument list", path);
    while (!this.isPunct(0x29)) {
      let a = this.name(path);
      if (a === null) return false;
      this.emit(path, a, a, true, ValueType.Text, field, a);
      if (!this.expect(0x3A, path)) return false;
      if (!this.value(child(path, "(", a, ")"), field, a, false)) return false;
    }
    return this.next();
  }

  value(path: string, field: string, arg: string, isConst: bool): bool {
    let t = this.tok;
    if (t == Tok.Punct) {
      let c = this.punct;
      if (c == 0x24) {
        if (isConst) return this.fail("variable in a constant value", path);
        if (!this.next()) return false;
        let v = this.name(path);
        if (v === null) return false;
        this.emit(path, "$" + v, "$" + v, false, ValueType.Variable, field, arg);
        return true;
      }
      if (c == 0x5B) {
        if (!this.enter(path) || !this.next()) return false;
        let i = 0;
        while (!this.isPunct(0x5D)) {
          if (this.tok == Tok.EOF) return this.fail("unterminated list", path);
          if (!this.value(child(path, "[", i.toString(), "]"), field, arg, isConst)) return false;
          i++;
        }
        this.recursion--;
        return this.next();
      }
      if (c == 0x7B) {
        if (!this.enter(path) || !this.next()) return false;
        while (!this.isPunct(0x7D)) {
          let k = this.name(path);
          if (k === null) return false;
          this.emit(path, k, k, true, ValueType.Text, field, arg);
          if (!this.expect(0x3A, path)) return false;
          if (!this.value(child(path, ".", k, ""), field, arg, isConst)) return false;
        }
        this.recursion--;
        return this.next();
      }
      return this.fail("expected a value", path);
    }
    if (t == Tok.Name) {
      let w = this.text;
      let type = w == "true" || w == "false" ? ValueType.Boolean : (w == "null" ? ValueType.Null : ValueType.Enum);
      this.emit(path, w, w, false, type, field, arg);
      return this.next();
    }
    if (t == Tok.Int || t == Tok.Float) {
      this.emit(path, this.text, this.raw, false, ValueType.Number, field, arg);
      return this.next();
    }
    if (t == Tok.String || t == Tok.BlockString) {
      this.emit(path, this.text, this.raw, false, ValueType.Text, field, arg);
      return this.next();
    }
    return this.fail("expected a value", path);
  }

  // `depth` = fields above this selection set.
  selectionSet(path: string, depth: i32): bool {
    if (!this.isPunct(0x7B)) return this.fail("expected '{'", path);
    if (!this.enter(path) || !this.next()) return false;
    if (this.isPunct(0x7D)) return this.fail("empty selection set", path);
    while (!this.isPunct(0x7D)) {
      if (this.tok == Tok.EOF) return this.fail("unterminated selection set", path);
      if (!this.selection(path, depth)) return false;
    }
    this.recursion--;
    return this.next();
  }

  selection(path: string, depth: i32): bool {
    if (this.isPunct(0x2E)) { // "..."
      if (!this.next()) return false;
      if (this.tok == Tok.Name && this.text != "on") {
        let u = this.unit;
        u.spreadNames.push(this.text);
        u.spreadDepths.push(depth);
        if (!this.next()) return false;
        return this.directives(path, path);
      }
      if (this.isName("on")) {
        if (!this.next() || this.name(path) === null) return false;
      }
      if (!this.directives(path, path)) return false;
      return this.selectionSet(path, depth);
    }
    let f = this.name(path);
    if (f === null) return false;
    if (this.isPunct(0x3A)) { // alias: the field name follows
      if (!this.next()) return false;
      f = this.name(path);
      if (f === null) return false;
    }
    let fieldDepth = depth + 1;
    let fpath = child(path, ".", f, "");
    let lim = this.limits.nestingDepth;
    if (lim > 0 && fieldDepth > lim) {
      this.err = new ParseError("graphql_nesting_depth", "query nested too deeply", location(fpath), <i64>lim, <i64>fieldDepth, this.start);
      return false;
    }
    let u = this.unit;
    if (fieldDepth > u.ownDepth) u.ownDepth = fieldDepth;
    this.emit(path, f, f, true, ValueType.Text, f, "");
    if (this.isPunct(0x28) && !this.arguments(fpath, f)) return false;
    if (!this.directives(fpath, f)) return false;
    if (this.isPunct(0x7B)) return this.selectionSet(fpath, fieldDepth);
    return true;
  }

  // Depth through fragment spreads; fragments are resolved by name across the document.
  effective(u: Unit): i32 {
    if (u.state == 2) return u.effective;
    if (u.state == 1) return -1; // cycle
    u.state = 1;
    let d = u.ownDepth;
    for (let i = 0; i < u.spreadNames.length; i++) {
      let name = u.spreadNames[i];
      if (!this.fragments.has(name)) continue; // unknown fragment: the server rejects it
      let e = this.effective(this.fragments.get(name));
      if (e < 0) return -1;
      let total = u.spreadDepths[i] + e;
      if (total > d) d = total;
    }
    u.state = 2;
    u.effective = d;
    return d;
  }

  checkDepths(): ParseError | null {
    let lim = this.limits.nestingDepth;
    for (let i = 0; i < this.units.length; i++) {
      let u = this.units[i];
      // Iterative deepening is not needed: the chain of fragments is at most
      // the number of fragments, each visited once (memoised).
      let d = this.effective(u);
      if (d < 0) return new ParseError("graphql_syntax", "fragment cycle", location(u.path));
      if (lim > 0 && d > lim) return new ParseError("graphql_nesting_depth", "query nested too deeply", location(u.path), <i64>lim, <i64>d);
    }
    return null;
  }
}

// The spec's BlockStringValue: common indentation removed, blank first and last lines dropped.
function blockStringValue(raw: string): string {
  let lines = raw.replaceAll("\r\n", "\n").replaceAll("\r", "\n").split("\n");
  let common = -1;
  for (let i = 1; i < lines.length; i++) {
    let l = lines[i];
    let j = 0;
    while (j < l.length && (l.charCodeAt(j) == 0x20 || l.charCodeAt(j) == 0x09)) j++;
    if (j < l.length && (common < 0 || j < common)) common = j;
  }
  if (common > 0) for (let i = 1; i < lines.length; i++) lines[i] = lines[i].length >= common ? lines[i].substring(common) : "";
  let a = 0, b = lines.length;
  while (a < b && lines[a].trim().length == 0) a++;
  while (b > a && lines[b - 1].trim().length == 0) b--;
  return lines.slice(a, b).join("\n");
}

export function parseGraphQL(query: string, limits: GraphQLLimits, out: Array<Item>): ParseError | null {
  let p = new GraphQLParser(query, limits, out);
  let err = p.document();
  return err !== null ? err : p.err;
}
