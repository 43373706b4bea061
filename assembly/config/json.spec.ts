import { parseJson, JsonKind, MAX_DEPTH } from "./json";

function errorOf(text: string): string {
  let r = parseJson(text);
  expect(r.value).toBeNull();
  return r.error!;
}

// Shows the whole actual message when the expected part is missing.
function expectContains(actual: string, part: string): void {
  if (!actual.includes(part)) expect(actual).toBe(part);
}

describe("JSON parser", () => {
  it("parses objects, arrays, strings, numbers, booleans and null", () => {
    let r = parseJson(" {\"a\": [1, -2.5e1, true, false, null], \"b\": {\"c\": \"d\"}} ");
    expect(r.error).toBeNull();
    let v = r.value!;
    expect(v.kind).toBe(JsonKind.Object);
    expect(v.keys![0]).toBe("a");
    let a = v.values![0].items!;
    expect(a.length).toBe(5);
    expect(a[0].numberValue).toBe(1.0);
    expect(a[0].isInteger).toBe(true);
    expect(a[1].numberValue).toBe(-25.0);
    expect(a[1].isInteger).toBe(false);
    expect(a[2].boolValue).toBe(true);
    expect(a[4].kind).toBe(JsonKind.Null);
    expect(v.values![1].values![0].stringValue).toBe("d");
  });

  it("decodes escapes including surrogate pairs", () => {
    let v = parseJson("\"a\\\"b\\\\c\\/d\\n\\u00e9\\ud83d\\ude00\"").value!;
    expect(v.stringValue).toBe("a\"b\\c/d\né😀");
  });

  it("keeps duplicate keys for the field reader to reject", () => {
    let v = parseJson("{\"a\":1,\"a\":2}").value!;
    expect(v.keys!.length).toBe(2);
  });

  it("reports where the input stops being JSON", () => {
    expect(errorOf("")).toBe("not JSON: the document is empty");
    expect(errorOf("   ")).toBe("not JSON: the document is empty");
    expect(errorOf("{")).toBe("not JSON: unexpected end of input, expected a quoted object key at line 1 column 2");
    expect(errorOf("{\"a\" 1}")).toBe("not JSON: unexpected '1', expected ':' after object key at line 1 column 6");
    expect(errorOf("{\"a\":1,}")).toBe("not JSON: unexpected '}', expected a quoted object key at line 1 column 8");
    expect(errorOf("[1,\n 2 3]")).toBe("not JSON: unexpected '3', expected ',' or ']' in array at line 2 column 4");
    expect(errorOf("{} x")).toBe("not JSON: unexpected 'x' after the end of the document at line 1 column 4");
    expect(errorOf("version: 1")).toBe("not JSON: unexpected 'v', expected a value at line 1 column 1");
  });

  it("rejects invalid numbers, escapes and raw control characters", () => {
    expectContains(errorOf("01"), "after the end of the document");
    expectContains(errorOf("1."), "expected a digit after '.'");
    expectContains(errorOf("-"), "unexpected end of input in number");
    expectContains(errorOf("1e"), "expected a digit in exponent");
    expectContains(errorOf("\"\\x\""), "invalid escape '\\x'");
    expectContains(errorOf("\"\\u12g4\""), "invalid hex digit");
    expectContains(errorOf("\"a\nb\""), "control character U+000A in string");
    expectContains(errorOf("\"abc"), "unterminated string");
    expectContains(errorOf("tru"), "expected a value");
  });

  it("limits nesting depth", () => {
    let ok = "[".repeat(MAX_DEPTH) + "]".repeat(MAX_DEPTH);
    expect(parseJson(ok).error).toBeNull();
    let deep = "[".repeat(MAX_DEPTH + 2) + "]".repeat(MAX_DEPTH + 2);
    expectContains(errorOf(deep), "nesting deeper than 64 levels");
  });
});
