// What the parsers produce: a flat list of inspection items, one per name/value
// the application will read, and a ParseError when the input cannot be read
// (or a structural limit stopped the parser). Deny rules and Limits run over
// the items; they never see the parsers' internals.
import { Transformed } from "../transform/cache";
import { JsonDoc, TOK_ESCAPED } from "./json_doc";
export { ItemFlag } from "../transform/flags";

export const enum Source {
  Path = 0, PathSegment = 1, Query = 2, Post = 3, Header = 4, Cookie = 5,
  Json = 6, GraphQL = 7, MultipartFile = 8, MultipartHeader = 9,
}

// The source of a body no parser reads (parse/raw_body.ts): XML text and
// attribute values, or the whole text. Kept out of Source because it is not a
// rule location (src/rules/vocabulary.js mirrors Source): the deny rules read
// these items as Post data.
export const SOURCE_BODY: Source = <Source>10;

// The JSON/GraphQL type of a value (Text for everything that is not JSON/GraphQL).
export const enum ValueType { Text = 0, Number = 1, Boolean = 2, Null = 3, Enum = 4, Variable = 5 }

// Fields few items need, kept out of Item so the common item stays small
// (every managed field costs a GC write barrier when an item is built).
class ItemExtras {
  rawName: string | null = null;
  field: string = "";
  argument: string = "";
}

export class Item {
  source: Source;
  // The value; null for a JSON item until its first read (decoded then from
  // the body by its document, json_doc.ts, and kept).
  private _value: string | null;
  // `raw` when it is not the same string as `value`, else null: most values
  // are sent as is, and leaving the field empty saves a write barrier per item.
  // (JSON items: null means "the token", decoded on read when it has escapes.)
  private _raw: string | null;
  // JSON object keys, GraphQL field and argument names: `value` is the key,
  // `name` the path of the object (or field) that holds it.
  isKey: bool;
  // PathSegment: the segment index; multipart items: the part index; else -1.
  index: i32 = -1;
  // ItemFlag bits of the name and the value.
  flags: u32;
  // Extension (backward compatible with the agreed API): JSON and GraphQL
  // values: the literal's type (Text for strings).
  valueType: ValueType;
  // Lazily created by transform/cache.ts get().
  // (Fields whose initial value is zero or null have no initialiser: __new
  // zero-fills, and an explicit one costs a store, for a reference a GC
  // write-barrier call, per item.)
  transformed: Transformed | null;

  // The name; null for JSON items, whose JSONPath is built from their
  // document's node rows on each read of `name` (not cached: memory stays
  // linear in the body for hostile documents; read it once).
  private _name: string | null;
  private _extras: ItemExtras | null;

  // JSON items: the document they belong to (set once, for the item's life:
  // items are recycled with their document) and their row, scalars only so
  // that the parser stores no reference per item. Read by json_doc.ts only.
  _doc: JsonDoc | null;
  // The token: byte offset in the body (after the quote for strings) and length.
  _start: u32;
  _len: u32;
  // The value's length in UTF-16 code units (valueLength without decoding).
  _units: i32;
  // TOK_ESCAPED / TOK_NON_ASCII of a string token.
  _kind: u32;
  // The path: parent container node (-1: none), then the member key (its
  // token offset, -1: none, and its length word) or the array index (-1: none).
  // (Written by the parser for every JSON item; unused otherwise.)
  _node: i32;
  _keyStart: i32;
  _keyLen: u32;
  _pathIndex: i32;

  constructor(source: Source, name: string | null, value: string, raw: string) {
    this.source = source;
    this._name = name;
    this._value = value;
    if (changetype<usize>(raw) != changetype<usize>(value)) this._raw = raw;
  }

  // The value as the application reads it (form: percent-decoded with '+' as
  // space; JSON: the unescaped string, or the literal text of numbers, true,
  // false, null).
  get value(): string {
    let v = this._value;
    if (changetype<usize>(v) != 0) return changetype<string>(v);
    let d = this._doc;
    if (changetype<usize>(d) == 0) return "";
    let s = changetype<JsonDoc>(d).valueOf(this);
    this._value = s;
    return s;
  }
  // Is this JSON item's value the same text as `other`'s, by their tokens: both
  // of one document, plain ASCII without escapes, equal bytes, and neither
  // value replaced since the parse (a replacement sets `_raw`)? No string is made.
  sameJsonToken(other: Item): bool {
    let d = this._doc;
    if (changetype<usize>(d) == 0 || changetype<usize>(other._doc) != changetype<usize>(d)) return false;
    if (this._kind != 0 || other._kind != 0 || this._len != other._len) return false;
    if (changetype<usize>(this._raw) != 0 || changetype<usize>(other._raw) != 0) return false;
    let base = changetype<JsonDoc>(d).base;
    return memory.compare(base + <usize>this._start, base + <usize>other._start, <usize>this._len) == 0;
  }

  // Replacing the value keeps the raw form (which was the old value if unset).
  set value(v: string) {
    if (changetype<usize>(this._raw) == 0) this._raw = this.raw;
    this._value = v;
  }

