// `bulwark manifests --target istio|envoy-gateway|envoy`: deployment documents from the same
// policies the filter runs (docs/deployment.md). Every document is validated for its consumer
// before anything is written (src/deploy/validate.js).
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { Option } from "commander";
import { stringify } from "yaml";

const TARGETS = ["istio", "envoy-gateway", "envoy"];
const DEFAULT_WASM = "build/bulwark.wasm";

function userError(message) {
  return Object.assign(new Error(message), { userError: true });
}

const collect = (value, previous) => [...previous, value];

/** `ns/name[:port]=host:port` -> backend address override. */
function parseBackends(list) {
  const out = {};
  for (const item of list) {
    const m = /^([a-z0-9-]+\/[a-z0-9.-]+(?::\d{1,5})?)=([^:\s]+):(\d{1,5})$/.exec(item);
    if (!m || Number(m[3]) < 1 || Number(m[3]) > 65535) throw userError(`--backend: expected NAMESPACE/SERVICE[:PORT]=HOST:PORT, got "${item}"`);
    out[m[1]] = { host: m[2], port: Number(m[3]) };
  }
  return out;
}

export function register(program) {
  program
    .command("manifests")
    .description("write deployment configuration for the policies: Istio WasmPlugin, Envoy Gateway EnvoyExtensionPolicy, or a plain Envoy bootstrap")
    .argument("[inputs...]", "policy files or directories, with the Gateway API resources (none: the built-in defaults, envoy target only)")
    .addOption(new Option("-t, --target <target>", "what to generate").choices(TARGETS).makeOptionMandatory())
    .option("-o, --output <file>", "write to this file instead of stdout")
    .option("--out <dir>", "write into this directory (istio.yaml, envoy-gateway.yaml or envoy.yaml)")
    .option("--gateway <namespace/name>", "the Gateway to build for (when the inputs hold several)")
    .option("--image <repository>", "istio/envoy-gateway: OCI repository of the module image (see `bulwark package`)")
    .option("--digest <sha256:hex>", "istio/envoy-gateway: manifest digest printed by `bulwark package` (default: computed from --wasm)")
    .option("--wasm <file>", "the module, to compute the digest or sha256", DEFAULT_WASM)
    .option("--wasm-url <url>", "envoy-gateway: fetch the module over https (code type HTTP) instead of an image")
    .option("--pull-secret <name>", "istio/envoy-gateway: image pull Secret in the policy's namespace")
    .option("--upstream <host:port>", "envoy without a Gateway among the inputs: the one upstream", "backend:8080")
    .option("--backend <ns/svc[:port]=host:port>", "envoy: address of a Service (repeatable; default <svc>.<ns>.svc.<cluster-domain>)", collect, [])
    .option("--cluster-domain <domain>", "envoy: Kubernetes cluster domain for Service addresses", "cluster.local")
    .option("--cert-dir <dir>", "envoy: certificates of Secrets not among the inputs: DIR/<ns>/<name>/{tls.crt,tls.key,ca.crt}", "/etc/envoy/certs")
    .option("--system-ca <file>", "envoy: trust store for wellKnownCACertificates: System and remote JWKS", "/etc/ssl/certs/ca-certificates.crt")
    .option("--admin-address <address>", "envoy: admin interface address (port 9901)", "127.0.0.1")
    .option("--wasm-path <path>", "envoy: path of the module inside the Envoy container", "/etc/envoy/bulwark.wasm")
    .option("--compose <file>", "envoy: also write a docker-compose.yml running the bootstrap with the demo backend")
    .option("--buffer-limit <bytes>", "envoy: per_connection_buffer_limit_bytes (default: from the largest parsed body limit, capped)")
    .action(async (inputs, opts) => {
      if (opts.output && opts.out) throw userError("--output and --out cannot be combined");
      if (opts.compose && opts.target !== "envoy") throw userError("--compose is for --target envoy");
      const { compile, defaultConfig } = await import("../compiler/index.js");
      let compiled;
      if (inputs.length === 0) {
        if (opts.target !== "envoy") throw userError(`--target ${opts.target} needs policy inputs with a Gateway or SidecarGateway`);
        compiled = { config: defaultConfig(), documents: [], model: { routes: [] }, warnings: [] };
      } else {
        compiled = await compile(inputs, { cwd: process.cwd() });
      }
      for (const w of compiled.warnings) process.stderr.write(`warning: ${w}\n`);
      const { documents, warnings } = await build(opts, compiled);
      for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
      const { assertValid } = await import("../deploy/validate.js");
      assertValid(documents.map((d) => d.object));
      const text = documents.map((d) => d.text).join("---\n");
      if (opts.out) {
        mkdirSync(opts.out, { recursive: true });
        const file = path.join(opts.out, `${opts.target}.yaml`);
        writeFileSync(file, text);
        process.stderr.write(`wrote ${file} (${documents.length} document${documents.length === 1 ? "" : "s"})\n`);
      } else if (opts.output) writeFileSync(opts.output, text);
      else process.stdout.write(text);
      if (opts.compose) {
        const { composeFor } = await import("../envoy/compose.js");
        const configPath = `./${path.relative(path.dirname(path.resolve(opts.compose)), path.resolve(opts.out ? path.join(opts.out, "envoy.yaml") : opts.output ?? "envoy.yaml"))}`;
        writeFileSync(opts.compose, composeFor(documents[0].object, { configPath }));
      }
    });
}

