// Runs recorded requests through the real filter in-process: the release build in the Node
// proxy-wasm host (host/), a fake upstream that always answers 200, no network. Each request's
// outcome is read the way an operator would read it: the local reply (blocked or not) and the
// `security_event` lines the filter logged.
import { readFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ProxyWasmHost } from "../../host/index.js";
import { InputError } from "./inputs.js";

export const DEFAULT_WASM = fileURLToPath(new URL("../../build/bulwark.wasm", import.meta.url));
export const LEVELS = ["Unfiltered", "Basic", "Standard", "Strict"];

/**
 * The filter configuration to replay with: compiled from `policies` (files or directories), or
 * the compiler's defaults; `level` replaces the deny-rule level of every policy.
 * @returns {Promise<{ config: object, description: string, warnings: string[] }>}
 */
export async function replayConfig({ policies = [], level, cwd = process.cwd() } = {}) {
  const compiler = await import("../compiler/index.js");
  let config, warnings = [], description;
  if (policies.length > 0) {
    const r = await compiler.compile(policies, { cwd });
    config = r.config;
    warnings = (r.warnings ?? []).map(String);
    description = `policies from ${policies.join(", ")}`;
  } else {
    config = compiler.defaultConfig();
    description = "built-in defaults";
  }
  if (level !== undefined) {
    if (!LEVELS.includes(level)) throw new InputError(`--level ${level}: expected one of ${LEVELS.join(", ")}`);
    let n = 0;
    for (const p of config.policies ?? []) {
      if (p.denyRules && typeof p.denyRules === "object") {
        p.denyRules.level = level;
        n++;
      }
    }
    if (n === 0) warnings.push(`--level ${level}: no policy has deny rules in this configuration, so the level changes nothing`);
    description += `, deny level ${level}`;
  } else {
    const lv = [...new Set((config.policies ?? []).map((p) => p.denyRules?.level).filter(Boolean))];
    if (lv.length) description += `, deny level ${lv.join("/")}`;
  }
  return { config, description, warnings };
}

const EVENT_PREFIX = '{"type":"security_event"';

/** The security events (parsed) among a stream's log records. */
export function securityEvents(logs) {
  const out = [];
  for (const l of logs) {
    if (typeof l.message !== "string" || !l.message.startsWith(EVENT_PREFIX)) continue;
    try {
      out.push(JSON.parse(l.message));
    } catch {
      // A line the filter cut is still a sign of a decision; keep what can be read.
      out.push({ type: "security_event", unreadable: true });
    }
  }
  return out;
}

/** The name a report files an event under: the rule id, or block type and subtype. */
export function eventRule(ev) {
  if (ev.rule_id) return ev.rule_id;
  if (ev.block_type) return ev.block_subtype ? `${ev.block_type}:${ev.block_subtype}` : ev.block_type;
  return "unknown";
}

/** The rule key of an event: the deny-rule key, or the block type of other stages. */
export function eventKey(ev) {
  return ev.rule_key ?? ev.block_type ?? "unknown";
}

/**
 * A started filter for replaying.
 * @param {{ config: object, wasm?: string, bufferLimitBytes?: number }} opts
 */
export async function startReplayHost({ config, wasm = DEFAULT_WASM, bufferLimitBytes }) {
  if (!existsSync(wasm)) throw new InputError(`${wasm} is missing: run \`npm run build\` first`);
  try {
    return await ProxyWasmHost.create({
      wasm: readFileSync(wasm),
      pluginConfig: JSON.stringify(config),
      logLevel: "info",
      vms: 1,
      ...(bufferLimitBytes ? { bufferLimitBytes } : {}),
    });
  } catch (err) {
    if (err && err.name === "ConfigureError") {
      const why = (err.logs ?? []).map((l) => l.message ?? String(l)).join("\n  ");
      throw new InputError(`the filter rejected the configuration:\n  ${why || err.message}`);
    }
    throw err;
  }
}

/**
 * Replays one record. Returns { blocked, status, details, events, logOnly }:
 * `blocked`: a local reply ended the request before the upstream; `events`: its security events;
 * `logOnly`: it passed, but an event says a rule would have blocked it (LogOnly mode).
 */
export async function replayOne(host, rec) {
  const r = await host.simulate({
    method: rec.method,
    path: rec.path,
    authority: rec.authority,
    scheme: rec.scheme ?? "https",
    headers: rec.headers,
    body: rec.body === null ? undefined : rec.body,
    upstream: { status: 200, headers: { "content-type": "text/plain" }, body: "ok" },
    stallTimeoutMs: 10000,
  });
  const events = securityEvents(r.logs);
  return {
    blocked: r.blocked,
    status: r.status,
    details: r.local?.details ?? null,
    events,
    logOnly: !r.blocked && events.some((e) => e.action === "log_only"),
  };
}

/**
 * Replays every record in order; calls onResult(rec, outcome) for each.
 * A record the host cannot run (a trap) is reported as an error outcome, not thrown.
 */
export async function replayAll(host, records, onResult) {
  for (const rec of records) {
    let out;
    try {
      out = await replayOne(host, rec);
    } catch (err) {
      out = { blocked: false, status: 0, details: null, events: [], logOnly: false, error: err.message ?? String(err) };
    }
    onResult(rec, out);
  }
}
