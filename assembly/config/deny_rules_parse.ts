// Reads a policy's `denyRules` section (schema $defs denyRules) into
// DenyRulesSettings and builds (or reuses) its automata. Errors name the JSON
// path, e.g. `policies[1].denyRules.overrides[0].ruleKeys[2]: unknown rule key "SQLI" (...)`.
import { ObjectFields, FieldReader, itemPath, listForMessage } from "./reader";
import { JsonValue } from "./json";
import { readConditions, readMatcher } from "./conditions";
import { splitJsonPath } from "./features";
import {
  DenyRulesSettings, DenyOverride, DenyException, CustomRule, DataMatch, DataKind, ParamSources,
  LEVEL_OFF, KEY_COUNT,
} from "./deny_rules";
import { KEY_NAMES } from "../rules/generated";
import { engineFor } from "../deny/engine";

export const MAX_OVERRIDES: i32 = 128;
export const MAX_EXCEPTIONS: i32 = 4096;
export const MAX_CUSTOM_RULES: i32 = 256;
const MAX_JSON_PATH: i32 = 2048;
const MAX_SEGMENT_INDEX: i64 = 1023;

const LEVELS: Array<string> = ["Unfiltered", "Basic", "Standard", "Strict"];
const MODES: Array<string> = ["Block", "LogOnly"];
const TYPES: Array<string> = ["Header", "Parameter", "Path", "PathSegment", "JSON", "GraphQL"];
const SOURCES: Array<string> = ["Query", "Post", "Any"];
const DATA_KINDS: Array<string> = ["parameter", "header", "path", "pathSegment", "json", "graphQL"];

function levelOf(name: string): i32 { return LEVELS.indexOf(name) - 1; }

export function readDenyRules(o: ObjectFields | null): DenyRulesSettings | null {
  if (o === null) return null;
  let reader = o.reader;
  let s = new DenyRulesSettings();
  s.level = levelOf(o.requiredEnum("level", LEVELS));
  s.logOnly = o.requiredEnum("threatHandlingMode", MODES) == "LogOnly";

  let overrides = o.optionalArray("overrides", 0, MAX_OVERRIDES);
  let base = o.fieldPath("overrides");
  for (let i = 0; i < overrides.length && !reader.failed; i++) {
    let v = reader.objectAt(overrides[i], itemPath(base, i));
    if (v === null) break;
    let ov = readOverride(v);
    if (ov !== null) s.overrides.push(ov);
  }
  let exceptions = o.optionalArray("exceptions", 0, MAX_EXCEPTIONS);
  base = o.fieldPath("exceptions");
  for (let i = 0; i < exceptions.length && !reader.failed; i++) {
    let v = reader.objectAt(exceptions[i], itemPath(base, i));
    if (v === null) break;
    let e = readException(v);
    if (e !== null) s.exceptions.push(e);
  }
  let rules = o.optionalArray("customRules", 0, MAX_CUSTOM_RULES);
  base = o.fieldPath("customRules");
  let keys = new Array<string>();
  for (let i = 0; i < rules.length && !reader.failed; i++) {
    let v = reader.objectAt(rules[i], itemPath(base, i));
    if (v === null) break;
    let r = readCustomRule(v);
    if (r === null) break;
    let dup = keys.indexOf(r.key);
    if (dup >= 0) { reader.fail(v.fieldPath("ruleKey"), "duplicate rule key \"" + r.key + "\" (also customRules[" + dup.toString() + "])"); break; }
    keys.push(r.key);
    s.custom.push(r);
  }
  o.finish();
  if (reader.failed) return null;

  s.resolve();
  if (s.builtInOn) {
    let r = engineFor(s.maxLevel, s.keyMask);
    // The first configuration pass only notes the engine (filter/root.ts).
    if (r.deferred) return s;
    if (r.engine === null) { reader.fail(o.path, "the built-in rules do not compile: " + r.error!); return null; }
    s.engine = r.engine;
  }
  return s;
}

