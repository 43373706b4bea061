import { parse } from "./parser";
import { Compiler } from "./compile";
import { OP_MATCH, OP_SET, OP_ASSERT } from "./program";
import { Assert } from "./ast";

function program(p: string, full: bool = false): Compiler {
  let c = new Compiler(100000);
  let start = c.compilePattern(parse(p).node!, 0, full);
  let fan = c.fanOut([start]);
  expect(fan).toBe(start);
  return c;
}

describe("compiler", () => {
  it("ends every pattern in MATCH and full matches in \\z", () => {
    let c = program("ab", true);
    let n = c.op.length;
    expect(c.op[n - 1]).toBe(OP_MATCH);
    expect(c.op[n - 2]).toBe(OP_ASSERT);
    expect(c.a[n - 2]).toBe(Assert.EndText);
  });
  it("stores equal byte sets once", () => {
    let c = program("[a-f][a-f][a-f]x[0-9]");
    let sets = 0;
    for (let i = 0; i < c.op.length; i++) if (c.op[i] == OP_SET) sets++;
    expect(sets).toBe(4); // three [a-f] and one [0-9]; x is a byte range
    expect(c.sets.length).toBe(16); // but only two distinct 256-bit sets are stored
  });
  it("expands counted repetitions", () => {
    let small = program("a{2}").op.length;
    let big = program("a{20}").op.length;
    expect(big - small).toBe(18);
  });
  it("stops at the instruction limit", () => {
    let c = new Compiler(100);
    c.compilePattern(parse("a{1000}").node!, 0, false);
    expect(c.failed).toBe(true);
    expect(c.op.length).toBeLessThanOrEqual(100);
  });
  it("computes byte classes", () => {
    let c = program("[a-c]x");
    let p = c.finish();
    expect(p.classOf[0x61]).toBe(p.classOf[0x63]);
    expect(p.classOf[0x61]).not.toBe(p.classOf[0x64]);
    expect(p.classOf[0x0a]).not.toBe(p.classOf[0x09]); // \n always has its own class
  });
});
