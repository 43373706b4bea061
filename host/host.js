// ProxyWasmHost: loads a proxy-wasm module the way Envoy does and runs HTTP streams through it.
// See docs/host.md for the API and for every Envoy behaviour this host reproduces.

import { readFile } from "node:fs/promises";
import { Buffer } from "node:buffer";
import { ABI_MARKERS, LogLevel, LOG_LEVEL_NAMES } from "./abi.js";
import { HostLoadError, ConfigureError } from "./errors.js";
import { envNamesFor } from "./imports.js";
import { WASI_FUNCTIONS } from "./wasi.js";
import { WasmVm } from "./vm.js";
import { HttpStream } from "./stream.js";
import { MetricsStore } from "./metrics.js";
import { SharedData } from "./shared-data.js";
import { SharedQueues } from "./queues.js";
import { simulate } from "./simulate.js";

const MAX_LOGS = 2000;
const MAX_STREAM_LOGS = 500;
const WASI_MODULES = ["wasi_snapshot_preview1", "wasi_unstable"];

function toBytes(v) {
  if (v === undefined || v === null) return Buffer.alloc(0);
  if (Buffer.isBuffer(v)) return v;
  if (v instanceof Uint8Array) return Buffer.from(v);
  if (typeof v === "string") return Buffer.from(v, "utf8");
  return Buffer.from(JSON.stringify(v), "utf8");
}

/**
 * Check a module against what Envoy links for its ABI. Returns the ABI marker.
 * @param {WebAssembly.Module} module
 * @param {{exposeClearRouteCache?: boolean}} opts
 */
export function checkModule(module, opts = {}) {
  const exports = new Map(WebAssembly.Module.exports(module).map((e) => [e.name, e.kind]));
  const abi = ABI_MARKERS.find((m) => exports.get(m) === "function");
  const missingExports = [];
  if (!abi) missingExports.push(`${ABI_MARKERS.join(" | ")} (proxy_abi_version_0_1_0 is not accepted)`);
  if (exports.get("memory") !== "memory") missingExports.push("memory");
  if (exports.get("proxy_on_memory_allocate") !== "function" && exports.get("malloc") !== "function") {
    missingExports.push("proxy_on_memory_allocate | malloc");
  }
  const env = envNamesFor(abi ?? "proxy_abi_version_0_2_1");
  if (opts.exposeClearRouteCache) env.add("proxy_clear_route_cache");
  const wasi = new Set(WASI_FUNCTIONS);
  const missingImports = [];
  for (const imp of WebAssembly.Module.imports(module)) {
    const name = `${imp.module}.${imp.name}`;
    const known = imp.kind === "function" && ((imp.module === "env" && env.has(imp.name)) || (WASI_MODULES.includes(imp.module) && wasi.has(imp.name)));
    if (!known) missingImports.push(imp.kind === "function" ? name : `${name} (${imp.kind})`);
  }
  if (missingImports.length || missingExports.length) {
    const parts = [];
    if (missingImports.length) parts.push(`imports the host does not provide: ${missingImports.join(", ")}`);
    if (missingExports.length) parts.push(`missing exports: ${missingExports.join(", ")}`);
    throw new HostLoadError(`module cannot be loaded as Envoy would load it: ${parts.join("; ")}`, { missingImports, missingExports });
  }
  return abi;
}

