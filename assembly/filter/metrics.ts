// Filter metrics, defined once per VM. Envoy exposes them with its custom-metric
// prefix (e.g. `wasmcustom.bulwark_requests_total` in /stats).
//
//   bulwark_requests_total               counter  requests seen (onRequestHeaders)
//   bulwark_requests_unsecured_total     counter  requests of `unsecured` policies (not inspected)
//   bulwark_requests_blocked_total       counter  requests answered with a local reply by a stage
//   bulwark_requests_failed_closed_total counter  requests refused because the filter could not inspect them
//   bulwark_config_accepted_total        counter  configurations applied
//   bulwark_config_rejected_total        counter  configurations rejected (previous one kept)
//   bulwark_config_policies              gauge    policies in the active configuration
//   bulwark_config_routes                gauge    routes in the active configuration
import { Counter, Gauge } from "../sdk/metrics";

export class FilterMetrics {
  readonly requests: Counter = new Counter("bulwark_requests_total");
  readonly unsecured: Counter = new Counter("bulwark_requests_unsecured_total");
  readonly blocked: Counter = new Counter("bulwark_requests_blocked_total");
  readonly failedClosed: Counter = new Counter("bulwark_requests_failed_closed_total");
  readonly configAccepted: Counter = new Counter("bulwark_config_accepted_total");
  readonly configRejected: Counter = new Counter("bulwark_config_rejected_total");
  readonly policies: Gauge = new Gauge("bulwark_config_policies");
  readonly routes: Gauge = new Gauge("bulwark_config_routes");
}

let instance: FilterMetrics | null = null;

// Defines the metrics on first use (from a root callback) and returns them.
export function metrics(): FilterMetrics {
  let m = instance;
  if (m === null) { m = new FilterMetrics(); instance = m; }
  return m;
}
