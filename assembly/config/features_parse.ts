// Reads a policy's `parser` and `limits` sections (schema $defs parser, limits)
// into ParserSettings / LimitsSettings. Errors name the JSON path, e.g.
// `policies[1].parser.json.mediaTypePattern: invalid regex: missing ) at offset 3`.
import { ObjectFields, itemPath } from "./reader";
import { JsonKind } from "./json";
import { readConditions, readMatcher, readFullRegex } from "./conditions";
import {
  BodyKind, ParserRule, ParserSettings, LimitsSettings, LengthException, ExceptionKind, ParamSource, splitJsonPath,
} from "./features";

const MAX_RULES: i32 = 4096;
const MAX_PATTERN: i32 = 1024;
// Integers JSON numbers carry exactly (the schema's maximum for byte sizes).
const MAX_BYTES: i64 = 9007199254740991;
const MAX_COUNT: i64 = 2147483647;
const RULE_ACTIONS: Array<string> = ["form", "json", "multipart", "skip"];
const MODES: Array<string> = ["Block", "LogOnly"];
const SOURCES: Array<string> = ["Query", "Post", "Any"];

export function readParser(o: ObjectFields | null): ParserSettings | null {
  if (o === null) return null;
  let reader = o.reader;
  let s = new ParserSettings();
  s.defaultContentType = o.requiredString("defaultContentType", 1, 128);
  let form = o.requiredObject("form");
  if (form !== null) { s.formEnabled = form.requiredBool("enable"); s.formPattern = readFullRegex(form, "mediaTypePattern", MAX_PATTERN); form.finish(); }
  let json = o.requiredObject("json");
  if (json !== null) { s.jsonEnabled = json.requiredBool("enable"); s.jsonPattern = readFullRegex(json, "mediaTypePattern", MAX_PATTERN); json.finish(); }
  let mp = o.requiredObject("multipart");
  if (mp !== null) { s.multipartEnabled = mp.requiredBool("enable"); s.multipartPattern = readFullRegex(mp, "mediaTypePattern", MAX_PATTERN); mp.finish(); }
  let rules = o.optionalArray("rules", 0, MAX_RULES);
  let base = o.fieldPath("rules");
  for (let i = 0; i < rules.length && !reader.failed; i++) {
    let r = reader.objectAt(rules[i], itemPath(base, i));
    if (r === null) break;
    let conditions = readConditions(r.requiredObject("requestConditions"));
    let action = r.requiredEnum("action", RULE_ACTIONS);
    r.finish();
    if (reader.failed || conditions === null) break;
    let kind = action == "form" ? BodyKind.Form : action == "json" ? BodyKind.Json : action == "multipart" ? BodyKind.Multipart : BodyKind.None;
    s.rules.push(new ParserRule(conditions, kind));
  }
  o.finish();
  return reader.failed ? null : s;
}

