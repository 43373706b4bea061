// Security events: one JSON line per limits/parser decision, and counters per
// block type, subtype and action (docs/limits.md "Events and metrics").
//
// The line names where the problem was (a JSONPath, "query:<name>", "part 3") and
// the numbers, never a value, cookie or token. Names that come from the request
// (parameter names, JSON keys) are cut and JSON-escaped.
import { Exchange, StageAction } from "./pipeline";
import { Counter } from "../sdk/metrics";
import { LogLevel } from "../sdk/enums";
import { isEnabled, log } from "../sdk/log";
import { nowNanos } from "../sdk/timer";
import { identitySlot, addressWord } from "../sdk/identity";
import { blockBody, BLOCK_STATUS, safeRequestId } from "../respond/block";
import { DenyDetails } from "../deny/details";
export { DenyDetails } from "../deny/details";

export const BLOCK_TYPE_LIMITS = "limits";
export const BLOCK_TYPE_PARSER = "parser";
export const BLOCK_TYPE_DENY_RULES = "deny_rules";
// Envoy response code details of a block, by type (no whitespace).
export const DETAILS_LIMITS = "bulwark_request_blocked_limits";
export const DETAILS_PARSER = "bulwark_request_blocked_parser";
export const DETAILS_DENY_RULES = "bulwark_request_blocked_deny_rules";

const MAX_LOCATION: i32 = 128;

// One counter per (action, type, subtype), defined on first use. Names carry the
// labels as dot-separated pairs that Envoy's stats_tags extract (docs/limits.md):
//   bulwark_threats_blocked_total.block_type.limits.block_subtype.json_nesting_depth
const counters = new Map<string, Counter>();

export function threatCounterName(logOnly: bool, blockType: string, subtype: string): string {
  return (logOnly ? "bulwark_threats_logged_total" : "bulwark_threats_blocked_total")
    + ".block_type." + blockType + ".block_subtype." + subtype;
}

// The counters of recent (action, type, subtype) triples by string identity: the
// types are constants and the subtypes cached per rule key (deny/inspect.ts) or
// constants, so a block finds its counter without building and hashing the name.
// Direct-mapped; an entry holds its strings, so their addresses stay theirs.
const RECENT: i32 = 32;
const recentType = new StaticArray<string | null>(RECENT);
const recentSubtype = new StaticArray<string | null>(RECENT);
const recentLogOnly = new StaticArray<bool>(RECENT);
const recentCounter = new StaticArray<Counter | null>(RECENT);

function count(logOnly: bool, blockType: string, subtype: string): void {
  let slot = identitySlot(changetype<usize>(subtype), addressWord(changetype<usize>(blockType)) ^ <u32>logOnly, RECENT);
  let c = unchecked(recentCounter[slot]);
  if (c === null || changetype<usize>(unchecked(recentSubtype[slot])) != changetype<usize>(subtype) ||
      changetype<usize>(unchecked(recentType[slot])) != changetype<usize>(blockType) || unchecked(recentLogOnly[slot]) != logOnly) {
    let name = threatCounterName(logOnly, blockType, subtype);
    if (counters.has(name)) c = counters.get(name);
    else { c = new Counter(name); counters.set(name, c); }
    unchecked(recentType[slot] = blockType);
    unchecked(recentSubtype[slot] = subtype);
    unchecked(recentLogOnly[slot] = logOnly);
    unchecked(recentCounter[slot] = c);
  }
  c!.increment();
}

// Reports a violation and turns it into the stage's answer: a 400 block, or
// Continue when logOnly.
export function violation(
  x: Exchange, blockType: string, subtype: string, location: string, limit: i64, observed: i64, logOnly: bool,
): StageAction {
  // Log-only requests go on after a violation: report each subtype once per
  // request, so 100,000 over-long parameters make one line, not 100,000.
  if (logOnly) {
    if (x.reported.includes(subtype)) return StageAction.Continue;
    x.reported.push(subtype);
  }
  count(logOnly, blockType, subtype);
  let level = logOnly ? LogLevel.Info : LogLevel.Warn;
  if (isEnabled(level)) log(level, eventLine(x, blockType, subtype, location, limit, observed, logOnly));
  if (logOnly) return StageAction.Continue;
  let b = blockBody(x.model.header("accept"), x.model.requestId);
  return x.block(BLOCK_STATUS, blockType == BLOCK_TYPE_PARSER ? DETAILS_PARSER : DETAILS_LIMITS, b.body, b.headers);
}

