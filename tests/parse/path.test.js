// normalizePath against a straightforward JS model of the documented steps
// (docs/parsing.md): decode %XX as bytes then UTF-8 (WHATWG replacement),
// backslash as slash, ';' parameters cut per segment, empty segments merged,
// RFC 3986 dot-segment removal. Seeded; PARSE_SEED=n to vary.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadParsers, prng, seedFromEnv, Flag } from "./helpers.js";

const p = await loadParsers();

function model(raw) {
  let path = raw.split(/[?#]/)[0];
  const bytes = [];
  for (let i = 0; i < path.length; i++) {
    const h = path.slice(i + 1, i + 3);
    if (path[i] === "%" && /^[0-9a-fA-F]{2}$/.test(h)) { bytes.push(parseInt(h, 16)); i += 2; }
    else for (const b of Buffer.from(path[i], "utf8")) bytes.push(b);
  }
  const decoded = new TextDecoder().decode(Buffer.from(bytes));
  const s = decoded.replaceAll("\\", "/");
  const parts = s.split("/");
  const out = [];
  let trailing = false;
  const first = s.startsWith("/") ? 1 : 0;
  for (let i = first; i < parts.length; i++) {
    const seg = parts[i].split(";")[0];
    const last = i === parts.length - 1;
    trailing = false;
    if (seg === "") { if (last) trailing = true; continue; }
    if (seg === ".") { trailing = true; continue; }
    if (seg === "..") { out.pop(); trailing = true; continue; }
    out.push(seg);
  }
  let normalized = "/" + out.join("/");
  if (trailing && out.length) normalized += "/";
  return { decoded, normalized, segments: out };
}

const POOL = ["a", "b", "admin", ".", "..", "", ";p=1", "..;", "%2e", "%2E%2e", "%2f", "%5c", "\\", "é", "%c3%a9", "%c0%af", "%zz", "%", "+", "x.y", "...", "%00"];

test("normalizePath follows the documented steps on generated paths", () => {
  const r = prng(seedFromEnv(7));
  for (let i = 0; i < 5000; i++) {
    const n = r.int(8);
    const segs = Array.from({ length: n }, () => {
      let s = "";
      for (let k = 1 + r.int(2); k > 0; k--) s += r.pick(POOL);
      return s;
    });
    const raw = (r.int(10) ? "/" : "") + segs.join(r.int(5) ? "/" : "//") + (r.int(4) ? "" : "/") + (r.int(5) ? "" : "?q=/../x");
    if (raw === "*") continue;
    const got = p.path(raw);
    const want = model(raw);
    assert.equal(got.decoded, want.decoded, `decoded ${JSON.stringify(raw)}`);
    assert.equal(got.normalized, want.normalized, `normalized ${JSON.stringify(raw)}`);
    assert.deepEqual(got.segments, want.segments, `segments ${JSON.stringify(raw)}`);
    assert.equal((got.flags & Flag.DotSegment) !== 0, /(^|[/\\])\.\.?(;[^/\\]*)?([/\\]|$)/.test(want.decoded), `dot flag ${JSON.stringify(raw)}`);
  }
});
