// The deny-rule inspection (docs/deny-rules.md): the built-in rules (patterns,
// detectors, checks) and the policy's custom rules over every item of the
// request — path, query parameters, cookies and headers in onRequestHeaders,
// the parsed body items at end of stream. A hit is first filtered by the level
// of its (rule key, data type), then by the exceptions (which exempt only the
// item they describe), and then blocks (the first blocking hit wins) or is
// logged (LogOnly: the request goes on). Decisions go to a Reporter: the
// filter's writes the security event, counts and blocks
// (filter/deny_stage.ts); the specs record them. No host imports here.
import { Exchange, StageAction } from "../filter/pipeline";
import { DenyRulesSettings, CustomRule, DataMatch, DataKind, ParamSources, DataType, dataTypeOf } from "../config/deny_rules";
import { DenyEngine } from "./engine";
import { hits, scanValue, detectorsPending, scanDetectors, dropDetectors } from "./scan";
import { fragmentOf, isSecretName, MASKED } from "./fragment";
import { DenyDetails } from "./details";
import { Item, Source, ValueType, SOURCE_BODY } from "../parse/items";
import { CheckHit } from "../rules/checks";
import { RULE_ID, RULE_KEY, RULE_LEVEL, KEY_NAMES } from "../rules/generated";
import { memberPath } from "../parse/json_path";
import { jsonPathCovers, splitJsonPath } from "../config/features";
import { StringMatcher } from "../match/string-matcher";
import { percentDecode } from "../request/percent";
import { RAW_BODY_NAME } from "../parse/raw_body";

const LEVEL_NAMES: StaticArray<string> = ["Basic", "Standard", "Strict"];
const TYPE_NAMES: StaticArray<string> = ["Header", "Parameter", "Path", "PathSegment", "JSON", "GraphQL"];
// Where the deny stage leaves how many body items it inspected in the headers
// phase (a GraphQL GET request's document that also has a body).
const NOTE_SCANNED = "deny_rules.scanned";

let subtypes: StaticArray<string> | null = null;
function subtypeOf(key: i32): string {
  let s = subtypes;
  if (s === null) {
    s = new StaticArray<string>(KEY_NAMES.length);
    for (let i = 0; i < KEY_NAMES.length; i++) s[i] = KEY_NAMES[i].toLowerCase();
    subtypes = s;
  }
  return unchecked(s![key]);
}

// Reused for check hits.
const checkHits = new Array<CheckHit>();

// What a hit is about: the inspected name/value pair and where it came from.
// Built only when something matched.
export class Subject {
  constructor(
    public source: i32,
    // Parameter, header or cookie name; multipart: the field name; JSON and
    // GraphQL: the item's name.
    public name: string,
    // The value of the parameter, header, cookie or item.
    public value: string,
    // The hit is on the name (a parameter or header name, a JSON key) rather than the value.
    public onName: bool,
    public item: Item | null,
    // Path segment index, multipart part number, or -1.
    public index: i32 = -1,
    // Multipart part headers: the header's name.
    public detail: string = "",
  ) {}
}

// Where decisions go: `subtype` is the rule key in lower case (custom rules:
// custom_<key>), `location` the item's label. Continue lets the request go on.
export abstract class Reporter {
  abstract report(x: Exchange, subtype: string, location: string, d: DenyDetails, logOnly: bool): StageAction;
  // Does report() read `location` and `d` of such a decision? When it does not
  // (a block while the security event line is off), they are not built: the
  // evidence fragment, the label and the details object cost more than the
  // rest of a block.
  needsDetails(logOnly: bool): bool { return true; }
}

// Stands in for the details nobody reads (Reporter.needsDetails).
const NO_DETAILS = new DenyDetails("", "", "", "", "");

let reporter: Reporter | null = null;

function denyViolation(x: Exchange, subtype: string, location: string, d: DenyDetails, logOnly: bool): StageAction {
  return reporter!.report(x, subtype, location, d, logOnly);
}

export class DenyInspector {
  constructor(private sink: Reporter) {}

