import { DenyInspector, Reporter } from "./inspect";
import { DenyDetails } from "./details";
import { fragmentOf, isSecretName, MASKED } from "./fragment";
import { needsOf, lastHash } from "./scan";
import { hash, FNV32_OFFSET } from "./memo";
import { Need } from "./engine";
import { Exchange, StageAction } from "../filter/pipeline";
import { RequestModel, NoProperties } from "../request/model";
import { HeaderPair } from "../sdk/pairs";
import { parseFilterConfig } from "../config/parse";
import { FilterConfig } from "../config/model";
import { Item, Source } from "../parse/items";
import { parseJson, JsonLimits } from "../parse/json";
import { parseForm } from "../parse/form";
import { parseMultipart } from "../parse/multipart";
import { parseGraphQL, GraphQLLimits } from "../parse/graphql";

// Records each decision as "subtype|location|rule_id|level|location_type|fragment|action".
class Recorder extends Reporter {
  lines: Array<string> = new Array<string>();
  report(x: Exchange, subtype: string, location: string, d: DenyDetails, logOnly: bool): StageAction {
    this.lines.push(subtype + "|" + location + "|" + d.ruleId + "|" + d.level + "|" + d.locationType + "|" + d.fragment + "|" + (logOnly ? "log_only" : "block"));
    return logOnly ? StageAction.Continue : x.block(400, "bulwark_request_blocked_deny_rules");
  }
}

const rec = new Recorder();
const inspector = new DenyInspector(rec);

function config(deny: string): FilterConfig {
  let r = parseFilterConfig("{\"version\":1,\"policies\":[{\"name\":\"default\",\"mode\":\"secured\",\"denyRules\":" + deny + "}],\"defaultPolicy\":\"default\"}");
  if (r.error !== null) throw new Error(r.error!);
  return r.config!;
}

const STANDARD = config("{\"level\":\"Standard\",\"threatHandlingMode\":\"Block\"}");

function exchange(cfg: FilterConfig, method: string, path: string, headers: Array<string> = []): Exchange {
  let pairs = new Array<HeaderPair>();
  pairs.push(new HeaderPair(":method", method));
  pairs.push(new HeaderPair(":path", path));
  pairs.push(new HeaderPair(":authority", "shop.example.com"));
  pairs.push(new HeaderPair("user-agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"));
  pairs.push(new HeaderPair("accept", "*/*"));
  for (let i = 0; i + 1 < headers.length; i += 2) pairs.push(new HeaderPair(headers[i], headers[i + 1]));
  return new Exchange(1, new RequestModel(pairs, new NoProperties()), cfg, null, cfg.defaultPolicy);
}

// Runs the headers phase; returns the decisions.
function headers(cfg: FilterConfig, method: string, path: string, hs: Array<string> = []): Array<string> {
  rec.lines = new Array<string>();
  inspector.onRequestHeaders(exchange(cfg, method, path, hs));
  return rec.lines;
}

// Runs both phases with `items` as the parsed body.
function body(cfg: FilterConfig, path: string, items: Array<Item>, graphQL: bool = false): Array<string> {
  rec.lines = new Array<string>();
  let x = exchange(cfg, "POST", path);
  x.hasBody = true;
  x.graphQL = graphQL;
  if (inspector.onRequestHeaders(x) != StageAction.Continue) return rec.lines;
  for (let i = 0; i < items.length; i++) x.bodyItems.push(items[i]);
  inspector.onRequestBody(x);
  return rec.lines;
}

function json(text: string): Array<Item> {
  let out = new Array<Item>();
  let err = parseJson(Uint8Array.wrap(String.UTF8.encode(text)), new JsonLimits(), out);
  if (err !== null) throw new Error(err.message);
  return out;
}

function form(text: string): Array<Item> {
  let out = new Array<Item>();
  parseForm(Uint8Array.wrap(String.UTF8.encode(text)), Source.Post, out);
  return out;
}

function field(s: string, part: i32): string { return s.split("|")[part]; }

