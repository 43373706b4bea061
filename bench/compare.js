// `npm run bench -- --compare`: our filter (release build, through the Node host, default
// policy = deny rules at Standard) next to Datadog's libddwaf (@datadog/native-appsec, with the
// recommended rules that ship in dd-trace) on the same requests, in the same process.
//
// What each side is charged with:
// - Bulwark: a whole request lifecycle through host.simulate (headers, body, response, log,
//   delete), which includes the host's own JS work; the pass-through row measures that share
//   so the filter's own cost (total − host) is visible. Bulwark blocks every request of the
//   attack set, and a blocked request costs the host a local reply (encoding the reply, the
//   response-header callback) that a pass-through module never asks for, so that row's host
//   share is measured with the blocking fixture (tests/fixtures/blocker.ts: the same reply,
//   sent at the same point, nothing inspected).
// - libddwaf: one context per request (create, run, dispose), given the addresses dd-trace
//   would give it. "run only" hands it already parsed query/body objects (what a framework
//   integration does); "with parsing" also charges the JS parsing of query, cookies and body.
// The ratio is computed against the cheaper libddwaf figure ("run only").
//
// Coverage: libddwaf inspects at most 256 elements of a container (and 20 levels, 4,096
// characters of a string); the rest of a larger array is never looked at. The flat 64 KB order
// has 871 line items in one array, so libddwaf's figure there is the cost of its first 256, and
// it misses an attack in a later item (the detection rows show it). Bulwark inspects all of them
// (within the Parser and Limits settings, which reject what they cannot cover). Each shape prints
// what libddwaf truncated, and "64 KB JSON in shipments" carries the same line items in arrays of
// 200, which libddwaf inspects whole: the like-for-like comparison of the two at that size.
//
// Repetition: a request sent again and again lets our clean-value caches answer values they have
// seen; libddwaf keeps nothing between contexts. The "16 bodies with different values" shapes
// rotate through documents whose SKUs and names differ from one body to the next, so no value
// repeats between consecutive requests (keys and structure do, as in real traffic).
//
// The contenders run interleaved (stats.js interleaved): each shape is measured in rounds over
// at least 5 s, and in every round each contender (Bulwark, the host alone, libddwaf) runs one
// batch. A shared machine changes speed by up to 2x from one minute to the next; measured one
// after the other, that alone moved the ratio from 3x to 6x. Each figure is the median of the rounds'
// medians, and each ratio the median of the rounds' ratios, so both sides see the same
// machine. p99 is over every sample of every round.
import { readFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { ProxyWasmHost } from "../host/index.js";
import { defaultConfig } from "../src/compiler/index.js";
import { GET_10, POST_2K, json64k, json64kShipments, json64kAttackAt, json2kVariants, json64kShipmentsVariants, ATTACKS } from "./requests.js";
import { interleaved } from "./stats.js";

const require = createRequire(import.meta.url);
const root = new URL("..", import.meta.url);
const path = (p) => fileURLToPath(new URL(p, root));

/** libddwaf, or the reason it cannot run here. */
function loadDdwaf() {
  let DDWAF, rules;
  try { ({ DDWAF } = require("@datadog/native-appsec")); } catch (e) { return { error: `@datadog/native-appsec not loadable: ${e.message}` }; }
  try { rules = require("dd-trace/packages/dd-trace/src/appsec/recommended.json"); } catch (e) { return { error: `dd-trace recommended rules not found: ${e.message}` }; }
  const waf = new DDWAF(rules, "recommended");
  return { waf, version: DDWAF.version(), rulesVersion: rules.metadata?.rules_version ?? "?" };
}

function splitTarget(target) {
  const q = target.indexOf("?");
  return q < 0 ? { path: target, query: "" } : { path: target.slice(0, q), query: target.slice(q + 1) };
}

function queryObject(query) {
  const out = {};
  for (const [k, v] of new URLSearchParams(query)) (out[k] ??= []).push(v);
  return out;
}

function cookieObject(header) {
  const out = {};
  if (!header) return out;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    (out[part.slice(0, eq).trim()] ??= []).push(part.slice(eq + 1).trim());
  }
  return out;
}

