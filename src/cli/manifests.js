// `bulwark manifests --target envoy`: deployment documents from the same policies the
// filter runs. Only the plain-Envoy bootstrap exists so far; Istio WasmPlugin and
// Envoy Gateway EnvoyExtensionPolicy come with the deployment issue.
import { writeFileSync } from "node:fs";
import { Option } from "commander";
import { envoyBootstrapYaml, bufferLimitFor } from "../envoy/bootstrap.js";

const TARGETS = ["envoy"];

function userError(message) {
  return Object.assign(new Error(message), { userError: true });
}

export function register(program) {
  program
    .command("manifests")
    .description("write deployment configuration for the policies (plain Envoy bootstrap)")
    .argument("[inputs...]", "policy files or directories (none: the built-in defaults)")
    .addOption(new Option("-t, --target <target>", "what to generate").choices(TARGETS).makeOptionMandatory())
    .option("-o, --output <file>", "write to this file instead of stdout")
    .option("--upstream <host:port>", "upstream address inside the Envoy network", "backend:8080")
    .option("--wasm-path <path>", "path of the module inside the Envoy container", "/etc/envoy/bulwark.wasm")
    .option("--buffer-limit <bytes>", "per_connection_buffer_limit_bytes (default: from the largest parsed body limit, capped)")
    .action(async (inputs, opts) => {
      const m = /^([^:\s]+):(\d{1,5})$/.exec(opts.upstream);
      if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) throw userError(`--upstream: expected HOST:PORT, got "${opts.upstream}"`);
      const { compile, defaultConfig } = await import("../compiler/index.js");
      let config;
      if (inputs.length === 0) config = defaultConfig();
      else {
        const result = await compile(inputs, { cwd: process.cwd() });
        for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
        config = result.config;
      }
      let bufferLimitBytes;
      if (opts.bufferLimit !== undefined) {
        bufferLimitBytes = Number(opts.bufferLimit);
        if (!/^\d+$/.test(opts.bufferLimit) || bufferLimitBytes < 1 || bufferLimitBytes > 0xffffffff) {
          throw userError(`--buffer-limit: expected a byte count from 1 to 4294967295, got "${opts.bufferLimit}"`);
        }
      } else {
        const computed = bufferLimitFor(config);
        bufferLimitBytes = computed.bytes;
        if (computed.warning) process.stderr.write(`warning: ${computed.warning}\n`);
      }
      const text = envoyBootstrapYaml(config, { upstreamHost: m[1], upstreamPort: Number(m[2]), wasmPath: opts.wasmPath, bufferLimitBytes });
      if (opts.output) writeFileSync(opts.output, text);
      else process.stdout.write(text);
    });
}
