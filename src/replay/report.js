// Tallies replay outcomes: what would be blocked, by which rule and rule key, and — when the
// records carry a `label` — detection and false-positive rates overall, per source and per
// category. A request counts as "would block" when the filter answered with a local reply;
// with countLogOnly also when it passed but a LogOnly event says a rule matched.
import { eventRule, eventKey } from "./run.js";

const clip = (s, n) => (s.length > n ? `${s.slice(0, n)}…` : s);
const pct = (n, d) => (d ? `${((100 * n) / d).toFixed(1)}%` : "-");

function bump(map, key) {
  let v = map.get(key);
  if (!v) {
    v = { attack: { n: 0, blocked: 0 }, benign: { n: 0, blocked: 0 }, unlabelled: { n: 0, blocked: 0 } };
    map.set(key, v);
  }
  return v;
}

export class ReplayReport {
  constructor({ countLogOnly = false } = {}) {
    this.countLogOnly = countLogOnly;
    this.requests = 0;
    this.wouldBlock = 0;
    this.blocked = 0;
    this.logOnly = 0;
    this.errors = [];
    this.byRule = new Map(); // rule -> { key, requests, attack, benign }
    this.byKey = new Map(); // key -> { requests, attack, benign }
    this.bySource = new Map();
    this.byCategory = new Map();
    this.total = { attack: { n: 0, blocked: 0 }, benign: { n: 0, blocked: 0 }, unlabelled: { n: 0, blocked: 0 } };
    this.blockedList = [];
    this.misses = [];
    this.falsePositives = [];
  }

  /** The events that decided a would-block request (block events, or log-only ones when counted). */
  decisive(out) {
    if (out.blocked) return out.events.filter((e) => e.action !== "log_only");
    if (this.countLogOnly && out.logOnly) return out.events.filter((e) => e.action === "log_only");
    return [];
  }

  add(rec, out) {
    this.requests++;
    if (out.error) this.errors.push({ id: rec.id, error: out.error });
    if (out.blocked) this.blocked++;
    if (out.logOnly) this.logOnly++;
    const would = out.blocked || (this.countLogOnly && out.logOnly);
    const label = rec.label ?? "unlabelled";
    let events = would ? this.decisive(out) : [];
    if (would && events.length === 0) {
      // A local reply with no security event (a host limit, a failed VM): file it under its details.
      events = [{ rule_id: `local:${out.details ?? out.status}`, block_type: "local" }];
    }
    if (would) this.wouldBlock++;

    this.total[label].n++;
    if (would) this.total[label].blocked++;
    if (rec.source !== undefined) {
      const s = bump(this.bySource, rec.source)[label];
      s.n++;
      if (would) s.blocked++;
    }
    if (rec.category !== undefined) {
      const c = bump(this.byCategory, rec.category)[label];
      c.n++;
      if (would) c.blocked++;
    }

    const rules = new Set(events.map(eventRule));
    const keys = new Set(events.map(eventKey));
    for (const r of rules) {
      const ev = events.find((e) => eventRule(e) === r);
      let v = this.byRule.get(r);
      if (!v) this.byRule.set(r, (v = { key: eventKey(ev), requests: 0, attack: 0, benign: 0 }));
      v.requests++;
      if (label !== "unlabelled") v[label]++;
    }
    for (const k of keys) {
      let v = this.byKey.get(k);
      if (!v) this.byKey.set(k, (v = { requests: 0, attack: 0, benign: 0 }));
      v.requests++;
      if (label !== "unlabelled") v[label]++;
    }

    const first = events[0];
    const line = {
      id: rec.id,
      method: rec.method,
      path: clip(rec.path, 160),
      rule: first ? eventRule(first) : null,
      key: first ? eventKey(first) : null,
      location: first?.location ?? null,
      fragment: first?.fragment ?? null,
      ...(rec.source !== undefined ? { source: rec.source } : {}),
      ...(rec.category !== undefined ? { category: rec.category } : {}),
    };
    if (would) this.blockedList.push(line);
    if (label === "attack" && !would) this.misses.push({ ...line, body: rec.body ? clip(rec.body.toString("utf8"), 160) : null });
    if (label === "benign" && would) this.falsePositives.push(line);
  }

  get labelled() {
    return this.total.attack.n + this.total.benign.n > 0;
  }

