// Custom metrics (proxy_define_metric & co) with Envoy's semantics
// (source/extensions/common/wasm/context.cc defineMetric/incrementMetric/recordMetric/getMetric).
//
// Envoy keeps one stats store per process: every VM (worker) that defines the same name
// gets the same underlying counter, so values are summed across VMs. Each VM has its own
// metric ids, with the metric type in the low two bits (Wasm::kMetricTypeMask).
// Names are stored under the "wasmcustom." namespace; the Prometheus exporter strips that
// registered namespace and does not add the "envoy_" prefix (admin/prometheus_stats.cc).

import { WasmResult, MetricType } from "./abi.js";

export const CUSTOM_STAT_NAMESPACE = "wasmcustom";
const TYPE_MASK = 0x3;
const ID_INCREMENT = 0x4;

/** Envoy's default histogram bucket bounds (Stats::HistogramSettingsImpl::defaultBuckets). */
export const DEFAULT_BUCKETS = Object.freeze([
  0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000,
]);

const TYPE_NAMES = ["counter", "gauge", "histogram"];

class Stat {
  constructor(type, name) {
    this.type = type;
    this.name = name; // as the filter defined it
    this.value = 0n;  // counters and gauges
    this.counts = type === MetricType.Histogram ? new Array(DEFAULT_BUCKETS.length).fill(0) : null;
    this.sum = 0;
    this.count = 0;
  }
}

/** The process-wide stats store shared by all VMs of one host. */
export class MetricsStore {
  constructor() {
    /** @type {Map<string, Stat>} key: type + full name */
    this.stats = new Map();
  }

  /** Per-VM id table. */
  createVmTable() {
    return { ids: new Map(), next: [MetricType.Counter, MetricType.Gauge, MetricType.Histogram] };
  }

  define(table, type, name) {
    if (type > MetricType.MAX || type < 0) return { result: WasmResult.BadArgument };
    const full = `${CUSTOM_STAT_NAMESPACE}.${name}`;
    const key = `${type}:${full}`;
    let stat = this.stats.get(key);
    if (!stat) {
      stat = new Stat(type, name);
      this.stats.set(key, stat);
    }
    table.next[type] += ID_INCREMENT;
    const id = table.next[type];
    table.ids.set(id, stat);
    return { result: WasmResult.Ok, id };
  }

  /** @param {bigint} offset (i64) */
  increment(table, id, offset) {
    const type = id & TYPE_MASK;
    const stat = table.ids.get(id);
    if (type === MetricType.Counter) {
      if (!stat) return WasmResult.NotFound;
      if (offset <= 0n) return WasmResult.BadArgument;
      stat.value = BigInt.asUintN(64, stat.value + offset);
      return WasmResult.Ok;
    }
    if (type === MetricType.Gauge) {
      if (!stat) return WasmResult.NotFound;
      stat.value = BigInt.asUintN(64, stat.value + offset);
      return WasmResult.Ok;
    }
    return WasmResult.BadArgument;
  }

  /** @param {bigint} value (u64) */
  record(table, id, value) {
    const type = id & TYPE_MASK;
    const stat = table.ids.get(id);
    if (!stat) return WasmResult.NotFound;
    const v = BigInt.asUintN(64, value);
    if (type === MetricType.Counter) stat.value = BigInt.asUintN(64, stat.value + v);
    else if (type === MetricType.Gauge) stat.value = v;
    else if (type === MetricType.Histogram) {
      const n = Number(v);
      for (let i = 0; i < DEFAULT_BUCKETS.length; i++) if (n <= DEFAULT_BUCKETS[i]) stat.counts[i]++;
      stat.sum += n;
      stat.count++;
    } else return WasmResult.NotFound;
    return WasmResult.Ok;
  }

  get(table, id) {
    const type = id & TYPE_MASK;
    if (type === MetricType.Histogram || type > MetricType.MAX) return { result: WasmResult.BadArgument };
    const stat = table.ids.get(id);
    if (!stat) return { result: WasmResult.NotFound };
    return { result: WasmResult.Ok, value: stat.value };
  }

  /** Structured view: counters, gauges, then histograms, each sorted by name. */
  list() {
    const out = [];
    for (const type of [MetricType.Counter, MetricType.Gauge, MetricType.Histogram]) {
      const stats = [...this.stats.values()].filter((s) => s.type === type).sort((a, b) => (a.name < b.name ? -1 : 1));
      for (const s of stats) {
        const base = { name: s.name, statName: `${CUSTOM_STAT_NAMESPACE}.${s.name}`, prometheusName: prometheusName(s.name), type: TYPE_NAMES[type] };
        if (type === MetricType.Histogram) {
          out.push({ ...base, buckets: DEFAULT_BUCKETS.map((le, i) => ({ le, count: s.counts[i] })), sum: s.sum, count: s.count });
        } else {
          out.push({ ...base, value: Number(s.value) });
        }
      }
    }
    return out;
  }

  /** Prometheus text exposition as Envoy's /stats/prometheus writes custom stats. */
  prometheus() {
    const lines = [];
    for (const m of this.list()) {
      const name = m.prometheusName;
      if (name === null) continue; // Envoy drops names that are empty or start with a digit
      lines.push(`# TYPE ${name} ${m.type}`);
      if (m.type === "histogram") {
        for (const b of m.buckets) lines.push(`${name}_bucket{le="${formatLe(b.le)}"} ${b.count}`);
        lines.push(`${name}_bucket{le="+Inf"} ${m.count}`);
        lines.push(`${name}_sum{} ${formatNumber(m.sum)}`);
        lines.push(`${name}_count{} ${m.count}`);
      } else {
        lines.push(`${name}{} ${m.value}`);
      }
    }
    return lines.length ? lines.join("\n") + "\n" : "";
  }
}

/** Envoy PrometheusStatsFormatter::sanitizeName on the name with "wasmcustom." stripped. */
export function prometheusName(name) {
  const s = name.replace(/[^a-zA-Z0-9_]/g, "_");
  if (s.length === 0 || /^[0-9]/.test(s)) return null;
  return s;
}

function formatLe(v) {
  return Number.isInteger(v) ? String(v) : String(v);
}

function formatNumber(v) {
  return Number.isInteger(v) ? String(v) : String(v);
}
