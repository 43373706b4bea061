import { detectSql, sqlMayFind, setKeywordShortcut } from "./sql";
import { KW_WORDS } from "./sql_lexer";
import { classesOf } from "./charclass";
import { Detector, Level, Finding, sameBothWays } from "./finding";
import { surveyOf } from "./sql";

function level(s: string): i32 { let f = detectSql(s); return f === null ? 0 : <i32>f.level; }
function id(s: string): string { let f = detectSql(s); return f === null ? "" : f.id; }

describe("sql injection: attacks", () => {
  it("tautologies after a closed string or number", () => {
    expect(level("' OR 1=1 --")).toBe(Level.Basic);
    expect(level("x' or 'q'='q")).toBe(Level.Basic);
    expect(level("77 OR 2>1")).toBe(Level.Basic);
    expect(level("\") or (\"z\"=\"z")).toBe(Level.Basic);
    expect(id("' OR 1=1 --")).toBe("BW-SQL-TAUT-1");
    expect(level("9') or ('k'='k")).toBe(Level.Basic);
  });
  it("a string compared right after the break: 1'='1", () => {
    expect(level("5'='5")).toBe(Level.Standard);
    expect(id("5'='5")).toBe("BW-SQL-TAUT-2");
  });
  it("UNION SELECT", () => {
    expect(level("3 UNION ALL SELECT NULL,NULL,NULL--")).toBe(Level.Basic);
    expect(level("zz' union select username, password from accounts--")).toBeLessThanOrEqual(Level.Standard);
    expect(level("-1 UNION SELECT @@version")).toBe(Level.Basic);
    expect(id("3 UNION ALL SELECT NULL")).toBe("BW-SQL-UNION-1");
  });
  it("comment obfuscation", () => {
    expect(level("UN/**/ION SEL/**/ECT 7,8")).toBeLessThanOrEqual(Level.Standard);
    expect(level("4/**/union/**/select/**/1,2")).toBe(Level.Basic);
    expect(level("/*!12345UNION*/ /*!12345SELECT*/ 5,6")).toBeLessThanOrEqual(Level.Standard);
  });
  it("stacked queries", () => {
    expect(level("'; DROP TABLE orders--")).toBe(Level.Basic);
    expect(level("12; shutdown --")).toBe(Level.Basic);
    expect(level("x'; exec xp_cmdshell 'dir'--")).toBe(Level.Basic);
    expect(level("1; insert into admins values('me')")).toBe(Level.Basic);
    expect(level("1; delete from admins where 1=1")).toBe(Level.Basic);
    expect(id("'; DROP TABLE orders--")).toBe("BW-SQL-STACK-1");
  });
  it("time and error based blind injection", () => {
    expect(level("1 AND SLEEP(7)")).toBe(Level.Basic);
    expect(level("sleep(9)")).toBe(Level.Standard);
    expect(level("'; WAITFOR DELAY '0:0:9'--")).toBe(Level.Basic);
    expect(level("1 and pg_sleep(3)")).toBe(Level.Basic);
    expect(level("2 or benchmark(5000000,md5(1))")).toBe(Level.Basic);
    expect(level("x' and extractvalue(7,concat(0x5c,version()))-- ")).toBeLessThanOrEqual(Level.Standard);
    expect(level("1 and updatexml(1,concat(0x3a,user()),1)")).toBe(Level.Basic);
    expect(level("1 AND dbms_pipe.receive_message('a',4)=1")).toBe(Level.Basic);
    expect(id("1 AND SLEEP(7)")).toBe("BW-SQL-TIME-1");
  });
  it("boolean blind probes and subqueries", () => {
    expect(level("2 AND (SELECT 1 FROM dual)")).toBe(Level.Basic);
    expect(level("q' AND ascii(substring(user(),1,1))>64--")).toBeLessThanOrEqual(Level.Standard);
    expect(level("id in (select password from members)")).toBeLessThanOrEqual(Level.Standard);
  });
  it("comment after a closed string: admin'--", () => {
    expect(level("operator'--")).toBe(Level.Standard);
    expect(level("operator'#")).toBe(Level.Standard);
    expect(id("operator'--")).toBe("BW-SQL-COMMENT-1");
  });
  it("catalogue probes", () => {
    expect(level("select table_name from information_schema.tables")).toBeLessThanOrEqual(Level.Standard);
    expect(level("SELECT load_file('/etc/hosts')")).toBeLessThanOrEqual(Level.Standard);
    expect(level("1 into outfile '/tmp/x'")).toBe(Level.Basic);
  });
  it("reports where the evidence is", () => {
    let f = detectSql("abc' OR 1=1 --")!;
    expect(f.detector).toBe(<u8>Detector.Sql);
    expect(f.offset).toBe(5);
    expect(f.length).toBe(6);
  });
});

