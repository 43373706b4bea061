// `bulwark replay FILE... [--policies DIR] [--level L] [--json] [--limit N] [--show-misses]`:
// recorded requests (HAR, JSONL) through the real filter in-process; what would be blocked, by
// which rule, and detection / false-positive rates when the records are labelled. docs/replay.md.
import { readInputs } from "../replay/inputs.js";
import { replayConfig, startReplayHost, replayAll } from "../replay/run.js";
import { ReplayReport, formatLine } from "../replay/report.js";

function usage(message) {
  const e = new Error(message);
  e.userError = true;
  return e;
}

function positiveInt(flag) {
  return (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw usage(`${flag} ${v}: expected a positive integer`);
    return n;
  };
}

/** Runs a replay; returns the report (used by the CLI and by tests). */
export async function runReplay(files, opts = {}) {
  const { config, description, warnings } = await replayConfig({ policies: opts.policies ?? [], level: opts.level, cwd: opts.cwd });
  let records = readInputs(files);
  if (opts.limit !== undefined) records = records.slice(0, opts.limit);
  const host = await startReplayHost({ config, wasm: opts.wasm });
  const report = new ReplayReport({ countLogOnly: !!opts.countLogOnly });
  const t0 = process.hrtime.bigint();
  try {
    await replayAll(host, records, (rec, out) => report.add(rec, out));
  } finally {
    host.close();
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { report, description, warnings, ms, files };
}

/** @param {import("commander").Command} program */
export function register(program) {
  program
    .command("replay")
    .description("run recorded requests (HAR or JSONL) through the filter in-process and report what would be blocked, by which rule")
    .argument("<files...>", "HAR files (.har) or JSONL request records (.jsonl); detected by extension, else by content")
    .option("--policies <paths...>", "compile these policy files or directories (default: the built-in defaults: deny rules at Standard, Block)")
    .option("--level <level>", "replace every policy's deny-rule level (Unfiltered, Basic, Standard, Strict)")
    .option("--count-log-only", "count requests that pass with a LogOnly event as would-block")
    .option("--limit <n>", "replay only the first N requests", positiveInt("--limit"))
    .option("--show-misses", "list labelled attacks that were not blocked")
    .option("--show-false-positives", "list labelled benign requests that were blocked")
    .option("--show-blocked", "list every request that would be blocked")
    .option("--top <n>", "how many false-positive rules to list (default 15)", positiveInt("--top"), 15)
    .option("--json", "print a machine-readable report")
    .option("--wasm <file>", "replay through this filter build instead of build/bulwark.wasm (to compare builds)")
    .action(async (files, opts) => {
      const { report, description, warnings, ms } = await runReplay(files, {
        policies: opts.policies ?? [],
        level: opts.level,
        limit: opts.limit,
        countLogOnly: opts.countLogOnly,
        wasm: opts.wasm,
      });
      for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
      if (opts.json) {
        const out = { files, configuration: description, ms: Math.round(ms), ...report.toJSON() };
        if (opts.showMisses) out.misses = report.misses;
        if (opts.showFalsePositives) out.falsePositives = report.falsePositives;
        if (opts.showBlocked) out.blockedRequests = report.blockedList;
        process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
        return;
      }
      const L = [`replayed ${report.requests} requests from ${files.join(", ")} in ${(ms / 1000).toFixed(1)} s (${description})`];
      L.push(...report.toText({ top: opts.top }));
      if (opts.showBlocked && report.blockedList.length) {
        L.push("", "blocked requests:", ...report.blockedList.map(formatLine));
      }
      if (opts.showFalsePositives && report.falsePositives.length) {
        L.push("", "false positives (benign requests blocked):", ...report.falsePositives.map(formatLine));
      }
      if (opts.showMisses) {
        L.push("", report.misses.length ? "misses (attacks not blocked):" : "misses: none");
        for (const m of report.misses) L.push(`${formatLine(m)}${m.body ? `  body ${JSON.stringify(m.body)}` : ""}`);
      }
      process.stdout.write(`${L.join("\n")}\n`);
    });
}
