// The pieces every generated Envoy configuration shares (the bulwark HTTP filter, buffer
// limits, stats tags), and the simplest bootstrap: the filter in front of one upstream, for
// inputs without a Gateway. gateway.js builds the full bootstrap from Gateway API resources.
import { stringify } from "yaml";
import { largestBufferedBody } from "../compiler/emit-features.js";

/** Envoy image the generated configuration and docker-compose.yml are written for. */
export const ENVOY_IMAGE = "envoyproxy/envoy:v1.39.6";

/** Envoy's default per_connection_buffer_limit_bytes. */
export const ENVOY_DEFAULT_BUFFER_LIMIT = 1 << 20;
/** Largest buffer limit we generate: a higher one lets every connection hold that much memory. */
export const BUFFER_LIMIT_CAP = 32 << 20;
/** Room for the chunk that crosses a body limit: the filter must see it (and answer 400) before Envoy's 413. */
export const BUFFER_LIMIT_SLACK = 1 << 20;

/**
 * The per-connection buffer limit for `filterConfig`: the filter holds a parsed body
 * (form, JSON, multipart) until end of stream, and Envoy answers 413 once its buffer passes
 * this limit, so it must cover the largest such body limit plus one chunk. Capped at
 * BUFFER_LIMIT_CAP, with a warning naming the consequence (docs/limits.md).
 * @returns {{ bytes: number, warning: string | null }}
 */
export function bufferLimitFor(filterConfig) {
  const largest = largestBufferedBody(filterConfig);
  const mib = (n) => `${Math.round((n / 1048576) * 100) / 100} MiB`;
  if (largest.unlimited) {
    return { bytes: BUFFER_LIMIT_CAP, warning: `a secured policy parses bodies without a body size limit: per_connection_buffer_limit_bytes is capped at ${mib(BUFFER_LIMIT_CAP)}, larger parsed bodies get Envoy's 413` };
  }
  const wanted = Math.max(ENVOY_DEFAULT_BUFFER_LIMIT, largest.bytes + BUFFER_LIMIT_SLACK);
  if (wanted > BUFFER_LIMIT_CAP) {
    return { bytes: BUFFER_LIMIT_CAP, warning: `the largest parsed body limit is ${mib(largest.bytes)}: per_connection_buffer_limit_bytes is capped at ${mib(BUFFER_LIMIT_CAP)}, so parsed bodies above about ${mib(BUFFER_LIMIT_CAP - BUFFER_LIMIT_SLACK)} get Envoy's 413 instead of the filter's 400 (lower multipart.bodySize, or pass --buffer-limit)` };
  }
  return { bytes: wanted, warning: null };
}

/**
 * proxy-wasm metrics have no labels: the filter writes them into the name
 * (`bulwark_threats_blocked_total.block_type.limits.block_subtype.path_length`) and these
 * tag extractors turn them back into labels, so Prometheus sees
 * `bulwark_threats_blocked_total{block_type="limits",block_subtype="path_length"}` (docs/limits.md).
 * Envoy runs every extractor on the original name and removes each first capture group.
 */
export const THREAT_STATS_TAGS = [
  { tag_name: "block_type", regex: "^wasmcustom\\.bulwark_threats_(?:blocked|logged)_total(\\.block_type\\.([a-z0-9_]+))" },
  { tag_name: "block_subtype", regex: "^wasmcustom\\.bulwark_threats_(?:blocked|logged)_total(?:\\.block_type\\.[a-z0-9_]+)?(\\.block_subtype\\.([a-z0-9_]+))" },
];

/**
 * @param {object} filterConfig filter configuration v1 (schema/filter-config.v1.schema.json)
 * @param {object} [opts]
 * @param {string} [opts.wasmPath] where the module is inside the Envoy container
 * @param {string} [opts.upstreamHost] upstream host name (a docker-compose service name)
 * @param {number} [opts.upstreamPort]
 * @param {number} [opts.listenPort]
 * @param {number} [opts.adminPort]
 * @param {number} [opts.bufferLimitBytes] per-connection buffer limit; default bufferLimitFor(filterConfig)
 */