describe("sql injection: benign text passes at Standard", () => {
  it("names and apostrophes", () => {
    expect(level("O'Brien")).toBe(0);
    expect(level("it's")).toBe(0);
    expect(level("D'Angelo-Smith, Mary")).toBe(0);
    expect(level("parents' or guardians' consent")).toBe(0);
    expect(level("I can't -- won't")).toBe(0);
    expect(level("rock 'n' roll or jazz")).toBe(0);
  });
  it("prose with SQL words", () => {
    expect(level("select dress size")).toBe(0);
    expect(level("please drop me a line; union members welcome")).toBe(0);
    expect(level("this or that")).toBe(0);
    expect(level("5 or 6 people")).toBe(0);
    expect(level("Delete from my account all the old orders")).toBe(0);
    expect(level("I want to select one from the list")).toBe(0);
    expect(level("Open the box; insert into slot A")).toBe(0);
    expect(level("Go to settings; delete from the list")).toBe(0);
    let l = level("I need sleep (8 hours a night)");
    expect(l == 0 || l == Level.Strict).toBe(true);
  });
  it("code snippets are at most Strict", () => {
    let snippet = "Try this:\nSELECT name FROM customers WHERE id = 42 ORDER BY name;";
    let l = level(snippet);
    expect(l == 0 || l == Level.Strict).toBe(true);
    l = level("if (a == 1 || b == 2) { return; }");
    expect(l == 0 || l == Level.Strict).toBe(true);
  });
  it("a sentence quoting a payload is no break-out (not Basic)", () => {
    expect(level("What does 'OR 1=1' mean in SQL?")).toBe(Level.Standard);
    expect(level("x' OR 1=1")).toBe(Level.Basic);
  });
  it("search queries, numbers, emails", () => {
    expect(level("best union station hotels")).toBe(0);
    expect(level("42")).toBe(0);
    expect(level("jane.doe+news@example.org")).toBe(0);
    expect(level("3.5e-2")).toBe(0);
    expect(level("")).toBe(0);
  });
});

describe("sql injection: bounded work", () => {
  it("handles a 1 MB value", () => {
    let part = "abc' or x -- /* 'it''s' UNION ";
    let big = part.repeat(1048576 / part.length);
    expect(level(big)).toBeGreaterThan(0);
    let quotes = "'".repeat(1 << 19);
    expect(level(quotes)).toBeGreaterThanOrEqual(0);
  });
});

describe("sqlMayFind", () => {
  it("skips one-token values and runs wherever the scan could fire", () => {
    const skip = ["SKU_48213", "wool12@example.com", "45.5", "asc", "a:b$c", "{x}"];
    for (let i = 0; i < skip.length; i++) {
      expect(sqlMayFind(classesOf(skip[i]))).toBe(false);
      expect(detectSql(skip[i])).toBeNull();
    }
    const run = ["1 or 1=1", "union select null", "1--", "x'", "a\u00a0b", "a\tb", "x;y", "(1)"];
    for (let i = 0; i < run.length; i++) expect(sqlMayFind(classesOf(run[i]))).toBe(true);
    expect(detectSql("1--")).not.toBeNull();
    expect(detectSql("union select null")).not.toBeNull();
  });
});

describe("sql injection: values of words and white space only", () => {
  it("still finds keyword structure when no quote or operator is present", () => {
    // The early exit (plainWords) must let these through to the rules.
    expect(detectSql("1 union select password from users")).not.toBeNull();
    expect(detectSql("1 or 1 is not null")).not.toBeNull();
    expect(detectSql("1\tunion\nselect\tnull")).not.toBeNull();
  });

  it("still reaches the rules for every keyword that can start one in plain words", () => {
    // SELECT; a logic word with a comparison keyword; FROM with a catalogue name; a
    // logic word or clause right after a leading number (the injection point).
    expect(detectSql("select 1 from dual")).not.toBeNull();
    expect(detectSql("x or 1 like 1")).not.toBeNull();
    expect(detectSql("users from sysobjects where 1")).not.toBeNull();
    expect(detectSql("1 or 2")).not.toBeNull();
    expect(detectSql("5 order by 3")).not.toBeNull();
    expect(detectSql("5 procedure analyse")).not.toBeNull();
  });

  it("answers keyword prose that no rule can start on without the lexer, with the same result", () => {
    // Keywords are there (in, for, and, where, table, sleep, union), but none of the starts above.
    let prose = ["Item number 4 in blue", "road jacket for road and black", "union jack 1966 limited edition",
      "where to sleep in Paris", "table for two and a view", "green and white 42 or so"];
    for (let i = 0; i < prose.length; i++) expect(detectSql(prose[i])).toBeNull(prose[i]);
  });

  it("passes prose without SQL keywords and prose whose keywords form no injection", () => {
    expect(detectSql("leather blue red 45")).toBeNull();
    expect(detectSql("running shoes size 42")).toBeNull();
    expect(detectSql("select a dress from the shop")).toBeNull();
  });
});