describe("deny inspection: built-in rules at Standard", () => {
  it("blocks an injection in a query parameter, with the event fields", () => {
    let d = headers(STANDARD, "GET", "/search?q=1%27%20OR%20%271%27%3D%271");
    expect(d.length).toBe(1);
    expect(field(d[0], 0)).toBe("sql");
    expect(field(d[0], 1)).toBe("query:q");
    expect(field(d[0], 2).startsWith("BW-SQL-")).toBe(true);
    expect(field(d[0], 4)).toBe("Parameter");
    expect(field(d[0], 5)).toBe("1' OR '1'='1");
    expect(field(d[0], 6)).toBe("block");
  });

  it("lets look-alikes through", () => {
    expect(headers(STANDARD, "GET", "/people?name=O%27Brien&note=please+select+a+plan&q=drop+shipping").length).toBe(0);
    expect(headers(STANDARD, "GET", "/docs/getting-started/index.html?lang=en&v=2").length).toBe(0);
    expect(body(STANDARD, "/api/comments", json("{\"comment\":{\"body\":\"Use `grep -r foo .` and see https://example.com/a?b=c\",\"tags\":[\"cli\",\"tips\"],\"stars\":5}}")).length).toBe(0);
  });

  it("inspects the path, headers, cookies and their names", () => {
    expect(field(headers(STANDARD, "GET", "/static/..%2f..%2f..%2fetc/passwd")[0], 1)).toBe("path");
    let h = headers(STANDARD, "GET", "/", ["x-forwarded-host", "${jndi:ldap://evil.example/a}"]);
    expect(field(h[0], 1)).toBe("header:x-forwarded-host");
    expect(field(h[0], 4)).toBe("Header");
    let c = headers(STANDARD, "GET", "/", ["cookie", "theme=dark; pref=<script>alert(1)</script>"]);
    expect(field(c[0], 1)).toBe("cookie:pref");
    expect(field(c[0], 4)).toBe("Cookie");
    // Cookie values never reach the log.
    expect(field(c[0], 5)).toBe(MASKED);
    let n = headers(STANDARD, "GET", "/?class.module.classLoader.resources.context.parent.pipeline.first.pattern=x");
    expect(n.length).toBeGreaterThan(0);
    expect(field(n[0], 1).startsWith("query:class.module")).toBe(true);
  });

  it("inspects JSON keys and values, form fields, multipart file names and GraphQL", () => {
    let j = body(STANDARD, "/api", json("{\"user\":{\"name\":\"x\",\"bio\":\"<img src=x onerror=alert(1)>\"}}"));
    expect(field(j[0], 1)).toBe("$.user.bio");
    expect(field(j[0], 4)).toBe("JSON");
    let k = body(STANDARD, "/api", json("{\"__proto__\":{\"admin\":true}}"));
    expect(field(k[0], 0)).toBe("exploit");
    expect(field(k[0], 1)).toBe("$.__proto__");
    let f = body(STANDARD, "/form", form("name=ada&comment=%3Cscript%3Ealert(1)%3C%2Fscript%3E"));
    expect(field(f[0], 1)).toBe("post:comment");
    let parts = new Array<Item>();
    let mp = "--b\r\nContent-Disposition: form-data; name=\"avatar\"; filename=\"shell.php\"\r\nContent-Type: image/png\r\n\r\nxx\r\n--b--\r\n";
    expect(parseMultipart(Uint8Array.wrap(String.UTF8.encode(mp)), "b", parts)).toBeNull();
    let m = body(STANDARD, "/upload", parts);
    expect(m.length).toBeGreaterThan(0);
    expect(field(m[0], 0)).toBe("php");
    expect(field(m[0], 4)).toBe("Parameter");
    let g = new Array<Item>();
    expect(parseGraphQL("{ search(text: \"' UNION SELECT password FROM users--\") { id } }", new GraphQLLimits(), g)).toBeNull();
    let q = body(STANDARD, "/graphql", g, true);
    expect(field(q[0], 1)).toBe("graphql:query.search(text)");
    expect(field(q[0], 4)).toBe("GraphQL");
  });

  it("masks values of secret-looking names", () => {
    let d = body(STANDARD, "/login", form("user=ada&password=%27%20OR%201%3D1--"));
    expect(field(d[0], 1)).toBe("post:password");
    expect(field(d[0], 5)).toBe(MASKED);
    let j = body(STANDARD, "/login", json("{\"auth\":{\"apiToken\":\"' or 1=1--\"}}"));
    expect(field(j[0], 5)).toBe(MASKED);
  });

  it("skips JSON numbers, booleans and null, and a GraphQL body's document", () => {
    let g = json("{\"query\":\"{ a(x: 1) { b } }\",\"n\":1e5,\"t\":true,\"z\":null}");
    let gi = new Array<Item>();
    expect(parseGraphQL("{ a(x: 1) { b } }", new GraphQLLimits(), gi)).toBeNull();
    for (let i = 0; i < gi.length; i++) g.push(gi[i]);
    expect(body(STANDARD, "/graphql", g, true).length).toBe(0);
  });
});