function parsedBody(req) {
  if (req.body == null) return undefined;
  const ct = (req.headers["content-type"] ?? "").toLowerCase();
  if (ct.startsWith("application/json")) { try { return JSON.parse(req.body); } catch { return req.body; } }
  if (ct.startsWith("application/x-www-form-urlencoded")) return queryObject(req.body);
  return req.body;
}

/** The addresses dd-trace's HTTP integration gives libddwaf for one request. */
function addresses(req) {
  const { query } = splitTarget(req.path);
  const headers = { host: req.authority };
  for (const [k, v] of Object.entries(req.headers)) if (k !== "cookie") headers[k] = v;
  const a = {
    "server.request.uri.raw": req.path,
    "server.request.method": req.method,
    "server.request.headers.no_cookies": headers,
    "server.request.query": queryObject(query),
    "server.request.cookies": cookieObject(req.headers.cookie),
    "http.client_ip": "203.0.113.7",
  };
  const body = parsedBody(req);
  if (body !== undefined) a["server.request.body"] = body;
  return a;
}

/** What libddwaf's run reported truncating (its metrics), in words; undefined when nothing. */
function truncation(result) {
  const m = result.metrics ?? {};
  const parts = [];
  if (m.maxTruncatedContainerSize) parts.push(`a container of ${m.maxTruncatedContainerSize} elements to its first 256`);
  if (m.maxTruncatedContainerDepth) parts.push("nesting deeper than 20 levels");
  if (m.maxTruncatedString) parts.push(`a string of ${m.maxTruncatedString} characters to 4,096`);
  return parts.length ? parts.join("; ") : undefined;
}

function ddwafRun(waf, persistent) {
  const ctx = waf.createContext();
  const r = ctx.run({ persistent }, 1e9);
  ctx.dispose();
  return r;
}

