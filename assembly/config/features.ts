// The parsed parser and limits sections of a policy (schema $defs parser, limits).
// Built once per configuration (features_parse.ts); read by the Parser and Limits stages.
import { Regex } from "../regex/regex";
import { StringMatcher } from "../match/string-matcher";
import { RequestConditions } from "../match/conditions";

// Which parser handles a request body. None: the body is not parsed and only
// general.bodySize applies (content types no parser claims, or a `skip` rule).
// Raw: no parser reads it, but the deny rules inspect it (parse/raw_body.ts);
// its size limit is general.bodySize.
export const enum BodyKind { None = 0, Form = 1, Json = 2, Multipart = 3, GraphQL = 4, Raw = 5 }

export function bodyKindName(k: BodyKind): string {
  switch (k) {
    case BodyKind.Form: return "form";
    case BodyKind.Json: return "json";
    case BodyKind.Multipart: return "multipart";
    case BodyKind.GraphQL: return "graphql";
    case BodyKind.Raw: return "raw";
  }
  return "none";
}

export class ParserRule {
  constructor(public conditions: RequestConditions, public action: BodyKind) {}
}

export class ParserSettings {
  defaultContentType: string = "application/x-www-form-urlencoded";
  formEnabled: bool = true;
  jsonEnabled: bool = true;
  multipartEnabled: bool = true;
  // Full match on the lowercased media type.
  formPattern: Regex | null = null;
  jsonPattern: Regex | null = null;
  multipartPattern: Regex | null = null;
  rules: Array<ParserRule> = new Array<ParserRule>();
}

export const enum ParamSource { Query = 1, Post = 2, Any = 3 }
export const enum ExceptionKind { Parameter = 0, Json = 1, GraphQL = 2 }

// A length exemption. Items it matches skip the name/key and value length limits.
export class LengthException {
  conditions: RequestConditions | null = null;
  kind: ExceptionKind = ExceptionKind.Parameter;
  paramName: StringMatcher | null = null;
  paramSource: ParamSource = ParamSource.Any;
  // Split JSONPath: "$.a.b[0]" -> ["a", "b", "[0]"]; "[*]" matches any index.
  jsonPath: Array<string> = new Array<string>();
  jsonPathText: string = "";
  gqlField: StringMatcher | null = null;
  gqlArgument: StringMatcher | null = null;
  gqlValue: StringMatcher | null = null;
}

// Byte limits are i64 (0 = unlimited); count limits i32 (0 = unlimited).
export class LimitsSettings {
  logOnly: bool = false;
  unlimited: bool = false;
  generalBodySize: i64 = 104857600;
  pathLength: i64 = 1024;
  paramBodySize: i64 = 102400;
  paramCount: i32 = 128;
  paramNameLength: i64 = 128;
  paramValueLength: i64 = 8192;
  jsonBodySize: i64 = 102400;
  jsonNestingDepth: i32 = 100;
  jsonKeyCount: i32 = 250;
  jsonElementCount: i32 = 10000;
  jsonKeyLength: i64 = 128;
  jsonValueLength: i64 = 8192;
  multipartBodySize: i64 = 104857600;
  graphQLQuerySize: i64 = 1024;
  graphQLNestingDepth: i32 = 10;
  graphQLValueLength: i64 = 256;
  exceptions: Array<LengthException> = new Array<LengthException>();

  // The body limit for a body of this kind (0 = unlimited).
  bodyLimit(kind: BodyKind): i64 {
    if (this.unlimited) return 0;
    switch (kind) {
      case BodyKind.Form: return this.paramBodySize;
      case BodyKind.Json: return this.jsonBodySize;
      case BodyKind.Multipart: return this.multipartBodySize;
      case BodyKind.GraphQL: return this.graphQLQuerySize;
    }
    return this.generalBodySize;
  }
}

// Splits a JSONPath as the JSON parser writes it: "$.a.b[3]", "$['x y']" -> segments.
// Returns null when it is not of that form.
export function splitJsonPath(path: string): Array<string> | null {
  if (path.length == 0 || path.charCodeAt(0) != 0x24) return null;
  let out = new Array<string>();
  let i = 1, n = path.length;
  while (i < n) {
    let c = path.charCodeAt(i);
    if (c == 0x2E) { // .name
      let start = ++i;
      while (i < n) { let d = path.charCodeAt(i); if (d == 0x2E || d == 0x5B) break; i++; }
      if (i == start) return null;
      out.push(path.substring(start, i));
    } else if (c == 0x5B) { // [n] [*] ['name']
      let close = path.indexOf("]", i);
      if (close < 0) return null;
      let inner = path.substring(i + 1, close);
      if (inner.length >= 2 && (inner.charCodeAt(0) == 0x27 || inner.charCodeAt(0) == 0x22) && inner.charCodeAt(inner.length - 1) == inner.charCodeAt(0)) {
        out.push(inner.substring(1, inner.length - 1));
      } else {
        if (inner.length == 0) return null;
        out.push("[" + inner + "]");
      }
      i = close + 1;
    } else return null;
  }
  return out;
}

// Whether a concrete path (from the parser) is the exempted path or inside it.
export function jsonPathCovers(pattern: Array<string>, concrete: Array<string>): bool {
  if (concrete.length < pattern.length) return false;
  for (let i = 0; i < pattern.length; i++) {
    let p = pattern[i];
    let c = concrete[i];
    if (p == "[*]") { if (c.length < 2 || c.charCodeAt(0) != 0x5B) return false; continue; }
    if (p != c) return false;
  }
  return true;
}
