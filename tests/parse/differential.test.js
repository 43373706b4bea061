// Differential tests of the parsers against the platform's reference
// implementations on generated inputs (seeded; PARSE_SEED=n to vary):
//   parseJson vs JSON.parse: accept/reject, and the keys and leaf values
//   parseForm vs URLSearchParams: the (name, value) list, in order
// Known, intended differences are encoded as expectations, not skipped:
// parseJson rejects lone surrogate escapes and ill-formed UTF-8 (JSON.parse
// accepts the first and never sees the second); parseForm rejects invalid
// percent escapes (URLSearchParams keeps them as text).
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadParsers, prng, seedFromEnv, Source, ValueType, Flag } from "./helpers.js";

const p = await loadParsers();
const SEED = seedFromEnv(20261123);

// ---------- JSON ----------

const CHAR_POOL = [
  "a", "b", "Z", "0", " ", "\"", "\\", "/", "\b", "\f", "\n", "\r", "\t", "\u0000", "\u001f", "\u007f", "é", "ß", "€",
  "\u2028", "\uffff", "😀", "𝄞", "'", "$", ".", "[", "]",
];

function genString(r) {
  let s = "";
  const n = r.int(8);
  for (let i = 0; i < n; i++) s += r.pick(CHAR_POOL);
  return s;
}

function genNumber(r) {
  const forms = [
    () => String(r.int(1000)),
    () => "-" + String(r.int(1000)),
    () => "0",
    () => "-0",
    () => `${r.int(100)}.${r.int(1000)}`,
    () => `${r.int(10)}e${r.int(40)}`,
    () => `${r.int(10)}.${r.int(10)}E-${r.int(40)}`,
    () => `-${r.int(10)}e+${r.int(5)}`,
    () => "12345678901234567890123",
  ];
  return r.pick(forms)();
}

function genValue(r, depth) {
  const k = r.int(depth > 4 ? 5 : 8);
  if (k === 0) return { t: "string", v: genString(r) };
  if (k === 1) return { t: "number", v: genNumber(r) };
  if (k === 2) return { t: "literal", v: r.pick(["true", "false", "null"]) };
  if (k === 3 || k === 4) return { t: "string", v: genString(r) };
  if (k === 5 || k === 6) {
    const n = r.int(5);
    const keys = new Set();
    const members = [];
    for (let i = 0; i < n; i++) {
      const key = genString(r) + String(i); // distinct keys: JSON.parse keeps only the last duplicate
      if (keys.has(key)) continue;
      keys.add(key);
      members.push([key, genValue(r, depth + 1)]);
    }
    return { t: "object", v: members };
  }
  const n = r.int(5);
  return { t: "array", v: Array.from({ length: n }, () => genValue(r, depth + 1)) };
}

function ws(r) { return r.int(4) === 0 ? r.pick([" ", "\n", "\t", "\r\n  ", ""]) : ""; }

function strLit(r, s) {
  let out = "\"";
  for (const ch of s) {
    const c = ch.codePointAt(0);
    if (ch === "\"") out += "\\\"";
    else if (ch === "\\") out += "\\\\";
    else if (c < 0x20) out += r.int(2) ? "\\u" + c.toString(16).padStart(4, "0") : ({ 8: "\\b", 12: "\\f", 10: "\\n", 13: "\\r", 9: "\\t" }[c] ?? "\\u" + c.toString(16).padStart(4, "0"));
    else if (ch === "/" && r.int(2)) out += "\\/";
    else if (r.int(6) === 0) {
      // Escape the character (surrogate pairs for astral characters).
      for (let i = 0; i < ch.length; i++) out += "\\u" + ch.charCodeAt(i).toString(16).padStart(4, r.int(2) ? "0" : "0").toUpperCase();
    } else out += ch;
  }
  return out + "\"";
}

function serialize(r, node) {
  switch (node.t) {
    case "string": return strLit(r, node.v);
    case "number": case "literal": return node.v;
    case "object": return "{" + ws(r) + node.v.map(([k, v]) => strLit(r, k) + ws(r) + ":" + ws(r) + serialize(r, v)).join("," + ws(r)) + ws(r) + "}";
    default: return "[" + ws(r) + node.v.map((v) => serialize(r, v)).join(ws(r) + "," + ws(r)) + ws(r) + "]";
  }
}

/** Keys and leaves of a JSON.parse result as sorted "kind|path|value" lines. */
function referenceEntries(value) {
  const out = [];
  const ident = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;
  const member = (path, k) => ident.test(k) ? `${path}.${k}` : `${path}['${k.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}']`;
  const walk = (v, path) => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    else if (v !== null && typeof v === "object") for (const k of Object.keys(v)) { out.push(`key|${path}|${k}`); walk(v[k], member(path, k)); }
    else out.push(`${typeof v === "number" ? "number" : typeof v === "string" ? "string" : "literal"}|${path}|${typeof v === "number" ? String(v) : String(v)}`);
  };
  walk(value, "$");
  return out.sort();
}

