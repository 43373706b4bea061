// The detectors' skip predicates (sqlMayFind, xssMayFind, shellMayFind) through the
// release build: the deny stage skips a detector when its predicate says the value's
// character-class signature cannot produce a finding, so a false "no" would hide an
// attack. Property: for every generated string s, !mayFind(classesOf(s)) => detect(s)
// is null. Strings are drawn from each predicate's skipped alphabets (the largest
// character sets it skips), mixed with the detectors' own keywords, commands and tag
// names, so the check lands where a wrong predicate would bite. Fixed seed and few
// runs in `npm test`; FUZZ_RUNS=n (and FUZZ_SEED) for more.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { loadDetectModule } from "./detect-module.js";
import { fuzzSettings } from "../fuzz/settings.js";

const SQL = 1, XSS = 2, SHELL = 3;
const m = await loadDetectModule();

const range = (a, b) => Array.from({ length: b - a + 1 }, (_, i) => String.fromCharCode(a + i)).join("");
const LOWER = range(0x61, 0x7a), UPPER = range(0x41, 0x5a), DIGIT = range(0x30, 0x39);
const CONTROL = "\u0000\u0001\u001f\u007f";
const NONASCII = "é\u00a0€\u2028😀";
const PRINTABLE = range(0x20, 0x7e);

// Words the detectors key on, so skipped alphabets are tried with real vocabulary.
const WORDS = [
  "union", "select", "null", "from", "where", "or", "and", "sleep", "benchmark", "drop", "table", "1", "0x41",
  "information_schema", "version", "waitfor", "delay", "exec", "xp_cmdshell", "order", "by", "having", "into", "outfile",
  "script", "img", "svg", "iframe", "onerror", "onload", "alert", "document", "cookie", "window", "location",
  "constructor", "javascript", "vbscript", "data", "innerHTML", "ADw", "eval", "fromCharCode", "self", "top",
  "cat", "id", "whoami", "uname", "wget", "curl", "nc", "bash", "sh", "sudo", "time", "nohup", "ifconfig",
  "etc", "passwd", "bin", "dev", "tcp", "udp", "base64", "????64", "*64", "cmd", "powershell", "iex", "invoke",
  "expression", "net", "webclient", "new", "object", "start", "process", "downloadstring", "comspec", "ipconfig",
  "NETSTAT", "CERTUTIL", "WHOAMI", "IEX", "POWERSHELL", "IFS", "ifs", "shell", "1234567", "10", "0", "4444",
];

/**
 * Strings over `alphabet` (or the alphabet plus one character from outside it, used as
 * freely as the rest), interleaved with the keywords that fit. Strings with the extra
 * character run under a correct predicate but would be skipped by one that forgot that
 * character: the mistake this test hunts.
 */
export function over(alphabet) {
  const outside = (PRINTABLE + "\t\n").split("").filter((c) => !alphabet.includes(c));
  return fc.option(fc.constantFrom(...outside), { freq: 2 }).chain((extra) => {
    const chars = [...alphabet];
    const all = extra === null ? alphabet : alphabet + extra;
    const words = WORDS.filter((w) => [...w].every((c) => all.includes(c)));
    const pieces = [{ arbitrary: fc.constantFrom(...chars), weight: 2 }];
    if (extra !== null) pieces.push({ arbitrary: fc.constant(extra), weight: 3 });
    if (words.length > 0) pieces.push({ arbitrary: fc.constantFrom(...words), weight: 5 });
    return fc.array(fc.oneof(...pieces), { minLength: 1, maxLength: 24 }).map((x) => x.join(""));
  });
}

// Findings of each detector: edited copies of these stay close to a finding, so a
// predicate that skips one of their characters is caught quickly.
const SEEDS = {
  [SQL]: ["1 or 1=1", "union select null", "1--", "x' or 'a'='a", "1;drop table t", "sleep(5)", "1 union all select 1,2",
    "a\" or 1=1#", "admin'/*", "1 and sleep(3)", "select version() from dual", "1+benchmark(9,md5(1))", "x'||'1'='1"],
  [XSS]: ["document.cookie", "constructor.constructor", "<script>", "<b onclick=x>", "javascript:alert(1)", "alert(1)",
    "&#106;avascript:x", "![]+![]", "ADw-script", "innerHTML=x", "self['al'+'ert'](1)", "\" onfocus=x", "alert`1`"],
  [SHELL]: ["sudo whoami", "x;id", "cat /etc/passwd", "/dev/tcp/1.2.3.4/80", "net.webclient", "invoke-expression x",
    "{????64,/x}", "whoami)", "w^hoami", "a|wget http://x", "$(id)", "`id`", "c'a't /etc/hosts", "*64,://x", "ifconfig>x",
    "iex(x)", "%comspec%", "powershell/c", "new-object", "IPCONFIG 1234567", "x&&id", "nc -e sh"],
};
/** A seed with a few characters replaced by, or inserted from, `chars`. */
function near(seeds, chars) {
  const edit = fc.tuple(fc.nat(), fc.constantFrom(...chars), fc.boolean());
  return fc.tuple(fc.constantFrom(...seeds), fc.array(edit, { maxLength: 3 })).map(([seed, edits]) => {
    let s = seed;
    for (const [at, c, insert] of edits) {
      const i = at % (s.length + 1);
      s = s.slice(0, i) + c + s.slice(insert ? i : i + 1);
    }
    return s;
  });
}