// A rule-key list as a bit mask (bit per generated RuleKey).
function readKeys(o: ObjectFields, name: string): u32 {
  let reader = o.reader;
  let names = o.optionalStringArray(name, 32, 1, 32);
  if (o.has(name) && names.length == 0 && !reader.failed) reader.fail(o.fieldPath(name), "must not be empty (omit it for every rule key)");
  let mask: u32 = 0;
  for (let i = 0; i < names.length && !reader.failed; i++) {
    let k = KEY_NAMES.indexOf(names[i]);
    if (k < 0 || k >= KEY_COUNT) {
      reader.fail(itemPath(o.fieldPath(name), i), "unknown rule key \"" + names[i] + "\" (allowed: " + keyList() + ")");
      break;
    }
    mask |= <u32>1 << k;
  }
  return mask;
}

function keyList(): string {
  let names = new Array<string>();
  for (let i = 0; i < KEY_NAMES.length; i++) names.push(KEY_NAMES[i]);
  return listForMessage(names, 32);
}

function readOverride(o: ObjectFields): DenyOverride | null {
  let reader = o.reader;
  let ov = new DenyOverride();
  let hasKeys = o.has("ruleKeys");
  let hasTypes = o.has("types");
  if (hasKeys) ov.keys = readKeys(o, "ruleKeys");
  if (hasTypes) {
    let names = o.optionalStringArray("types", 8, 1, 16);
    if (names.length == 0 && !reader.failed) reader.fail(o.fieldPath("types"), "must not be empty (omit it for every type)");
    let types: u32 = 0;
    for (let i = 0; i < names.length && !reader.failed; i++) {
      let t = TYPES.indexOf(names[i]);
      if (t < 0) { reader.fail(itemPath(o.fieldPath("types"), i), "unknown type \"" + names[i] + "\" (allowed: " + TYPES.join(", ") + ")"); break; }
      types |= <u32>1 << t;
    }
    ov.types = types;
  }
  if (o.has("level")) ov.level = levelOf(o.requiredEnum("level", LEVELS));
  if (o.has("threatHandlingMode")) ov.mode = o.requiredEnum("threatHandlingMode", MODES) == "LogOnly" ? 1 : 0;
  o.finish();
  if (reader.failed) return null;
  if (!hasKeys && !hasTypes) { reader.fail(o.path, "set ruleKeys, types or both"); return null; }
  if (ov.level == -2 && ov.mode < 0) { reader.fail(o.path, "set level, threatHandlingMode or both"); return null; }
  return ov;
}

function readException(o: ObjectFields): DenyException | null {
  let reader = o.reader;
  let e = new DenyException();
  if (o.has("ruleKeys")) e.keys = readKeys(o, "ruleKeys");
  let rc = o.optionalObject("requestConditions");
  if (rc !== null) e.conditions = readConditions(rc);
  let d = readData(o, true);
  o.finish();
  if (reader.failed || d === null) return null;
  if (d.kind == DataKind.None && rc === null) {
    reader.fail(o.path, "set one of " + DATA_KINDS.join(", ") + ", or requestConditions, or both");
    return null;
  }
  e.data = d;
  return e;
}

const RULE_KEY_MAX: i32 = 64;

function readCustomRule(o: ObjectFields): CustomRule | null {
  let reader = o.reader;
  let key = o.requiredString("ruleKey", 1, RULE_KEY_MAX);
  if (!reader.failed && !isRuleKey(key)) {
    reader.fail(o.fieldPath("ruleKey"), "expected upper-case letters, digits and underscores, starting with a letter (e.g. NO_DEBUG_PARAM), got \"" + key + "\"");
  }
  let logOnly = o.optionalEnum("threatHandlingMode", MODES, "Block") == "LogOnly";
  let rc = o.optionalObject("requestConditions");
  let conditions = rc !== null ? readConditions(rc) : null;
  let d = readData(o, false);
  o.finish();
  if (reader.failed || d === null) return null;
  if (d.kind == DataKind.None) { reader.fail(o.path, "set exactly one of " + DATA_KINDS.join(", ")); return null; }
  return new CustomRule(key, "custom_" + key.toLowerCase(), logOnly, conditions, d);
}