describe("deny inspection: levels and overrides", () => {
  it("a rule runs at its level and above only", () => {
    // BW-IDOR-0002 (any ../ in a parameter) is Strict.
    let strict = config("{\"level\":\"Strict\",\"threatHandlingMode\":\"Block\"}");
    expect(headers(STANDARD, "GET", "/?file=docs/../img/a.png").length).toBe(0);
    expect(headers(strict, "GET", "/?file=docs/../img/a.png").length).toBe(1);
    let basic = config("{\"level\":\"Basic\",\"threatHandlingMode\":\"Block\"}");
    expect(headers(basic, "GET", "/?file=docs/../img/a.png").length).toBe(0);
  });

  it("overrides change the level and mode per rule key and type", () => {
    let cfg = config("{\"level\":\"Standard\",\"threatHandlingMode\":\"Block\",\"overrides\":["
      + "{\"ruleKeys\":[\"XSS\"],\"types\":[\"JSON\"],\"level\":\"Unfiltered\"},"
      + "{\"ruleKeys\":[\"SQL\"],\"threatHandlingMode\":\"LogOnly\"}]}");
    expect(body(cfg, "/api", json("{\"bio\":\"<script>alert(1)</script>\"}")).length).toBe(0);
    expect(headers(cfg, "GET", "/?bio=%3Cscript%3Ealert(1)%3C/script%3E").length).toBe(1);
    let d = headers(cfg, "GET", "/?q=1%27%20OR%20%271%27%3D%271&r=%3Cscript%3Ealert(1)%3C/script%3E");
    // Every SQL rule that matched is logged (once per request), then the XSS hit blocks.
    expect(d.length).toBeGreaterThanOrEqual(2);
    for (let i = 0; i < d.length - 1; i++) {
      expect(field(d[i], 0)).toBe("sql");
      expect(field(d[i], 6)).toBe("log_only");
    }
    expect(field(d[d.length - 1], 0)).toBe("xss");
    expect(field(d[d.length - 1], 6)).toBe("block");
  });

  it("LogOnly reports and lets the request go on", () => {
    let cfg = config("{\"level\":\"Standard\",\"threatHandlingMode\":\"LogOnly\"}");
    let d = headers(cfg, "GET", "/?a=%3Cscript%3Ealert(1)%3C/script%3E&b=1%27%20OR%20%271%27%3D%271");
    expect(d.length).toBeGreaterThanOrEqual(2);
    for (let i = 0; i < d.length; i++) expect(field(d[i], 6)).toBe("log_only");
  });
});

const BAD = "%3Cscript%3Ealert(1)%3C/script%3E";