  // Request headers: custom rules, checks, path, query, cookies, headers (and a
  // GraphQL GET request's document).
  onRequestHeaders(x: Exchange): StageAction {
    reporter = this.sink;
    let s = x.policy.denyRules;
    if (s === null) return StageAction.Continue;
    let a = customHeaders(x, s);
    if (a != StageAction.Continue) return a;
    if (!s.builtInOn) return StageAction.Continue;
    let e = s.engine!;
    let m = x.model;
    if (!e.checks.empty) {
      checkHits.length = 0;
      e.checks.checkRequest(m, checkHits);
      a = reportChecks(x, s);
      if (a != StageAction.Continue) return a;
    }
    a = inspect(x, s, e, m.path, null, Source.Path, "", "", false);
    if (a != StageAction.Continue) return a;

    // A GraphQL GET request's document is inspected as GraphQL items (parsed by the parser stage).
    let gqlItems = x.graphQL && hasGraphQLItems(x.bodyItems, 0);
    let q = m.queryItems;
    for (let i = 0, n = q.length; i < n; i++) {
      let it = unchecked(q[i]);
      let name = it.name;
      if (name.length > 0) {
        a = inspect(x, s, e, name, null, Source.Query, "", name, true, it);
        if (a != StageAction.Continue) return a;
      }
      if (gqlItems && name == "query") continue;
      a = inspect(x, s, e, it.value, it, Source.Query, "", name, false);
      if (a != StageAction.Continue) return a;
    }
    let cookies = m.cookies;
    for (let i = 0, n = cookies.length; i < n; i++) {
      let c = unchecked(cookies[i]);
      if (c.name.length > 0) {
        a = inspect(x, s, e, c.name, null, Source.Cookie, "", c.name, true);
        if (a != StageAction.Continue) return a;
      }
      a = inspect(x, s, e, c.value, null, Source.Cookie, "", c.name, false);
      if (a != StageAction.Continue) return a;
      // Some backends (PHP's $_COOKIE) URL-decode cookie values with '+' as space, so a
      // payload can hide behind that decoding: the decoded form is inspected as well.
      let decoded = percentDecode(c.value, true);
      if (changetype<usize>(decoded) != changetype<usize>(c.value)) {
        a = inspect(x, s, e, decoded, null, Source.Cookie, "", c.name, false);
        if (a != StageAction.Continue) return a;
      }
    }
    let hs = m.headers;
    for (let i = 0, n = hs.length; i < n; i++) {
      let h = unchecked(hs[i]);
      let name = h.name;
      if (name.length == 0) continue;
      if (name.charCodeAt(0) == 0x3A) {
        // Pseudo-headers: the path and method have their own checks; :authority is the Host header.
        if (name != ":authority") continue;
        name = "host";
      } else {
        if (name == "cookie") continue; // inspected cookie by cookie
        a = inspect(x, s, e, name, null, Source.Header, "", name, true);
        if (a != StageAction.Continue) return a;
      }
      a = inspect(x, s, e, h.value, null, Source.Header, name, name, false);
      if (a != StageAction.Continue) return a;
    }
    let items = x.bodyItems;
    if (items.length > 0) {
      a = inspectItems(x, s, e, items, 0);
      if (a != StageAction.Continue) return a;
      if (x.hasBody) x.setNote(NOTE_SCANNED, items.length.toString());
    }
    return StageAction.Continue;
  }

  // End of stream: custom rules, checks and the parsed body items.
  onRequestBody(x: Exchange): StageAction {
    reporter = this.sink;
    let s = x.policy.denyRules;
    if (s === null || x.bodyDone) return StageAction.Continue;
    let items = x.bodyItems;
    if (items.length == 0) return StageAction.Continue;
    let start = 0;
    let note = x.note(NOTE_SCANNED);
    if (note !== null) start = I32.parseInt(note!);
    if (start >= items.length) return StageAction.Continue;
    let a = customBody(x, s, items, start);
    if (a != StageAction.Continue) return a;
    if (!s.builtInOn) return StageAction.Continue;
    let e = s.engine!;
    if (!e.checks.empty) {
      checkHits.length = 0;
      e.checks.checkBody(x.model, items, checkHits);
      a = reportChecks(x, s);
      if (a != StageAction.Continue) return a;
    }
    return inspectItems(x, s, e, items, start);
  }
}

