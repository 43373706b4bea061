// Property-based tests of each parser (the parsers' test build, build/parse-test.wasm) against
// the platform's references: JSON.parse for JSON, URLSearchParams for forms. The seeded
// differential generators in tests/parse/ cover hand-picked hard cases; these search wider.
// Known, intended differences (docs/parsing.md): our JSON parser also refuses lone surrogate
// escapes; the form parser refuses invalid percent escapes.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { loadParsers, Source } from "../parse/helpers.js";
import { fuzzSettings } from "./settings.js";

const p = await loadParsers();
const settings = fuzzSettings(300);

/** The string leaves of a JSON value, in document order (keys included). */
function leaves(v, out = []) {
  if (Array.isArray(v)) for (const x of v) leaves(x, out);
  else if (v !== null && typeof v === "object") for (const [k, x] of Object.entries(v)) { out.push(k); leaves(x, out); }
  else if (typeof v === "string") out.push(v);
  return out;
}

const hasLoneSurrogate = (s) => /\\u[dD][89a-fA-F][0-9a-fA-F]{2}/.test(s) || /[\uD800-\uDFFF]/.test(s.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ""));

test("JSON: every document JSON.parse accepts is accepted, with the same strings", () => {
  fc.assert(fc.property(fc.json({ maxDepth: 8 }), (doc) => {
    fc.pre(!hasLoneSurrogate(doc));
    const got = p.json(doc);
    assert.equal(got.error, null, `refused ${doc}: ${got.error?.message}`);
    const ours = new Set(got.items.filter((it) => it.isKey || it.valueType === 0).map((it) => it.value));
    for (const s of leaves(JSON.parse(doc))) assert.ok(ours.has(s), `string ${JSON.stringify(s)} missing from the items`);
  }), settings);
});

test("JSON: nothing JSON.parse refuses is accepted", () => {
  const near = fc.tuple(fc.json({ maxDepth: 4 }), fc.nat(), fc.constantFrom("", ",", "]", "}", "\"", "\\", "\u0000", "tru", "01", "-", "1e", "{\"a\"}"))
    .map(([doc, at, junk]) => { const i = at % (doc.length + 1); return doc.slice(0, i) + junk + doc.slice(i + (at % 2)); });
  fc.assert(fc.property(fc.oneof(near, fc.string({ maxLength: 30 })), (doc) => {
    let refOk = true;
    try { JSON.parse(doc); } catch { refOk = false; }
    if (!refOk) assert.notEqual(p.json(doc).error, null, `accepted what JSON.parse refuses: ${JSON.stringify(doc)}`);
  }), settings);
});

test("form: the (name, value) list equals URLSearchParams' for encoded pairs", () => {
  const pairs = fc.array(fc.tuple(fc.string({ maxLength: 12 }), fc.string({ maxLength: 20 })), { maxLength: 12 });
  fc.assert(fc.property(pairs, (kv) => {
    const body = new URLSearchParams(kv).toString();
    const got = p.form(body);
    assert.equal(got.error, null, `refused ${body}`);
    const ref = [...new URLSearchParams(body)];
    const ours = got.items.filter((it) => it.source === Source.Post).map((it) => [it.name, it.value]);
    assert.deepEqual(ours, ref);
  }), settings);
});

test("GraphQL and multipart: arbitrary input ends in items or a parse error, never a trap", () => {
  const gql = fc.array(fc.constantFrom("query", "{", "}", "(", ")", "a", ":", "$v", "\"s\"", "...", "on", "@skip", "#c\n", " ", "[", "]", "1.5e3", "\"\"\"b\"\"\""), { maxLength: 60 })
    .map((a) => a.join(" "));
  fc.assert(fc.property(gql, fc.string({ maxLength: 200 }), (doc, raw) => {
    const g = p.graphql(doc);
    assert.ok(g.error !== null || Array.isArray(g.items));
    const m = p.multipart(raw, "multipart/form-data; boundary=b");
    assert.ok(m.error !== null || Array.isArray(m.items));
  }), settings);
});
