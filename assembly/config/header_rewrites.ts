// The parsed headerRewrites section of a policy (schema $defs headerRewrites; the
// HeaderRewrites kind, docs/header-rewrites.md). Built once per configuration by
// header_rewrites_parse.ts; read by assembly/headers/.
import { StringMatcher } from "../match/string-matcher";
import { RequestConditions, RequestFacts } from "../match/conditions";
import { Template } from "../headers/operators";

// One header a rule matches: a name (case-insensitive) and optionally a value.
export class HeaderMatch {
  constructor(public name: StringMatcher, public value: StringMatcher | null) {}
}

// A named allow or remove rule: any of its headers, when its request conditions hold.
export class HeaderRule {
  constructor(public name: string, public headers: Array<HeaderMatch>, public conditions: RequestConditions | null) {}

  applies(facts: RequestFacts | null): bool {
    let c = this.conditions;
    return c === null || (facts !== null && c.matches(facts!));
  }

  matchesHeader(name: string, value: string): bool {
    let hs = this.headers;
    for (let i = 0, n = hs.length; i < n; i++) {
      let h = unchecked(hs[i]);
      if (!h.name.matchString(name)) continue;
      let v = h.value;
      if (v === null || v.matchString(value)) return true;
    }
    return false;
  }
}

export class AddHeader {
  // `name` is lowercase.
  constructor(public name: string, public value: Template) {}
}

export class AddRule {
  constructor(
    public name: string,
    public headers: Array<AddHeader>,
    // OverwriteOrAdd; false = AddIfAbsent.
    public overwrite: bool,
    public conditions: RequestConditions | null,
  ) {}

  applies(facts: RequestFacts | null): bool {
    let c = this.conditions;
    return c === null || (facts !== null && c.matches(facts!));
  }
}

export class RequestRewrites {
  allowAll: bool = false;
  standardHeaders: bool = true;
  tracingHeaders: bool = false;
  allow: Array<HeaderRule> = new Array<HeaderRule>();
  removeAlternativeForwarded: bool = true;
  remove: Array<HeaderRule> = new Array<HeaderRule>();
  add: Array<AddRule> = new Array<AddRule>();
  // Whether any rule has request conditions (then the request facts are built).
  needsFacts: bool = false;
}

export class ResponseRewrites {
  allowAll: bool = true;
  standardHeaders: bool = false;
  allow: Array<HeaderRule> = new Array<HeaderRule>();
  removeServer: bool = true;
  removeApplication: bool = true;
  removeAuthBasic: bool = false;
  removeAuthNtlm: bool = true;
  removeAuthNegotiate: bool = true;
  removePermissiveCors: bool = true;
  remove: Array<HeaderRule> = new Array<HeaderRule>();
  addHsts: bool = true;
  hstsPreload: bool = false;
  addXFrameOptions: bool = true;
  addXContentTypeOptions: bool = true;
  addReferrerPolicy: bool = true;
  addPermissionsPolicy: bool = true;
  addFeaturePolicy: bool = false;
  addCsp: bool = false;
  add: Array<AddRule> = new Array<AddRule>();
  needsFacts: bool = false;
  // Every added value is a constant (no operator reads the request): with
  // !needsFacts the rewrites of a given header list are the same for every
  // request, so respond/local.ts caches a local reply's result.
  constantAdds: bool = true;
}

export class HeaderRewrites {
  // operationalMode Integration: one log line per rewritten request/response (names only).
  logRewrites: bool = false;
  request: RequestRewrites = new RequestRewrites();
  response: ResponseRewrites = new ResponseRewrites();
}