function hasGraphQLItems(items: Array<Item>, start: i32): bool {
  for (let i = start, n = items.length; i < n; i++) if (unchecked(items[i]).source == Source.GraphQL) return true;
  return false;
}

// Body items (and a GraphQL GET request's items) from `start` on.
function inspectItems(x: Exchange, s: DenyRulesSettings, e: DenyEngine, items: Array<Item>, start: i32): StageAction {
  // A GraphQL JSON body's document ($.query) is inspected as its GraphQL items.
  let skipQuery = x.graphQL && hasGraphQLItems(items, start);
  let a = StageAction.Continue;
  forgetCleanKeys();
  for (let i = start, n = items.length; i < n; i++) {
    let it = unchecked(items[i]);
    let src = it.source;
    if (src == Source.Json) {
      // Numbers, true, false and null are validated literals: nothing to inject.
      if (it.valueType != ValueType.Text) continue;
      if (skipQuery && !it.isKey && it.name == "$.query") continue;
      if (it.isKey && isCleanKey(it)) continue;
      a = inspect(x, s, e, it.value, it, Source.Json, "", "", it.isKey);
      if (it.isKey && lastClean) rememberCleanKey(it);
    } else if (src == Source.Post) {
      let name = it.name;
      if (name.length > 0) {
        a = inspect(x, s, e, name, null, Source.Post, "", name, true, it);
        if (a != StageAction.Continue) return a;
      }
      a = inspect(x, s, e, it.value, it, Source.Post, "", name, false);
    } else if (src == Source.GraphQL) {
      a = inspect(x, s, e, it.value, it, Source.GraphQL, "", "", it.isKey);
    } else if (src == Source.MultipartFile) {
      // The file name; the rules read upload file names at MultipartHeader.
      a = inspect(x, s, e, it.value, it, Source.MultipartHeader, "", it.name, false);
    } else if (src == Source.MultipartHeader) {
      a = inspect(x, s, e, it.value, it, Source.MultipartHeader, it.name, "", false);
    } else if (src == SOURCE_BODY) {
      // A body no parser reads (XML values, or the whole text): the rules see it as Post data.
      a = inspect(x, s, e, it.value, it, Source.Post, "", it.name, false);
    }
    if (a != StageAction.Continue) return a;
  }
  forgetCleanKeys();
  return StageAction.Continue;
}

// Keys repeat in arrays of records ("sku", "name", "qty" in every line item). A
// key whose token has the same bytes as a key found clean earlier in this body
// is the same text at the same location under the same settings: clean again,
// without decoding it or calling the scan. Reset for every body; compared by
// token bytes (Item.sameJsonToken), never across documents.
const CLEAN_KEYS: i32 = 8;
const cleanKeys = new StaticArray<Item | null>(CLEAN_KEYS);
let cleanKeyCount: i32 = 0;
let cleanKeyNext: i32 = 0;

function isCleanKey(it: Item): bool {
  for (let k = 0; k < cleanKeyCount; k++) if (it.sameJsonToken(unchecked(cleanKeys[k])!)) return true;
  return false;
}

function rememberCleanKey(it: Item): void {
  if (cleanKeyCount < CLEAN_KEYS) { unchecked(cleanKeys[cleanKeyCount++] = it); return; }
  unchecked(cleanKeys[cleanKeyNext] = it);
  cleanKeyNext = (cleanKeyNext + 1) % CLEAN_KEYS;
}

// Drops the references (the items go back to the pool with their request).
function forgetCleanKeys(): void {
  for (let k = 0; k < cleanKeyCount; k++) unchecked(cleanKeys[k] = null);
  cleanKeyCount = 0;
  cleanKeyNext = 0;
}

