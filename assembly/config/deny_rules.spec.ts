import { parseFilterConfig } from "./parse";
import {
  DenyRulesSettings, DataKind, ParamSources, DataType, LEVEL_OFF, LEVEL_BASIC, LEVEL_STANDARD, LEVEL_STRICT, dataTypeOf,
} from "./deny_rules";
import { RuleKey } from "../rules/generated";
import { Source } from "../parse/items";
import { cachedEngines } from "../deny/engine";

function doc(deny: string): string {
  return "{\"version\":1,\"policies\":[{\"name\":\"default\",\"mode\":\"secured\",\"denyRules\":" + deny + "}],\"defaultPolicy\":\"default\"}";
}

function settings(deny: string): DenyRulesSettings {
  let r = parseFilterConfig(doc(deny));
  if (r.error !== null) throw new Error(r.error!);
  return r.config!.policies[0].denyRules!;
}

// Shows the whole message when it does not contain `part`.
function expectContains(actual: string, part: string): void {
  expect(actual.includes(part) ? part : actual).toBe(part);
}

function error(deny: string): string {
  let r = parseFilterConfig(doc(deny));
  return r.error !== null ? r.error! : "(accepted)";
}

// Unfiltered built-in rules with one narrow key keep the compiled automata small.
const OFF = "\"level\":\"Unfiltered\",\"threatHandlingMode\":\"Block\"";

describe("denyRules: settings and overrides", () => {
  it("reads level and mode; Unfiltered turns the built-in rules off", () => {
    let s = settings("{" + OFF + "}");
    expect(s.level).toBe(LEVEL_OFF);
    expect(s.logOnly).toBe(false);
    expect(s.builtInOn).toBe(false);
    expect(s.engine).toBeNull();
    expect(s.levelAt(RuleKey.SQL, DataType.Parameter)).toBe(LEVEL_OFF);
  });

  it("resolves overrides per rule key and data type, later entries winning", () => {
    let s = settings("{" + OFF + ",\"overrides\":["
      + "{\"ruleKeys\":[\"HPP\",\"BOT\"],\"level\":\"Strict\"},"
      + "{\"ruleKeys\":[\"HPP\"],\"types\":[\"Header\"],\"level\":\"Basic\",\"threatHandlingMode\":\"LogOnly\"},"
      + "{\"types\":[\"JSON\"],\"threatHandlingMode\":\"LogOnly\"}]}");
    expect(s.overrides.length).toBe(3);
    expect(s.levelAt(RuleKey.HPP, DataType.Parameter)).toBe(LEVEL_STRICT);
    expect(s.levelAt(RuleKey.HPP, DataType.Header)).toBe(LEVEL_BASIC);
    expect(s.logOnlyFor(RuleKey.HPP, DataType.Header)).toBe(true);
    expect(s.logOnlyFor(RuleKey.HPP, DataType.Parameter)).toBe(false);
    expect(s.levelAt(RuleKey.BOT, DataType.Path)).toBe(LEVEL_STRICT);
    expect(s.levelAt(RuleKey.SQL, DataType.Parameter)).toBe(LEVEL_OFF);
    // A types-only override changes every key at that type, mode only.
    expect(s.logOnlyFor(RuleKey.SQL, DataType.Json)).toBe(true);
    expect(s.levelAt(RuleKey.SQL, DataType.Json)).toBe(LEVEL_OFF);
    expect(s.maxLevel).toBe(LEVEL_STRICT);
    expect(s.keyMask).toBe((<u32>1 << RuleKey.HPP) | (<u32>1 << RuleKey.BOT));
    expect(s.engine).not.toBeNull();
    expect(s.engine!.level).toBe(LEVEL_STRICT);
  });

  it("shares compiled engines between policies with the same selection", () => {
    let a = settings("{" + OFF + ",\"overrides\":[{\"ruleKeys\":[\"HPP\"],\"level\":\"Strict\"}]}");
    let before = cachedEngines();
    let b = settings("{\"level\":\"Unfiltered\",\"threatHandlingMode\":\"LogOnly\",\"overrides\":[{\"ruleKeys\":[\"HPP\"],\"types\":[\"Path\"],\"level\":\"Strict\"}]}");
    expect(cachedEngines()).toBe(before);
    expect(changetype<usize>(a.engine)).toBe(changetype<usize>(b.engine));
    expect(b.logOnly).toBe(true);
  });

  it("maps sources to the API's data types", () => {
    expect(dataTypeOf(Source.Cookie)).toBe(DataType.Header);
    expect(dataTypeOf(Source.Header)).toBe(DataType.Header);
    expect(dataTypeOf(Source.Query)).toBe(DataType.Parameter);
    expect(dataTypeOf(Source.Post)).toBe(DataType.Parameter);
    expect(dataTypeOf(Source.MultipartFile)).toBe(DataType.Parameter);
    expect(dataTypeOf(Source.MultipartHeader)).toBe(DataType.Parameter);
    expect(dataTypeOf(Source.Json)).toBe(DataType.Json);
    expect(dataTypeOf(Source.GraphQL)).toBe(DataType.GraphQL);
    expect(dataTypeOf(Source.Path)).toBe(DataType.Path);
    expect(dataTypeOf(Source.PathSegment)).toBe(DataType.PathSegment);
  });
});

