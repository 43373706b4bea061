// `npm run soak [-- --duration 60]`: the dev proxy (`bulwark serve`, release build, default
// policy, 2 workers) under autocannon load that mixes ordinary requests and attacks, in front of
// the demo backend. Passes when the only non-2xx answers are the intended blocks of the attacks,
// nothing errors or times out, and the VMs' linear memory is the same after the run as after
// warm-up. Exit code 1 otherwise (this is a check, not only a report).
import autocannon from "autocannon";
import { fileURLToPath } from "node:url";
import { startServer } from "../src/serve/index.js";
import { startBackend } from "../src/demo/backend.js";
import { defaultConfig } from "../src/compiler/index.js";
import { GET_10, POST_2K, ATTACKS } from "./requests.js";

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** An autocannon request from one of ours, counting answers by kind. */
function toCannon(req, kind, tally) {
  // autocannon adds content-length for a body itself.
  const headers = { host: req.authority, ...req.headers };
  return {
    method: req.method, path: req.path, headers, body: req.body,
    onResponse: (status) => { const k = `${kind} ${status}`; tally.set(k, (tally.get(k) ?? 0) + 1); },
  };
}

async function load(url, requests, duration) {
  return autocannon({ url, connections: 8, duration, requests, timeout: 10 });
}

export async function run({ duration = arg("--duration", 60) } = {}) {
  const backend = await startBackend();
  const server = await startServer({ config: defaultConfig(), upstream: backend.url, listen: "127.0.0.1:0", admin: false, accessLog: null, workers: 2, onFilterLog: () => {} });
  const memory = () => server.host.vmStatus().map((v) => v.memoryBytes);
  const tally = new Map();
  const benign = [GET_10, POST_2K].map((r) => toCannon(r, "benign", tally));
  const attacks = ATTACKS.map((r) => toCannon(r, "attack", tally));
  // Three benign requests for each attack, interleaved.
  const mix = [];
  for (const a of attacks) mix.push(benign[0], benign[1], benign[0], a);

  await load(server.url, mix, Math.min(5, duration));
  const warm = memory();
  tally.clear();
  const result = await load(server.url, mix, duration);
  const after = memory();
  await server.close();
  await backend.close();

  const rows = [
    { name: "duration", value: duration, unit: "s" },
    { name: "requests", value: result.requests.total, unit: "" },
    { name: "throughput (mean)", value: result.requests.average, unit: "req/s" },
    { name: "latency p50", value: result.latency.p50, unit: "ms" },
    { name: "latency p99", value: result.latency.p99, unit: "ms" },
    { name: "errors", value: result.errors, unit: "" },
    { name: "timeouts", value: result.timeouts, unit: "" },
    { name: "linear memory per VM after warm-up", value: warm.join(" / "), unit: "bytes" },
    { name: "linear memory per VM after the run", value: after.join(" / "), unit: "bytes" },
  ];
  for (const [k, n] of [...tally].sort()) rows.push({ name: `answers: ${k}`, value: n, unit: "" });
  const unintended = [...tally].filter(([k]) => (k.startsWith("benign") && !k.endsWith(" 200") && !k.endsWith(" 201")) || (k.startsWith("attack") && /\s2\d\d$/.test(k)));
  const problems = [];
  if (result.errors || result.timeouts) problems.push(`${result.errors} errors, ${result.timeouts} timeouts`);
  if (unintended.length) problems.push(`unintended answers: ${unintended.map(([k, n]) => `${k} ×${n}`).join(", ")}`);
  if (after.some((m, i) => m !== warm[i])) problems.push(`memory grew: ${warm.join("/")} → ${after.join("/")}`);
  rows.push({ name: "verdict", value: problems.length ? `FAIL: ${problems.join("; ")}` : "ok", unit: "" });
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await run();
  for (const r of rows) console.log(`${r.name.padEnd(48)} ${typeof r.value === "number" ? (Number.isInteger(r.value) ? r.value : r.value.toFixed(2)) : r.value} ${r.unit}`);
  if (!String(rows.at(-1).value).startsWith("ok")) process.exitCode = 1;
}
