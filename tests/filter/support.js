// Loads the release build of the filter into the Node proxy-wasm host, as Envoy would.
import { readFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ProxyWasmHost } from "../../host/index.js";

const wasmPath = fileURLToPath(new URL("../../build/bulwark.wasm", import.meta.url));
let bytes;

export function wasm() {
  if (!bytes) {
    if (!existsSync(wasmPath)) throw new Error("build/bulwark.wasm missing: run `npm run build` first");
    bytes = readFileSync(wasmPath);
  }
  return bytes;
}

export function config(overrides = {}) {
  return {
    version: 1,
    policies: [{ name: "default", mode: "secured" }],
    defaultPolicy: "default",
    ...overrides,
  };
}

export async function startFilter(cfg = config(), opts = {}) {
  const pluginConfig = typeof cfg === "string" ? cfg : JSON.stringify(cfg);
  return ProxyWasmHost.create({ wasm: wasm(), pluginConfig, logLevel: "info", ...opts });
}

/** The policy the filter chose for a request, read from its debug line. */
export async function chosenPolicy(host, req) {
  const r = await host.simulate({ method: "GET", authority: "example.com", path: "/", ...req });
  const line = r.logs.map((l) => l.message).find((m) => m.startsWith("bulwark: route="));
  if (!line) throw new Error(`no route line in ${JSON.stringify(r.logs)}`);
  const m = /route=(\S+) policy=(\S+)/.exec(line);
  return { route: m[1], policy: m[2], status: r.status };
}
