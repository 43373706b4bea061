// The detectors through their release build (build/detect-eval.wasm): hand-written
// attacks and benign values with the level each must get, finding spans that point at
// the evidence, and random or hostile input that must neither trap nor report spans
// outside the value. The as-pect specs beside assembly/detect/*.ts test the modules
// themselves; this file checks the optimised build the filter ships.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadDetectors } from "../../tools/build-detect-eval.mjs";

const SQL = 1, XSS = 2, SHELL = 3;
const BASIC = 1, STANDARD = 2, STRICT = 3;
const detect = await loadDetectors();

/** [detector, value, expected level (0 = no finding), expected evidence substring?] */
const CASES = [
  [SQL, "nobody' OR 7=7 --", BASIC, "OR 7=7"],
  [SQL, "5 union all select null,null", BASIC, "union all select"],
  [SQL, "abc'; drop table invoices; --", BASIC, "; drop table"],
  [SQL, "2 and sleep(4)", BASIC, "sleep(4)"],
  [SQL, "kim'--", STANDARD, "--"],
  [SQL, "8'='8", STANDARD, "="],
  [SQL, "Conan O'Brien", 0],
  [SQL, "select your seat and drop your bags", 0],
  [SQL, "either tea or coffee", 0],
  [XSS, "<img src=1 onerror=go()>", BASIC, "onerror"],
  [XSS, "<svg/onload=go()>", BASIC, "onload"],
  [XSS, "<a href='&#106;avascript:go()'>x</a>", BASIC, "href"],
  [XSS, "<iframe src=//h.example></iframe>", STANDARD, "<iframe"],
  [XSS, "';go(alert(1))//", STANDARD, "alert("],
  [XSS, "a <b>bold</b> claim: 3 < 4 > 2", 0],
  [XSS, "mail <ann@example.org> or see https://example.org/javascript/", 0],
  [SHELL, "10.0.0.1; cat /etc/group", BASIC, "cat /etc/group"],
  [SHELL, "x && id", STANDARD, "id"],
  [SHELL, "$(uname -a)", STANDARD, "uname"],
  [SHELL, "a | w^hoami", STANDARD, "hoami"],
  [SHELL, "bread; butter; cat nap", 0],
  [SHELL, "| col | id |\n|---|---|\n| 1 | 2 |", 0],
  [SHELL, "Simon & Garfunkel", 0],
];

test("hand-written samples get their level and point at the evidence", () => {
  for (const [which, value, level, evidence] of CASES) {
    const f = detect(which, value);
    const got = f ? f.level : 0;
    assert.equal(got, level, `detector ${which} on ${JSON.stringify(value)}: level ${got}, want ${level} (${f?.id})`);
    if (!f) continue;
    assert.match(f.id, /^BW-(SQL|XSS|UNIX|WIN)-[A-Z]+-\d+$/);
    const span = value.slice(f.offset, f.offset + f.length);
    assert.ok(f.offset >= 0 && f.offset + f.length <= value.length, `span in range for ${JSON.stringify(value)}`);
    if (evidence) assert.ok(span.includes(evidence), `${JSON.stringify(span)} should contain ${JSON.stringify(evidence)}`);
  }
});

test("benign samples stay quiet at Standard", () => {
  const benign = [
    "It's O'Neill's turn; bring the 'good' cups",
    "Please select a size; drop-off is free & fast",
    "**Note:** use `npm install` then <kbd>Ctrl</kbd>+<kbd>C</kbd>",
    "Price < 10 and rating > 4",
    "{\"url\": \"https://example.com/a?b=1&c=2\", \"note\": \"or maybe not\"}",
    "C:\\Program Files\\App\\app.exe",
    "Meet at 5; dinner & drinks after | RSVP",
  ];
  for (const v of benign) {
    for (const which of [SQL, XSS, SHELL]) {
      const f = detect(which, v);
      assert.ok(!f || f.level > STANDARD, `detector ${which} fired on ${JSON.stringify(v)}: ${f?.id} L${f?.level}`);
    }
  }
});

test("random input never traps and spans stay inside the value", () => {
  const alphabet = "';\"`()<>/*-#=|&$@{}[]\\ \n\tabcORSELECTUNIONscriptonerror:javascript&#x6a;%!?^,.019ifsIFS";
  let seed = 12345;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  for (let k = 0; k < 5000; k++) {
    const len = Math.floor(rnd() * 120);
    let s = "";
    for (let i = 0; i < len; i++) s += alphabet[Math.floor(rnd() * alphabet.length)];
    for (const which of [SQL, XSS, SHELL]) {
      const f = detect(which, s);
      if (f) {
        assert.ok(f.level >= BASIC && f.level <= STRICT);
        assert.ok(f.offset >= 0 && f.length >= 0 && f.offset + f.length <= s.length, `span of ${JSON.stringify(s)}: ${JSON.stringify(f)}`);
      }
    }
  }
});

test("hostile 1 MB values complete and still find a payload at the end", () => {
  const filler = [
    "'".repeat(1 << 19),
    "<a x=\"".repeat(150000),
    ";'".repeat(1 << 19),
    "/*".repeat(1 << 19),
    "a & b | c; d ".repeat(80000),
  ];
  for (const f of filler) {
    for (const which of [SQL, XSS, SHELL]) detect(which, f); // must not trap
  }
  const tail = "plain words, nothing to see. ".repeat(36000);
  assert.equal(detect(SQL, tail + " 1 UNION SELECT 1,2")?.level, STANDARD);
  assert.equal(detect(XSS, tail + "<script>x()</script>")?.level, BASIC);
  assert.equal(detect(SHELL, tail + "; cat /etc/passwd")?.level, BASIC);
});
