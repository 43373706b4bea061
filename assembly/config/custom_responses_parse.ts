// Reads the root `customResponses` section (schema $defs customResponses) and checks
// its references: response names, route names (routes must exist), one policy per route.
import { ObjectFields, itemPath, listForMessage } from "./reader";
import { readConditions } from "./conditions";
import { Route } from "./model";
import { CustomResponses, CustomResponse, ResponseContent, CustomResponsePolicy, ResponseRules, StatusRule } from "./custom_responses";
import { AddHeader } from "./header_rewrites";
import { headerNameProblem } from "./header_rewrites_parse";
import { parseTemplate, Escape } from "../headers/operators";
import { lowerName } from "../headers/name_set";

const MAX_ITEMS: i32 = 4096;
const MAX_CONTENT: i32 = 16;
const MAX_HEADERS: i32 = 64;
const MAX_BODY: i32 = 65536;
const MAX_NAME: i32 = 512;

export function readCustomResponses(o: ObjectFields | null, routes: Array<Route>): CustomResponses | null {
  if (o === null) return null;
  let reader = o.reader;
  let c = new CustomResponses();
  let byName = new Map<string, CustomResponse>();
  let items = o.requiredArray("responses", 0, MAX_ITEMS);
  let base = o.fieldPath("responses");
  for (let i = 0; i < items.length && !reader.failed; i++) {
    let r = reader.objectAt(items[i], itemPath(base, i));
    if (r === null) break;
    let cr = readResponse(r);
    if (cr === null) break;
    if (byName.has(cr.name)) { reader.fail(r.fieldPath("name"), "duplicate custom response \"" + cr.name + "\""); break; }
    byName.set(cr.name, cr);
    c.responses.push(cr);
  }
  let routeNames = new Set<string>();
  for (let i = 0; i < routes.length; i++) routeNames.add(routes[i].name);
  let policies = o.requiredArray("policies", 0, MAX_ITEMS);
  let pbase = o.fieldPath("policies");
  for (let i = 0; i < policies.length && !reader.failed; i++) {
    let p = reader.objectAt(policies[i], itemPath(pbase, i));
    if (p === null) break;
    let name = p.requiredString("name", 1, MAX_NAME);
    let targets = p.optionalStringArray("routes", MAX_ITEMS, 1, MAX_NAME);
    let local = readRulesList(p, "local", byName);
    let upstream = readRulesList(p, "upstream", byName);
    p.finish();
    if (reader.failed) break;
    let policy = new CustomResponsePolicy(name, targets, local, upstream);
    for (let k = 0; k < targets.length; k++) {
      let path = itemPath(p.fieldPath("routes"), k);
      if (!routeNames.has(targets[k])) { reader.fail(path, "unknown route \"" + targets[k] + "\""); break; }
      if (c.byRoute.has(targets[k])) { reader.fail(path, "route \"" + targets[k] + "\" already has custom response policy \"" + c.byRoute.get(targets[k]).name + "\""); break; }
      c.byRoute.set(targets[k], policy);
    }
    c.policies.push(policy);
  }
  o.finish();
  return reader.failed ? null : c;
}