describe("deny inspection: exceptions exempt only their item", () => {
  it("parameter (by name and source)", () => {
    let cfg = config("{\"level\":\"Standard\",\"threatHandlingMode\":\"Block\",\"exceptions\":[{\"ruleKeys\":[\"XSS\"],\"parameter\":{\"name\":{\"exact\":\"html\"},\"source\":\"Query\"}}]}");
    expect(headers(cfg, "GET", "/?html=" + BAD).length).toBe(0);
    let d = headers(cfg, "GET", "/?html=" + BAD + "&other=" + BAD);
    expect(d.length).toBe(1);
    expect(field(d[0], 1)).toBe("query:other");
    // Only the listed rule keys, only the listed source.
    expect(headers(cfg, "GET", "/?html=1%27%20OR%20%271%27%3D%271").length).toBe(1);
    expect(body(cfg, "/f", form("html=" + BAD)).length).toBe(1);
  });

  it("header, path and path segment", () => {
    let cfg = config("{\"level\":\"Standard\",\"threatHandlingMode\":\"Block\",\"exceptions\":["
      + "{\"header\":{\"name\":{\"exact\":\"X-Template\"}}},"
      + "{\"path\":{\"prefix\":\"/wiki/\"}},"
      + "{\"pathSegment\":{\"value\":{\"exact\":\"etc\"},\"index\":1}}]}");
    expect(headers(cfg, "GET", "/", ["x-template", "${jndi:ldap://e.example/a}"]).length).toBe(0);
    expect(headers(cfg, "GET", "/", ["x-template", "${jndi:ldap://e.example/a}", "x-other", "${jndi:ldap://e.example/a}"]).length).toBe(1);
    expect(headers(cfg, "GET", "/wiki/%3Cscript%3E").length).toBe(0);
    expect(headers(cfg, "GET", "/blog/%3Cscript%3E").length).toBe(1);
    expect(headers(cfg, "GET", "/files/etc/passwd").length).toBe(0);
    expect(headers(cfg, "GET", "/etc/passwd").length).toBe(1);
  });

  it("json path (key or value) and GraphQL", () => {
    let cfg = config("{\"level\":\"Standard\",\"threatHandlingMode\":\"Block\",\"exceptions\":["
      + "{\"ruleKeys\":[\"XSS\",\"HTML\"],\"json\":{\"jsonPath\":\"$.comment.body\"}},"
      + "{\"json\":{\"jsonPath\":\"$.items[*]\",\"value\":{\"prefix\":\"<b>\"}}},"
      + "{\"graphQL\":{\"argument\":{\"exact\":\"html\"}}}]}");
    expect(body(cfg, "/api", json("{\"comment\":{\"body\":\"<script>alert(1)</script>\"}}")).length).toBe(0);
    let d = body(cfg, "/api", json("{\"comment\":{\"body\":\"<script>alert(1)</script>\",\"title\":\"<script>alert(2)</script>\"}}"));
    expect(d.length).toBe(1);
    expect(field(d[0], 1)).toBe("$.comment.title");
    expect(body(cfg, "/api", json("{\"items\":[\"<b><script>alert(1)</script>\"]}")).length).toBe(0);
    expect(body(cfg, "/api", json("{\"items\":[\"<i><script>alert(1)</script>\"]}")).length).toBe(1);
    let g = new Array<Item>();
    expect(parseGraphQL("{ post(html: \"<script>alert(1)</script>\", title: \"<script>alert(1)</script>\") { id } }", new GraphQLLimits(), g)).toBeNull();
    let q = body(cfg, "/graphql", g, true);
    expect(q.length).toBe(1);
    expect(field(q[0], 1)).toBe("graphql:query.post(title)");
  });

  it("request conditions restrict an exception", () => {
    let cfg = config("{\"level\":\"Standard\",\"threatHandlingMode\":\"Block\",\"exceptions\":["
      + "{\"parameter\":{\"name\":{\"exact\":\"q\"}},\"requestConditions\":{\"path\":{\"prefix\":\"/search\"},\"methods\":[\"GET\"]}}]}");
    expect(headers(cfg, "GET", "/search?q=" + BAD).length).toBe(0);
    expect(headers(cfg, "GET", "/other?q=" + BAD).length).toBe(1);
  });
});

