import { SqlLexer, Tok, TF, Kw, KwId, OpClass, plainAsciiWords, plainClasses, plainCmp, plainFrom, plainSecond } from "./sql_lexer";

const lx = new SqlLexer();
// Token types of `s` in context `quote` as a compact string (one letter per token).
function kinds(s: string, quote: i32 = 0): string {
  lx.reset(s, quote);
  let out = "";
  for (let n = 0; n < 64; n++) {
    let t = lx.next();
    if (t == Tok.End) break;
    out += t == Tok.Str ? "s" : t == Tok.Num ? "n" : t == Tok.Word ? (lx.kw != Kw.None ? "k" : "w") : t == Tok.Var ? "v" :
      t == Tok.Op ? "o" : t == Tok.LParen ? "(" : t == Tok.RParen ? ")" : t == Tok.Comma ? "," : t == Tok.Semi ? ";" :
      t == Tok.Dot ? "." : "?";
  }
  return out;
}
function first(s: string, quote: i32 = 0): SqlLexer { lx.reset(s, quote); lx.next(); return lx; }

describe("sql lexer", () => {
  it("reads strings in every quote style with their escapes", () => {
    expect(kinds("'it''s' \"a\\\"b\" N'x' X'4142' E'\\n'")).toBe("sssss");
    let l = first("'abc");
    expect(l.type).toBe(Tok.Str);
    expect(l.flags & TF.Unclosed).toBe(TF.Unclosed);
    expect(first("'a\\'b'").end).toBe(6);
  });
  it("reads numbers: decimal, hex, binary, exponent", () => {
    expect(kinds("1 12.5 .5 0x1F 0b101 1e10 2E-3")).toBe("nnnnnnn");
    expect(first("0x41414141").end).toBe(10);
    expect(first("1e+5x").end).toBe(4);
  });
  it("reads identifiers, quoted identifiers and variables", () => {
    expect(kinds("users `my table` [dbo] @x @@version @'q'")).toBe("wwwvvv");
    expect(kinds("[ not closed")).toBe("?kw");
  });
  it("classifies keywords case-insensitively", () => {
    let l = first("UnIoN");
    expect(l.kw).toBe(Kw.Union);
    l = first("or");
    expect(l.kw).toBe(Kw.Logic);
    expect(l.kwId).toBe(KwId.Or);
    expect(first("sleep").kw).toBe(Kw.FnTime);
    expect(first("information_schema").kw).toBe(Kw.Schema);
    expect(first("orders").kw).toBe(Kw.None);
  });
  it("marks function calls, also with spaces and comments before (", () => {
    expect(first("sleep(1)").flags & TF.Func).toBe(TF.Func);
    expect(first("sleep /**/ (1)").flags & TF.Func).toBe(TF.Func);
    expect(first("sleep 1").flags & TF.Func).toBe(0);
  });
  it("reads operators by class", () => {
    lx.reset("<=> != <> || && := ! ~", 0);
    let classes: i32[] = [];
    while (lx.next() != Tok.End) classes.push(lx.op);
    expect(classes.length).toBe(8);
    expect(classes[0]).toBe(OpClass.Cmp);
    expect(classes[1]).toBe(OpClass.Cmp);
    expect(classes[2]).toBe(OpClass.Cmp);
    expect(classes[3]).toBe(OpClass.Logic);
    expect(classes[4]).toBe(OpClass.Logic);
    expect(classes[5]).toBe(OpClass.Arith);
    expect(classes[6]).toBe(OpClass.Not);
    expect(classes[7]).toBe(OpClass.Arith);
  });
  it("skips comments and flags the token after them", () => {
    expect(kinds("1 -- rest")).toBe("n");
    expect(kinds("1 # rest\n2")).toBe("nn");
    expect(kinds("a/* x */b")).toBe("ww");
    lx.reset("1 --", 0);
    lx.next();
    lx.next();
    expect(lx.type).toBe(Tok.End);
    expect(lx.flags & TF.LineComment).toBe(TF.LineComment);
  });
  it("reads MySQL executable comments as code", () => {
    expect(kinds("/*!50000UNION*/ SELECT")).toBe("kk");
    expect(first("/*!UNION*/").kw).toBe(Kw.Union);
  });
  it("joins keywords split by inline comments", () => {
    let l = first("UN/**/ION");
    expect(l.kw).toBe(Kw.Union);
    expect(l.flags & TF.Joined).toBe(TF.Joined);
    // Words that do not join into a keyword stay apart.
    expect(kinds("foo/**/bar")).toBe("ww");
  });
  it("starts inside a string when given a context quote", () => {
    let l = first("abc' OR 1=1", 39);
    expect(l.type).toBe(Tok.Str);
    expect(l.flags & TF.Break).toBe(TF.Break);
    expect(l.end).toBe(4);
    expect(kinds("abc' OR 1=1", 39)).toBe("sknon");
    expect(first("no quote here", 39).flags & TF.Unclosed).toBe(TF.Unclosed);
  });
  it("never fails on arbitrary input", () => {
    expect(kinds("\u0000\uffff'\"`[@@")).not.toBe("");
    expect(kinds("")).toBe("");
  });
});