// The finding with the keyword shortcut and without it are the same.
function sameWithoutShortcut(v: string): bool {
  return sameBothWays(v, (s: string): Finding | null => detectSql(s), setKeywordShortcut);
}

describe("sql injection: the keyword shortcut for plain words agrees with the rules", () => {
  // Every keyword the lexer knows, a few numbers and ordinary words: every pair, and every
  // triple of the tokens that can start or complete a rule. Any start of rules() that
  // plainRuleCanStart does not know about shows up as a difference here.
  it("on every pair of keywords, numbers and words", () => {
    let tokens = KW_WORDS.slice(0);
    tokens.push("1"); tokens.push("42"); tokens.push("x"); tokens.push("users"); tokens.push("Select"); tokens.push("OR");
    let findings = 0;
    for (let i = 0; i < tokens.length; i++) {
      for (let j = 0; j < tokens.length; j++) {
        let v = tokens[i] + " " + tokens[j];
        expect(sameWithoutShortcut(v)).toBe(true, v);
        if (detectSql(v) !== null) findings++;
      }
    }
    // The enumeration reaches findings, so it can see a difference.
    expect(findings).toBeGreaterThan(0);
  });
  it("on every triple of the keywords that start or complete rules", () => {
    let hot = ["or", "and", "xor", "not", "select", "union", "all", "from", "like", "in", "is", "between", "rlike",
      "order", "by", "group", "having", "limit", "procedure", "into", "sysobjects", "dual", "null", "true",
      "1", "5", "x", "where", "sleep", "waitfor", "delay", "exec", "drop", "table", "version", "for", "set"];
    let findings = 0;
    for (let i = 0; i < hot.length; i++) for (let j = 0; j < hot.length; j++) for (let k = 0; k < hot.length; k++) {
      let v = hot[i] + " " + hot[j] + " " + hot[k];
      expect(sameWithoutShortcut(v)).toBe(true, v);
      if (detectSql(v) !== null) findings++;
    }
    expect(findings).toBeGreaterThan(100);
  });
});

// The survey as first written, one case per character (flags: 1 scan, 2 single quote,
// 4 double quote, 8 something other than plain white space).
function surveyReference(v: string): i32 {
  let n = v.length;
  let r = 0;
  for (let i = 0; i < n; i++) {
    let c = v.charCodeAt(i);
    if (c == 32 || (c >= 9 && c <= 13)) { r |= 1; continue; }
    if (c < 32 || c == 0xa0) { r |= 1 | 8; continue; }
    if (c == 39) r |= 1 | 8 | 2;
    else if (c == 34) r |= 1 | 8 | 4;
    else if ("`;()=<>|&!#*/%^~,[+".includes(String.fromCharCode(c))) r |= 1 | 8;
    else if (c == 45 && i + 1 < n && v.charCodeAt(i + 1) == 45) r |= 1 | 8;
  }
  return r;
}

describe("sql injection: the survey table", () => {
  it("agrees with a case per character on every pair of characters (the only look-ahead is one character)", () => {
    let chars = new Array<i32>();
    for (let c = 0; c < 130; c++) chars.push(c);
    chars.push(0xa0); chars.push(0xe9); chars.push(0x2028); chars.push(0xff0d);
    for (let a = 0; a < chars.length; a++) {
      let one = String.fromCharCode(chars[a]);
      expect(surveyOf(one)).toBe(surveyReference(one), one);
      for (let b = 0; b < chars.length; b++) {
        let two = one + String.fromCharCode(chars[b]);
        let got = surveyOf(two);
        let want = surveyReference(two);
        if (got != want) expect(got).toBe(want, chars[a].toString() + "," + chars[b].toString());
      }
    }
    expect(surveyOf("a-b-c--d")).toBe(1 | 8);
    expect(surveyOf("SKU-1047")).toBe(0);
  });
});