  /** The machine report (`--json`). */
  toJSON() {
    const rate = (v) => ({ ...v, rate: v.n ? v.blocked / v.n : null });
    const groups = (m) =>
      Object.fromEntries(
        [...m].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, { attack: rate(v.attack), benign: rate(v.benign), unlabelled: rate(v.unlabelled) }]),
      );
    const sorted = (m) => [...m].sort((a, b) => b[1].requests - a[1].requests || a[0].localeCompare(b[0]));
    return {
      requests: this.requests,
      wouldBlock: this.wouldBlock,
      blocked: this.blocked,
      logOnly: this.logOnly,
      countLogOnly: this.countLogOnly,
      errors: this.errors,
      rules: sorted(this.byRule).map(([rule, v]) => ({ rule, ...v })),
      keys: sorted(this.byKey).map(([key, v]) => ({ key, ...v })),
      ...(this.labelled
        ? {
            attacks: rate(this.total.attack),
            benign: rate(this.total.benign),
            sources: groups(this.bySource),
            categories: groups(this.byCategory),
            falsePositiveRules: this.topFalsePositiveRules(),
          }
        : {}),
    };
  }

  topFalsePositiveRules() {
    return [...this.byRule]
      .filter(([, v]) => v.benign > 0)
      .sort((a, b) => b[1].benign - a[1].benign || a[0].localeCompare(b[0]))
      .map(([rule, v]) => ({ rule, key: v.key, benign: v.benign }));
  }

  /** The human report, as lines. */
  toText({ top = 15 } = {}) {
    const L = [];
    L.push(`would block: ${this.wouldBlock} of ${this.requests} (${pct(this.wouldBlock, this.requests)})` +
      `${this.logOnly ? `; ${this.logOnly} passed with a log-only event${this.countLogOnly ? " (counted as blocked)" : " (not counted: --count-log-only)"}` : ""}`);
    if (this.errors.length) L.push(`errors: ${this.errors.length} requests could not be replayed (first: ${this.errors[0].id}: ${this.errors[0].error})`);
    if (this.labelled) {
      const a = this.total.attack, b = this.total.benign;
      L.push("");
      L.push(`attacks blocked: ${pct(a.blocked, a.n).padStart(6)}  (${a.blocked}/${a.n})`);
      L.push(`benign blocked:  ${pct(b.blocked, b.n).padStart(6)}  (${b.blocked}/${b.n})`);
      const table = (title, m) => {
        if (!m.size) return;
        L.push("");
        L.push(`${title.padEnd(22)} ${"attacks blocked".padStart(22)} ${"benign blocked".padStart(22)}`);
        for (const [k, v] of [...m].sort(([x], [y]) => x.localeCompare(y))) {
          const cell = (c) => (c.n ? `${pct(c.blocked, c.n)} (${c.blocked}/${c.n})` : "-");
          L.push(`  ${clip(k, 20).padEnd(20)} ${cell(v.attack).padStart(22)} ${cell(v.benign).padStart(22)}`);
        }
      };
      table("by source", this.bySource);
      table("by category", this.byCategory);
    }
    if (this.byKey.size) {
      L.push("");
      L.push("by rule key (requests blocked):");
      for (const [k, v] of [...this.byKey].sort((x, y) => y[1].requests - x[1].requests || x[0].localeCompare(y[0]))) {
        L.push(`  ${k.padEnd(20)} ${String(v.requests).padStart(6)}${this.labelled ? `  (attack ${v.attack}, benign ${v.benign})` : ""}`);
      }
      L.push("");
      L.push("by rule (requests blocked):");
      for (const [r, v] of [...this.byRule].sort((x, y) => y[1].requests - x[1].requests || x[0].localeCompare(y[0]))) {
        L.push(`  ${r.padEnd(34)} ${String(v.requests).padStart(6)}${this.labelled ? `  (attack ${v.attack}, benign ${v.benign})` : ""}`);
      }
    }
    if (this.labelled) {
      const fp = this.topFalsePositiveRules().slice(0, top);
      if (fp.length) {
        L.push("");
        L.push("top false-positive rules (benign requests blocked):");
        for (const r of fp) L.push(`  ${r.rule.padEnd(34)} ${String(r.benign).padStart(6)}`);
      }
    }
    return L;
  }
}

/** One listing line: id, rule, location, fragment, request line. */
export function formatLine(x) {
  const where = x.location ? ` at ${x.location}` : "";
  const frag = x.fragment ? ` ${JSON.stringify(x.fragment)}` : "";
  return `  ${x.id} ${x.rule ?? "-"}${where}${frag}  ${x.method} ${x.path}`;
}
