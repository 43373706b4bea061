// docker-compose.yml for a generated bootstrap: Envoy with the module and the configuration
// mounted, every listener port and the admin port published, and the demo backend answering
// for the backend addresses the bootstrap's clusters use (`npm run envoy-config`).
import { stringify } from "yaml";
import { ENVOY_IMAGE } from "./bootstrap.js";

/**
 * @param {object} bootstrap
 * @param {{ configPath?: string, wasmPath?: string, backendService?: string }} [opts]
 */
export function composeFor(bootstrap, opts = {}) {
  const { configPath = "./envoy-configs/envoy.yaml", wasmPath = "./build/bulwark.wasm", backendService = "backend" } = opts;
  const ports = (bootstrap.static_resources.listeners ?? []).map((l) => l.address.socket_address.port_value);
  const admin = bootstrap.admin?.address?.socket_address?.port_value;
  const wasmFile = findWasmFile(bootstrap) ?? "/etc/envoy/bulwark.wasm";
  const compose = {
    services: {
      envoy: {
        image: ENVOY_IMAGE,
        command: ["envoy", "-c", "/etc/envoy/envoy.yaml", "--component-log-level", "wasm:info"],
        volumes: [`${configPath}:/etc/envoy/envoy.yaml:ro`, `${wasmPath}:${wasmFile}:ro`],
        ports: [...ports, ...(admin ? [admin] : [])].map((p) => `${p}:${p}`),
        depends_on: [backendService],
      },
      [backendService]: {
        image: "node:20-alpine",
        working_dir: "/app",
        command: ["node", "src/demo/backend.js", "--host", "0.0.0.0", "--port", "8080"],
        volumes: ["./package.json:/app/package.json:ro", "./src/demo:/app/src/demo:ro"],
        expose: ["8080"],
      },
    },
  };
  return "# Bulwark under a real Envoy. Needs `npm run build` first (the module is mounted from build/).\n" +
    `#   docker compose up        -> listeners on ${ports.map((p) => `:${p}`).join(", ")} (filter in front of the demo backend), admin on :${admin}\n` +
    "# Generated with envoy-configs/envoy.yaml by `npm run envoy-config` (package.json mounts so the\n" +
    "# demo backend runs as an ES module); a test fails when it is out of date.\n" +
    // Quoted "HOST:CONTAINER" ports: a YAML 1.1 reader would take 10000:10000 for a base-60 number.
    stringify(compose, { lineWidth: 0 }).replace(/^(\s+- )(\d+:\d+)$/gm, '$1"$2"');
}

function findWasmFile(bootstrap) {
  for (const l of bootstrap.static_resources.listeners ?? []) {
    for (const c of l.filter_chains ?? []) {
      for (const f of c.filters ?? []) {
        const w = (f.typed_config?.http_filters ?? []).find((h) => h.name === "bulwark");
        if (w) return w.typed_config.config.vm_config.code.local?.filename;
      }
    }
  }
  return null;
}
