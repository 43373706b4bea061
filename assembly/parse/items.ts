// What the parsers produce: a flat list of inspection items, one per name/value
// the application will read, and a ParseError when the input cannot be read
// (or a structural limit stopped the parser). Deny rules and Limits run over
// the items; they never see the parsers' internals.
import { Transformed } from "../transform/cache";
import { PathNode, pathString } from "./json_path";
export { ItemFlag } from "../transform/flags";

export const enum Source {
  Path = 0, PathSegment = 1, Query = 2, Post = 3, Header = 4, Cookie = 5,
  Json = 6, GraphQL = 7, MultipartFile = 8, MultipartHeader = 9,
}

// The JSON/GraphQL type of a value (Text for everything that is not JSON/GraphQL).
export const enum ValueType { Text = 0, Number = 1, Boolean = 2, Null = 3, Enum = 4, Variable = 5 }

export class Item {
  source: Source;
  // Parameter/header/cookie name (decoded) in `_name`. JSON items keep their
  // path as (node, key, index) and build the JSONPath string on each read of
  // `name` (not cached: bounded memory for hostile documents; read it once).
  private _name: string;
  private _pathNode: PathNode | null = null;
  private _pathKey: string | null = null;
  private _pathIndex: i32 = -1;
  private _lazyName: bool = false;
  // The value as the application reads it (form: percent-decoded with '+' as
  // space; JSON: the unescaped string, or the literal text of numbers, true,
  // false, null).
  value: string;
  // The value as it appeared on the wire (form: undecoded; JSON: the token
  // including escapes, without quotes). The same string as `value` when equal.
  raw: string;
  // JSON object keys, GraphQL field and argument names: `value` is the key,
  // `name` the path of the object (or field) that holds it.
  isKey: bool = false;
  // PathSegment: the segment index; multipart items: the part index; else -1.
  index: i32 = -1;
  // ItemFlag bits of the name and the value.
  flags: u32 = 0;
  // Extensions (backward compatible with the agreed API):
  // form and multipart: the name as sent (undecoded / unescaped as written).
  rawName: string = "";
  // JSON and GraphQL values: the literal's type (Text for strings).
  valueType: ValueType = ValueType.Text;
  // GraphQL: the field name and the argument name the value belongs to ("" if none).
  field: string = "";
  argument: string = "";
  // Lazily created by transform/cache.ts get().
  transformed: Transformed | null = null;

  constructor(source: Source, name: string, value: string, raw: string) {
    this.source = source;
    this._name = name;
    this.value = value;
    this.raw = raw;
  }

  // Parameter/header/cookie name (decoded); JSONPath for JSON
  // ("$.order.items[3].name", at most MAX_PATH_CHARS characters, longer ones
  // end with "..."); for GraphQL the selection path ("query.user.friends").
  get name(): string {
    if (!this._lazyName) return this._name;
    return pathString(this._pathNode, this._pathKey, this._pathIndex);
  }

  set name(v: string) {
    this._name = v;
    this._lazyName = false;
  }

  // JSON: the item's path is `key` (or `index`) below `node` (null node = the root).
  setJsonPath(node: PathNode | null, key: string | null, index: i32): void {
    this._pathNode = node;
    this._pathKey = key;
    this._pathIndex = index;
    this._lazyName = true;
  }
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
