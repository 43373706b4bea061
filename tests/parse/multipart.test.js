// parseMultipart against undici's multipart/form-data parser (Node's
// Response#formData) on generated, well-formed bodies: the same fields with
// the same values and the same file names, in order. Seeded; PARSE_SEED=n to
// vary. Malformed bodies are covered by the specs and hostile.test.js (the two
// parsers legitimately differ there: undici is lenient where we block).
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadParsers, prng, seedFromEnv, Source } from "./helpers.js";

const p = await loadParsers();

// No value starts with "--": Node 20's undici refuses a part body that does
// (a valid body; our own specs cover values like "--x").
const TEXT = ["hello", "", "a b", "line1\r\nline2", "é€😀", "a--b", "\r\n", "x=1&y=2", "<script>", "\r\n--notboundary", "\"quoted\"", "tab\there"];
const NAMES = ["a", "field", "user[name]", "x-y", "é", "with space", "n1"];
const FILES = ["a.txt", "photo.jpg", "../../etc/passwd", "shell.php", "résumé.pdf", "no ext"];

function genBody(r, boundary) {
  const parts = [];
  const expected = [];
  const n = 1 + r.int(6);
  for (let i = 0; i < n; i++) {
    const name = r.pick(NAMES);
    const isFile = r.int(3) === 0;
    let value = "";
    for (let k = r.int(3); k >= 0; k--) value += r.pick(TEXT);
    const headers = [];
    if (isFile) {
      const file = r.pick(FILES);
      headers.push(`Content-Disposition: form-data; name="${name}"; filename="${file}"`);
      headers.push(`Content-Type: ${r.pick(["text/plain", "application/octet-stream", "image/jpeg"])}`);
      expected.push([name, { file }]);
    } else {
      headers.push(`Content-Disposition: form-data; name="${name}"`);
      if (r.int(3) === 0) headers.push("Content-Type: text/plain; charset=utf-8");
      expected.push([name, value]);
    }
    parts.push(`--${boundary}\r\n${headers.join("\r\n")}\r\n\r\n${value}\r\n`);
  }
  // No preamble or epilogue text: Node 20's undici refuses both (RFC 2046
  // allows them; our specs cover them).
  return { body: parts.join("") + `--${boundary}--` + (r.int(2) ? "\r\n" : ""), expected };
}

test("parseMultipart agrees with undici's formData() on generated bodies", async () => {
  const r = prng(seedFromEnv(11));
  // Boundaries never occur in the generated values (undici rejects "--" + boundary anywhere in a part).
  const boundaries = ["bnd7x", "----WebKitFormBoundary7MA4YWxkTrZu0gW", "--------------------------1234567890", "x'()+_,-./:=?y"];
  for (let i = 0; i < 1500; i++) {
    const boundary = r.pick(boundaries);
    const { body, expected } = genBody(r, boundary);
    const ct = `multipart/form-data; boundary="${boundary}"`;
    let fd;
    try { fd = await new Response(body, { headers: { "content-type": ct } }).formData(); }
    catch (e) { throw new Error(`undici refused case ${i}: ${JSON.stringify(body)}`); }
    const ref = [...fd].map(([k, v]) => [k, typeof v === "string" ? v : { file: v.name }]);
    assert.deepEqual(ref, expected, `undici disagrees with the generator, case ${i}`);
    const got = p.multipart(body, ct);
    assert.equal(got.error, null, `case ${i}: ${JSON.stringify(body)}`);
    const ours = got.items
      .filter((it) => it.source === Source.Post || it.source === Source.MultipartFile)
      .map((it) => [it.name, it.source === Source.MultipartFile ? { file: it.value } : it.value]);
    assert.deepEqual(ours, ref, `case ${i}: ${JSON.stringify(body)}`);
  }
});
