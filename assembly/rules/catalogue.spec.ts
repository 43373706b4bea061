import { compileRules, compileLocation, ALL_KEYS, ALL_LOCATIONS, LocationRules } from "./catalogue";
import { RULE_COUNT, RULE_ID, RULE_KEY, RULE_LEVEL, RULE_LOCATIONS, RuleKey } from "./generated";
import { Transformed } from "../transform/cache";
import { MIN_CACHE_BYTES } from "../regex/limits";
import { resetStats, dfaClears, pikeFallbacks } from "../regex/stats";

const QUERY = 2;
const HEADER = 4;
const PATH = 0;
const JSON_LOC = 6;

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

  it("put header-only rules in groups of their own that run only on the headers they name", () => {
    let rules = compileRules(1, ALL_KEYS, ALL_LOCATIONS).rules!;
    let headerGroups = 0;
    for (let g = 0; g < rules.groups.length; g++) {
      let group = rules.groups[g];
      for (let k = 0; k < group.rules.length; k++) {
        expect(RULE_LOCATIONS[group.rules[k]] == <u32>1 << HEADER).toBe(group.onlyHeaders, RULE_ID[group.rules[k]]);
      }
      if (!group.onlyHeaders) {
        expect(group.appliesTo(JSON_LOC, "")).toBe(true);
        continue;
      }
      headerGroups++;
      expect(group.appliesTo(JSON_LOC, "")).toBe(false);
      expect(group.appliesTo(QUERY, "")).toBe(false);
      expect(group.appliesTo(HEADER, "content-type")).toBe(true);
      // Some header-only rules inspect every header (BW-SCANNING-0003), so no name is left out.
      expect(group.headerNames).toBeNull();
    }
    expect(headerGroups).toBe(1);
    // BW-SANITY-0007 (Content-Type syntax) matches ordinary words: it still fires on its header only.
    let ct = ruleIndex("BW-SANITY-0007");
    expect(ct).toBeGreaterThanOrEqual(0);
    expect(matches(rules, HEADER, "SKU-12345", "content-type").includes(ct)).toBe(true);
    expect(matches(rules, HEADER, "SKU-12345", "x-sku").includes(ct)).toBe(false);
    expect(matches(rules, JSON_LOC, "SKU-12345").length).toBe(0);
  });

  it("list the header names of a header-only group whose rules all name their headers", () => {
    // The BOT rules read User-Agent only.
    let rules = compileRules(2, <u32>1 << RuleKey.BOT, ALL_LOCATIONS).rules!;
    let found = 0;
    for (let g = 0; g < rules.groups.length; g++) {
      let group = rules.groups[g];
      if (!group.onlyHeaders) continue;
      found++;
      expect(group.headerNames).not.toBeNull();
      expect(group.headerNames!.join(",")).toBe("user-agent");
      expect(group.appliesTo(HEADER, "user-agent")).toBe(true);
      expect(group.appliesTo(HEADER, "referer")).toBe(false);
    }
    expect(found).toBe(1);
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
  it("give the same answers with the smallest DFA cache as with the default one", () => {
    // The tiny budget forces cache clears (and Pike VM fallbacks) in the middle
    // of scans; eviction must never change which rules match.
    let small = compileRules(1, ALL_KEYS, ALL_LOCATIONS, MIN_CACHE_BYTES).rules!;
    let large = compileRules(1, ALL_KEYS, ALL_LOCATIONS).rules!;
    let values: Array<string> = [
      "1' OR '1'='1", "<script>alert(1)</script>", "../../etc/passwd", "; cat /etc/passwd",
      "${jndi:ldap://x/a}", "running shoes blue size 42", "{{7*7}}", "<img src=x onerror=alert(1)>",
      "UNION SELECT password FROM users--", "javascript:alert(document.cookie)", "http://169.254.169.254/latest",
    ];
    // Long mixed values: many distinct DFA states per scan.
    let seed: u32 = 99;
    for (let v = 0; v < 2; v++) {
      let s = "";
      for (let k = 0; k < 12; k++) {
        seed = seed * 1103515245 + 12345;
        let w = values[<i32>((seed >> 8) % <u32>values.length)];
        seed = seed * 1103515245 + 12345;
        s += ((seed >> 8) & 1) != 0 ? w.toUpperCase() : w;
        s += String.fromCharCode(0x20 + <i32>((seed >> 12) % 90));
      }
      values.push(s);
    }
    resetStats();
    let locations: StaticArray<i32> = [QUERY, HEADER];
    for (let i = 0; i < values.length; i++) {
      for (let l = 0; l < locations.length; l++) {
        let a = matches(small, locations[l], values[i], "user-agent");
        let b = matches(large, locations[l], values[i], "user-agent");
        expect(a.length).toBe(b.length);
        for (let k = 0; k < a.length && k < b.length; k++) expect(a[k]).toBe(b[k]);
      }
    }
    expect(dfaClears + pikeFallbacks).toBeGreaterThan(0);
    expect(small.cacheBytes).toBeLessThan(large.cacheBytes);
  });
});