// Whether the last inspect() found nothing at all in its value (no hit, even
// one that was exempted or only logged).
let lastClean: bool = false;

// Scans one value. `location` is the Source the rules see; `name` the
// parameter, header or cookie name it belongs to; `onName` when the value is
// that name (or a JSON key). `owner` is the item a name belongs to.
function inspect(
  x: Exchange, s: DenyRulesSettings, e: DenyEngine, value: string, item: Item | null, location: i32,
  headerName: string, name: string, onName: bool, owner: Item | null = null,
): StageAction {
  let type = dataTypeOf(<Source>location);
  lastClean = false;
  if (scanValue(s, e, value, item, location, type, headerName, true) == 0) { lastClean = true; return StageAction.Continue; }
  let it = item !== null ? item : owner;
  let subject = new Subject(location, name, value, onName, it, it !== null ? it.index : -1, headerName);
  if (it !== null && (location == Source.MultipartHeader || location == Source.Json || location == Source.GraphQL)) {
    subject.source = it.source;
    if (it.source == Source.MultipartHeader) subject.name = multipartField(x, it.index);
    else if (it.source == Source.MultipartFile) subject.name = it.name;
  }
  if (onName && owner !== null) subject.value = owner.value;
  if (it !== null && it.source == SOURCE_BODY) subject.source = SOURCE_BODY;
  // Pattern hits first; the detectors, when scanValue deferred them, only if
  // those did not end the request (the same decisions, in the same order).
  let a = reportHits(x, s, subject, type);
  if (!detectorsPending) return a;
  if (a != StageAction.Continue) { dropDetectors(); return a; }
  if (scanDetectors(type) == 0) return StageAction.Continue;
  return reportHits(x, s, subject, type);
}

// The field name of multipart part `index` (its Post or file item).
function multipartField(x: Exchange, index: i32): string {
  let items = x.bodyItems;
  for (let i = 0, n = items.length; i < n; i++) {
    let it = unchecked(items[i]);
    if (it.index == index && (it.source == Source.Post || it.source == Source.MultipartFile)) return it.name;
  }
  return "";
}

// Decides the hits of the last scan (module `hits`), in order.
function reportHits(x: Exchange, s: DenyRulesSettings, subject: Subject, type: i32): StageAction {
  let n = hits.count;
  for (let k = 0; k < n; k++) {
    let rule = unchecked(hits.rules[k]);
    let key = <i32>unchecked(RULE_KEY[rule]);
    if (exempt(x, s, key, subject)) continue;
    let logOnly = s.logOnlyFor(key, type);
    let a: StageAction;
    if (!reporter!.needsDetails(logOnly)) a = denyViolation(x, subtypeOf(key), "", NO_DETAILS, logOnly);
    else {
      let fragment = secret(subject) ? MASKED : fragmentOf(unchecked(hits.texts[k]), unchecked(hits.offsets[k]));
      let d = new DenyDetails(RULE_ID[rule], KEY_NAMES[key], LEVEL_NAMES[unchecked(hits.levels[k])], locationType(subject.source, type), fragment);
      a = denyViolation(x, subtypeOf(key), label(subject), d, logOnly);
    }
    if (a != StageAction.Continue) return a;
  }
  return StageAction.Continue;
}

function reportChecks(x: Exchange, s: DenyRulesSettings): StageAction {
  for (let i = 0, n = checkHits.length; i < n; i++) {
    let h = unchecked(checkHits[i]);
    let key = <i32>unchecked(RULE_KEY[h.rule]);
    let type = dataTypeOf(<Source>h.location);
    let level = s.levelAt(key, type);
    if (level < 0 || ruleLevel(h.rule) > level) continue;
    let subject = checkSubject(x, h);
    if (exempt(x, s, key, subject)) continue;
    let d = new DenyDetails(RULE_ID[h.rule], KEY_NAMES[key], LEVEL_NAMES[ruleLevel(h.rule)], locationType(subject.source, type), h.fragment);
    let a = denyViolation(x, subtypeOf(key), h.label, d, s.logOnlyFor(key, type));
    if (a != StageAction.Continue) return a;
  }
  return StageAction.Continue;
}