/** @returns {Promise<{ documents: { object: any, text: string }[], warnings: string[] }>} */
async function build(opts, compiled) {
  if (opts.target === "envoy") return buildEnvoy(opts, compiled);
  const image = await imageSource(opts);
  const header = `# Generated by \`bulwark manifests --target ${opts.target}\` from the policies; regenerate instead of editing.\n`;
  const { documents, warnings } = opts.target === "istio"
    ? (await import("../deploy/istio.js")).istioManifests(compiled, { ...image, gateway: opts.gateway, pullSecret: opts.pullSecret })
    : (await import("../deploy/envoy-gateway.js")).envoyGatewayManifests(compiled, { ...image, gateway: opts.gateway, pullSecret: opts.pullSecret, wasmUrl: opts.wasmUrl });
  return { documents: documents.map((object, i) => ({ object, text: (i === 0 ? header : "") + stringify(object, { lineWidth: 0 }) })), warnings };
}

async function imageSource(opts) {
  const readWasm = () => {
    try {
      return readFileSync(opts.wasm);
    } catch (err) {
      throw userError(`cannot read the module ${opts.wasm} (${err.code ?? err.message}): run \`npm run build\`, or pass --digest`);
    }
  };
  if (opts.wasmUrl) return { wasm: readWasm() };
  if (!opts.image) throw userError(`--target ${opts.target} needs --image REPOSITORY (push the layout of \`bulwark package\` there)`);
  if (opts.digest) return { image: opts.image, digest: opts.digest };
  const { buildImage } = await import("../oci/layout.js");
  return { image: opts.image, digest: buildImage(readWasm()).digest };
}

async function buildEnvoy(opts, compiled) {
  const { envoyBootstrap, envoyYaml, bufferLimitFor } = await import("../envoy/bootstrap.js");
  let bufferLimitBytes;
  if (opts.bufferLimit !== undefined) {
    bufferLimitBytes = Number(opts.bufferLimit);
    if (!/^\d+$/.test(opts.bufferLimit) || bufferLimitBytes < 1 || bufferLimitBytes > 0xffffffff) {
      throw userError(`--buffer-limit: expected a byte count from 1 to 4294967295, got "${opts.bufferLimit}"`);
    }
  } else {
    const computed = bufferLimitFor(compiled.config);
    bufferLimitBytes = computed.bytes;
    if (computed.warning) process.stderr.write(`warning: ${computed.warning}\n`);
  }
  const hasGateway = compiled.documents.some((d) => d.kind === "Gateway");
  if (!hasGateway) {
    if (opts.gateway) throw userError(`Gateway ${opts.gateway} is not among the inputs`);
    const m = /^([^:\s]+):(\d{1,5})$/.exec(opts.upstream);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) throw userError(`--upstream: expected HOST:PORT, got "${opts.upstream}"`);
    const object = envoyBootstrap(compiled.config, { upstreamHost: m[1], upstreamPort: Number(m[2]), wasmPath: opts.wasmPath, bufferLimitBytes });
    return { documents: [{ object, text: envoyYaml(object, "--target envoy") }], warnings: [] };
  }
  const { envoyFromGateway } = await import("../envoy/gateway.js");
  const { bootstrap, warnings, gateway } = envoyFromGateway(compiled.config, compiled.documents, {
    gateway: opts.gateway,
    wasmPath: opts.wasmPath,
    bufferLimitBytes,
    adminAddress: opts.adminAddress,
    certDir: opts.certDir,
    systemCaFile: opts.systemCa,
    clusterDomain: opts.clusterDomain,
    backends: parseBackends(opts.backend),
  });
  return { documents: [{ object: bootstrap, text: envoyYaml(bootstrap, `--target envoy --gateway ${gateway}`) }], warnings };
}
