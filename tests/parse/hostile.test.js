// Hostile inputs against the parsers' test build: deep nesting, huge values,
// many parameters, truncated escapes, invalid UTF-8, broken multipart. Each
// case asserts the outcome (the right error or the right items), never timing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadParsers, Source, Flag } from "./helpers.js";

const p = await loadParsers();
const UNLIMITED = { depth: 0, keys: 0, elements: 0 };

test("JSON: 10,000-deep arrays and objects", () => {
  const arr = "[".repeat(10000) + "1" + "]".repeat(10000);
  const e = p.json(arr).error;
  assert.equal(e.subtype, "json_nesting_depth");
  assert.equal(e.limit, 100);
  assert.equal(e.observed, 101);
  const ok = p.json(arr, UNLIMITED);
  assert.equal(ok.error, null);
  assert.equal(ok.items.length, 1);
  // Names are capped (MAX_PATH_CHARS = 2100, then "..."): never equal to a configured JSONPath.
  const name = ok.items[0].name;
  assert.equal(name.length, 2103);
  assert.ok(name.endsWith("...") && ("$" + "[0]".repeat(10000)).startsWith(name.slice(0, -3)), "capped prefix");
  const obj = "{\"a\":".repeat(10000) + "null" + "}".repeat(10000);
  assert.equal(p.json(obj, UNLIMITED).items.length, 10001);
  // Unclosed: a syntax error, not a crash.
  assert.equal(p.json("[".repeat(100000), UNLIMITED).error.subtype, "json_syntax");
  assert.equal(p.json("{\"a\":".repeat(50000), UNLIMITED).error.subtype, "json_syntax");
});

test("JSON: key and element limits stop early with limit and observed", () => {
  const keys = "{" + Array.from({ length: 1000 }, (_, i) => `"k${i}":${i}`).join(",") + "}";
  const e = p.json(keys).error;
  assert.deepEqual([e.subtype, e.limit, e.observed, e.location], ["json_key_count", 250, 251, "$"]);
  const many = "[" + Array.from({ length: 20000 }, () => "0").join(",") + "]";
  const e2 = p.json(many).error;
  assert.deepEqual([e2.subtype, e2.limit, e2.observed], ["json_element_count", 10000, 10001]);
  assert.equal(p.json(many, UNLIMITED).items.length, 20000);
});

test("JSON: 1 MB strings, escaped and not", () => {
  const big = "x".repeat(1 << 20);
  const r = p.json(JSON.stringify({ big }));
  assert.equal(r.error, null);
  assert.equal(r.items[1].value, big);
  const esc = JSON.stringify("é\n".repeat(1 << 18)).replaceAll("é", "\\u00e9");
  const r2 = p.json(esc);
  assert.equal(r2.error, null);
  assert.equal(r2.items[0].value, "é\n".repeat(1 << 18));
  assert.equal(r2.items[0].raw, esc.slice(1, -1));
});

test("JSON: truncated and invalid escapes, lone surrogates, invalid UTF-8", () => {
  for (const s of ["\"\\", "\"\\u", "\"\\u00", "\"\\u00e\"", "\"\\ud83d\"", "\"\\ud83d\\u0041\"", "\"\\ude00\"", "\"\\x41\"", "\"\\U0041\""]) {
    assert.equal(p.json(s).error?.subtype, "json_syntax", s);
  }
  for (const bytes of [[0x22, 0xff, 0x22], [0x22, 0xc0, 0xaf, 0x22], [0x22, 0xed, 0xa0, 0x80, 0x22], [0x22, 0xe2, 0x82, 0x22], [0xef, 0xbb, 0xbf, 0x31]]) {
    assert.equal(p.json(Buffer.from(bytes)).error?.subtype, "json_syntax", Buffer.from(bytes).toString("hex"));
  }
});

test("form: 100,000 parameters, a 1 MB value, truncated escapes", () => {
  const body = Array.from({ length: 100000 }, (_, i) => `p${i % 10}=${i}`).join("&");
  const r = p.form(body);
  assert.equal(r.error, null);
  assert.equal(r.items.length, 100000);
  assert.equal(r.items[99999].value, "99999");
  const big = p.form("v=" + "%E2%82%AC".repeat(100000) + "+".repeat(100000));
  assert.equal(big.items[0].value, "€".repeat(100000) + " ".repeat(100000));
  for (const s of ["a=%", "a=%4", "a=%4g", "%=1", "a=1&b=%e", "a=%u00e9"]) {
    const t = p.form(s);
    assert.equal(t.error?.subtype, "form_syntax", s);
    assert.ok(t.items.some((it) => it.flags & Flag.InvalidPercent), s);
  }
});