function ourEntries(items) {
  return items.map((it) => {
    if (it.isKey) return `key|${it.name}|${it.value}`;
    if (it.valueType === ValueType.Number) return `number|${it.name}|${String(Number(it.value))}`;
    if (it.valueType === ValueType.Text) return `string|${it.name}|${it.value}`;
    return `literal|${it.name}|${it.value}`;
  }).sort();
}

const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
function hasLoneSurrogate(v) {
  if (typeof v === "string") return LONE.test(v);
  if (Array.isArray(v)) return v.some(hasLoneSurrogate);
  if (v !== null && typeof v === "object") return Object.keys(v).some((k) => LONE.test(k) || hasLoneSurrogate(v[k]));
  return false;
}

const UNLIMITED = { depth: 0, keys: 0, elements: 0 };

// The flags a JSON string's value must carry (computed by the parser while it
// validates, before the value is decoded): NUL, and C0 controls other than
// TAB/LF/CR or DEL.
function jsonValueFlags(value) {
  let flags = 0;
  for (const ch of value) {
    const c = ch.codePointAt(0);
    if (c === 0) flags |= Flag.HasNul | Flag.ControlChar;
    else if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13) || c === 0x7f) flags |= Flag.ControlChar;
  }
  return flags;
}

// Lengths and flags computed at parse time agree with the decoded values.
function checkParseTimeFacts(items, where) {
  for (const it of items) {
    assert.equal(it.valueLength, it.value.length, `${where}: valueLength of ${JSON.stringify(it.value)}`);
    if (it.valueType === ValueType.Text) assert.equal(it.flags, jsonValueFlags(it.value), `${where}: flags of ${JSON.stringify(it.value)}`);
  }
}

test("parseJson agrees with JSON.parse on generated valid documents", () => {
  const r = prng(SEED);
  for (let i = 0; i < 3000; i++) {
    const text = ws(r) + serialize(r, genValue(r, 0)) + ws(r);
    const ref = JSON.parse(text);
    const got = p.json(text, UNLIMITED);
    assert.equal(got.error, null, `case ${i} rejected: ${JSON.stringify(text)} ${JSON.stringify(got.error)}`);
    assert.deepEqual(ourEntries(got.items), referenceEntries(ref), `case ${i}: ${JSON.stringify(text)}`);
    checkParseTimeFacts(got.items, `case ${i}`);
  }
});

const MUTATION_BYTES = [",", "]", "}", "[", "{", "\"", ":", "\\", " ", "0", "1", "-", "+", ".", "e", "E", "t", "n", "\u0001", "\u0000", "x", "u", "/", "'"];

test("parseJson accepts exactly what JSON.parse accepts on mutated documents (minus lone surrogates)", () => {
  const r = prng(SEED + 1);
  let rejected = 0;
  for (let i = 0; i < 6000; i++) {
    let text = serialize(r, genValue(r, 0));
    const edits = 1 + r.int(3);
    for (let e = 0; e < edits; e++) {
      const at = r.int(text.length + 1);
      const op = r.int(4);
      if (op === 0) text = text.slice(0, at) + text.slice(at + 1);
      else if (op === 1) text = text.slice(0, at) + r.pick(MUTATION_BYTES) + text.slice(at);
      else if (op === 2) text = text.slice(0, at);
      else text = text.slice(0, at) + r.pick(["\\ud800", "\\udc00x", "\\u12", "\\uZZZZ", "01", "1.", ".5", "1e", "tru", "nul", ",]", ",}", "\"\t\""]) + text.slice(at);
    }
    // A deletion can split a surrogate pair; what goes on the wire is the
    // UTF-8 encoding (U+FFFD there), so the reference parses that.
    text = Buffer.from(text, "utf8").toString("utf8");
    let ref; let ok = true;
    try { ref = JSON.parse(text); } catch { ok = false; }
    if (ok && hasLoneSurrogate(ref)) ok = false; // intended: RFC 8259 interoperability, we reject
    const got = p.json(text, UNLIMITED);
    assert.equal(got.error === null, ok, `case ${i}: ${JSON.stringify(text)} ours=${JSON.stringify(got.error)} ref=${ok}`);
    if (ok) {
      assert.deepEqual(ourEntries(got.items), referenceEntries(ref), `case ${i}: ${JSON.stringify(text)}`);
      checkParseTimeFacts(got.items, `case ${i}`);
    }
    else { rejected++; assert.equal(got.error.subtype, "json_syntax"); }
  }
  assert.ok(rejected > 1000, `mutations should mostly break documents (${rejected})`);
});

