// What the parsers produce: a flat list of inspection items, one per name/value
// the application will read, and a ParseError when the input cannot be read
// (or a structural limit stopped the parser). Deny rules and Limits run over
// the items; they never see the parsers' internals.
import { Transformed } from "../transform/cache";
import { PathNode, pathString } from "./json_path";
import { takePooled } from "./item_pool";
export { ItemFlag } from "../transform/flags";

export const enum Source {
  Path = 0, PathSegment = 1, Query = 2, Post = 3, Header = 4, Cookie = 5,
  Json = 6, GraphQL = 7, MultipartFile = 8, MultipartHeader = 9,
}

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
  private _value: string;
  // `raw` when it is not the same string as `value`, else null: most values
  // are sent as is, and leaving the field empty saves a write barrier per item.
  private _raw: string | null;
  // JSON object keys, GraphQL field and argument names: `value` is the key,
  // `name` the path of the object (or field) that holds it.
  isKey: bool = false;
  // PathSegment: the segment index; multipart items: the part index; else -1.
  index: i32 = -1;
  // ItemFlag bits of the name and the value.
  flags: u32 = 0;
  // Extension (backward compatible with the agreed API): JSON and GraphQL
  // values: the literal's type (Text for strings).
  valueType: ValueType = ValueType.Text;
  // Lazily created by transform/cache.ts get().
  // (Nullable fields have no initialiser: __new zero-fills, and an explicit
  // `= null` would cost a GC write-barrier call per item.)
  transformed: Transformed | null;

  // The name; null for JSON items, whose JSONPath is built from
  // (node, key, index) on each read of `name` (not cached: memory stays linear
  // in the body for hostile documents; read it once).
  private _name: string | null;
  private _pathNode: PathNode | null;
  private _pathKey: string | null;
  private _pathIndex: i32 = -1;
  private _extras: ItemExtras | null;

  constructor(source: Source, name: string | null, value: string, raw: string) {
    this.source = source;
    this._name = name;
    this._value = value;
    if (changetype<usize>(raw) != changetype<usize>(value)) this._raw = raw;
  }

  // The value as the application reads it (form: percent-decoded with '+' as
  // space; JSON: the unescaped string, or the literal text of numbers, true,
  // false, null).
  get value(): string { return this._value; }
  // Replacing the value keeps the raw form (which was the old value if unset).
  set value(v: string) {
    if (changetype<usize>(this._raw) == 0) this._raw = this._value;
    this._value = v;
  }

  // The value as it appeared on the wire (form: undecoded; JSON: the token
  // including escapes, without quotes). The same string as `value` when equal.
  get raw(): string {
    let r = this._raw;
    return changetype<usize>(r) != 0 ? changetype<string>(r) : this.value;
  }
  set raw(v: string) { this._raw = changetype<usize>(v) != changetype<usize>(this.value) ? v : null; }

  // Parameter/header/cookie name (decoded); JSONPath for JSON
  // ("$.order.items[3].name", at most MAX_PATH_CHARS characters, longer ones
  // end with "..."); for GraphQL the selection path ("query.user.friends").
  get name(): string {
    let n = this._name;
    if (changetype<usize>(n) != 0) return changetype<string>(n);
    return pathString(this._pathNode, this._pathKey, this._pathIndex);
  }

  set name(v: string) { this._name = v; }

  // A JSON item in one step, recycled from the item pool when it has one
  // (parse/item_pool.ts): each field is stored once.
  static json(value: string, raw: string, node: PathNode | null, key: string | null, index: i32, type: ValueType, flags: u32, isKey: bool): Item {
    let it = takePooled();
    if (it === null) it = new Item(Source.Json, null, value, raw);
    else {
      // A pooled item was cleared on release (no references, index -1):
      // only what differs from that state is stored.
      it.source = Source.Json;
      it._value = value;
      if (changetype<usize>(raw) != changetype<usize>(value)) it._raw = raw;
    }
    it._pathNode = node;
    it._pathKey = key;
    it._pathIndex = index;
    it.valueType = type;
    it.flags = flags;
    it.isKey = isKey;
    return it;
  }

  // Back to the state of a new Item(Source.Json, null, "", ""): a pooled item
  // keeps nothing of its request and holds no strings or paths. Stores
  // only fields that differ (each reference store is a write-barrier call).
  clearForPool(): void {
    this._value = "";
    if (changetype<usize>(this._raw) != 0) this._raw = null;
    this.isKey = false;
    this.index = -1;
    this.flags = 0;
    this.valueType = ValueType.Text;
    // (Null tests by address: `!== null` on a string calls String.__ne.)
    if (changetype<usize>(this.transformed) != 0) this.transformed = null;
    if (changetype<usize>(this._name) != 0) this._name = null;
    if (changetype<usize>(this._pathNode) != 0) this._pathNode = null;
    if (changetype<usize>(this._pathKey) != 0) this._pathKey = null;
    this._pathIndex = -1;
    if (changetype<usize>(this._extras) != 0) this._extras = null;
  }

  // JSON: the item's path is `key` (or `index`) below `node` (null node = the root).
  setJsonPath(node: PathNode | null, key: string | null, index: i32): void {
    this._name = null;
    this._pathNode = node;
    this._pathKey = key;
    this._pathIndex = index;
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
