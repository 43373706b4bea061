import { parseGraphQL, GraphQLLimits, MAX_RECURSION, MAX_PATH_CHARS } from "./graphql";
import { Item, ParseError, Source, ValueType } from "./items";

function run(q: string, out: Array<Item>, depth: i32 = 10): ParseError | null {
  let l = new GraphQLLimits();
  l.nestingDepth = depth;
  return parseGraphQL(q, l, out);
}
function sub(q: string, depth: i32 = 10): string {
  let e = run(q, new Array<Item>(), depth);
  return e === null ? "" : e.subtype;
}
function describeItems(out: Array<Item>): string {
  let s = new Array<string>();
  for (let i = 0; i < out.length; i++) {
    let it = out[i];
    s.push((it.isKey ? "K " : "V ") + it.name + "=" + it.value + (it.argument.length ? " [" + it.field + "/" + it.argument + "]" : ""));
  }
  return s.join("|");
}

describe("parseGraphQL", () => {
  it("fields, aliases, arguments and values", () => {
    let out = new Array<Item>();
    expect(run("query Q { me: user(id: \"42\", role: ADMIN) { name friends(first: 10) { name } } }", out)).toBeNull();
    expect(describeItems(out)).toBe(
      "K query=user|K query.user=id [user/id]|V query.user(id)=42 [user/id]|K query.user=role [user/role]|" +
      "V query.user(role)=ADMIN [user/role]|K query.user=name|K query.user=friends|" +
      "K query.user.friends=first [friends/first]|V query.user.friends(first)=10 [friends/first]|K query.user.friends=name");
    expect(out[0].source).toBe(Source.GraphQL);
    expect(out[4].valueType).toBe(ValueType.Enum);
    expect(out[8].valueType).toBe(ValueType.Number);
  });

  it("input objects, lists, variables, defaults, directives", () => {
    let out = new Array<Item>();
    let q = "mutation M($v: [Int!]! = [1], $s: String) @log(level: 2) {\n" +
      "  add(input: {tags: [\"a\", \"b\"], meta: {x: null, y: true}}, s: $s) @include(if: $v)\n}";
    expect(run(q, out)).toBeNull();
    let d = describeItems(out);
    expect(d).toBe(
      "V mutation($v)[0]=1 [/$v]|K mutation=level [@log/level]|V mutation(level)=2 [@log/level]|K mutation=add|" +
      "K mutation.add=input [add/input]|K mutation.add(input)=tags [add/input]|V mutation.add(input).tags[0]=a [add/input]|" +
      "V mutation.add(input).tags[1]=b [add/input]|K mutation.add(input)=meta [add/input]|K mutation.add(input).meta=x [add/input]|" +
      "V mutation.add(input).meta.x=null [add/input]|K mutation.add(input).meta=y [add/input]|V mutation.add(input).meta.y=true [add/input]|" +
      "K mutation.add=s [add/s]|V mutation.add(s)=$s [add/s]|K mutation.add=if [@include/if]|V mutation.add(if)=$v [@include/if]");
  });

  it("strings: escapes, unicode, block strings", () => {
    let out = new Array<Item>();
    expect(run("{ f(a: \"x\\\"\\n\\u00e9\\u{1F600}\\ud83d\\ude00\", b: \"\"\"\n    line1\n      line2\n  \\\"\"\"\n\"\"\") }", out)).toBeNull();
    expect(out[2].value).toBe("x\"\né😀😀");
    expect(out[2].raw).toBe("x\\\"\\n\\u00e9\\u{1F600}\\ud83d\\ude00");
    // The common indentation (2, from the last line) is removed (spec BlockStringValue).
    expect(out[4].value).toBe("  line1\n    line2\n\"\"\"");
  });

  it("comments, commas and the shorthand form", () => {
    let out = new Array<Item>();
    expect(run("# comment\n{ a, b # trailing\n , c }", out)).toBeNull();
    expect(out.length).toBe(3);
  });

  it("depth counts fields, also through fragments and inline fragments", () => {
    expect(sub("{ a { b { c } } }", 3)).toBe("");
    let e = run("{ a { b { c { d } } } }", new Array<Item>(), 3);
    expect(e!.subtype).toBe("graphql_nesting_depth");
    expect(e!.limit).toBe(3);
    expect(e!.observed).toBe(4);
    expect(e!.location).toBe("query.a.b.c.d");
    expect(sub("{ a { ... on T { b { c } } } }", 3)).toBe("");
    expect(sub("{ a { ... on T { b { c { d } } } } }", 3)).toBe("graphql_nesting_depth");
    // a (1) + spread of F at depth 1 + F's depth 3 = 4
    let f = run("{ a { ...F } } fragment F on T { b { c { d } } }", new Array<Item>(), 3);
    expect(f!.subtype).toBe("graphql_nesting_depth");
    expect(f!.observed).toBe(4);
    expect(sub("{ a { ...F } } fragment F on T { b { c } }", 3)).toBe("");
  });

  it("fragment cycles are a syntax error", () => {
    expect(sub("{ ...A } fragment A on T { ...B } fragment B on T { ...A }")).toBe("graphql_syntax");
  });

  it("rejects invalid documents", () => {
    let bad = ["", "   ", "{", "{ }", "{ a(b: ) }", "{ a(b: 1 }", "{ a(: 1) }", "{ a(b: 01) }", "{ a(b: 1.) }", "{ a(b: 1x) }",
      "{ a(b: \"x) }", "{ a(b: \"\\q\") }", "{ a(b: \"\\ud800\") }", "{ a(b: \"\"\"x) }", "type Query { a: Int }", "query { a } }",
      "fragment on on T { a }", "{ a(b: $) }", "query ($v: Int = $w) { a }", "{ a ... }", "{ a(b: [1, 2) }", "{ a(b: {c 1}) }",
      "{ a(b: \"x\ny\") }", "{ a } extra", "{ a(b: 1) @ }", "{ a(b: -) }"];
    for (let i = 0; i < bad.length; i++) {
      if (sub(bad[i]) != "graphql_syntax") throw new Error("accepted or misreported: case " + i.toString());
    }
  });

  it("hostile: deep nesting is stopped without exhausting the stack", () => {
    let deep = "{" + " a {".repeat(10000) + " b" + " }".repeat(10001);
    expect(sub(deep)).toBe("graphql_nesting_depth");
    let unlimited = run(deep, new Array<Item>(), 0);
    expect(unlimited!.subtype).toBe("graphql_nesting_depth");
    expect(unlimited!.limit).toBe(MAX_RECURSION);
    let deepValue = "{ a(b: " + "[".repeat(10000) + "1" + "]".repeat(10000) + ") }";
    expect(sub(deepValue)).toBe("graphql_nesting_depth");
  });

  it("hostile: long paths are cut at MAX_PATH_CHARS and shared below the cut", () => {
    let a = "a".repeat(600), b = "b".repeat(600);
    let out = new Array<Item>();
    expect(run("{ " + a + " { " + b + " { c d } } }", out)).toBeNull();
    expect(out[2].name.length).toBe(MAX_PATH_CHARS + 3);
    expect(out[2].name.endsWith("...")).toBe(true);
    expect(changetype<usize>(out[3].name)).toBe(changetype<usize>(out[2].name));
  });

  it("hostile: a 1 MB string argument", () => {
    let out = new Array<Item>();
    expect(run("{ a(b: \"" + "x".repeat(1 << 20) + "\") }", out)).toBeNull();
    expect(out[2].value.length).toBe(1 << 20);
  });
});