export async function run({ iterations = 5000, warmup = 1000 } = {}) {
  const wasmPath = path("build/bulwark.wasm");
  if (!existsSync(wasmPath)) throw new Error("build/bulwark.wasm missing: run `npm run build` first");
  const rows = [];
  const host = await ProxyWasmHost.create({ wasm: readFileSync(wasmPath), pluginConfig: JSON.stringify(defaultConfig()), logLevel: "error" });
  const passPath = path("build/fixtures/passthrough.wasm");
  const pass = existsSync(passPath) ? await ProxyWasmHost.create({ wasm: readFileSync(passPath), pluginConfig: "{}" }) : null;
  const blockPath = path("build/fixtures/blocker.wasm");
  const blocker = existsSync(blockPath) ? await ProxyWasmHost.create({ wasm: readFileSync(blockPath), pluginConfig: "{}" }) : null;
  const dd = loadDdwaf();
  if (dd.error) rows.push({ name: "libddwaf", value: `skipped: ${dd.error}`, unit: "" });
  else rows.push({ name: `libddwaf ${dd.version}, recommended rules ${dd.rulesVersion}`, value: "", unit: "" });

  const POST_64K = { ...POST_2K, body: json64k() };
  const POST_64K_SHIPMENTS = { ...POST_2K, body: json64kShipments() };
  const withBodies = (req, bodies) => bodies.map((body) => ({ ...req, body }));
  // [label, requests, does Bulwark block them]
  const shapes = [
    ["GET, 10 parameters", [GET_10], false],
    ["POST 2 KB JSON", [POST_2K], false],
    ["POST 2 KB JSON, 16 bodies with different values", withBodies(POST_2K, json2kVariants()), false],
    ["POST 64 KB JSON (871 line items in one array)", [POST_64K], false],
    ["POST 64 KB JSON in shipments (arrays of 200 line items)", [POST_64K_SHIPMENTS], false],
    ["POST 64 KB JSON in shipments, 16 bodies with different values", withBodies(POST_64K_SHIPMENTS, json64kShipmentsVariants()), false],
    [`attacks (${ATTACKS.length} requests, round robin)`, ATTACKS, true],
  ];
  for (const [label, reqs, blocked] of shapes) {
    const big = label.startsWith("POST 64");
    if (!dd.error) {
      const truncated = truncation(ddwafRun(dd.waf, addresses(reqs[0])));
      rows.push({ name: `${label}: libddwaf truncated`, value: truncated ?? "nothing (inspected every value)", unit: "" });
    }
    const n = big ? Math.max(200, iterations / 10) : iterations;
    const w = big ? Math.max(50, warmup / 10) : warmup;
    const alone = blocked ? blocker : pass;
    const contenders = { ours: (i) => host.simulate(reqs[i % reqs.length]) };
    if (alone) contenders.host = (i) => alone.simulate(reqs[i % reqs.length]);
    if (!dd.error) {
      const pre = reqs.map(addresses);
      contenders.runOnly = (i) => ddwafRun(dd.waf, pre[i % pre.length]);
      contenders.withParse = (i) => ddwafRun(dd.waf, addresses(reqs[i % reqs.length]));
    }
    const m = await interleaved(contenders, n, w, { batch: big ? 20 : 250, seconds: 5 });
    rows.push({ name: `${label}: bulwark median`, value: m.ours.median, unit: "µs" });
    rows.push({ name: `${label}: bulwark p99`, value: m.ours.p99, unit: "µs" });
    if (alone) {
      rows.push({ name: `${label}: host alone (${blocked ? "blocking" : "pass-through"} module) median`, value: m.host.median, unit: "µs" });
      rows.push({ name: `${label}: bulwark minus host, median`, value: m.ratio((r) => Math.max(0, r.ours - r.host)), unit: "µs" });
    }
    if (dd.error) continue;
    rows.push({ name: `${label}: libddwaf run only median`, value: m.runOnly.median, unit: "µs" });
    rows.push({ name: `${label}: libddwaf run only p99`, value: m.runOnly.p99, unit: "µs" });
    rows.push({ name: `${label}: libddwaf with JS parsing median`, value: m.withParse.median, unit: "µs" });
    rows.push({ name: `${label}: libddwaf run only / bulwark (whole lifecycle)`, value: m.ratio((r) => r.runOnly / r.ours), unit: "×" });
    if (alone) rows.push({ name: `${label}: libddwaf run only / bulwark minus host`, value: m.ratio((r) => r.runOnly / Math.max(0.01, r.ours - r.host)), unit: "×" });
  }
  if (!dd.error) {
    // Detection on the same attack set, so a cheap filter that misses is visible.
    let oursBlocked = 0, ddBlocked = 0;
    for (const r of ATTACKS) {
      const res = await host.simulate(r);
      if (res.status === 400 || res.status === 403) oursBlocked++;
      if (ddwafRun(dd.waf, addresses(r)).events?.length) ddBlocked++;
    }
    rows.push({ name: "attack set: bulwark blocked", value: `${oursBlocked}/${ATTACKS.length}`, unit: "" });
    rows.push({ name: "attack set: libddwaf matched", value: `${ddBlocked}/${ATTACKS.length}`, unit: "" });
    // What the truncation costs: the same injection, in line item 800 of the flat 64 KB order.
    const late = { ...POST_2K, body: json64kAttackAt(800) };
    const lateOurs = (await host.simulate(late)).status;
    rows.push({ name: "SQL injection in line item 800 of 871: bulwark", value: lateOurs === 400 || lateOurs === 403 ? "blocked" : `passed (${lateOurs})`, unit: "" });
    rows.push({ name: "SQL injection in line item 800 of 871: libddwaf", value: ddwafRun(dd.waf, addresses(late)).events?.length ? "matched" : "not matched", unit: "" });
    dd.waf.dispose();
  }
  host.close();
  pass?.close();
  blocker?.close();
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const r of await run()) console.log(`${r.name.padEnd(72)} ${typeof r.value === "number" ? r.value.toFixed(2) : r.value} ${r.unit}`);
}
