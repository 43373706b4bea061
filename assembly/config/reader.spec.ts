import { parseJson } from "./json";
import { FieldReader, ObjectFields, codePointLength, listForMessage, isLikelyTypo } from "./reader";

function fieldsOf(text: string, reader: FieldReader): ObjectFields {
  return reader.objectAt(parseJson(text).value, "section")!;
}

describe("field reader", () => {
  it("reads typed fields and accepts a complete object", () => {
    let r = new FieldReader();
    let o = fieldsOf("{\"s\":\"x\",\"n\":5,\"b\":true,\"e\":\"two\",\"list\":[\"a\",\"b\"]}", r);
    expect(o.requiredString("s", 1, 10)).toBe("x");
    expect(o.requiredInteger("n", 0, 10)).toBe(5);
    expect(o.optionalBool("b", false)).toBe(true);
    expect(o.requiredEnum("e", ["one", "two"])).toBe("two");
    expect(o.optionalStringArray("list", 5, 1, 3).length).toBe(2);
    expect(o.optionalString("absent", "dflt")).toBe("dflt");
    o.finish();
    expect(r.error).toBeNull();
  });

  it("names the field path for a missing field", () => {
    let r = new FieldReader();
    let o = fieldsOf("{}", r);
    o.requiredString("name");
    expect(r.error).toBe("section.name: required field is missing");
  });

  it("points at a likely misspelling of a missing field", () => {
    let r = new FieldReader();
    fieldsOf("{\"polcies\":[]}", r).requiredArray("policies", 1, 10);
    expect(r.error).toBe("section.policies: required field is missing (found \"polcies\": a typo?)");
    expect(isLikelyTypo("defaultpolicy", "defaultPolicy")).toBe(true);
    expect(isLikelyTypo("routes", "policies")).toBe(false);
  });

  it("names the type it expected and the type it got", () => {
    let r = new FieldReader();
    fieldsOf("{\"n\":\"5\"}", r).requiredInteger("n", 0, 10);
    expect(r.error).toBe("section.n: expected an integer, got string");
    let r2 = new FieldReader();
    fieldsOf("{\"n\":1.5}", r2).requiredInteger("n", 0, 10);
    expect(r2.error).toBe("section.n: expected an integer, got number");
  });

  it("rejects out-of-range integers, empty and oversized strings", () => {
    let r = new FieldReader();
    fieldsOf("{\"n\":11}", r).requiredInteger("n", 0, 10);
    expect(r.error).toBe("section.n: must be between 0 and 10, got 11");
    let r2 = new FieldReader();
    fieldsOf("{\"s\":\"\"}", r2).requiredString("s", 1, 10);
    expect(r2.error).toBe("section.s: must not be empty");
    let r3 = new FieldReader();
    fieldsOf("{\"s\":\"abcdef\"}", r3).requiredString("s", 1, 5);
    expect(r3.error).toBe("section.s: is 6 characters long, the maximum is 5");
  });

  it("counts code points, not UTF-16 units, for length limits", () => {
    expect(codePointLength("😀😀")).toBe(2);
    let r = new FieldReader();
    fieldsOf("{\"s\":\"😀😀\"}", r).requiredString("s", 1, 2);
    expect(r.error).toBeNull();
  });

  it("rejects unknown enum values and lists the allowed ones", () => {
    let r = new FieldReader();
    fieldsOf("{\"mode\":\"strict\"}", r).requiredEnum("mode", ["secured", "unsecured"]);
    expect(r.error).toBe("section.mode: unknown value \"strict\" (allowed: secured, unsecured)");
  });

  it("rejects unknown fields and lists the fields it knows", () => {
    let r = new FieldReader();
    let o = fieldsOf("{\"name\":\"a\",\"nmae\":\"b\"}", r);
    o.requiredString("name");
    o.optionalString("other", "");
    o.finish();
    expect(r.error).toBe("section.nmae: unknown field (allowed: name, other)");
  });

  it("rejects duplicate fields, also in large objects", () => {
    let r = new FieldReader();
    fieldsOf("{\"a\":1,\"a\":2}", r);
    expect(r.error).toBe("section.a: duplicate field");
    let parts = new Array<string>();
    for (let i = 0; i < 40; i++) parts.push("\"k" + i.toString() + "\":1");
    parts.push("\"k7\":2");
    let r2 = new FieldReader();
    fieldsOf("{" + parts.join(",") + "}", r2);
    expect(r2.error).toBe("section.k7: duplicate field");
  });

  it("checks array limits and item types with indexed paths", () => {
    let r = new FieldReader();
    fieldsOf("{\"l\":[\"a\",2]}", r).optionalStringArray("l", 5, 1, 10);
    expect(r.error).toBe("section.l[1]: expected a string, got number");
    let r2 = new FieldReader();
    fieldsOf("{\"l\":[\"a\",\"b\",\"c\"]}", r2).optionalStringArray("l", 2, 1, 10);
    expect(r2.error).toBe("section.l: has 3 items, the maximum is 2");
    let r3 = new FieldReader();
    fieldsOf("{\"l\":[]}", r3).requiredArray("l", 1, 2);
    expect(r3.error).toBe("section.l: must not be empty");
  });

  it("keeps only the first error", () => {
    let r = new FieldReader();
    let o = fieldsOf("{\"a\":1}", r);
    o.requiredString("a");
    o.requiredString("b");
    expect(r.error).toBe("section.a: expected a string, got number");
  });

  it("shortens long lists in messages", () => {
    expect(listForMessage(["a", "b", "c"], 2)).toBe("a, b, … (1 more)");
    expect(listForMessage(["a"], 2)).toBe("a");
  });
});