const CUSTOM = config("{\"level\":\"Unfiltered\",\"threatHandlingMode\":\"Block\",\"customRules\":["
  + "{\"ruleKey\":\"NO_DEBUG\",\"parameter\":{\"name\":{\"exact\":\"debug\",\"ignoreCase\":true}}},"
  + "{\"ruleKey\":\"NO_ADMIN\",\"threatHandlingMode\":\"LogOnly\",\"path\":{\"prefix\":\"/admin\"}},"
  + "{\"ruleKey\":\"NO_TRACE_HEADER\",\"header\":{\"name\":{\"exact\":\"X-Trace\"},\"value\":{\"exact\":\"on\"}}},"
  + "{\"ruleKey\":\"NO_V0\",\"pathSegment\":{\"value\":{\"exact\":\"v0\"},\"index\":1}},"
  + "{\"ruleKey\":\"NO_INTERNAL\",\"pathSegment\":{\"value\":{\"exact\":\"internal\"}}},"
  + "{\"ruleKey\":\"NO_ROLE\",\"json\":{\"key\":{\"exact\":\"role\"},\"value\":{\"exact\":\"admin\"}}},"
  + "{\"ruleKey\":\"NO_ISADMIN\",\"json\":{\"key\":{\"exact\":\"isAdmin\"}}},"
  + "{\"ruleKey\":\"NO_INTROSPECTION\",\"graphQL\":{\"field\":{\"exact\":\"__schema\"}}},"
  + "{\"ruleKey\":\"POST_ONLY\",\"requestConditions\":{\"methods\":[\"POST\"]},\"parameter\":{\"name\":{\"exact\":\"dryrun\"}}}]}");

describe("deny inspection: custom rules", () => {
  it("parameter, path, header, path segment", () => {
    let d = headers(CUSTOM, "GET", "/?Debug=1");
    expect(d.length).toBe(1);
    expect(d[0]).toBe("custom_no_debug|query:Debug|custom:NO_DEBUG|Custom|Parameter|1|block");
    let a = headers(CUSTOM, "GET", "/admin/users");
    expect(a[0]).toBe("custom_no_admin|path|custom:NO_ADMIN|Custom|Path|/admin/users|log_only");
    expect(headers(CUSTOM, "GET", "/", ["x-trace", "on"])[0]).toBe("custom_no_trace_header|header:x-trace|custom:NO_TRACE_HEADER|Custom|Header|on|block");
    expect(headers(CUSTOM, "GET", "/", ["x-trace", "off"]).length).toBe(0);
    expect(headers(CUSTOM, "GET", "/api/v0/x")[0]).toBe("custom_no_v0|path_segment:1|custom:NO_V0|Custom|PathSegment|v0|block");
    expect(headers(CUSTOM, "GET", "/v0/api/x").length).toBe(0);
    expect(headers(CUSTOM, "GET", "/a/b/internal")[0]).toBe("custom_no_internal|path_segment:2|custom:NO_INTERNAL|Custom|PathSegment|internal|block");
    expect(body(CUSTOM, "/f", form("debug=1"))[0]).toBe("custom_no_debug|post:debug|custom:NO_DEBUG|Custom|Parameter|1|block");
  });

  it("JSON key, key with value, GraphQL field, request conditions", () => {
    expect(body(CUSTOM, "/api", json("{\"user\":{\"role\":\"admin\"}}"))[0]).toBe("custom_no_role|$.user.role|custom:NO_ROLE|Custom|JSON|admin|block");
    expect(body(CUSTOM, "/api", json("{\"user\":{\"role\":\"reader\",\"name\":\"admin\"}}")).length).toBe(0);
    expect(body(CUSTOM, "/api", json("{\"isAdmin\":false}"))[0]).toBe("custom_no_isadmin|$.isAdmin|custom:NO_ISADMIN|Custom|JSON|isAdmin|block");
    let g = new Array<Item>();
    expect(parseGraphQL("{ __schema { types { name } } }", new GraphQLLimits(), g)).toBeNull();
    expect(field(body(CUSTOM, "/graphql", g, true)[0], 0)).toBe("custom_no_introspection");
    expect(headers(CUSTOM, "GET", "/?dryrun=1").length).toBe(0);
    expect(field(body(CUSTOM, "/f", form("dryrun=1"))[0], 0)).toBe("custom_post_only");
  });
});