// The largest alphabets each predicate skips (from the reasoning beside it).
const SKIPPED = {
  [SQL]: [LOWER + UPPER + DIGIT + "._@:$?{}]\\"],
  [XSS]: [
    DIGIT + PRINTABLE.replace(/[A-Za-z[&]/g, "") + CONTROL + NONASCII, // no letters
    UPPER + DIGIT + PRINTABLE.replace(/[A-Za-z[&<=(`:]/g, "") + CONTROL + NONASCII, // upper case only
    LOWER + DIGIT + PRINTABLE.replace(/[A-Za-z[&<=(`:.]/g, "") + CONTROL + NONASCII, // lower case only
    LOWER + UPPER + DIGIT + PRINTABLE.replace(/[A-Za-z0-9[&<=(`:.-]/g, "") + CONTROL + NONASCII,
  ],
  [SHELL]: [
    LOWER + UPPER + DIGIT + "_@:=+#!~]?*[,{}" + CONTROL.replace("\u0000", "") + "\u0000" + "é€😀",
    DIGIT + "-._@:=+#!~]?*[,{}" + CONTROL + "é€",
    DIGIT + "-./_@:=+#!~],{}" + CONTROL + "é€",
  ],
};

function checkImplication(which, s, counts) {
  const sig = m.signature(s);
  if (m.mayFind(which, sig)) { counts.ran++; return true; }
  counts.skipped++;
  const f = m.detect(which, s);
  return f === null || assert.fail(`detector ${which} skipped ${JSON.stringify(s)} (signature 0x${sig.toString(16)}) but finds ${f.id} at level ${f.level}`);
}

for (const which of [SQL, XSS, SHELL]) {
  const name = { [SQL]: "sql", [XSS]: "xss", [SHELL]: "shell" }[which];
  test(`${name}MayFind: a skipped signature never hides a finding (skipped alphabets)`, () => {
    for (const alphabet of SKIPPED[which]) {
      const counts = { ran: 0, skipped: 0 };
      fc.assert(fc.property(over(alphabet), (s) => checkImplication(which, s, counts)), fuzzSettings(300));
      // The alphabet is meant to be skipped: a predicate that ran on most of it would make this test vacuous.
      assert.ok(counts.skipped > counts.ran, `${name}: alphabet ${JSON.stringify(alphabet.slice(0, 40))} mostly ran (${counts.ran} ran, ${counts.skipped} skipped)`);
    }
  });
  test(`${name}MayFind: a skipped signature never hides a finding (edited findings)`, () => {
    for (const alphabet of SKIPPED[which]) {
      fc.assert(fc.property(near(SEEDS[which], [...alphabet]), (s) => checkImplication(which, s, { ran: 0, skipped: 0 })), fuzzSettings(300));
    }
    for (const s of SEEDS[which]) {
      assert.notEqual(m.detect(which, s), null, `seed ${JSON.stringify(s)} should be a finding`);
      assert.equal(m.mayFind(which, m.signature(s)), true, `seed ${JSON.stringify(s)} must run`);
    }
  });
  test(`${name}MayFind: a skipped signature never hides a finding (any printable text)`, () => {
    const counts = { ran: 0, skipped: 0 };
    const text = fc.array(fc.oneof(fc.constantFrom(...PRINTABLE), fc.constantFrom(...WORDS)), { minLength: 1, maxLength: 16 })
      .map((a) => a.join(""));
    fc.assert(fc.property(text, (s) => checkImplication(which, s, counts)), fuzzSettings(300));
  });
}

test("the predicates run on the shapes the detectors must see, and skip plain values", () => {
  const mustRun = {
    [SQL]: ["1 or 1=1", "union select x from y", "1--", "a'b", "x\u00a0y"],
    [XSS]: ["document.cookie", "<b", "a=b", "javascript:x", "&#106;", "![]![]", "ADw-script"],
    [SHELL]: ["cat /etc/passwd", "sudo whoami", "x;id", "/dev/tcp/1.2.3.4/80", "net.webclient", "invoke-expression",
      "{????64,/x}", "whoami)", "w^hoami"],
  };
  const mustSkip = {
    [SQL]: ["SKU_48213", "wool12@example.com", "45.5", "asc", "runningShoes", "a:b"],
    [XSS]: ["SKU-48213", "45.5", "asc", "running shoes", "leather blue red 45", "FOO.BAR", "a/b"],
    [SHELL]: ["asc", "whoami", "45.5", "wool12@example.com".replace(".", "_"), "key:value", "a,b{c}"],
  };
  for (const which of [SQL, XSS, SHELL]) {
    for (const s of mustRun[which]) assert.equal(m.mayFind(which, m.signature(s)), true, `${which} must run on ${JSON.stringify(s)}`);
    for (const s of mustSkip[which]) assert.equal(m.mayFind(which, m.signature(s)), false, `${which} may skip ${JSON.stringify(s)}`);
  }
});