  // The value's length in UTF-16 code units, as `value.length`, without
  // decoding a JSON value that nobody read yet.
  get valueLength(): i32 {
    let v = this._value;
    if (changetype<usize>(v) != 0) return changetype<string>(v).length;
    return changetype<usize>(this._doc) != 0 ? this._units : 0;
  }

  // The value as it appeared on the wire (form: undecoded; JSON: the token
  // including escapes, without quotes). The same string as `value` when equal.
  get raw(): string {
    let r = this._raw;
    if (changetype<usize>(r) != 0) return changetype<string>(r);
    let d = this._doc;
    if (changetype<usize>(d) != 0 && (this._kind & TOK_ESCAPED) != 0 && this.valueType == ValueType.Text) {
      let s = changetype<JsonDoc>(d).rawOf(this);
      this._raw = s;
      return s;
    }
    return this.value;
  }
  set raw(v: string) {
    if (changetype<usize>(this._doc) != 0) { this._raw = v; return; }
    this._raw = changetype<usize>(v) != changetype<usize>(this.value) ? v : null;
  }

  // Parameter/header/cookie name (decoded); JSONPath for JSON
  // ("$.order.items[3].name", at most MAX_PATH_CHARS characters, longer ones
  // end with "..."); for GraphQL the selection path ("query.user.friends").
  get name(): string {
    let n = this._name;
    if (changetype<usize>(n) != 0) return changetype<string>(n);
    let d = this._doc;
    if (changetype<usize>(d) == 0) return "$";
    return changetype<JsonDoc>(d).path(this._node, this._keyStart, this._keyLen, this._pathIndex);
  }

  set name(v: string) { this._name = v; }

  // A recycled item (parse/json_doc.ts) as a form or query parameter: `raw`
  // null when it is `value`, or when it is the body bytes at `rawStart`
  // (`rawKind`: TOK_NON_ASCII), decoded on first read.
  setParameter(source: Source, name: string, rawName: string, value: string, raw: string | null, rawStart: u32, rawLen: u32, rawKind: u32, flags: u32): void {
    this.source = source;
    this._name = name;
    this._value = value;
    if (changetype<usize>(raw) != 0) this._raw = raw;
    this._start = rawStart;
    this._len = rawLen;
    this._kind = rawKind;
    this.isKey = false;
    this.valueType = ValueType.Text;
    this.flags = flags;
    if (changetype<usize>(rawName) != changetype<usize>(name)) this.rawName = rawName;
  }

  // Makes a new item one of `doc`'s recycled JSON items.
  makeLazy(doc: JsonDoc): void {
    this._value = null;
    this._doc = doc;
  }

  // After a document is released: back to the state of a freshly parsed JSON
  // item, keeping nothing of its request (no strings, transformation cache or
  // extras). Stores only fields that differ (each reference store is a
  // write-barrier call); the parser rewrites the scalar row fields.
  clearForPool(): void {
    // (Null tests by address: `!== null` on a string calls String.__ne.)
    if (changetype<usize>(this._value) != 0) this._value = null;
    if (changetype<usize>(this._raw) != 0) this._raw = null;
    if (changetype<usize>(this.transformed) != 0) this.transformed = null;
    if (changetype<usize>(this._name) != 0) this._name = null;
    if (changetype<usize>(this._extras) != 0) this._extras = null;
    this.source = Source.Json;
    this.index = -1;
  }

  private extras(): ItemExtras {
    let e = this._extras;
    if (e === null) { e = new ItemExtras(); this._extras = e; }
    return e;
  }

  // Extension: form and multipart: the name as sent (undecoded); the decoded
  // name when it was sent as is; "" for JSON and GraphQL.
  get rawName(): string {
    let e = this._extras;
    if (e !== null && e.rawName !== null) return e.rawName!;
    let n = this._name;
    return n !== null && this.source != Source.Json && this.source != Source.GraphQL ? n : "";
  }
  set rawName(v: string) {
    let n = this._name;
    if (n !== null && v == n && this._extras === null) return; // the common case costs nothing
    this.extras().rawName = v;
  }

  // Extension: GraphQL: the field and argument a value belongs to ("" if none).
  get field(): string { let e = this._extras; return e !== null ? e.field : ""; }
  set field(v: string) { if (v.length > 0 || this._extras !== null) this.extras().field = v; }
  get argument(): string { let e = this._extras; return e !== null ? e.argument : ""; }
  set argument(v: string) { if (v.length > 0 || this._extras !== null) this.extras().argument = v; }
}

export class ParseError {
  constructor(
    // snake case: json_syntax, json_nesting_depth, json_key_count,
    // json_element_count, form_syntax, multipart_boundary, multipart_syntax,
    // multipart_nested, graphql_syntax, graphql_nesting_depth.
    public subtype: string,
    // Short; never contains request data.
    public message: string,
    // Where: a JSONPath, a GraphQL path, "part 3", or "" (never a value).
    public location: string = "",
    // For limit subtypes: the configured limit and the value that crossed it
    // (parsers stop at the first excess, so `observed` is limit + 1).
    public limit: i64 = 0,
    public observed: i64 = 0,
    // Byte offset in the input where the problem was found (-1 if not applicable).
    public offset: i32 = -1,
  ) {}

  isLimit(): bool { return this.limit != 0 || this.observed != 0; }
}
