// The evasion suite (docs/evasion.md): every attack of cases.js, through every encoding and
// placement listed there, is blocked at level Standard by the default policy.
import { test } from "node:test";
import assert from "node:assert/strict";
import { defaultConfig } from "../../src/compiler/index.js";
import { startFilter } from "../filter/support.js";
import { PAYLOADS, WIRE_ENCODINGS, TEXT_VARIANTS, OVERLONG_TRAVERSAL } from "./cases.js";

const host = await startFilter(defaultConfig(), { bufferLimitBytes: 64 << 20, logLevel: "error" });
const UA = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
const base = (extra) => ({ authority: "shop.example.com", scheme: "https", headers: { "user-agent": UA, accept: "*/*", ...extra } });

const jsonUnicode = (s) => '"' + [...s].map((c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0")).join("") + '"';

/** Placements: (payload text, wire encoder) → request. */
const PLACEMENTS = {
  query: (p, enc) => ({ ...base(), method: "GET", path: `/search?lang=en&q=${enc(p)}` }),
  form: (p, enc) => ({ ...base({ "content-type": "application/x-www-form-urlencoded" }), method: "POST", path: "/submit", body: `lang=en&q=${enc(p)}` }),
  form_chunked: (p, enc) => {
    const bytes = Buffer.from(`lang=en&q=${enc(p)}`);
    return { ...base({ "content-type": "application/x-www-form-urlencoded" }), method: "POST", path: "/submit", chunks: [...bytes].map((b) => Buffer.from([b])) };
  },
  json: (p) => ({ ...base({ "content-type": "application/json" }), method: "POST", path: "/api/comments", body: JSON.stringify({ comment: { body: p } }) }),
  json_unicode_escapes: (p) => ({ ...base({ "content-type": "application/json" }), method: "POST", path: "/api/comments", body: `{"comment":{"body":${jsonUnicode(p)}}}` }),
  multipart_value: (p) => ({
    ...base({ "content-type": "multipart/form-data; boundary=Bnd" }), method: "POST", path: "/upload",
    body: `--Bnd\r\nContent-Disposition: form-data; name="note"\r\n\r\n${p}\r\n--Bnd--\r\n`,
  }),
  header: (p) => ({ ...base({ referer: `https://shop.example.com/?x=${p}` }), method: "GET", path: "/" }),
  cookie: (p, enc) => ({ ...base({ cookie: `theme=dark; pref=${enc(p)}` }), method: "GET", path: "/" }),
};

const cases = [];
for (const [attack, payload] of Object.entries(PAYLOADS)) {
  for (const [where, place] of Object.entries(PLACEMENTS)) {
    const wire = where === "query" || where === "form" || where === "form_chunked" || where === "cookie" ? WIRE_ENCODINGS : { plain_percent: WIRE_ENCODINGS.plain_percent };
    for (const [encName, enc] of Object.entries(wire)) cases.push([`${attack} in ${where}, ${encName}`, place(payload, enc)]);
  }
  const family = attack.replace(/_.*/, "");
  for (const [variant, rewrite] of Object.entries(TEXT_VARIANTS[family] ?? {})) {
    for (const where of ["query", "json"]) cases.push([`${attack} (${variant}) in ${where}`, PLACEMENTS[where](rewrite(payload), WIRE_ENCODINGS.plain_percent)]);
  }
}
cases.push(["traversal with overlong UTF-8 in query", { ...base(), method: "GET", path: `/download?file=${OVERLONG_TRAVERSAL}` }]);
cases.push(["traversal in path, encoded dots", { ...base(), method: "GET", path: "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd" }]);
cases.push(["traversal in path, double-encoded", { ...base(), method: "GET", path: "/static/%252e%252e%252f%252e%252e%252fetc%252fpasswd" }]);
cases.push(["log4shell in a repeated header", { ...base(), method: "GET", path: "/", headers: [["user-agent", UA], ["x-api-version", "1"], ["x-api-version", PAYLOADS.log4shell]] }]);
cases.push(["sqli split over a repeated parameter (HPP)", { ...base(), method: "GET", path: `/search?q=${encodeURIComponent("1' UNION SELECT password")}&q=${encodeURIComponent("x FROM users-- -")}` }]);

for (const [name, req] of cases) {
  test(`blocked at Standard: ${name}`, async () => {
    const r = await host.simulate(req);
    assert.equal(r.blocked, true, `passed with status ${r.status}`);
  });
}