// What the lexer says about text: every token a number or a non-keyword word
// that is not a function call.
function lexedPlain(s: string): bool {
  lx.reset(s, 0);
  while (true) {
    let t = lx.next();
    if (t == Tok.End) return true;
    if (t == Tok.Num) continue;
    if (t == Tok.Word && lx.kw == Kw.None && (lx.flags & TF.Func) == 0) continue;
    return false;
  }
  return true;
}

describe("plainAsciiWords", () => {
  it("agrees with the lexer on text of letters, digits and spaces", () => {
    let samples = [
      "running shoes blue 42", "leather boots", "Mary Ann OBrien", "select", "Select the best", "drop us a line",
      "union jack 1966", "order by price", "42 or 43", "ORDER 66", "  two  spaces ", "information schema",
      "information_schema", "sleep 5", "benchmark results 2024", "char", "x", "1 2 3", "where to go",
      "waitfor delay", "a".repeat(30), "version 2", "user 12 name", "dual boot", "master thesis",
    ];
    for (let i = 0; i < samples.length; i++) {
      let v = samples[i];
      let quick = plainAsciiWords(v);
      if (quick < 0) continue;
      expect(quick == 1).toBe(lexedPlain(v), v);
    }
    // the samples above must exercise both answers
    expect(plainAsciiWords("leather boots")).toBe(1);
    expect(plainAsciiWords("Select the best")).toBe(0);
  });

  it("notes the keyword classes, comparisons, FROM and the word after a leading number", () => {
    expect(plainAsciiWords("x or 1 like 1")).toBe(0);
    expect(plainClasses).toBe((<u32>1 << <u32>Kw.Logic) | (<u32>1 << <u32>Kw.Expr));
    expect(plainCmp).toBe(true);
    expect(plainFrom).toBe(false);
    expect(plainSecond).toBe(-1);
    expect(plainAsciiWords("5 Order by 3 from dual")).toBe(0);
    expect(plainSecond).toBe(<i32>Kw.Clause);
    expect(plainFrom).toBe(true);
    expect(plainClasses & (<u32>1 << <u32>Kw.Schema)).not.toBe(0);
    expect(plainAsciiWords("item 4 in blue")).toBe(0);
    expect(plainCmp).toBe(true);
    expect(plainAsciiWords("leather boots 7")).toBe(1);
    expect(plainClasses).toBe(0);
  });

  it("leaves every other text to the lexer", () => {
    expect(plainAsciiWords("o'brien")).toBe(-1);
    expect(plainAsciiWords("a-b")).toBe(-1);
    expect(plainAsciiWords("42abc union")).toBe(-1);
    expect(plainAsciiWords("0x1f")).toBe(-1);
    expect(plainAsciiWords("tab\there")).toBe(-1);
    expect(plainAsciiWords("caf\u00e9")).toBe(-1);
  });
});

