// Counters, gauges and histograms (proxy_define_metric and friends).
// Define metrics once per VM (from the root context); the ids are then valid for
// every context of that VM. A metric whose definition failed has id 0xFFFFFFFF and
// its updates are dropped rather than trapping the request.
import { MetricType } from "./enums";
import { WasmResult } from "./status";
import { proxy_define_metric, proxy_increment_metric, proxy_record_metric, proxy_get_metric } from "./imports";
import { resetOut, outExtra } from "./memory";

const INVALID_ID: u32 = 0xFFFFFFFF;

export function defineMetric(type: MetricType, name: string): u32 {
  let buf = String.UTF8.encode(name);
  resetOut();
  let result = proxy_define_metric(type, changetype<usize>(buf), <usize>buf.byteLength, outExtra());
  return result == WasmResult.Ok ? load<u32>(outExtra()) : INVALID_ID;
}

export class Counter {
  readonly id: u32;
  constructor(public readonly name: string) { this.id = defineMetric(MetricType.Counter, name); }
  increment(by: i64 = 1): void { if (this.id != INVALID_ID) proxy_increment_metric(this.id, by); }
  get(): u64 { return getMetric(this.id); }
}

export class Gauge {
  readonly id: u32;
  constructor(public readonly name: string) { this.id = defineMetric(MetricType.Gauge, name); }
  set(value: u64): void { if (this.id != INVALID_ID) proxy_record_metric(this.id, value); }
  add(by: i64): void { if (this.id != INVALID_ID) proxy_increment_metric(this.id, by); }
  get(): u64 { return getMetric(this.id); }
}

export class Histogram {
  readonly id: u32;
  constructor(public readonly name: string) { this.id = defineMetric(MetricType.Histogram, name); }
  record(value: u64): void { if (this.id != INVALID_ID) proxy_record_metric(this.id, value); }
}

export function getMetric(id: u32): u64 {
  if (id == INVALID_ID) return 0;
  resetOut();
  if (proxy_get_metric(id, outExtra()) != WasmResult.Ok) return 0;
  return load<u64>(outExtra());
}
