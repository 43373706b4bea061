// `bulwark replay`: input formats, the in-process run through the release filter, and the
// report's counts and rates on hand-made samples (tests/replay/samples/, never corpus copies).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { existsSync, mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { readInputs, detectFormat, fromJsonl, fromHar } from "../../src/replay/inputs.js";
import { runReplay } from "../../src/cli/replay.js";
import { DEFAULT_WASM, securityEvents, eventRule } from "../../src/replay/run.js";

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const sample = (f) => path.join(here, "samples", f);
const bin = path.join(here, "../../bin/bulwark.js");
const built = existsSync(DEFAULT_WASM);
const needsBuild = built ? false : "build/bulwark.wasm missing: run npm run build";

test("JSONL records: Host becomes the authority, Content-Length is computed, labels kept", () => {
  const recs = readInputs([sample("labelled.jsonl")]);
  assert.equal(recs.length, 10);
  const api = recs.find((r) => r.id === "lab-6");
  assert.equal(api.method, "POST");
  assert.equal(api.authority, "shop.example");
  assert.equal(api.label, "benign");
  assert.equal(api.source, "lab-b");
  assert.equal(api.category, "api");
  assert.ok(!api.headers.some(([n]) => n === "host"), "Host travels as :authority");
  const cl = api.headers.find(([n]) => n === "content-length");
  assert.equal(cl[1], String(api.body.length));
  assert.deepEqual(api.headers.find(([n]) => n === "content-type"), ["content-type", "application/json"]);
  const get = recs.find((r) => r.id === "lab-5");
  assert.equal(get.body, null);
  assert.ok(!get.headers.some(([n]) => n === "content-length"), "no body, no Content-Length");
});

test("JSONL: a chunked record keeps Transfer-Encoding and gets no Content-Length; UTF-8 length in bytes", () => {
  const [r] = fromJsonl("x.jsonl", JSON.stringify({ method: "POST", path: "/u", headers: { "Transfer-Encoding": "chunked" }, body: "3\r\nabc\r\n0\r\n\r\n" }));
  assert.ok(!r.headers.some(([n]) => n === "content-length"));
  assert.equal(r.authority, "");
  assert.equal(r.id, "x.jsonl:1");
  const [u] = fromJsonl("x.jsonl", JSON.stringify({ method: "POST", path: "/u", headers: {}, body: "é" }));
  assert.equal(u.headers.find(([n]) => n === "content-length")[1], "2");
});

test("JSONL errors name the file and line", () => {
  assert.throws(() => fromJsonl("bad.jsonl", '{"path":"/"}\n{oops\n'), /bad\.jsonl:2: not a JSON object/);
  assert.throws(() => fromJsonl("bad.jsonl", '{"method":"GET"}\n'), /bad\.jsonl:1: "path" must be a string/);
});

test("HAR entries: raw target, pseudo-headers and hop-by-hop headers dropped, postData params as a form", () => {
  const recs = readInputs([sample("browser.har")]);
  assert.equal(recs.length, 4);
  const [page, login, order] = recs;
  assert.equal(page.path, "/catalog/shoes?size=42&color=r%C3%B6d");
  assert.equal(page.authority, "shop.example");
  assert.ok(!page.headers.some(([n]) => n.startsWith(":") || n === "connection"));
  assert.equal(page.headers.find(([n]) => n === "user-agent")[1].startsWith("Mozilla/5.0"), true);
  assert.equal(login.body.toString(), "user=siobhan&next=%2Fcart%3Fx%3D1");
  assert.equal(login.headers.find(([n]) => n === "content-length")[1], String(login.body.length), "recorded 999 is replaced");
  assert.equal(login.headers.find(([n]) => n === "content-type")[1], "application/x-www-form-urlencoded");
  assert.equal(order.authority, "api.shop.example:8080", "no Host header: the URL's host");
  assert.equal(order.scheme, "http");
  assert.equal(order.label, undefined);
});

test("formats are detected by extension, else by content", () => {
  assert.equal(detectFormat("a.har", "x"), "har");
  assert.equal(detectFormat("a.ndjson", ""), "jsonl");
  assert.equal(detectFormat("a.json", '{"log":{"entries":[]}}'), "har");
  assert.equal(detectFormat("a.txt", '{"path":"/"}\n{"path":"/b"}'), "jsonl");
  assert.throws(() => detectFormat("a.txt", "GET / HTTP/1.1"), /neither a HAR file nor JSONL/);
  assert.throws(() => fromHar("h.har", '{"log":{}}'), /no log\.entries/);
});

