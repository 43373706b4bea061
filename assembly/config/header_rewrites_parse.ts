// Reads a policy's `headerRewrites` section (schema $defs headerRewrites). Errors name
// the JSON path, e.g. `policies[1].headerRewrites.request.add[0].headers[0].value:
// unsupported command operator %FOO%`.
import { ObjectFields, itemPath } from "./reader";
import { readConditions, readMatcher } from "./conditions";
import { HeaderRewrites, RequestRewrites, ResponseRewrites, HeaderRule, HeaderMatch, AddRule, AddHeader } from "./header_rewrites";
import { parseTemplate } from "../headers/operators";
import { lowerName } from "../headers/name_set";

const MAX_RULES: i32 = 128;
const MAX_HEADERS: i32 = 64;
const MAX_RULE_NAME: i32 = 256;
const MAX_HEADER_NAME: i32 = 512;
const MAX_HEADER_VALUE: i32 = 8192;
const MODES: Array<string> = ["Production", "Integration"];
const ADD_MODES: Array<string> = ["AddIfAbsent", "OverwriteOrAdd"];

export function readHeaderRewrites(o: ObjectFields | null): HeaderRewrites | null {
  if (o === null) return null;
  let reader = o.reader;
  let h = new HeaderRewrites();
  h.logRewrites = o.requiredEnum("operationalMode", MODES) == "Integration";
  let rq = o.requiredObject("request");
  if (rq !== null) h.request = readRequest(rq);
  let rs = o.requiredObject("response");
  if (rs !== null) h.response = readResponse(rs);
  o.finish();
  return reader.failed ? null : h;
}

function readRequest(o: ObjectFields): RequestRewrites {
  let r = new RequestRewrites();
  r.allowAll = o.requiredBool("allowAll");
  r.standardHeaders = o.requiredBool("standardHeaders");
  r.tracingHeaders = o.requiredBool("tracingHeaders");
  r.allow = readRules(o, "allow");
  r.removeAlternativeForwarded = o.requiredBool("removeAlternativeForwardedHeaders");
  r.remove = readRules(o, "remove");
  r.add = readAddRules(o, "add", false);
  o.finish();
  r.needsFacts = rulesNeedFacts(r.allow) || rulesNeedFacts(r.remove) || addNeedsFacts(r.add);
  return r;
}

function readResponse(o: ObjectFields): ResponseRewrites {
  let r = new ResponseRewrites();
  r.allowAll = o.requiredBool("allowAll");
  r.standardHeaders = o.requiredBool("standardHeaders");
  r.allow = readRules(o, "allow");
  r.removeServer = o.requiredBool("removeServer");
  r.removeApplication = o.requiredBool("removeApplication");
  r.removeAuthBasic = o.requiredBool("removeAuthBasic");
  r.removeAuthNtlm = o.requiredBool("removeAuthNtlm");
  r.removeAuthNegotiate = o.requiredBool("removeAuthNegotiate");
  r.removePermissiveCors = o.requiredBool("removePermissiveCors");
  r.remove = readRules(o, "remove");
  r.addHsts = o.requiredBool("addHsts");
  r.hstsPreload = o.requiredBool("hstsPreload");
  r.addXFrameOptions = o.requiredBool("addXFrameOptions");
  r.addXContentTypeOptions = o.requiredBool("addXContentTypeOptions");
  r.addReferrerPolicy = o.requiredBool("addReferrerPolicy");
  r.addPermissionsPolicy = o.requiredBool("addPermissionsPolicy");
  r.addFeaturePolicy = o.requiredBool("addFeaturePolicy");
  r.addCsp = o.requiredBool("addCsp");
  r.add = readAddRules(o, "add", true);
  o.finish();
  r.needsFacts = rulesNeedFacts(r.allow) || rulesNeedFacts(r.remove) || addNeedsFacts(r.add);
  r.constantAdds = addsConstant(r.add);
  return r;
}

function rulesNeedFacts(rules: Array<HeaderRule>): bool {
  for (let i = 0; i < rules.length; i++) if (rules[i].conditions !== null) return true;
  return false;
}

function addsConstant(rules: Array<AddRule>): bool {
  for (let i = 0; i < rules.length; i++) {
    let hs = rules[i].headers;
    for (let k = 0; k < hs.length; k++) if (hs[k].value.constant === null) return false;
  }
  return true;
}

function addNeedsFacts(rules: Array<AddRule>): bool {
  for (let i = 0; i < rules.length; i++) if (rules[i].conditions !== null) return true;
  return false;
}

