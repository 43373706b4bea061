// Timer and clock. The tick is per root context: proxy_on_tick(rootId) calls
// RootContext.onTick every `periodMs` (0 stops it).
import { WasmResult } from "./status";
import { proxy_set_tick_period_milliseconds, proxy_get_current_time_nanoseconds } from "./imports";
import { resetOut, outExtra } from "./memory";

export function setTickPeriod(periodMs: u32): WasmResult {
  return proxy_set_tick_period_milliseconds(periodMs);
}

// Wall-clock time in nanoseconds since the epoch (Envoy may freeze it per callback), 0 on failure.
export function nowNanos(): u64 {
  resetOut();
  if (proxy_get_current_time_nanoseconds(outExtra()) != WasmResult.Ok) return 0;
  return load<u64>(outExtra());
}