test("security events are read from the log lines", () => {
  const ev = securityEvents([
    { message: "bulwark: route=x policy=y" },
    { message: '{"type":"security_event","block_type":"deny_rules","block_subtype":"sql","rule_id":"BW-SQL-0003","rule_key":"SQL","action":"block"}' },
    { message: '{"type":"security_event","block_type":"limits","block_subtype":"json_nesting_depth","action":"block"}' },
  ]);
  assert.equal(ev.length, 2);
  assert.deepEqual(ev.map(eventRule), ["BW-SQL-0003", "limits:json_nesting_depth"]);
});

test("labelled replay: exact rates overall, per source and per category, top false-positive rules", { skip: needsBuild }, async () => {
  const { report } = await runReplay([sample("labelled.jsonl")]);
  const j = report.toJSON();
  assert.equal(j.requests, 10);
  assert.equal(j.wouldBlock, 4);
  assert.deepEqual(j.attacks, { n: 4, blocked: 3, rate: 0.75 });
  assert.deepEqual(j.benign, { n: 6, blocked: 1, rate: 1 / 6 });
  assert.deepEqual(j.sources["lab-a"].attack, { n: 4, blocked: 3, rate: 0.75 });
  assert.deepEqual(j.sources["lab-b"].benign, { n: 6, blocked: 1, rate: 1 / 6 });
  assert.deepEqual(j.categories.dos.attack, { n: 2, blocked: 2, rate: 1 });
  assert.deepEqual(j.categories.evasion.attack, { n: 2, blocked: 1, rate: 0.5 });
  assert.deepEqual(j.categories.browse.benign, { n: 4, blocked: 0, rate: 0 });
  assert.deepEqual(j.categories.upload.benign, { n: 1, blocked: 1, rate: 1 });
  const rule = (r) => j.rules.find((x) => x.rule === r);
  assert.deepEqual(rule("limits:json_nesting_depth"), { rule: "limits:json_nesting_depth", key: "limits", requests: 1, attack: 1, benign: 0 });
  assert.deepEqual(rule("limits:parameter_name_length"), { rule: "limits:parameter_name_length", key: "limits", requests: 2, attack: 1, benign: 1 });
  assert.deepEqual(rule("parser:form_syntax"), { rule: "parser:form_syntax", key: "parser", requests: 1, attack: 1, benign: 0 });
  assert.deepEqual(j.falsePositiveRules, [{ rule: "limits:parameter_name_length", key: "limits", benign: 1 }]);
  assert.deepEqual(report.misses.map((m) => m.id), ["lab-4"]);
  assert.deepEqual(report.falsePositives.map((m) => m.id), ["lab-8"]);
  assert.match(report.blockedList.find((b) => b.id === "lab-1").location, /^\$\.a\.a\.a/, "the event's location is reported");
});

test("HAR replay: the ordinary browser requests pass, the hostile body is blocked", { skip: needsBuild }, async () => {
  const { report } = await runReplay([sample("browser.har")]);
  assert.equal(report.requests, 4);
  assert.deepEqual(report.blockedList.map((b) => [b.id, b.rule]), [["browser.har#3", "limits:json_nesting_depth"]]);
  assert.equal(report.labelled, false);
  assert.equal(report.toJSON().attacks, undefined, "no rates without labels");
});

/**
 * Runs `fn(dir)` with a policy directory: an HTTPRoute for shop.example and a
 * ContentSecurityPolicy whose `secured:` block is `secured` (indented YAML), followed by the
 * feature documents it references.
 */