// @ts-ignore: decorator
@inline function ruleLevel(rule: i32): i32 { return <i32>unchecked(RULE_LEVEL[rule]); }

// A check hit's subject: its item when it has one, else what its label names.
function checkSubject(x: Exchange, h: CheckHit): Subject {
  let it = h.item;
  if (it !== null) {
    let isQueryOrPost = it.source == Source.Query || it.source == Source.Post;
    return new Subject(it.source, isQueryOrPost ? it.name : it.source == Source.MultipartHeader ? multipartField(x, it.index) : it.name,
      it.value, false, it, it.index, it.source == Source.MultipartHeader ? it.name : "");
  }
  let label = h.label;
  let colon = label.indexOf(":");
  let name = colon >= 0 ? label.substring(colon + 1) : "";
  let value = "";
  if (h.location == Source.Header && name.length > 0) {
    let v = x.model.header(name);
    if (v !== null) value = v!;
  }
  return new Subject(h.location, name, value, false, null);
}

// Is the hit of rule key `key` on `subject` covered by an exception?
function exempt(x: Exchange, s: DenyRulesSettings, key: i32, subject: Subject): bool {
  let ex = s.exceptions;
  let bit = <u32>1 << key;
  for (let i = 0, n = ex.length; i < n; i++) {
    let e = unchecked(ex[i]);
    if ((e.keys & bit) == 0) continue;
    if (!exceptionCovers(x, e.data, subject)) continue;
    let c = e.conditions;
    if (c !== null && !c.matches(x.model.facts)) continue;
    return true;
  }
  return false;
}

// @ts-ignore: decorator
@inline function ok(m: StringMatcher | null, s: string): bool { return m === null || m.matchString(s); }

// blockedData: does the exception describe the item the hit is about?
function exceptionCovers(x: Exchange, d: DataMatch, subject: Subject): bool {
  let src = subject.source;
  switch (d.kind) {
    case DataKind.None: return true;
    case DataKind.Parameter: {
      let bit = src == Source.Query ? ParamSources.Query
        : src == Source.Post || src == Source.MultipartFile || src == Source.MultipartHeader || src == SOURCE_BODY ? ParamSources.Post : 0;
      if ((d.paramSources & bit) == 0) return false;
      return ok(d.name, subject.name) && ok(d.value, subject.value);
    }
    case DataKind.Header: {
      if (src == Source.Header) return ok(d.name, subject.name) && ok(d.value, subject.value);
      // A cookie is part of the Cookie header: the name matcher sees "cookie", the value matcher the cookie's value.
      if (src == Source.Cookie) return ok(d.name, "cookie") && ok(d.value, subject.value);
      return false;
    }
    case DataKind.Path: return (src == Source.Path || src == Source.PathSegment) && ok(d.value, x.model.path);
    case DataKind.PathSegment: {
      if (src == Source.PathSegment) return (d.segment < 0 || d.segment == subject.index) && ok(d.value, subject.value);
      if (src != Source.Path) return false;
      // The whole path matched: the exception covers it when the described segment is there.
      let segs = x.model.normalizedPath.segments;
      for (let i = 0, n = segs.length; i < n; i++) {
        if (d.segment >= 0 && i != d.segment) continue;
        if (ok(d.value, unchecked(segs[i]))) return true;
      }
      return false;
    }
    case DataKind.Json: {
      let it = subject.item;
      if (src != Source.Json || it === null) return false;
      if (d.name !== null && (!it.isKey || !d.name!.matchString(it.value))) return false;
      if (d.value !== null && (it.isKey || !d.value!.matchString(it.value))) return false;
      if (d.jsonPath.length == 0) return true;
      let split = splitJsonPath(jsonLocation(it));
      return split !== null && jsonPathCovers(d.jsonPath, split!);
    }
    case DataKind.GraphQL: {
      let it = subject.item;
      if (src != Source.GraphQL || it === null) return false;
      return ok(d.name, it.field) && ok(d.argument, it.argument) && ok(d.value, it.value);
    }
  }
  return false;
}

