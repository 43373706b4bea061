import { parse } from "./parser";
import { Regex, MatchMode } from "./regex";
import { NodeKind } from "./ast";

function err(p: string): string {
  let r = parse(p);
  return r.node === null ? r.error : "";
}

function pos(p: string): i32 {
  return parse(p).position;
}

describe("parser errors", () => {
  it("rejects lookaround and backreferences with a clear reason", () => {
    expect(err("a(?=b)").includes("lookahead")).toBe(true, "lookahead");
    expect(err("a(?!b)").includes("lookahead")).toBe(true, "lookahead");
    expect(err("(?<=a)b").includes("lookbehind")).toBe(true, "lookbehind");
    expect(err("(?<!a)b").includes("lookbehind")).toBe(true, "lookbehind");
    expect(err("(a)\\1").includes("backreference")).toBe(true, "backreference");
    expect(err("(?P<n>a)(?P=n)").includes("backreference")).toBe(true, "backreference");
    expect(pos("ab(?=c)")).toBe(2);
  });
  it("rejects bad repetitions", () => {
    expect(err("*a").includes("missing argument")).toBe(true, "missing argument");
    expect(err("a**").includes("bad repetition operator")).toBe(true, "bad repetition operator");
    expect(err("a{1001}").includes("1000")).toBe(true, "1000");
    expect(err("a{3,2}").includes("minimum exceeds maximum")).toBe(true, "minimum exceeds maximum");
    expect(err("{2}").includes("missing argument")).toBe(true, "missing argument");
  });
  it("rejects unbalanced and malformed syntax", () => {
    expect(err("(a").includes("missing closing )")).toBe(true, "missing closing )");
    expect(err("a)").includes("unexpected )")).toBe(true, "unexpected )");
    expect(err("[a").includes("missing closing ]")).toBe(true, "missing closing ]");
    expect(err("[z-a]").includes("invalid character class range")).toBe(true, "invalid character class range");
    expect(err("a\\").includes("trailing backslash")).toBe(true, "trailing backslash");
    expect(err("\\q").includes("invalid escape")).toBe(true, "invalid escape");
    expect(err("\\pL").includes("not supported")).toBe(true, "not supported");
    expect(err("[[:nope:]]").includes("POSIX")).toBe(true, "POSIX");
    expect(err("(?x)a").includes("unsupported group")).toBe(true, "unsupported group");
    expect(err("(?)").includes("unsupported group")).toBe(true, "unsupported group");
    expect(err("\\x{110000}").includes("\\x")).toBe(true, "\\x");
  });
  it("limits nesting and length", () => {
    expect(err("(".repeat(300) + ")".repeat(300)).includes("nested too deeply")).toBe(true, "nested too deeply");
    expect(err("a".repeat(5000)).includes("too long")).toBe(true, "too long");
  });
  it("limits program size after expansion", () => {
    let r = Regex.compile("((a{100}){100}){100}", MatchMode.Search);
    expect(r.regex).toBeNull();
    expect(r.error!.message.includes("too large")).toBe(true);
  });
});

describe("parser structure", () => {
  it("builds the expected tree", () => {
    let n = parse("ab|c*").node!;
    expect(n.kind).toBe(NodeKind.Alternate);
    expect(n.children[0].kind).toBe(NodeKind.Concat);
    expect(n.children[1].kind).toBe(NodeKind.Repeat);
    expect(n.children[1].max).toBe(-1);
  });
  it("records laziness", () => {
    let n = parse("a+?").node!;
    expect(n.greedy).toBe(false);
    expect(parse("(?U)a+").node!.greedy).toBe(false);
  });
});