async function withPolicy(secured, fn) {
  const dir = mkdtempSync(path.join(tmpdir(), "bulwark-replay-"));
  try {
    writeFileSync(path.join(dir, "policy.yaml"), `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: shop, namespace: shop }
spec:
  hostnames: [shop.example]
  rules: [{ matches: [{ path: { type: PathPrefix, value: / } }] }]
---
apiVersion: bulwark.dev/v1alpha1
kind: ContentSecurityPolicy
metadata: { name: shop, namespace: shop }
spec:
  targetRefs: [{ group: gateway.networking.k8s.io, kind: HTTPRoute, name: shop }]
  secured:
${secured}`);
    await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("LogOnly events count as blocked only with --count-log-only", { skip: needsBuild }, async () => {
  await withPolicy(`    limitsRef: { name: watch }
---
apiVersion: bulwark.dev/v1alpha1
kind: Limits
metadata: { name: watch, namespace: shop }
spec:
  settings: { threatHandlingMode: LogOnly }
`, async (dir) => {
    const base = await runReplay([sample("labelled.jsonl")], { policies: [dir] });
    const b = base.report.toJSON();
    // Parameter names and JSON depth only log now; the form syntax error still blocks (parser).
    assert.equal(b.blocked, 1);
    assert.equal(b.logOnly, 3);
    assert.equal(b.wouldBlock, 1);
    assert.deepEqual(b.attacks, { n: 4, blocked: 1, rate: 0.25 });
    const counted = (await runReplay([sample("labelled.jsonl")], { policies: [dir], countLogOnly: true })).report.toJSON();
    assert.equal(counted.wouldBlock, 4);
    assert.deepEqual(counted.attacks, { n: 4, blocked: 3, rate: 0.75 });
    assert.deepEqual(counted.benign, { n: 6, blocked: 1, rate: 1 / 6 });
  });
});

test("the command: text and JSON reports, --limit, bad options", { skip: needsBuild }, async () => {
  const text = (await run(process.execPath, [bin, "replay", sample("labelled.jsonl"), "--show-misses", "--show-false-positives"])).stdout;
  assert.match(text, /^replayed 10 requests from /);
  assert.match(text, /attacks blocked:\s+75\.0%\s+\(3\/4\)/);
  assert.match(text, /benign blocked:\s+16\.7%\s+\(1\/6\)/);
  assert.match(text, /top false-positive rules[^\n]*\n\s+limits:parameter_name_length\s+1\n/);
  assert.match(text, /misses \(attacks not blocked\):\n\s+lab-4 - {2}GET \/products\?id=42/);
  assert.match(text, /false positives[^\n]*\n\s+lab-8 limits:parameter_name_length/);
  const json = JSON.parse((await run(process.execPath, [bin, "replay", sample("labelled.jsonl"), "--json", "--limit", "3"])).stdout);
  assert.equal(json.requests, 3);
  assert.equal(json.attacks.blocked, 3);
  await assert.rejects(run(process.execPath, [bin, "replay", sample("labelled.jsonl"), "--level", "Paranoid"]), (e) => /--level Paranoid: expected one of Unfiltered, Basic, Standard, Strict/.test(e.stderr));
  await assert.rejects(run(process.execPath, [bin, "replay", "/nonexistent.jsonl"]), (e) => /\/nonexistent\.jsonl: cannot read/.test(e.stderr));
});

test("deny rules: rule id, key, location and fragment per block; --level changes what blocks", { skip: needsBuild }, async () => {
  const std = await runReplay([sample("deny.jsonl")]);
  const j = std.report.toJSON();
  assert.deepEqual(j.attacks, { n: 2, blocked: 2, rate: 1 });
  assert.deepEqual(j.benign, { n: 2, blocked: 0, rate: 0 }, "O'Brien and prose with select/drop pass at Standard");
  const byId = Object.fromEntries(std.report.blockedList.map((b) => [b.id, b]));
  assert.match(byId["d-1"].rule, /^BW-SQL-\d{4}$/);
  assert.equal(byId["d-1"].key, "SQL");
  assert.equal(byId["d-1"].location, "query:id");
  assert.match(byId["d-1"].fragment, /UNION SELECT/);
  assert.match(byId["d-2"].rule, /^BW-XSS-\d{4}$/);
  assert.equal(byId["d-2"].location, "$.comment.body");
  assert.deepEqual(j.keys.map((k) => k.key).sort(), ["SQL", "XSS"]);
  assert.match(std.description, /deny level Standard/);

  const strict = (await runReplay([sample("deny.jsonl")], { level: "Strict" })).report;
  assert.deepEqual(strict.falsePositives.map((f) => [f.id, f.rule]), [["d-4", "BW-BOT-0002"]], "scripting-tool User-Agent only at Strict");
  const off = (await runReplay([sample("deny.jsonl")], { level: "Unfiltered" })).report;
  assert.equal(off.wouldBlock, 0);
});

test("deny rules in LogOnly: requests pass with log_only events, counted only on request", { skip: needsBuild }, async () => {
  await withPolicy(`    filter:
      denyRulesRef: { name: watch }
---
apiVersion: bulwark.dev/v1alpha1
kind: DenyRules
metadata: { name: watch, namespace: shop }
spec:
  request:
    builtIn:
      settings: { level: Standard, threatHandlingMode: LogOnly }
`, async (dir) => {
    const quiet = (await runReplay([sample("deny.jsonl")], { policies: [dir] })).report;
    assert.equal(quiet.blocked, 0);
    assert.equal(quiet.logOnly, 2);
    assert.equal(quiet.wouldBlock, 0);
    const counted = (await runReplay([sample("deny.jsonl")], { policies: [dir], countLogOnly: true })).report;
    assert.equal(counted.wouldBlock, 2);
    assert.deepEqual(counted.toJSON().keys.map((k) => k.key).sort(), ["SQL", "XSS"]);
  });
});