describe("deny helpers", () => {
  it("fragments: at most 48 characters around a known position", () => {
    let long = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa<script>bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    let f = fragmentOf(long, long.indexOf("<script>"));
    expect(f.length).toBe(48);
    expect(f.startsWith("aaaaaaaa<script>")).toBe(true);
    expect(fragmentOf(long, -1).length).toBe(48);
    expect(fragmentOf("short", -1)).toBe("short");
    expect(fragmentOf("😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀", -1).length).toBe(48);
    expect(fragmentOf("a😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀", -1).length).toBe(47);
  });

  it("secret names", () => {
    expect(isSecretName("password")).toBe(true);
    expect(isSecretName("X-API-Key")).toBe(true);
    expect(isSecretName("$.user.accessToken")).toBe(true);
    expect(isSecretName("$.token.value")).toBe(false);
    expect(isSecretName("comment")).toBe(false);
    expect(isSecretName("")).toBe(false);
    // Words at the very end, across the 256-character cut, and non-ASCII
    // names that lower-case onto a word (KELVIN SIGN is "k").
    expect(isSecretName("x-my-jwt")).toBe(true);
    expect(isSecretName("a".repeat(252) + "pass")).toBe(true);
    expect(isSecretName("a".repeat(253) + "pass")).toBe(false);
    expect(isSecretName("to\u212Aen")).toBe(true);
    expect(isSecretName("café_session")).toBe(true);
    expect(isSecretName("café")).toBe(false);
  });

  it("secret names: the in-place ASCII search agrees with lower-casing a copy", () => {
    let words = ["pass", "PWD", "Secret", "toKen", "apikey", "API_key", "api-KEY", "sessid", "Auth", "cookie", "otp", "jw", "ses", "-", "_", "x", "9"];
    let n = 0;
    for (let a = 0; a < words.length; a++) for (let b = 0; b < words.length; b++) for (let c = 0; c < 3; c++) {
      let name = (c == 1 ? "$.obj." : c == 2 ? "$.a[0]" : "") + words[a] + words[b];
      let start = 0;
      if (name.startsWith("$")) start = max(name.lastIndexOf("."), name.lastIndexOf("[")) + 1;
      let lower = name.substring(start).toLowerCase();
      let expected = false;
      let list = ["pass", "pwd", "secret", "token", "apikey", "api_key", "api-key", "session", "sessid", "auth", "credential", "jwt", "cookie", "private", "signature", "otp"];
      for (let w = 0; w < list.length; w++) if (lower.includes(list[w])) expected = true;
      expect(isSecretName(name)).toBe(expected, name);
      if (expected) n++;
    }
    expect(n > 100).toBe(true);
  });

  it("needsOf finds which transformations could change a value", () => {
    expect(needsOf("plain text value")).toBe(0);
    expect(needsOf("a+b")).toBe(Need.Plus);
    expect(needsOf("a%20b")).toBe(Need.Percent);
    expect(needsOf("a&amp;")).toBe(Need.Amp);
    expect(needsOf("a\0")).toBe(Need.Nul);
    expect(needsOf("a  b")).toBe(Need.Space);
    expect(needsOf("a\tb")).toBe(Need.Space);
    expect(needsOf("a\u00A0b")).toBe(Need.Space);
    expect(needsOf("Ab")).toBe(Need.Upper);
    expect(needsOf("\u00C9t\u00E9")).toBe(Need.Upper);
    expect(needsOf("\u00D7")).toBe(0);
  });

  it("needsOf hashes the value as the clean-value cache does, from the seed given", () => {
    let values = ["plain text value", "", "a%20b", "\u00C9t\u00E9 caf\u00E9", "x".repeat(300)];
    for (let i = 0; i < values.length; i++) {
      let seed = hash(FNV32_OFFSET ^ 23, "user-agent");
      needsOf(values[i], seed);
      expect(lastHash).toBe(hash(seed, values[i]), values[i]);
    }
  });
});
