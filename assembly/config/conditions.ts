// Readers for the shared building blocks of the feature sections: StringMatcher,
// the case-insensitive matcher and RequestConditions ($defs of the v1 schema).
// Matchers and regexes are compiled here, once per configuration; a pattern that
// does not compile is a configuration error naming its field.
import { ObjectFields, itemPath } from "./reader";
import { StringMatcher, matchKindFromName, MAX_MATCHER_VALUE } from "../match/string-matcher";
import { RequestConditions, HeaderCondition, methodBit, METHOD_NAMES } from "../match/conditions";
import { CidrSet, MAX_CIDR_RANGES, MAX_CIDR_LENGTH } from "../match/cidr";
import { Regex, MatchMode } from "../regex/regex";

const MATCHER_KINDS: Array<string> = ["exact", "prefix", "suffix", "contains", "regex"];

// Reads a matcher object (exactly one kind; `ignoreCase` only when caseSensitive
// matchers are allowed). Returns null after reporting an error.
export function readMatcher(o: ObjectFields | null, caseInsensitive: bool): StringMatcher | null {
  if (o === null) return null;
  let reader = o.reader;
  let kind = -1;
  let value = "";
  let kindName = "";
  for (let i = 0; i < MATCHER_KINDS.length; i++) {
    let name = MATCHER_KINDS[i];
    if (!o.has(name)) { o.field(name); continue; }
    let v = o.requiredString(name, 1, MAX_MATCHER_VALUE);
    if (kind >= 0) { reader.fail(o.fieldPath(name), "set exactly one of exact, prefix, suffix, contains, regex (also " + kindName + ")"); return null; }
    kind = matchKindFromName(name);
    value = v;
    kindName = name;
  }
  let ignoreCase = caseInsensitive ? true : o.optionalBool("ignoreCase", false);
  o.finish();
  if (reader.failed) return null;
  if (kind < 0) { reader.fail(o.path, "set exactly one of exact, prefix, suffix, contains, regex"); return null; }
  let r = StringMatcher.create(kind, value, ignoreCase);
  if (r.matcher === null) { reader.fail(o.fieldPath(kindName), r.error); return null; }
  return r.matcher;
}

export function readConditions(o: ObjectFields | null): RequestConditions | null {
  if (o === null) return null;
  let reader = o.reader;
  let c = new RequestConditions();
  c.path = readMatcher(o.optionalObject("path"), false);
  let methods = o.optionalStringArray("methods", 16, 1, 16);
  for (let i = 0; i < methods.length && !reader.failed; i++) {
    let bit = methodBit(methods[i]);
    if (bit == 0) {
      reader.fail(itemPath(o.fieldPath("methods"), i), "unknown method \"" + methods[i] + "\" (allowed: " + METHOD_NAMES.join(", ") + ")");
      break;
    }
    c.methods |= bit;
  }
  let header = o.optionalObject("header");
  if (header !== null) {
    let h = new HeaderCondition();
    h.name = readMatcher(header.requiredObject("name"), true);
    h.value = readMatcher(header.optionalObject("value"), false);
    header.finish();
    c.header = h;
  }
  c.mediaType = readMatcher(o.optionalObject("mediaType"), true);
  let ip = o.optionalObject("remoteIP");
  if (ip !== null) {
    let ranges = ip.requiredArray("cidrRanges", 1, MAX_CIDR_RANGES);
    let list = new Array<string>();
    let base = ip.fieldPath("cidrRanges");
    for (let i = 0; i < ranges.length && !reader.failed; i++) list.push(ip.checkString(itemPath(base, i), ranges[i], 1, MAX_CIDR_LENGTH));
    c.remoteIPInvert = ip.optionalBool("invert", false);
    ip.finish();
    if (!reader.failed) {
      let parsed = CidrSet.parse(list);
      if (parsed.ranges === null) reader.fail(parsed.index >= 0 ? itemPath(base, parsed.index) : base, parsed.error);
      else c.remoteIP = parsed.ranges;
    }
  }
  c.invert = o.optionalBool("invert", false);
  o.finish();
  return reader.failed ? null : c;
}

// A regex that must match the whole value (Envoy safe_regex semantics).
export function readFullRegex(o: ObjectFields, name: string, maxLength: i32): Regex | null {
  let pattern = o.requiredString(name, 1, maxLength);
  if (o.reader.failed) return null;
  let c = Regex.compile(pattern, MatchMode.Full);
  if (c.regex === null) { o.reader.fail(o.fieldPath(name), "invalid regex: " + c.error!.toString()); return null; }
  return c.regex;
}
