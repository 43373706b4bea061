// `bulwark serve`: the filter on a real port in front of an upstream, for trying Bulwark without
// Envoy. The work happens in src/serve/; this file maps flags and signals onto it.
import { startServer } from "../serve/index.js";
import { DEFAULT_STREAM_IDLE_TIMEOUT_MS, DEFAULT_UPSTREAM_TIMEOUT_MS, LOG_LEVELS } from "../serve/options.js";

const collect = (value, previous = []) => previous.concat([value]);

export function register(program) {
  program
    .command("serve")
    .description("run the filter in the built-in proxy-wasm host as an HTTP proxy in front of an upstream")
    .option("--policies <path>", "policy YAML file or directory to compile (repeatable)", collect)
    .option("--config <file>", "compiled filter configuration JSON, used as is (instead of --policies)")
    .option("--upstream <url>", "the application to protect, e.g. http://127.0.0.1:3000")
    .option("--listen <host:port>", "where clients connect", "127.0.0.1:8080")
    .option("--admin <host:port>", "admin endpoints (/metrics /ready /healthz /config)", "127.0.0.1:9901")
    .option("--workers <n>", "filter VMs, one per worker like Envoy --concurrency", "1")
    .option("--wasm <path>", "filter module (default build/bulwark.wasm of this package)")
    .option("--log-level <level>", `filter log level: ${LOG_LEVELS.join("|")}`, "info")
    .option("--access-log <file|->", "JSON access log: a file to append to, or - for stdout", "-")
    .option("--upstream-timeout <ms>", "time allowed for the upstream's response headers", String(DEFAULT_UPSTREAM_TIMEOUT_MS))
    .option("--stream-idle-timeout <ms>", "a request whose client connection stays idle this long ends (408)", String(DEFAULT_STREAM_IDLE_TIMEOUT_MS))
    .option("--cluster <name=url>", "a target for the filter's HTTP callouts (proxy_http_call), like an Envoy cluster (repeatable)", collect)
    .option("--route-name <name>", "what the filter sees as xds.route_name (route selection by Envoy route name)")
    .option("--preserve-external-request-id", "keep a client's x-request-id instead of replacing it (Envoy's preserve_external_request_id)")
    .action(async (flags) => {
      const server = await startServer({
        policies: flags.policies,
        configFile: flags.config,
        upstream: flags.upstream,
        listen: flags.listen,
        admin: flags.admin,
        workers: flags.workers,
        wasm: flags.wasm,
        logLevel: flags.logLevel,
        accessLog: flags.accessLog,
        upstreamTimeoutMs: flags.upstreamTimeout,
        streamIdleTimeoutMs: flags.streamIdleTimeout,
        preserveExternalRequestId: flags.preserveExternalRequestId,
        clusters: flags.cluster,
        routeName: flags.routeName,
      });
      printBanner(server, flags.upstream);
      handleSignals(server);
    });
}

/** Start-up summary on stderr (stdout carries the access log). */
export function printBanner(server, upstream, write = (s) => process.stderr.write(s)) {
  write(
    `bulwark serve: listening on ${server.url} -> upstream ${upstream}\n` +
      `  config:  ${server.source}\n` +
      `  workers: ${server.workers} filter VM${server.workers === 1 ? "" : "s"}\n` +
      (server.adminUrl ? `  admin:   ${server.adminUrl}/metrics  /ready  /healthz  /config\n` : ""),
  );
}

/** SIGINT/SIGTERM drain and exit (a second one exits at once); SIGHUP reloads the configuration, keeping the last good one on failure. */
export function handleSignals(server, { onExit = () => process.exit(0) } = {}) {
  const log = (s) => process.stderr.write(`bulwark serve: ${s}\n`);
  let stopping = false;
  const stop = (signal) => {
    if (stopping) {
      // A second Ctrl-C means "now": skip the drain.
      log(`${signal} again: exiting without waiting for requests in flight`);
      process.exit(130);
    }
    stopping = true;
    log(`${signal}: draining and shutting down (again to exit at once)`);
    server.close().then(onExit, (err) => {
      log(`error while closing: ${err.message}`);
      process.exit(1);
    });
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGHUP", async () => {
    log("SIGHUP: reloading configuration");
    const r = await server.reload();
    for (const w of r.warnings ?? []) log(`warning: ${w}`);
    log(r.ok ? "configuration reloaded" : `reload failed, keeping the previous configuration: ${r.error}`);
  });
}