// The JSONPath of a JSON item: a key's member path, a value's own path.
function jsonLocation(it: Item): string {
  return it.isKey ? memberPath(it.name, it.value) : it.name;
}

// Must the matched value stay out of the log?
function secret(subject: Subject): bool {
  if (subject.onName) return false;
  let src = subject.source;
  if (src == Source.Cookie) return true;
  if (src == Source.Header) {
    let n = subject.name;
    return n == "authorization" || n == "proxy-authorization" || n == "set-cookie" || isSecretName(n);
  }
  if (src == Source.Query || src == Source.Post || src == Source.MultipartFile) return isSecretName(subject.name);
  if (src == Source.MultipartHeader) return isSecretName(subject.name);
  if (src == SOURCE_BODY) return isSecretName(lastXmlName(subject.name));
  let it = subject.item;
  if (it === null) return false;
  if (src == Source.Json) return !it.isKey && isSecretName(it.name);
  if (src == Source.GraphQL) return !it.isKey && (isSecretName(it.argument) || isSecretName(it.name));
  return false;
}

// The element or attribute name an XML item's path ends with ("/a/b/@id" -> "id").
function lastXmlName(path: string): string {
  let k = path.lastIndexOf("/");
  let name = k >= 0 ? path.substring(k + 1) : path;
  return name.startsWith("@") ? name.substring(1) : name;
}

function locationType(source: i32, type: i32): string {
  return source == Source.Cookie ? "Cookie" : unchecked(TYPE_NAMES[type]);
}

// The event's location: "path", "path_segment:2", "query:q", "post:comment",
// "header:user-agent", "cookie:session", "$.comment.body", "graphql:user.name",
// "filename:avatar", "part:3:content-type".
function label(subject: Subject): string {
  switch (subject.source) {
    case Source.Path: return "path";
    case Source.PathSegment: return "path_segment:" + subject.index.toString();
    case Source.Query: return "query:" + subject.name;
    case Source.Post: return "post:" + subject.name;
    case Source.Header: return "header:" + subject.name;
    case Source.Cookie: return "cookie:" + subject.name;
    case Source.MultipartFile: return "filename:" + subject.name;
    case Source.MultipartHeader: return "part:" + subject.index.toString() + ":" + subject.detail;
    case SOURCE_BODY: return subject.name == RAW_BODY_NAME ? "body" : "body:" + subject.name;
  }
  let it = subject.item;
  if (it === null) return "";
  if (subject.source == Source.Json) return jsonLocation(it);
  return "graphql:" + (it.isKey ? it.name + "." + it.value : it.name);
}

// ---------------------------------------------------------------------------
// Custom rules: each rule's blockData over the items it describes, then its
// requestConditions (read only when the data matched).

function customHeaders(x: Exchange, s: DenyRulesSettings): StageAction {
  let rules = s.custom;
  for (let r = 0, nr = rules.length; r < nr; r++) {
    let rule = unchecked(rules[r]);
    let d = rule.data;
    let m = x.model;
    let a = StageAction.Continue;
    switch (d.kind) {
      case DataKind.Parameter: {
        let q = m.queryItems;
        for (let i = 0, n = q.length; i < n && a == StageAction.Continue; i++) {
          let it = unchecked(q[i]);
          if (ok(d.name, it.name) && ok(d.value, it.value)) a = customHit(x, rule, new Subject(Source.Query, it.name, it.value, false, it), it.value);
        }
        break;
      }
      case DataKind.Header: {
        let hs = m.headers;
        for (let i = 0, n = hs.length; i < n && a == StageAction.Continue; i++) {
          let h = unchecked(hs[i]);
          let name = h.name;
          if (name.length > 0 && name.charCodeAt(0) == 0x3A) {
            if (name != ":authority") continue;
            name = "host";
          }
          if (ok(d.name, name) && ok(d.value, h.value)) a = customHit(x, rule, new Subject(Source.Header, name, h.value, false, null), h.value);
        }
        break;
      }
      case DataKind.Path: {
        if (ok(d.value, m.path)) a = customHit(x, rule, new Subject(Source.Path, "", m.path, false, null), m.path);
        break;
      }
      case DataKind.PathSegment: {
        let segs = m.normalizedPath.segments;
        for (let i = 0, n = segs.length; i < n && a == StageAction.Continue; i++) {
          if (d.segment >= 0 && i != d.segment) continue;
          let seg = unchecked(segs[i]);
          if (ok(d.value, seg)) a = customHit(x, rule, new Subject(Source.PathSegment, "", seg, false, null, i), seg);
        }
        break;
      }
      // GraphQL of a GET request: parsed from the query by the parser stage.
      case DataKind.GraphQL: a = customItems(x, rule, x.bodyItems, 0); break;
    }
    if (a != StageAction.Continue) return a;
  }
  return StageAction.Continue;
}