test("form: invalid and overlong UTF-8 are flagged and replaced, never decoded to ASCII", () => {
  const r = p.form("a=%C0%AE%C0%AE%C0%AF&b=%FF&c=%ED%A0%80&d=%F0%9F%98");
  assert.equal(r.error, null);
  assert.equal(r.items[0].value, "\ufffd".repeat(6));
  assert.ok(r.items[0].flags & Flag.OverlongUtf8);
  for (const it of r.items) assert.ok(it.flags & Flag.InvalidUtf8, it.name);
  assert.ok(!r.items[0].value.includes("/") && !r.items[0].value.includes("."));
});

const CT = "multipart/form-data; boundary=b0undary";
const part = (headers, body) => `--b0undary\r\n${headers.join("\r\n")}\r\n\r\n${body}\r\n`;

test("multipart: missing or empty boundary, no delimiter, no closing delimiter", () => {
  const body = part(["Content-Disposition: form-data; name=\"a\""], "1") + "--b0undary--\r\n";
  assert.equal(p.multipart(body, "multipart/form-data").noBoundary, true);
  assert.equal(p.multipart(body, "multipart/form-data; boundary=").noBoundary, true);
  assert.equal(p.multipart(body, "multipart/form-data; boundary=other").error.subtype, "multipart_boundary");
  assert.equal(p.multipart(body.replace("--b0undary--\r\n", ""), CT).error.subtype, "multipart_syntax");
  assert.equal(p.multipart(body, CT).error, null);
  // Truncated inside the headers of the second part.
  assert.equal(p.multipart(part(["Content-Disposition: form-data; name=\"a\""], "1") + "--b0undary\r\nContent-Dispo", CT).error.subtype, "multipart_syntax");
});

test("multipart: nested parts are refused; a part without Content-Disposition too", () => {
  const nested = part(["Content-Disposition: form-data; name=\"files\"", "Content-Type: multipart/mixed; boundary=inner"],
    "--inner\r\nContent-Disposition: file; filename=\"x.php\"\r\n\r\n<?php\r\n--inner--") + "--b0undary--";
  assert.equal(p.multipart(nested, CT).error.subtype, "multipart_nested");
  assert.equal(p.multipart(part(["Content-Type: text/plain"], "x") + "--b0undary--", CT).error.subtype, "multipart_syntax");
});

test("multipart: many parts, file names and headers are items, file contents are not", () => {
  const parts = [];
  for (let i = 0; i < 500; i++) parts.push(part([`Content-Disposition: form-data; name="f${i}"`], `v${i}`));
  parts.push(part(["Content-Disposition: form-data; name=\"up\"; filename=\"shell.php\"", "Content-Type: application/x-php"], "<?php evil(); ?>"));
  const r = p.multipart(parts.join("") + "--b0undary--", CT);
  assert.equal(r.error, null);
  const fields = r.items.filter((it) => it.source === Source.Post);
  assert.equal(fields.length, 500);
  assert.equal(fields[499].value, "v499");
  const file = r.items.find((it) => it.source === Source.MultipartFile);
  assert.equal(file.name, "up");
  assert.equal(file.value, "shell.php");
  assert.ok(file.flags & Flag.NotInspected);
  assert.ok(!r.items.some((it) => it.value.includes("evil")));
  assert.ok(r.items.some((it) => it.source === Source.MultipartHeader && it.value === "application/x-php"));
});

test("GraphQL: deep selections and values, huge strings", () => {
  const deep = "{" + " a {".repeat(10000) + " b" + " }".repeat(10001);
  assert.equal(p.graphql(deep).error.subtype, "graphql_nesting_depth");
  assert.equal(p.graphql(deep, 0).error.subtype, "graphql_nesting_depth");
  assert.equal(p.graphql("{ a(x: " + "{y: ".repeat(5000) + "1" + "}".repeat(5000) + ") }").error.subtype, "graphql_nesting_depth");
  const r = p.graphql(`{ a(x: "${"z".repeat(1 << 20)}") }`);
  assert.equal(r.error, null);
  assert.equal(r.items[2].value.length, 1 << 20);
  assert.equal(p.graphql("{ a(x: \"\\u00").error.subtype, "graphql_syntax");
});

test("path: hostile normalisation cases", () => {
  assert.equal(p.path("/" + "../".repeat(10000) + "etc/passwd").normalized, "/etc/passwd");
  assert.equal(p.path("/" + "a/".repeat(50000)).segments.length, 50000);
  assert.equal(p.path("/%2e%2e%2f%2e%2e%2fetc%2fpasswd").normalized, "/etc/passwd");
  assert.equal(p.path("/..%5c..%5cwindows").normalized, "/windows");
  assert.equal(p.path("/a/%00/b").flags & Flag.HasNul, Flag.HasNul);
});