describe("denyRules: exceptions", () => {
  it("reads every blockedData form with rule keys and conditions", () => {
    let s = settings("{" + OFF + ",\"exceptions\":["
      + "{\"ruleKeys\":[\"SQL\",\"XSS\"],\"parameter\":{\"name\":{\"exact\":\"q\"},\"value\":{\"prefix\":\"a\"},\"source\":\"Query\"},\"requestConditions\":{\"methods\":[\"GET\"]}},"
      + "{\"header\":{\"name\":{\"exact\":\"User-Agent\"},\"value\":{\"contains\":\"bot\"}}},"
      + "{\"path\":{\"prefix\":\"/upload\"}},"
      + "{\"pathSegment\":{\"value\":{\"exact\":\"..\"},\"index\":2}},"
      + "{\"json\":{\"jsonPath\":\"$.comment.body\",\"value\":{\"contains\":\"x\"}}},"
      + "{\"graphQL\":{\"field\":{\"exact\":\"search\"},\"argument\":{\"exact\":\"text\"}}},"
      + "{\"requestConditions\":{\"path\":{\"prefix\":\"/admin\"}}}]}");
    let ex = s.exceptions;
    expect(ex.length).toBe(7);
    expect(ex[0].keys).toBe((<u32>1 << RuleKey.SQL) | (<u32>1 << RuleKey.XSS));
    expect(ex[0].data.kind).toBe(DataKind.Parameter);
    expect(ex[0].data.paramSources).toBe(ParamSources.Query);
    expect(ex[0].data.name!.matchString("q")).toBe(true);
    expect(ex[0].data.value!.matchString("abc")).toBe(true);
    expect(ex[0].conditions).not.toBeNull();
    expect(ex[1].keys).toBe(0xffffffff);
    expect(ex[1].data.kind).toBe(DataKind.Header);
    // Header names are matched without regard to case.
    expect(ex[1].data.name!.matchString("user-agent")).toBe(true);
    expect(ex[2].data.kind).toBe(DataKind.Path);
    expect(ex[2].data.value!.matchString("/upload/a")).toBe(true);
    expect(ex[3].data.kind).toBe(DataKind.PathSegment);
    expect(ex[3].data.segment).toBe(2);
    expect(ex[4].data.kind).toBe(DataKind.Json);
    expect(ex[4].data.jsonPath.join("|")).toBe("comment|body");
    expect(ex[4].data.name).toBeNull();
    expect(ex[5].data.kind).toBe(DataKind.GraphQL);
    expect(ex[5].data.argument!.matchString("text")).toBe(true);
    expect(ex[6].data.kind).toBe(DataKind.None);
    expect(ex[6].conditions).not.toBeNull();
  });

  it("parameter source defaults to Any", () => {
    let s = settings("{" + OFF + ",\"exceptions\":[{\"parameter\":{\"name\":{\"exact\":\"q\"}}}]}");
    expect(s.exceptions[0].data.paramSources).toBe(ParamSources.Any);
  });
});