export class ProxyWasmHost {
  constructor(opts) {
    this.rootId = opts.rootId ?? "bulwark";
    this.pluginName = opts.pluginName ?? "bulwark";
    this.vmId = opts.vmId ?? "bulwark";
    this.vmConfig = toBytes(opts.vmConfig);
    this.pluginConfig = toBytes(opts.pluginConfig);
    this.propertyOverrides = { ...(opts.properties ?? {}) };
    this.clusters = { ...(opts.clusters ?? {}) };
    for (const [name, url] of Object.entries(this.clusters)) {
      let ok = false;
      try {
        ok = ["http:", "https:"].includes(new URL(url).protocol);
      } catch {
        ok = false;
      }
      if (!ok) throw new TypeError(`clusters.${name}: expected an http:// or https:// URL, got ${JSON.stringify(url)}`);
    }
    const level = opts.logLevel ?? "info";
    this.logLevel = typeof level === "number" ? level : LogLevel[level];
    if (this.logLevel === undefined) throw new TypeError(`logLevel: expected one of ${LOG_LEVEL_NAMES.join("|")}, got ${JSON.stringify(level)}`);
    this.onLog = opts.onLog;
    this.failurePolicy = opts.failurePolicy ?? "FAIL_CLOSED";
    if (!["FAIL_CLOSED", "FAIL_OPEN"].includes(this.failurePolicy)) throw new TypeError(`failurePolicy: expected FAIL_CLOSED or FAIL_OPEN, got ${JSON.stringify(this.failurePolicy)}`);
    this.timers = opts.timers ?? "manual";
    if (!["manual", "real"].includes(this.timers)) throw new TypeError(`timers: expected "manual" or "real", got ${JSON.stringify(this.timers)}`);
    const vms = opts.vms ?? 1;
    if (!Number.isInteger(vms) || vms < 1) throw new TypeError(`vms: expected an integer >= 1, got ${JSON.stringify(vms)}`);
    this.vmCount = vms;
    this.bufferLimitBytes = opts.bufferLimitBytes ?? 1024 * 1024; // Envoy per_connection_buffer_limit_bytes default
    this.httpCallMaxResponseBytes = opts.httpCallMaxResponseBytes ?? 32 * 1024 * 1024; // Envoy kBufferLimitForResponse
    this.environment = { ...(opts.environment ?? {}) };
    this.headerEncoding = opts.headerEncoding ?? "utf8";
    if (!["utf8", "latin1"].includes(this.headerEncoding)) throw new TypeError(`headerEncoding: expected "utf8" or "latin1", got ${JSON.stringify(this.headerEncoding)}`);
    this.exposeClearRouteCache = Boolean(opts.exposeClearRouteCache);
    this.debugHostErrors = opts.debugHostErrors ?? true;
    this.routeName = opts.routeName ?? "local_route";
    this.clusterName = opts.clusterName ?? "app";
    this.node = { id: "bulwark-host", cluster: "bulwark", ...(opts.node ?? {}) };
    this.clock = opts.clock ?? null; // optional () => bigint nanoseconds, for deterministic tests
    this.metricsStore = new MetricsStore();
    this.sharedData = new SharedData();
    this.sharedData.defaultVmId = this.vmId;
    this.queues = new SharedQueues();
    this.queues.defaultVmId = this.vmId;
    /** @type {object[]} */
    this.logs = [];
    this.httpCallLog = [];
    this.nextConnectionId = 1;
    this.pending = new Set();
    this.closed = false;
    this.nextVm = 0;
    this.logCapture = null;
    /** @type {WasmVm[]} */
    this.vms = [];
  }

  /**
   * @param {object} opts see docs/host.md
   * @returns {Promise<ProxyWasmHost>}
   */
  static async create(opts) {
    const host = new ProxyWasmHost(opts);
    let module = opts.wasm;
    if (typeof module === "string") module = await readFile(module);
    if (!(module instanceof WebAssembly.Module)) {
      try {
        module = await WebAssembly.compile(module);
      } catch (err) {
        throw new HostLoadError(`not a valid WebAssembly module${typeof opts.wasm === "string" ? ` (${opts.wasm})` : ""}: ${err.message}`);
      }
    }
    const abi = checkModule(module, { exposeClearRouteCache: host.exposeClearRouteCache });
    host.abi = abi;
    for (let i = 0; i < host.vmCount; i++) {
      const vm = new WasmVm(host, i);
      await vm.instantiate(module, abi);
      host.vms.push(vm);
    }
    const failures = [];
    for (const vm of host.vms) {
      if (!vm.startVm()) {
        failures.push(`vm ${vm.index}: _initialize/_start trapped`);
        continue;
      }
      const { ok, root } = vm.startRoot(host.pluginConfig);
      vm.root = root;
      if (!ok) failures.push(`vm ${vm.index}: ${vm.failed ? "trapped" : "proxy_on_vm_start or proxy_on_configure returned false"}`);
    }
    if (failures.length) {
      host.close();
      throw new ConfigureError(`plugin failed to start: ${failures.join("; ")}`, host.logs.slice());
    }
    return host;
  }

