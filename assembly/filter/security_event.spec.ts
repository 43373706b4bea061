import { jsonString, threatCounterName } from "./security_event";
import { isGraphQLPath, bodySizeSubtype } from "./parser_stage";
import { BodyKind } from "../config/features";

describe("security event encoding", () => {
  it("escapes quotes, backslashes, control and non-ASCII characters", () => {
    expect(jsonString("a\"b\\c")).toBe("\"a\\\"b\\\\c\"");
    expect(jsonString("x\ny\u0001")).toBe("\"x\\u000ay\\u0001\"");
    expect(jsonString("é€")).toBe("\"\\u00e9\\u20ac\"");
    expect(jsonString("")).toBe("\"\"");
  });
  it("names counters with their labels", () => {
    expect(threatCounterName(false, "limits", "path_length")).toBe("bulwark_threats_blocked_total.block_type.limits.block_subtype.path_length");
    expect(threatCounterName(true, "parser", "json_syntax")).toBe("bulwark_threats_logged_total.block_type.parser.block_subtype.json_syntax");
  });
});

describe("parser stage helpers", () => {
  it("detects GraphQL endpoints by the last path segment", () => {
    expect(isGraphQLPath("/graphql")).toBe(true);
    expect(isGraphQLPath("/api/GraphQL/")).toBe(true);
    expect(isGraphQLPath("/graphqlx")).toBe(false);
    expect(isGraphQLPath("/graphql/x")).toBe(false);
    expect(isGraphQLPath("/")).toBe(false);
    expect(isGraphQLPath("")).toBe(false);
  });
  it("names the body size subtype of each parser", () => {
    expect(bodySizeSubtype(BodyKind.Json)).toBe("json_body_size");
    expect(bodySizeSubtype(BodyKind.Form)).toBe("parameter_body_size");
    expect(bodySizeSubtype(BodyKind.None)).toBe("general_body_size");
  });
});