describe("denyRules: custom rules", () => {
  it("reads every blockData form", () => {
    let s = settings("{" + OFF + ",\"customRules\":["
      + "{\"ruleKey\":\"NO_DEBUG\",\"parameter\":{\"name\":{\"exact\":\"debug\",\"ignoreCase\":true}}},"
      + "{\"ruleKey\":\"NO_ADMIN\",\"threatHandlingMode\":\"LogOnly\",\"requestConditions\":{\"remoteIP\":{\"cidrRanges\":[\"10.0.0.0/8\"],\"invert\":true}},\"path\":{\"prefix\":\"/admin\"}},"
      + "{\"ruleKey\":\"H\",\"header\":{\"name\":{\"exact\":\"x-debug\"}}},"
      + "{\"ruleKey\":\"SEG\",\"pathSegment\":{\"value\":{\"exact\":\"internal\"}}},"
      + "{\"ruleKey\":\"SEG2\",\"pathSegment\":{\"value\":{\"exact\":\"v0\"},\"index\":0}},"
      + "{\"ruleKey\":\"J\",\"json\":{\"key\":{\"exact\":\"isAdmin\"}}},"
      + "{\"ruleKey\":\"G\",\"graphQL\":{\"field\":{\"exact\":\"__schema\"}}}]}");
    let c = s.custom;
    expect(c.length).toBe(7);
    expect(c[0].key).toBe("NO_DEBUG");
    expect(c[0].subtype).toBe("custom_no_debug");
    expect(c[0].logOnly).toBe(false);
    expect(c[0].data.kind).toBe(DataKind.Parameter);
    expect(c[0].data.name!.matchString("DEBUG")).toBe(true);
    expect(c[1].logOnly).toBe(true);
    expect(c[1].conditions).not.toBeNull();
    expect(c[1].data.kind).toBe(DataKind.Path);
    expect(c[2].data.kind).toBe(DataKind.Header);
    expect(c[3].data.segment).toBe(-1);
    expect(c[4].data.segment).toBe(0);
    expect(c[5].data.kind).toBe(DataKind.Json);
    expect(c[5].data.name!.matchString("isAdmin")).toBe(true);
    expect(c[6].data.kind).toBe(DataKind.GraphQL);
    // Custom rules alone compile no built-in automata.
    expect(s.engine).toBeNull();
  });
});