  nowNanoseconds() {
    return this.clock ? BigInt(this.clock()) : BigInt(Date.now()) * 1000000n + (process.hrtime.bigint() % 1000000n);
  }

  recordLog(record, stream) {
    this.logs.push(record);
    if (this.logCapture) this.logCapture.push(record);
    // Trim in batches: the array stays bounded (at most 2 x MAX_LOGS) at O(1) amortised cost.
    if (this.logs.length >= 2 * MAX_LOGS) this.logs.splice(0, this.logs.length - MAX_LOGS);
    if (stream) {
      stream.logs.push(record);
      if (stream.logs.length > MAX_STREAM_LOGS) stream.logs.shift();
    }
    if (this.onLog) {
      // A throwing listener must not turn into a guest trap.
      try {
        this.onLog(record);
      } catch (err) {
        process.emitWarning(`onLog listener threw: ${err?.message ?? err}`);
      }
    }
  }

  trackPending(p) {
    this.pending.add(p);
    const done = () => this.pending.delete(p);
    p.then(done, done);
  }

  /** Wait for outstanding HTTP callouts (and the callbacks they trigger). */
  async settle() {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  /**
   * New plugin configuration: every VM gets a new root context (as Envoy creates one per
   * plugin config); if any VM rejects it, the new roots are deleted and the old ones stay.
   * @returns {{ok: boolean, logs: object[]}}
   */
  reconfigure(pluginConfig) {
    const bytes = toBytes(pluginConfig);
    const logs = [];
    this.logCapture = logs;
    const started = [];
    let ok = true;
    let error = null;
    for (const vm of this.vms) {
      if (vm.failed) {
        // Envoy would need FAIL_RELOAD (a new VM); this host does not restart failed VMs.
        ok = false;
        error = `vm ${vm.index} has failed (${vm.failure?.message ?? "trap"}); failed VMs are not restarted`;
        break;
      }
      const res = vm.startRoot(bytes);
      started.push([vm, res.root]);
      if (!res.ok) {
        ok = false;
        break;
      }
    }
    this.logCapture = null;
    if (!ok) {
      for (const [vm, root] of started) if (!vm.failed) vm.retireRoot(root);
      return { ok: false, logs, error: error ?? "proxy_on_vm_start or proxy_on_configure returned false (or trapped)" };
    }
    for (const [vm, root] of started) {
      const old = vm.root;
      vm.root = root;
      if (old) vm.retireRoot(old);
    }
    this.pluginConfig = bytes;
    return { ok: true, logs };
  }

  /** @returns {HttpStream} */
  createStream({ vm, connection, properties, protocol } = {}) {
    if (this.closed) throw new Error("host is closed");
    let index = vm;
    if (index === undefined) {
      index = this.nextVm;
      this.nextVm = (this.nextVm + 1) % this.vms.length;
    }
    const v = this.vms[index];
    if (!v) throw new RangeError(`vm: expected 0..${this.vms.length - 1}, got ${index}`);
    return new HttpStream(this, v, { connection, properties, protocol });
  }

  tick() {
    for (const vm of this.vms) vm.tick();
  }

  prometheus() {
    return this.metricsStore.prometheus();
  }

  get metrics() {
    return this.metricsStore.list();
  }

  /** Per-VM state, for tests and diagnostics. */
  vmStatus() {
    return this.vms.map((vm) => ({
      index: vm.index,
      failed: vm.failed,
      failure: vm.failure ? String(vm.failure.message ?? vm.failure) : null,
      contexts: vm.contexts.size,
      rootContextId: vm.root?.id ?? null,
      memoryBytes: vm.exports.memory.buffer.byteLength,
    }));
  }

  /** Stops real timers, finishes live streams and deletes the root contexts. Idempotent. */
  close() {
    if (this.closed) return;
    this.closed = true;
    for (const vm of this.vms) vm.close();
  }

  /** One full exchange with a fake upstream (see host/simulate.js and docs/host.md). */
  simulate(opts = {}) {
    return simulate(this, opts);
  }

}