function isRuleKey(s: string): bool {
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    let upper = c >= 0x41 && c <= 0x5A;
    if (i == 0 ? !upper : !(upper || (c >= 0x30 && c <= 0x39) || c == 0x5F)) return false;
  }
  return s.length > 0;
}

// The item description: at most one of parameter, header, path, pathSegment,
// json, graphQL (DataKind.None when absent). `exception` selects the
// blockedData form (parameter source, json path) over the blockData form.
function readData(o: ObjectFields, exception: bool): DataMatch | null {
  let reader = o.reader;
  let d = new DataMatch();
  let seen = "";
  let ok = true;
  let needed = "";
  for (let k = 0; k < DATA_KINDS.length; k++) {
    let name = DATA_KINDS[k];
    if (!o.has(name)) { o.field(name); continue; }
    if (seen.length > 0) { reader.fail(o.fieldPath(name), "set only one of " + DATA_KINDS.join(", ") + " (also " + seen + ")"); return null; }
    seen = name;
    if (name == "path") {
      d.kind = DataKind.Path;
      d.value = readMatcher(o.requiredObject("path"), false);
      continue;
    }
    let v = o.requiredObject(name);
    if (v === null) return null;
    needed = "";
    if (name == "parameter") {
      d.kind = DataKind.Parameter;
      d.name = readMatcher(v.optionalObject("name"), false);
      d.value = readMatcher(v.optionalObject("value"), false);
      if (exception) {
        let src = v.optionalEnum("source", SOURCES, "Any");
        d.paramSources = src == "Query" ? ParamSources.Query : src == "Post" ? ParamSources.Post : ParamSources.Any;
      }
      ok = d.name !== null || d.value !== null; needed = "name, value";
    } else if (name == "header") {
      d.kind = DataKind.Header;
      d.name = readMatcher(v.optionalObject("name"), true);
      d.value = readMatcher(v.optionalObject("value"), false);
      ok = d.name !== null || d.value !== null; needed = "name, value";
    } else if (name == "pathSegment") {
      d.kind = DataKind.PathSegment;
      d.value = exception ? readMatcher(v.optionalObject("value"), false) : readMatcher(v.requiredObject("value"), false);
      if (v.has("index")) d.segment = <i32>v.requiredInteger("index", 0, MAX_SEGMENT_INDEX);
      if (exception) { ok = d.value !== null || d.segment >= 0; needed = "value, index"; }
    } else if (name == "json") {
      d.kind = DataKind.Json;
      if (exception) {
        let text = v.requiredString("jsonPath", 1, MAX_JSON_PATH);
        if (!reader.failed) {
          let split = splitJsonPath(text);
          if (split === null || text.indexOf("?") >= 0) reader.fail(v.fieldPath("jsonPath"), "expected a JSONPath such as $.a.b[0] or $['a b'][*], got \"" + text + "\"");
          else d.jsonPath = split;
        }
      }
      d.name = readMatcher(v.optionalObject("key"), false);
      d.value = readMatcher(v.optionalObject("value"), false);
      if (exception && d.name !== null && d.value !== null) reader.fail(v.fieldPath("value"), "set at most one of key, value");
      if (!exception) { ok = d.name !== null || d.value !== null; needed = "key, value"; }
    } else {
      d.kind = DataKind.GraphQL;
      d.name = readMatcher(v.optionalObject("field"), false);
      d.argument = readMatcher(v.optionalObject("argument"), false);
      d.value = readMatcher(v.optionalObject("value"), false);
      ok = d.name !== null || d.argument !== null || d.value !== null; needed = "field, argument, value";
    }
    v.finish();
    if (!ok && needed.length > 0 && !reader.failed) reader.fail(v.path, "set at least one of " + needed);
  }
  return reader.failed ? null : d;
}