function customBody(x: Exchange, s: DenyRulesSettings, items: Array<Item>, start: i32): StageAction {
  let rules = s.custom;
  for (let r = 0, nr = rules.length; r < nr; r++) {
    let rule = unchecked(rules[r]);
    let k = rule.data.kind;
    if (k != DataKind.Parameter && k != DataKind.Json && k != DataKind.GraphQL) continue;
    let a = customItems(x, rule, items, start);
    if (a != StageAction.Continue) return a;
  }
  return StageAction.Continue;
}

// Parameter (form and multipart fields, file names), JSON and GraphQL items.
function customItems(x: Exchange, rule: CustomRule, items: Array<Item>, start: i32): StageAction {
  let d = rule.data;
  for (let i = start, n = items.length; i < n; i++) {
    let it = unchecked(items[i]);
    let src = it.source;
    let hit = false;
    if (d.kind == DataKind.Parameter) {
      hit = (src == Source.Post || src == Source.MultipartFile || src == SOURCE_BODY) && ok(d.name, it.name) && ok(d.value, it.value);
    } else if (d.kind == DataKind.Json) {
      if (src != Source.Json) continue;
      if (d.value === null) hit = it.isKey && d.name!.matchString(it.value);
      else if (!it.isKey && d.value!.matchString(it.value)) hit = d.name === null || d.name!.matchString(lastKey(it.name));
    } else if (d.kind == DataKind.GraphQL) {
      hit = src == Source.GraphQL && ok(d.name, it.field) && ok(d.argument, it.argument) && ok(d.value, it.value);
    }
    if (!hit) continue;
    let named = src == Source.Post || src == Source.MultipartFile || src == SOURCE_BODY;
    let a = customHit(x, rule, new Subject(src, named ? it.name : "", it.value, false, it, it.index), it.value);
    if (a != StageAction.Continue) return a;
  }
  return StageAction.Continue;
}

// The key a JSON value sits under: the last member of its path ("$.a.b[2]" -> "b").
function lastKey(path: string): string {
  let split = splitJsonPath(path);
  if (split === null) return "";
  for (let i = split!.length - 1; i >= 0; i--) {
    let seg = split![i];
    if (seg.length > 0 && seg.charCodeAt(0) == 0x5B) continue;
    return seg;
  }
  return "";
}

function customHit(x: Exchange, rule: CustomRule, subject: Subject, matched: string): StageAction {
  let c = rule.conditions;
  if (c !== null && !c.matches(x.model.facts)) return StageAction.Continue;
  if (!reporter!.needsDetails(rule.logOnly)) return denyViolation(x, rule.subtype, "", NO_DETAILS, rule.logOnly);
  let type = dataTypeOf(<Source>subject.source);
  let fragment = secret(subject) ? MASKED : fragmentOf(matched, -1);
  let d = new DenyDetails("custom:" + rule.key, rule.key, "Custom", locationType(subject.source, type), fragment);
  return denyViolation(x, rule.subtype, label(subject), d, rule.logOnly);
}