test("parseJson rejects ill-formed UTF-8 the way a fatal TextDecoder does", () => {
  const r = prng(SEED + 2);
  const bad = [[0xff], [0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xc3], [0x80], [0xe2, 0x82]];
  const good = [[0xc3, 0xa9], [0xe2, 0x82, 0xac], [0xf0, 0x9f, 0x98, 0x80]];
  const dec = new TextDecoder("utf-8", { fatal: true });
  for (let i = 0; i < 500; i++) {
    const bytes = r.int(2) ? r.pick(bad) : r.pick(good);
    const inKey = r.int(2) === 1;
    const pre = Buffer.from(inKey ? "{\"k" : "{\"k\":\"v", "utf8");
    const post = Buffer.from(inKey ? "\":1}" : "\"}", "utf8");
    const buf = Buffer.concat([pre, Buffer.from(bytes), post]);
    let ok = true;
    try { JSON.parse(dec.decode(buf)); } catch { ok = false; }
    const got = p.json(buf, UNLIMITED);
    assert.equal(got.error === null, ok, `bytes ${bytes.map((b) => b.toString(16))}`);
    if (!ok) assert.equal(got.error.message, "invalid UTF-8");
  }
});

// ---------- form ----------

const FORM_POOL = ["a", "b", "x", "=", "&", "&", "+", " ", "%20", "%41", "%2B", "%26", "%3D", "%C3%A9", "%E2%82%AC", "%F0%9F%98%80",
  "%FF", "%C0%AF", "%e2%82", "%00", "é", "😀", "[", "]", "a[]", "a[b]", ";", "?", "#", "%25", "%2b", "\u0001"];
const INVALID_POOL = ["%", "%4", "%zz", "%u0041", "%G1", "%%"];
const INVALID_ESCAPE = /%(?![0-9a-fA-F]{2})/;

function genForm(r, allowInvalid) {
  let s = "";
  const n = r.int(24);
  for (let i = 0; i < n; i++) s += allowInvalid && r.int(15) === 0 ? r.pick(INVALID_POOL) : r.pick(FORM_POOL);
  return s;
}

// Node 20's URLSearchParams mis-decodes raw non-ASCII characters that follow
// an incomplete "%XX" UTF-8 sequence ("%e2%82😀" gives "\ufffd=\u0000"). The
// WHATWG parser works on the UTF-8 bytes, so percent-encoding raw non-ASCII
// characters first is equivalent by definition and avoids that bug.
function asciiForm(text) {
  return text.replace(/[^\x00-\x7f]/gu, (c) => encodeURIComponent(c));
}

test("parseForm agrees with URLSearchParams on generated bodies", () => {
  const r = prng(SEED + 3);
  let errors = 0;
  for (let i = 0; i < 8000; i++) {
    const text = genForm(r, true);
    const got = p.form(text);
    const invalid = INVALID_ESCAPE.test(text);
    assert.equal(got.error !== null, invalid, `case ${i}: ${JSON.stringify(text)}`);
    if (invalid) { errors++; assert.equal(got.error.subtype, "form_syntax"); }
    // Pairs are produced either way; with no invalid escape they must equal URLSearchParams'.
    if (!invalid) {
      // (A leading "&" stops the constructor from stripping a leading "?".)
      const ref = [...new URLSearchParams("&" + asciiForm(text))];
      assert.deepEqual(got.items.map((it) => [it.name, it.value]), ref, `case ${i}: ${JSON.stringify(text)}`);
      // Raw parts are the undecoded text between the separators.
      const rawRef = text.split("&").filter((s) => s.length).map((s) => { const e = s.indexOf("="); return e < 0 ? [s, ""] : [s.slice(0, e), s.slice(e + 1)]; });
      assert.deepEqual(got.items.map((it) => [it.rawName, it.raw]), rawRef, `case ${i} raw`);
      for (const it of got.items) {
        assert.equal(it.source, Source.Post);
        assert.equal((it.flags & Flag.InvalidUtf8) !== 0, (it.name + it.value).includes("\ufffd"), `case ${i} utf8 flag ${JSON.stringify(text)}`);
      }
    }
  }
  assert.ok(errors > 200 && errors < 7000, `invalid escapes generated: ${errors}`);
});

test("parseForm reads raw non-UTF-8 bytes like URLSearchParams reads their %XX form", () => {
  const r = prng(SEED + 4);
  for (let i = 0; i < 2000; i++) {
    const bytes = [];
    const n = r.int(20);
    for (let j = 0; j < n; j++) bytes.push(r.pick([0x61, 0x3d, 0x26, 0x2b, 0x80, 0xbf, 0xc0, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xed, 0xa0, 0xf0, 0x9f, 0xff, 0x00]));
    const buf = Buffer.from(bytes);
    const equivalent = bytes.map((b) => (b >= 0x80 ? "%" + b.toString(16).toUpperCase() : String.fromCharCode(b))).join("");
    const got = p.form(buf);
    assert.equal(got.error, null);
    assert.deepEqual(got.items.map((it) => [it.name, it.value]), [...new URLSearchParams("&" + equivalent)], `bytes ${buf.toString("hex")}`);
  }
});

test("parseForm: query source and flags", () => {
  const got = p.form("q=%00x&u=%C0%AF", Source.Query);
  assert.equal(got.error, null);
  assert.equal(got.items[0].source, Source.Query);
  assert.ok(got.items[0].flags & Flag.HasNul);
  assert.ok(got.items[1].flags & Flag.OverlongUtf8);
  assert.equal(got.items[1].value, "\ufffd\ufffd");
});