describe("denyRules: errors name the JSON path", () => {
  const P = "policies[0].denyRules";
  it("settings", () => {
    expect(error("{\"threatHandlingMode\":\"Block\"}")).toBe(P + ".level: required field is missing");
    expect(error("{\"level\":\"Strcit\",\"threatHandlingMode\":\"Block\"}")).toBe(P + ".level: unknown value \"Strcit\" (allowed: Unfiltered, Basic, Standard, Strict)");
    expect(error("{\"level\":\"Basic\",\"threatHandlingMode\":\"Log\"}")).toBe(P + ".threatHandlingMode: unknown value \"Log\" (allowed: Block, LogOnly)");
    expectContains(error("{" + OFF + ",\"extra\":1}"), P + ".extra: unknown field");
    expect(error("{" + OFF + ",\"overrides\":{}}")).toBe(P + ".overrides: expected an array, got object");
  });

  it("overrides", () => {
    expect(error("{" + OFF + ",\"overrides\":[{\"level\":\"Basic\"}]}")).toBe(P + ".overrides[0]: set ruleKeys, types or both");
    expect(error("{" + OFF + ",\"overrides\":[{\"ruleKeys\":[\"SQL\"]}]}")).toBe(P + ".overrides[0]: set level, threatHandlingMode or both");
    expectContains(error("{" + OFF + ",\"overrides\":[{\"ruleKeys\":[\"SQLI\"],\"level\":\"Basic\"}]}"), P + ".overrides[0].ruleKeys[0]: unknown rule key \"SQLI\" (allowed: SQL, XSS");
    expect(error("{" + OFF + ",\"overrides\":[{\"ruleKeys\":[],\"level\":\"Basic\"}]}")).toBe(P + ".overrides[0].ruleKeys: must not be empty (omit it for every rule key)");
    expect(error("{" + OFF + ",\"overrides\":[{\"types\":[\"Cookie\"],\"level\":\"Basic\"}]}")).toBe(P + ".overrides[0].types[0]: unknown type \"Cookie\" (allowed: Header, Parameter, Path, PathSegment, JSON, GraphQL)");
    expect(error("{" + OFF + ",\"overrides\":[{\"types\":[],\"level\":\"Basic\"}]}")).toBe(P + ".overrides[0].types: must not be empty (omit it for every type)");
    expect(error("{" + OFF + ",\"overrides\":[{\"types\":[\"Path\"],\"level\":\"High\"}]}")).toBe(P + ".overrides[0].level: unknown value \"High\" (allowed: Unfiltered, Basic, Standard, Strict)");
    expectContains(error("{" + OFF + ",\"overrides\":[{\"types\":[\"Path\"],\"threatHandlingMode\":1}]}"), P + ".overrides[0].threatHandlingMode: expected one of");
    expectContains(error("{" + OFF + ",\"overrides\":[{\"types\":[\"Path\"],\"level\":\"Basic\",\"when\":1}]}"), P + ".overrides[0].when: unknown field");
  });

  it("exceptions", () => {
    const E = P + ".exceptions[0]";
    expect(error("{" + OFF + ",\"exceptions\":[{\"ruleKeys\":[\"SQL\"]}]}")).toBe(E + ": set one of parameter, header, path, pathSegment, json, graphQL, or requestConditions, or both");
    expect(error("{" + OFF + ",\"exceptions\":[{\"path\":{\"exact\":\"/a\"},\"header\":{\"name\":{\"exact\":\"a\"}}}]}")).toBe(E + ".path: set only one of parameter, header, path, pathSegment, json, graphQL (also header)");
    expect(error("{" + OFF + ",\"exceptions\":[{\"parameter\":{}}]}")).toBe(E + ".parameter: set at least one of name, value");
    expect(error("{" + OFF + ",\"exceptions\":[{\"parameter\":{\"name\":{\"exact\":\"a\"},\"source\":\"Body\"}}]}")).toBe(E + ".parameter.source: unknown value \"Body\" (allowed: Query, Post, Any)");
    expectContains(error("{" + OFF + ",\"exceptions\":[{\"parameter\":{\"name\":{\"regex\":\"(\"}}}]}"), E + ".parameter.name.regex: ");
    expect(error("{" + OFF + ",\"exceptions\":[{\"header\":{}}]}")).toBe(E + ".header: set at least one of name, value");
    expectContains(error("{" + OFF + ",\"exceptions\":[{\"header\":{\"name\":{\"exact\":\"a\",\"ignoreCase\":true}}}]}"), E + ".header.name.ignoreCase: unknown field");
    expect(error("{" + OFF + ",\"exceptions\":[{\"path\":{}}]}")).toBe(E + ".path: set exactly one of exact, prefix, suffix, contains, regex");
    expect(error("{" + OFF + ",\"exceptions\":[{\"pathSegment\":{}}]}")).toBe(E + ".pathSegment: set at least one of value, index");
    expect(error("{" + OFF + ",\"exceptions\":[{\"pathSegment\":{\"index\":-1}}]}")).toBe(E + ".pathSegment.index: must be between 0 and 1023, got -1");
    expect(error("{" + OFF + ",\"exceptions\":[{\"json\":{\"value\":{\"exact\":\"a\"}}}]}")).toBe(E + ".json.jsonPath: required field is missing");
    expect(error("{" + OFF + ",\"exceptions\":[{\"json\":{\"jsonPath\":\"a.b\"}}]}")).toBe(E + ".json.jsonPath: expected a JSONPath such as $.a.b[0] or $['a b'][*], got \"a.b\"");
    expect(error("{" + OFF + ",\"exceptions\":[{\"json\":{\"jsonPath\":\"$.a\",\"key\":{\"exact\":\"a\"},\"value\":{\"exact\":\"b\"}}}]}")).toBe(E + ".json.value: set at most one of key, value");
    expect(error("{" + OFF + ",\"exceptions\":[{\"graphQL\":{}}]}")).toBe(E + ".graphQL: set at least one of field, argument, value");
    expectContains(error("{" + OFF + ",\"exceptions\":[{\"requestConditions\":{\"methods\":[\"FETCH\"]}}]}"), E + ".requestConditions.methods[0]: unknown method \"FETCH\"");
    expectContains(error("{" + OFF + ",\"exceptions\":[{\"ruleKeys\":[\"sql\"],\"path\":{\"exact\":\"/\"}}]}"), E + ".ruleKeys[0]: unknown rule key \"sql\"");
  });

  it("custom rules", () => {
    const C = P + ".customRules[0]";
    expect(error("{" + OFF + ",\"customRules\":[{\"path\":{\"exact\":\"/a\"}}]}")).toBe(C + ".ruleKey: required field is missing");
    expect(error("{" + OFF + ",\"customRules\":[{\"ruleKey\":\"no_debug\",\"path\":{\"exact\":\"/a\"}}]}")).toBe(C + ".ruleKey: expected upper-case letters, digits and underscores, starting with a letter (e.g. NO_DEBUG_PARAM), got \"no_debug\"");
    expect(error("{" + OFF + ",\"customRules\":[{\"ruleKey\":\"A\"}]}")).toBe(C + ": set exactly one of parameter, header, path, pathSegment, json, graphQL");
    expect(error("{" + OFF + ",\"customRules\":[{\"ruleKey\":\"A\",\"path\":{\"exact\":\"/a\"}},{\"ruleKey\":\"A\",\"path\":{\"exact\":\"/b\"}}]}")).toBe(P + ".customRules[1].ruleKey: duplicate rule key \"A\" (also customRules[0])");
    expect(error("{" + OFF + ",\"customRules\":[{\"ruleKey\":\"A\",\"pathSegment\":{\"index\":1}}]}")).toBe(C + ".pathSegment.value: required field is missing");
    expectContains(error("{" + OFF + ",\"customRules\":[{\"ruleKey\":\"A\",\"parameter\":{\"name\":{\"exact\":\"a\"},\"source\":\"Query\"}}]}"), C + ".parameter.source: unknown field");
    expectContains(error("{" + OFF + ",\"customRules\":[{\"ruleKey\":\"A\",\"json\":{\"jsonPath\":\"$.a\",\"key\":{\"exact\":\"a\"}}}]}"), C + ".json.jsonPath: unknown field");
    expect(error("{" + OFF + ",\"customRules\":[{\"ruleKey\":\"A\",\"json\":{}}]}")).toBe(C + ".json: set at least one of key, value");
    expect(error("{" + OFF + ",\"customRules\":[{\"ruleKey\":\"A\",\"threatHandlingMode\":\"Drop\",\"path\":{\"exact\":\"/a\"}}]}")).toBe(C + ".threatHandlingMode: unknown value \"Drop\" (allowed: Block, LogOnly)");
  });
});
