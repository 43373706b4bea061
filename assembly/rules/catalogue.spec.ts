import { compileRules, compileLocation, ALL_KEYS, ALL_LOCATIONS, LocationRules } from "./catalogue";
import { RULE_COUNT, RULE_ID, RULE_KEY, RULE_LEVEL, RuleKey } from "./generated";
import { Transformed } from "../transform/cache";

const QUERY = 2;
const HEADER = 4;
const PATH = 0;

function ruleIndex(id: string): i32 {
  for (let i = 0; i < RULE_COUNT; i++) if (RULE_ID[i] == id) return i;
  return -1;
}

function matches(rules: LocationRules, location: i32, value: string, header: string = ""): Array<i32> {
  rules.match(new Transformed(value), location, header);
  return rules.matched.slice(0);
}

describe("rule catalogue automata", () => {
  it("compile at every level for all locations", () => {
    for (let level = 0; level < 3; level++) {
      let r = compileRules(level, ALL_KEYS, ALL_LOCATIONS);
      expect(r.error).toBeNull();
      expect(r.rules!.groups.length).toBeGreaterThan(0);
    }
  });

  it("report the rule whose pattern matches, through the rule's decodings", () => {
    let rules = compileRules(1, ALL_KEYS, ALL_LOCATIONS).rules!;
    let xss = ruleIndex("BW-XSS-0001");
    expect(xss).toBeGreaterThanOrEqual(0);
    expect(matches(rules, QUERY, "%3Cscript%3Ealert(1)").includes(xss)).toBe(true);
    expect(matches(rules, QUERY, "&lt;script&gt;").includes(xss)).toBe(true);
    expect(matches(rules, QUERY, "a description of the script").length).toBe(0);
    expect(matches(rules, QUERY, "O'Brien and O'Neil").length).toBe(0);
  });

  it("keep only the rules of the item's location and header", () => {
    let rules = compileRules(2, ALL_KEYS, ALL_LOCATIONS).rules!;
    let scanner = ruleIndex("BW-SCANNING-0001"); // User-Agent only
    expect(matches(rules, HEADER, "sqlmap/1.7", "user-agent").includes(scanner)).toBe(true);
    expect(matches(rules, HEADER, "sqlmap/1.7", "x-other").includes(scanner)).toBe(false);
    expect(matches(rules, QUERY, "sqlmap/1.7").includes(scanner)).toBe(false);
    let dotfiles = ruleIndex("BW-IDOR-0005"); // Path only
    expect(matches(rules, PATH, "/.git/config").includes(dotfiles)).toBe(true);
    expect(matches(rules, QUERY, "/.git/config").includes(dotfiles)).toBe(false);
  });

  it("select by level and rule key", () => {
    let strictOnly = ruleIndex("BW-HTML-0003");
    expect(<i32>RULE_LEVEL[strictOnly]).toBe(2);
    let value = "<a href=\"//x\">click</a>";
    expect(matches(compileRules(1, ALL_KEYS, ALL_LOCATIONS).rules!, QUERY, value).includes(strictOnly)).toBe(false);
    expect(matches(compileRules(2, ALL_KEYS, ALL_LOCATIONS).rules!, QUERY, value).includes(strictOnly)).toBe(true);
    let sqlOnly = compileRules(2, <u32>1 << RuleKey.SQL, ALL_LOCATIONS).rules!;
    let found = matches(sqlOnly, QUERY, "1 UNION SELECT password FROM users <script>");
    expect(found.length).toBeGreaterThan(0);
    for (let i = 0; i < found.length; i++) expect(RULE_KEY[found[i]]).toBe(RuleKey.SQL);
  });

  it("give the same answers per location as shared", () => {
    let shared = compileRules(2, ALL_KEYS, ALL_LOCATIONS).rules!;
    let own = compileLocation(2, ALL_KEYS, QUERY).rules!;
    let values = ["' or '1'='1", "; cat /etc/passwd", "${jndi:ldap://x/a}", "hello world", "http://169.254.169.254/"];
    for (let k = 0; k < values.length; k++) {
      let a = matches(shared, QUERY, values[k]);
      let b = matches(own, QUERY, values[k]);
      a.sort(); b.sort();
      expect(a.join(",")).toBe(b.join(","));
    }
  });
});