export function readLimits(o: ObjectFields | null): LimitsSettings | null {
  if (o === null) return null;
  let reader = o.reader;
  let s = new LimitsSettings();
  s.logOnly = o.requiredEnum("threatHandlingMode", MODES) == "LogOnly";
  if (o.has("unlimited")) {
    let v = o.field("unlimited")!;
    if (v.kind != JsonKind.Bool || !v.boolValue) reader.fail(o.fieldPath("unlimited"), "must be true (omit it to apply the limits)");
    s.unlimited = true;
    for (let i = 0; i < GROUPS.length; i++) {
      if (o.has(GROUPS[i])) { reader.fail(o.fieldPath(GROUPS[i]), "not allowed together with unlimited"); break; }
    }
    o.finish();
    return reader.failed ? null : s;
  }
  let g = o.requiredObject("general");
  if (g !== null) {
    s.generalBodySize = g.requiredInteger("bodySize", 0, MAX_BYTES);
    s.pathLength = g.requiredInteger("pathLength", 0, MAX_BYTES);
    g.finish();
  }
  let p = o.requiredObject("parameter");
  if (p !== null) {
    s.paramBodySize = p.requiredInteger("bodySize", 0, MAX_BYTES);
    s.paramCount = <i32>p.requiredInteger("count", 0, MAX_COUNT);
    s.paramNameLength = p.requiredInteger("nameLength", 0, MAX_BYTES);
    s.paramValueLength = p.requiredInteger("valueLength", 0, MAX_BYTES);
    p.finish();
  }
  let j = o.requiredObject("json");
  if (j !== null) {
    s.jsonBodySize = j.requiredInteger("bodySize", 0, MAX_BYTES);
    s.jsonNestingDepth = <i32>j.requiredInteger("nestingDepth", 0, MAX_COUNT);
    s.jsonKeyCount = <i32>j.requiredInteger("keyCount", 0, MAX_COUNT);
    s.jsonElementCount = <i32>j.requiredInteger("elementCount", 0, MAX_COUNT);
    s.jsonKeyLength = j.requiredInteger("keyLength", 0, MAX_BYTES);
    s.jsonValueLength = j.requiredInteger("valueLength", 0, MAX_BYTES);
    j.finish();
  }
  let m = o.requiredObject("multipart");
  if (m !== null) { s.multipartBodySize = m.requiredInteger("bodySize", 0, MAX_BYTES); m.finish(); }
  let q = o.requiredObject("graphQL");
  if (q !== null) {
    s.graphQLQuerySize = q.requiredInteger("querySize", 0, MAX_BYTES);
    s.graphQLNestingDepth = <i32>q.requiredInteger("nestingDepth", 0, MAX_COUNT);
    s.graphQLValueLength = q.requiredInteger("valueLength", 0, MAX_BYTES);
    q.finish();
  }
  let items = o.optionalArray("exceptions", 0, MAX_RULES);
  let base = o.fieldPath("exceptions");
  for (let i = 0; i < items.length && !reader.failed; i++) {
    let e = reader.objectAt(items[i], itemPath(base, i));
    if (e === null) break;
    let x = readException(e);
    if (x !== null) s.exceptions.push(x);
  }
  o.finish();
  return reader.failed ? null : s;
}

const GROUPS: Array<string> = ["general", "parameter", "json", "multipart", "graphQL", "exceptions"];

function readException(e: ObjectFields): LengthException | null {
  let reader = e.reader;
  let x = new LengthException();
  let rc = e.optionalObject("requestConditions");
  if (rc !== null) x.conditions = readConditions(rc);
  let count = 0;
  let param = e.optionalObject("parameter");
  if (param !== null) {
    count++;
    x.kind = ExceptionKind.Parameter;
    x.paramName = readMatcher(param.requiredObject("name"), false);
    let src = param.requiredEnum("source", SOURCES);
    x.paramSource = src == "Query" ? ParamSource.Query : src == "Post" ? ParamSource.Post : ParamSource.Any;
    param.finish();
  }
  let json = e.optionalObject("json");
  if (json !== null) {
    count++;
    x.kind = ExceptionKind.Json;
    let text = json.requiredString("jsonPath", 1, 2048);
    json.finish();
    if (!reader.failed) {
      let split = splitJsonPath(text);
      if (split === null) reader.fail(json.fieldPath("jsonPath"), "expected a JSONPath such as $.a.b[0] or $['a b'][*], got \"" + text + "\"");
      else { x.jsonPath = split; x.jsonPathText = text; }
    }
  }
  let gql = e.optionalObject("graphQL");
  if (gql !== null) {
    count++;
    x.kind = ExceptionKind.GraphQL;
    x.gqlField = readMatcher(gql.optionalObject("field"), false);
    x.gqlArgument = readMatcher(gql.optionalObject("argument"), false);
    x.gqlValue = readMatcher(gql.optionalObject("value"), false);
    if (!reader.failed && x.gqlField === null && x.gqlArgument === null && x.gqlValue === null) reader.fail(gql.path, "set at least one of field, argument, value");
    gql.finish();
  }
  e.finish();
  if (!reader.failed && count != 1) reader.fail(e.path, "set exactly one of parameter, json, graphQL");
  return reader.failed ? null : x;
}