function readRules(o: ObjectFields, field: string): Array<HeaderRule> {
  let reader = o.reader;
  let out = new Array<HeaderRule>();
  let items = o.optionalArray(field, 1, MAX_RULES);
  let base = o.fieldPath(field);
  for (let i = 0; i < items.length && !reader.failed; i++) {
    let r = reader.objectAt(items[i], itemPath(base, i));
    if (r === null) break;
    let name = r.requiredString("name", 1, MAX_RULE_NAME);
    let headers = r.requiredArray("headers", 1, MAX_HEADERS);
    let matches = new Array<HeaderMatch>();
    let hbase = r.fieldPath("headers");
    for (let k = 0; k < headers.length && !reader.failed; k++) {
      let h = reader.objectAt(headers[k], itemPath(hbase, k));
      if (h === null) break;
      let nameMatcher = readMatcher(h.requiredObject("name"), true);
      let valueMatcher = readMatcher(h.optionalObject("value"), false);
      h.finish();
      if (nameMatcher !== null) matches.push(new HeaderMatch(nameMatcher, valueMatcher));
    }
    let rc = r.optionalObject("requestConditions");
    let conditions = rc !== null ? readConditions(rc) : null;
    r.finish();
    if (reader.failed) break;
    for (let k = 0; k < out.length; k++) {
      if (out[k].name == name) { reader.fail(itemPath(base, i) + ".name", "duplicate rule name \"" + name + "\" (also " + itemPath(base, k) + ")"); break; }
    }
    out.push(new HeaderRule(name, matches, conditions));
  }
  return out;
}

function readAddRules(o: ObjectFields, field: string, response: bool): Array<AddRule> {
  let reader = o.reader;
  let out = new Array<AddRule>();
  let items = o.optionalArray(field, 1, MAX_RULES);
  let base = o.fieldPath(field);
  for (let i = 0; i < items.length && !reader.failed; i++) {
    let r = reader.objectAt(items[i], itemPath(base, i));
    if (r === null) break;
    let name = r.requiredString("name", 1, MAX_RULE_NAME);
    let mode = r.requiredEnum("mode", ADD_MODES);
    let headers = r.requiredArray("headers", 1, MAX_HEADERS);
    let adds = new Array<AddHeader>();
    let hbase = r.fieldPath("headers");
    for (let k = 0; k < headers.length && !reader.failed; k++) {
      let h = reader.objectAt(headers[k], itemPath(hbase, k));
      if (h === null) break;
      let hname = h.requiredString("name", 1, MAX_HEADER_NAME);
      let value = h.requiredString("value", 0, MAX_HEADER_VALUE);
      h.finish();
      if (reader.failed) break;
      let problem = headerNameProblem(hname);
      if (problem !== null) { reader.fail(h.fieldPath("name"), problem!); break; }
      if (hasControl(value)) { reader.fail(h.fieldPath("value"), "control characters (CR, LF, NUL, ...) are not allowed in a header value"); break; }
      let t = parseTemplate(value, response);
      if (t.template === null) { reader.fail(h.fieldPath("value"), t.error); break; }
      adds.push(new AddHeader(lowerName(hname), t.template!));
    }
    let rc = r.optionalObject("requestConditions");
    let conditions = rc !== null ? readConditions(rc) : null;
    r.finish();
    if (reader.failed) break;
    for (let k = 0; k < out.length; k++) {
      if (out[k].name == name) { reader.fail(itemPath(base, i) + ".name", "duplicate rule name \"" + name + "\" (also " + itemPath(base, k) + ")"); break; }
    }
    out.push(new AddRule(name, adds, mode == "OverwriteOrAdd", conditions));
  }
  return out;
}

// RFC 9110 token characters only; and never a name the filter must not set (pseudo-headers,
// message framing, the request id Envoy owns).
export function headerNameProblem(name: string): string | null {
  for (let i = 0; i < name.length; i++) {
    let c = name.charCodeAt(i);
    let ok = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
      || c == 0x21 || (c >= 0x23 && c <= 0x27) || c == 0x2A || c == 0x2B || c == 0x2D || c == 0x2E || c == 0x5E || c == 0x5F || c == 0x60 || c == 0x7C || c == 0x7E;
    if (!ok) return "\"" + name + "\" is not an HTTP header name (token characters only)";
  }
  let lower = lowerName(name);
  if (lower == "content-length" || lower == "transfer-encoding" || lower == "host") {
    return "\"" + name + "\" cannot be added: Envoy frames and routes the message with it";
  }
  return null;
}

function hasControl(s: string): bool {
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if ((c < 0x20 && c != 0x09) || c == 0x7F) return true;
  }
  return false;
}
