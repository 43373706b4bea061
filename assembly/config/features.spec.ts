import { parseFilterConfig } from "./parse";
import { BodyKind, ExceptionKind, ParamSource, splitJsonPath, jsonPathCovers } from "./features";

const LIMITS = "{\"threatHandlingMode\":\"LogOnly\",\"general\":{\"bodySize\":10,\"pathLength\":20},"
  + "\"parameter\":{\"bodySize\":30,\"count\":4,\"nameLength\":5,\"valueLength\":6},"
  + "\"json\":{\"bodySize\":70,\"nestingDepth\":8,\"keyCount\":9,\"elementCount\":11,\"keyLength\":12,\"valueLength\":13},"
  + "\"multipart\":{\"bodySize\":140},\"graphQL\":{\"querySize\":15,\"nestingDepth\":16,\"valueLength\":17},"
  + "\"exceptions\":[{\"parameter\":{\"name\":{\"prefix\":\"tok\",\"ignoreCase\":true},\"source\":\"Query\"}},"
  + "{\"requestConditions\":{\"path\":{\"prefix\":\"/p\"},\"methods\":[\"POST\",\"PUT\"]},\"json\":{\"jsonPath\":\"$.a['b c'][*]\"}},"
  + "{\"graphQL\":{\"argument\":{\"exact\":\"text\"}}}]}";
const PARSER = "{\"defaultContentType\":\"application/json\",\"form\":{\"enable\":false,\"mediaTypePattern\":\".*urlencoded.*\"},"
  + "\"json\":{\"enable\":true,\"mediaTypePattern\":\".*json.*\"},\"multipart\":{\"enable\":true,\"mediaTypePattern\":\".*multipart.*\"},"
  + "\"rules\":[{\"requestConditions\":{\"mediaType\":{\"exact\":\"text/plain\"}},\"action\":\"json\"},{\"requestConditions\":{\"invert\":true},\"action\":\"skip\"}]}";

function doc(parser: string, limits: string): string {
  return "{\"version\":1,\"policies\":[{\"name\":\"default\",\"mode\":\"secured\",\"parser\":" + parser + ",\"limits\":" + limits + "}],\"defaultPolicy\":\"default\"}";
}

describe("parser and limits sections", () => {
  it("reads every limit, the mode and the exceptions", () => {
    let r = parseFilterConfig(doc(PARSER, LIMITS));
    expect(r.error).toBeNull();
    let l = r.config!.policies[0].limits!;
    expect(l.logOnly).toBe(true);
    expect(l.generalBodySize).toBe(10);
    expect(l.pathLength).toBe(20);
    expect(l.paramCount).toBe(4);
    expect(l.paramValueLength).toBe(6);
    expect(l.jsonElementCount).toBe(11);
    expect(l.graphQLValueLength).toBe(17);
    expect(l.bodyLimit(BodyKind.Form)).toBe(30);
    expect(l.bodyLimit(BodyKind.Json)).toBe(70);
    expect(l.bodyLimit(BodyKind.Multipart)).toBe(140);
    expect(l.bodyLimit(BodyKind.GraphQL)).toBe(15);
    expect(l.bodyLimit(BodyKind.None)).toBe(10);
    expect(l.exceptions.length).toBe(3);
    expect(l.exceptions[0].kind).toBe(ExceptionKind.Parameter);
    expect(l.exceptions[0].paramSource).toBe(ParamSource.Query);
    expect(l.exceptions[0].paramName!.matchString("TOKEN")).toBe(true);
    expect(l.exceptions[1].jsonPath.join("|")).toBe("a|b c|[*]");
    expect(l.exceptions[1].conditions).not.toBeNull();
    expect(l.exceptions[2].gqlArgument!.matchString("text")).toBe(true);
  });

  it("reads the parser section and compiles its patterns", () => {
    let p = parseFilterConfig(doc(PARSER, LIMITS)).config!.policies[0].parser!;
    expect(p.defaultContentType).toBe("application/json");
    expect(p.formEnabled).toBe(false);
    expect(p.jsonPattern!.matchString("application/json")).toBe(true);
    expect(p.jsonPattern!.matchString("text/plain")).toBe(false);
    expect(p.rules.length).toBe(2);
    expect(p.rules[0].action).toBe(BodyKind.Json);
    expect(p.rules[1].action).toBe(BodyKind.None);
  });

  it("unlimited turns every limit off", () => {
    let l = parseFilterConfig(doc(PARSER, "{\"threatHandlingMode\":\"Block\",\"unlimited\":true}")).config!.policies[0].limits!;
    expect(l.unlimited).toBe(true);
    expect(l.bodyLimit(BodyKind.Json)).toBe(0);
  });

  it("names the field of a bad pattern", () => {
    let r = parseFilterConfig(doc(PARSER.replace(".*json.*", "(json"), LIMITS));
    expect(r.error!.startsWith("policies[0].parser.json.mediaTypePattern: invalid regex")).toBe(true);
    r = parseFilterConfig(doc(PARSER, "{\"threatHandlingMode\":\"Block\",\"unlimited\":false}"));
    expect(r.error).toBe("policies[0].limits.unlimited: must be true (omit it to apply the limits)");
  });
});

describe("JSONPath exceptions", () => {
  it("splits dotted, bracketed and quoted segments", () => {
    expect(splitJsonPath("$.a.b[3]")!.join("|")).toBe("a|b|[3]");
    expect(splitJsonPath("$['x y'].z")!.join("|")).toBe("x y|z");
    expect(splitJsonPath("$")!.length).toBe(0);
    expect(splitJsonPath("a.b")).toBeNull();
    expect(splitJsonPath("$..a")).toBeNull();
    expect(splitJsonPath("$[")).toBeNull();
  });
  it("covers the path, its descendants and wildcard indexes only", () => {
    let p = splitJsonPath("$.items[*].text")!;
    expect(jsonPathCovers(p, splitJsonPath("$.items[2].text")!)).toBe(true);
    expect(jsonPathCovers(p, splitJsonPath("$.items[2].text.deep")!)).toBe(true);
    expect(jsonPathCovers(p, splitJsonPath("$.items[2].note")!)).toBe(false);
    expect(jsonPathCovers(p, splitJsonPath("$.items.x.text")!)).toBe(false);
    expect(jsonPathCovers(p, splitJsonPath("$.items")!)).toBe(false);
  });
});