export function envoyBootstrap(filterConfig, opts = {}) {
  const {
    wasmPath = "/etc/envoy/bulwark.wasm",
    upstreamHost = "backend",
    upstreamPort = 8080,
    listenPort = 10000,
    adminPort = 9901,
    bufferLimitBytes = bufferLimitFor(filterConfig).bytes,
    routeName = defaultRouteName(filterConfig),
  } = opts;
  const wasmFilter = wasmHttpFilter(filterConfig, wasmPath);
  return {
    admin: { address: { socket_address: { address: "0.0.0.0", port_value: adminPort } } },
    stats_config: { stats_tags: THREAT_STATS_TAGS },
    static_resources: {
      listeners: [
        {
          name: "ingress",
          address: { socket_address: { address: "0.0.0.0", port_value: listenPort } },
          per_connection_buffer_limit_bytes: bufferLimitBytes,
          filter_chains: [
            {
              filters: [
                {
                  name: "envoy.filters.network.http_connection_manager",
                  typed_config: {
                    "@type":
                      "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
                    stat_prefix: "ingress_http",
                    codec_type: "AUTO",
                    use_remote_address: true,
                    http_protocol_options: { accept_http_10: true },
                    route_config: {
                      name: "local_route",
                      virtual_hosts: [
                        {
                          name: "backend",
                          domains: ["*"],
                          routes: [{ name: routeName, match: { prefix: "/" }, route: { cluster: "backend" } }],
                        },
                      ],
                    },
                    http_filters: [
                      wasmFilter,
                      {
                        name: "envoy.filters.http.router",
                        typed_config: { "@type": "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router" },
                      },
                    ],
                  },
                },
              ],
            },
          ],
        },
      ],
      clusters: [
        {
          name: "backend",
          type: "STRICT_DNS",
          connect_timeout: "2s",
          per_connection_buffer_limit_bytes: bufferLimitBytes,
          load_assignment: {
            cluster_name: "backend",
            endpoints: [
              { lb_endpoints: [{ endpoint: { address: { socket_address: { address: upstreamHost, port_value: upstreamPort } } } }] },
            ],
          },
        },
      ],
    },
  };
}

/**
 * The bulwark HTTP filter: the module from `wasmPath`, the filter configuration as JSON text,
 * and fail-closed (a VM that cannot start or crashes answers 503; Envoy >= 1.33).
 */
export function wasmHttpFilter(filterConfig, wasmPath) {
  return {
    name: "bulwark",
    typed_config: {
      "@type": "type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm",
      config: {
        name: "bulwark",
        root_id: "bulwark",
        failure_policy: "FAIL_CLOSED",
        configuration: {
          "@type": "type.googleapis.com/google.protobuf.StringValue",
          value: JSON.stringify(filterConfig),
        },
        vm_config: {
          vm_id: "bulwark",
          runtime: "envoy.wasm.runtime.v8",
          code: { local: { filename: wasmPath } },
        },
      },
    },
  };
}

/**
 * The filter selects its policy by Envoy's route name first. A single compiled route gets
 * its own name on the catch-all Envoy route, so the policy applies whatever the Host header.
 */
function defaultRouteName(filterConfig) {
  const routes = filterConfig.routes ?? [];
  return routes.length === 1 && routes[0].routeNames?.length ? routes[0].routeNames[0] : "default";
}

/** A bootstrap as YAML text with a header saying how it was made. */
export function envoyYaml(bootstrap, how = "--target envoy") {
  const header =
    `# Generated by \`bulwark manifests ${how}\` from the policies; regenerate instead of editing\n` +
    "# (envoy-configs/envoy.yaml: `npm run envoy-config`, and a test fails when it is out of date).\n" +
    `# Written for ${ENVOY_IMAGE}.\n`;
  return header + stringify(bootstrap, { lineWidth: 0 });
}

/** The single-upstream bootstrap as YAML text (no Gateway among the inputs). */
export function envoyBootstrapYaml(filterConfig, opts = {}) {
  return envoyYaml(envoyBootstrap(filterConfig, opts));
}
