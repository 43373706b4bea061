// Counters of the proxy itself (the filter's own metrics come from the host). Label values are
// drawn from small fixed sets (status codes, reason words), so the series count stays bounded.

export class ProxyStats {
  constructor() {
    this.requests = 0;
    this.active = 0;
    this.downstreamAborts = 0;
    this.headersTooLarge = 0;
    this.badRequests = 0;
    this.idleTimeouts = 0;
    /** @type {Map<string, number>} status class ("2xx") -> responses */
    this.responses = new Map();
    /** @type {Map<number, number>} status -> filter local replies */
    this.localReplies = new Map();
    /** @type {Map<string, number>} reason -> upstream failures */
    this.upstreamErrors = new Map();
    this.reloads = { ok: 0, failed: 0 };
  }

  response(status) {
    const key = status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : "other";
    bump(this.responses, key);
  }

  localReply(status) {
    bump(this.localReplies, status >= 100 && status < 600 ? status : 0);
  }

  upstreamError(reason) {
    bump(this.upstreamErrors, reason);
  }

  /** Prometheus text exposition (version 0.0.4). */
  prometheus() {
    const lines = [];
    const family = (name, type, help, samples) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`);
    };
    family("bulwark_serve_requests_total", "counter", "Requests received from clients.", [["", this.requests]]);
    family("bulwark_serve_active_requests", "gauge", "Requests in flight.", [["", this.active]]);
    family("bulwark_serve_responses_total", "counter", "Responses sent to clients, by status class.",
      [...this.responses].sort().map(([k, v]) => [`{class="${k}"}`, v]));
    family("bulwark_serve_local_replies_total", "counter", "Replies the filter generated itself (proxy_send_local_response), by status.",
      [...this.localReplies].sort((a, b) => a[0] - b[0]).map(([k, v]) => [`{status="${k}"}`, v]));
    family("bulwark_serve_upstream_errors_total", "counter", "Upstream failures: connect (502), timeout (504), reset (response cut short).",
      [...this.upstreamErrors].sort().map(([k, v]) => [`{reason="${k}"}`, v]));
    family("bulwark_serve_downstream_aborts_total", "counter", "Requests whose client disconnected before the response was complete.", [["", this.downstreamAborts]]);
    family("bulwark_serve_request_headers_too_large_total", "counter", "Requests rejected with 431 (request headers over 60 KiB).", [["", this.headersTooLarge]]);
    family("bulwark_serve_stream_idle_timeouts_total", "counter", "Requests ended because the client connection was idle for the stream idle timeout.", [["", this.idleTimeouts]]);
    family("bulwark_serve_bad_requests_total", "counter", "Requests the HTTP/1 parser rejected with 400.", [["", this.badRequests]]);
    family("bulwark_serve_config_reloads_total", "counter", "Configuration reloads, by result.",
      [[`{result="ok"}`, this.reloads.ok], [`{result="failed"}`, this.reloads.failed]]);
    return `${lines.join("\n")}\n`;
  }
}

function bump(map, key) {
  map.set(key, (map.get(key) ?? 0) + 1);
}