// Does denyViolation read its location and details? Log-only decisions key
// their once-per-request report on the rule id; blocks use them only in the
// event line, which the log level may turn off.
export function denyEventLogged(logOnly: bool): bool {
  return logOnly || isEnabled(LogLevel.Warn);
}

// A deny-rule decision: the event (with the rule fields), the threat counter and,
// unless logOnly, the 400 block. Log-only requests report each rule once.
export function denyViolation(x: Exchange, subtype: string, location: string, d: DenyDetails, logOnly: bool): StageAction {
  if (logOnly) {
    let key = "deny:" + d.ruleId;
    if (x.reported.includes(key)) return StageAction.Continue;
    x.reported.push(key);
  }
  count(logOnly, BLOCK_TYPE_DENY_RULES, subtype);
  let level = logOnly ? LogLevel.Info : LogLevel.Warn;
  if (isEnabled(level)) log(level, eventLine(x, BLOCK_TYPE_DENY_RULES, subtype, location, 0, 0, logOnly, d));
  if (logOnly) return StageAction.Continue;
  let b = blockBody(x.model.header("accept"), x.model.requestId);
  return x.block(BLOCK_STATUS, DETAILS_DENY_RULES, b.body, b.headers);
}

export function eventLine(
  x: Exchange, blockType: string, subtype: string, location: string, limit: i64, observed: i64, logOnly: bool,
  deny: DenyDetails | null = null,
): string {
  let ms = <i64>(nowNanos() / 1000000);
  let s = "{\"type\":\"security_event\",\"time\":\"" + new Date(ms).toISOString() + "\""
    + ",\"request_id\":" + jsonString(safeRequestId(x.model.requestId))
    + ",\"policy\":" + jsonString(x.policy.name)
    + ",\"route\":" + jsonString(x.routeLabel)
    + ",\"method\":" + jsonString(x.model.method.length <= 16 ? x.model.method : x.model.method.substring(0, 16))
    + ",\"block_type\":\"" + blockType + "\",\"block_subtype\":" + jsonString(subtype);
  if (deny !== null) {
    s += ",\"rule_id\":" + jsonString(cut(deny.ruleId)) + ",\"rule_key\":" + jsonString(cut(deny.ruleKey))
      + ",\"level\":\"" + deny.level + "\",\"location_type\":\"" + deny.locationType + "\"";
  }
  s += ",\"location\":" + jsonString(cut(location));
  if (deny !== null) s += ",\"fragment\":" + jsonString(deny.fragment);
  if (limit != 0 || observed != 0) s += ",\"limit\":" + limit.toString() + ",\"observed\":" + observed.toString();
  s += ",\"action\":\"" + (logOnly ? "log_only" : "block") + "\"}";
  return s;
}

function cut(s: string): string {
  return s.length <= MAX_LOCATION ? s : s.substring(0, MAX_LOCATION - 3) + "...";
}

// JSON string literal; control characters, quotes, backslashes and non-ASCII are
// escaped so the line stays one line of ASCII whatever the request contained.
export function jsonString(s: string): string {
  let parts = new Array<string>();
  parts.push("\"");
  let start = 0;
  for (let i = 0, n = s.length; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0x7F && c != 0x22 && c != 0x5C) continue;
    parts.push(s.substring(start, i));
    if (c == 0x22) parts.push("\\\"");
    else if (c == 0x5C) parts.push("\\\\");
    else {
      let h = c.toString(16);
      parts.push("\\u" + "0000".substring(h.length) + h);
    }
    start = i + 1;
  }
  parts.push(s.substring(start));
  parts.push("\"");
  return parts.join("");
}