function readResponse(r: ObjectFields): CustomResponse | null {
  let reader = r.reader;
  let name = r.requiredString("name", 1, MAX_NAME);
  let status = <i32>r.optionalInteger("statusCode", 0, 100, 599);
  let items = r.requiredArray("content", 1, MAX_CONTENT);
  let content = new Array<ResponseContent>();
  let base = r.fieldPath("content");
  for (let i = 0; i < items.length && !reader.failed; i++) {
    let c = reader.objectAt(items[i], itemPath(base, i));
    if (c === null) break;
    let contentType = c.requiredString("contentType", 1, 256);
    let media = mediaTypeOf(contentType);
    for (let k = 0; k < content.length; k++) {
      if (content[k].mediaType == media) { reader.fail(c.fieldPath("contentType"), "duplicate content type \"" + media + "\""); break; }
    }
    let headers = new Array<AddHeader>();
    let hs = c.optionalArray("headers", 0, MAX_HEADERS);
    let hbase = c.fieldPath("headers");
    for (let k = 0; k < hs.length && !reader.failed; k++) {
      let h = reader.objectAt(hs[k], itemPath(hbase, k));
      if (h === null) break;
      let hname = h.requiredString("name", 1, 512);
      let value = h.requiredString("value", 0, 8192);
      h.finish();
      if (reader.failed) break;
      let problem = headerNameProblem(hname);
      if (problem !== null) { reader.fail(h.fieldPath("name"), problem!); break; }
      let t = parseTemplate(value, true);
      if (t.template === null) { reader.fail(h.fieldPath("value"), t.error); break; }
      headers.push(new AddHeader(lowerName(hname), t.template!));
    }
    let escape = media == "text/html" || media == "application/xhtml+xml" ? Escape.Html
      : (media == "application/json" || media.endsWith("+json")) ? Escape.Json : Escape.None;
    let body: string | null = c.has("body") ? c.requiredString("body", 0, MAX_BODY) : null;
    c.finish();
    if (reader.failed) break;
    let tpl: ResponseContent;
    if (body !== null) {
      let t = parseTemplate(body!, true);
      if (t.template === null) { reader.fail(c.fieldPath("body"), t.error); break; }
      tpl = new ResponseContent(contentType, media, headers, t.template, escape);
    } else {
      tpl = new ResponseContent(contentType, media, headers, null, escape);
    }
    content.push(tpl);
  }
  r.finish();
  return reader.failed ? null : new CustomResponse(name, status, content);
}

function readRulesList(p: ObjectFields, field: string, byName: Map<string, CustomResponse>): Array<ResponseRules> {
  let reader = p.reader;
  let out = new Array<ResponseRules>();
  let items = p.optionalArray(field, 0, MAX_ITEMS);
  let base = p.fieldPath(field);
  for (let i = 0; i < items.length && !reader.failed; i++) {
    let e = reader.objectAt(items[i], itemPath(base, i));
    if (e === null) break;
    let rc = e.optionalObject("requestConditions");
    let conditions = rc !== null ? readConditions(rc) : null;
    if (rc === null && i < items.length - 1) {
      reader.fail(e.path, "only the last entry may omit requestConditions (the entries after it could never apply)");
      break;
    }
    let rules = new Array<StatusRule>();
    let rs = e.requiredArray("responses", 0, MAX_ITEMS);
    let rbase = e.fieldPath("responses");
    for (let k = 0; k < rs.length && !reader.failed; k++) {
      let r = reader.objectAt(rs[k], itemPath(rbase, k));
      if (r === null) break;
      let sc = r.requiredObject("statusCode");
      let start = 0, end = 0;
      if (sc !== null) {
        if (sc.has("exact")) {
          start = end = <i32>sc.requiredInteger("exact", 100, 599);
          if (sc.has("range")) reader.fail(sc.path, "set exactly one of exact, range");
          sc.field("range");
        } else {
          let range = sc.requiredObject("range");
          if (range !== null) {
            start = <i32>range.requiredInteger("start", 100, 599);
            end = <i32>range.requiredInteger("end", 100, 599);
            range.finish();
            if (!reader.failed && end < start) reader.fail(range.path, "end (" + end.toString() + ") is below start (" + start.toString() + ")");
          }
        }
        sc.finish();
      }
      let ref = r.requiredString("response", 1, MAX_NAME);
      r.finish();
      if (reader.failed) break;
      if (!byName.has(ref)) {
        reader.fail(r.fieldPath("response"), "unknown custom response \"" + ref + "\" (known: " + listForMessage(byName.keys(), 10) + ")");
        break;
      }
      rules.push(new StatusRule(start, end, byName.get(ref)));
    }
    e.finish();
    if (reader.failed) break;
    out.push(new ResponseRules(conditions, rules));
  }
  return out;
}

export function mediaTypeOf(contentType: string): string {
  let semi = contentType.indexOf(";");
  let t = semi >= 0 ? contentType.substring(0, semi) : contentType;
  return t.trim().toLowerCase();
}
