// One proxy-wasm VM: a module instance with its contexts, as Envoy runs one per worker
// thread. Calls into the guest go through call(), which tracks the current context (for
// host functions), catches traps and marks the VM failed like cpp-host's FailState.

import { Buffer } from "node:buffer";
import { LOG_LEVEL_NAMES, LogLevel, WasmResult } from "./abi.js";
import { GuestMemory } from "./memory.js";
import { HeaderMap } from "./header-map.js";
import { createEnv, envNamesFor } from "./imports.js";
import { createWasi } from "./wasi.js";
import { performHttpCall } from "./http-call.js";

/** Returned by call() when the guest trapped. */
export const TRAPPED = Symbol("trapped");

export class RootContext {
  constructor(vm, id) {
    this.vm = vm;
    this.id = id;
    this.isRoot = true;
    this.root = this;
    /** Plugin configuration bytes while proxy_on_configure runs (Envoy temp_plugin_). */
    this.configuring = null;
    this.tickPeriodMs = 0;
    this.timer = null;
    /** The response proxy_on_http_call_response may read (map types 6/7, buffer 4). */
    this.httpCallResponse = null;
    this.status = { code: 0, message: "" };
    this.liveStreams = 0;
    this.retired = false;
  }
}

export class StreamContext {
  constructor(vm, id, root, stream) {
    this.vm = vm;
    this.id = id;
    this.isRoot = false;
    this.root = root;
    this.stream = stream;
  }
}

// Callbacks the host calls, looked up once per instance.
const CALLBACKS = [
  "proxy_on_context_create", "proxy_on_vm_start", "proxy_on_configure", "proxy_on_tick",
  "proxy_on_queue_ready", "proxy_on_http_call_response", "proxy_on_request_headers",
  "proxy_on_request_body", "proxy_on_request_trailers", "proxy_on_response_headers",
  "proxy_on_response_body", "proxy_on_response_trailers", "proxy_on_done", "proxy_on_log",
  "proxy_on_delete", "proxy_on_foreign_function",
];

export class WasmVm {
  /**
   * @param {import("./host.js").ProxyWasmHost} host
   * @param {number} index
   */
  constructor(host, index) {
    this.host = host;
    this.index = index;
    this.failed = false;
    this.failure = null;
    this.contexts = new Map();
    this.nextContextId = 1;
    /** @type {RootContext|StreamContext|null} */
    this.current = null;
    this.effective = null;
    this.depth = 0;
    this.restricted = false;
    this.stopNextIteration = false;
    this.callData = Buffer.alloc(0);
    this.metricTable = host.metricsStore.createVmTable();
    /** Streams with deferred actions (continue, local reply, close) to run after the VM call. */
    this.touched = new Set();
    /** Streams of this VM that are alive, for failing them when the VM fails. */
    this.streams = new Set();
    this.nextHttpCallId = 1;
    this.pendingHttpCalls = new Map();
    /** The root context streams are created under (switches on reconfigure). */
    this.root = null;
    this.fns = {};
  }

  /** Instantiate the module. @param {WebAssembly.Module} module @param {string} abi */
  async instantiate(module, abi) {
    const env = createEnv(this);
    const allowed = envNamesFor(abi);
    const envImports = {};
    for (const name of allowed) if (env[name]) envImports[name] = env[name];
    if (this.host.exposeClearRouteCache) envImports.proxy_clear_route_cache = env.proxy_clear_route_cache;
    const wasi = createWasi(this);
    const imports = { env: envImports, wasi_snapshot_preview1: wasi, wasi_unstable: wasi };
    this.instance = await WebAssembly.instantiate(module, imports);
    const ex = this.instance.exports;
    this.exports = ex;
    for (const name of CALLBACKS) this.fns[name] = typeof ex[name] === "function" ? ex[name] : null;
    const alloc = ex.proxy_on_memory_allocate ?? ex.malloc;
    this.mem = new GuestMemory(ex.memory, (n) => alloc(n));
  }

  /** The context host functions act on (cpp-host contextOrEffectiveContext). */
  ctx() {
    if (this.restricted) throw new WebAssembly.RuntimeError("restricted_callback");
    const c = this.effective ?? this.current;
    if (c === null) throw new WebAssembly.RuntimeError("host function called outside any context");
    return c;
  }

  /**
   * Call a guest export for `ctx`. Returns the i32 result as an unsigned number,
   * undefined when the export does not exist, or TRAPPED.
   */
  call(ctx, name, a, b, c, d, e) {
    const fn = this.fns[name];
    if (!fn || this.failed) return undefined;
    const prevCurrent = this.current;
    const prevEffective = this.effective;
    this.current = ctx;
    this.effective = null;
    this.depth++;
    let r;
    try {
      r = fn(a, b, c, d, e);
      r = r === undefined ? 0 : r >>> 0;
    } catch (err) {
      this.fail(err, name, ctx);
      r = TRAPPED;
    } finally {
      this.current = prevCurrent;
      this.effective = prevEffective;
      this.depth--;
    }
    if (this.depth === 0) this.stopNextIteration = false;
    return r;
  }

  /** Mark the VM failed (cpp-host FailState::RuntimeError) and log like Envoy. */
  fail(err, where, ctx) {
    this.failed = true;
    this.failure = err;
    const msg = err instanceof Error ? err.message : String(err);
    this.log(LogLevel.critical, `Function: ${where} failed: Uncaught ${err?.name ?? "Error"}: ${msg}`, ctx, true);
    if (!(err instanceof WebAssembly.RuntimeError) && err?.name !== "GuestExit" && this.host.debugHostErrors) {
      this.log(LogLevel.critical, String(err?.stack), ctx, true);
    }
    for (const root of this.contexts.values()) if (root.isRoot && root.timer) clearInterval(root.timer);
    // Streams waiting for a callback that will never come are failed now (see docs/host.md).
    for (const s of this.streams) if (s.isWaiting()) this.touched.add(s);
  }

  log(level, message, ctx = this.effective ?? this.current, force = false) {
    if (!force && level < this.host.logLevel) return;
    const record = {
      level,
      levelName: LOG_LEVEL_NAMES[level],
      message,
      vm: this.index,
      contextId: ctx ? ctx.id : 0,
      streamId: ctx && !ctx.isRoot ? ctx.id : null,
      time: Date.now(),
    };
    this.host.recordLog(record, ctx && !ctx.isRoot ? ctx.stream : null);
  }

  /** cpp-host Context::error(): trace-level note from the host itself. */
  hostError(message) {
    this.log(LogLevel.trace, message);
  }

  // ---------------------------------------------------------------- lifecycle

  /** _initialize (+ main) or _start, in a restricted callback like cpp-host startVm. */
  startVm() {
    const ex = this.exports;
    const vmContext = new RootContext(this, 0); // Envoy's VM context, id 0
    this.current = vmContext;
    this.restricted = true;
    try {
      if (typeof ex._initialize === "function") {
        ex._initialize();
        if (typeof ex.main === "function") ex.main(0, 0);
        else if (typeof ex.__main_void === "function") ex.__main_void();
      } else if (typeof ex._start === "function") {
        ex._start();
      }
    } catch (err) {
      this.restricted = false;
      this.fail(err, ex._initialize ? "_initialize" : "_start", vmContext);
    } finally {
      this.restricted = false;
      this.current = null;
    }
    return !this.failed;
  }

  /**
   * Create a root context and run proxy_on_context_create(root, 0), proxy_on_vm_start and
   * proxy_on_configure (cpp-host WasmBase::start + configure).
   * @returns {{ok: boolean, root: RootContext}}
   */
  startRoot(pluginConfig) {
    const root = new RootContext(this, this.nextContextId++);
    this.contexts.set(root.id, root);
    if (this.failed) return { ok: false, root };
    let r = this.call(root, "proxy_on_context_create", root.id, 0);
    this.drainTouched();
    if (r === TRAPPED) return { ok: false, root };
    r = this.call(root, "proxy_on_vm_start", root.id, this.host.vmConfig.length);
    this.drainTouched();
    if (r === TRAPPED || r === 0) return { ok: false, root };
    root.configuring = pluginConfig;
    r = this.call(root, "proxy_on_configure", root.id, pluginConfig.length);
    root.configuring = null;
    this.drainTouched();
    if (r === TRAPPED || r === 0) return { ok: false, root };
    return { ok: true, root };
  }

  /** proxy_on_done + proxy_on_delete for a root context that is no longer used. */
  retireRoot(root) {
    root.retired = true;
    if (root.liveStreams > 0) return; // deleted when its last stream finishes
    if (root.timer) clearInterval(root.timer);
    root.timer = null;
    root.tickPeriodMs = 0;
    if (this.contexts.has(root.id)) {
      this.call(root, "proxy_on_done", root.id);
      this.call(root, "proxy_on_delete", root.id);
      this.contexts.delete(root.id);
      this.drainTouched();
    }
  }

  /** A new stream context id under the current root. */
  newStreamContext(stream) {
    const ctx = new StreamContext(this, this.nextContextId++, this.root, stream);
    this.contexts.set(ctx.id, ctx);
    this.root.liveStreams++;
    this.streams.add(stream);
    return ctx;
  }

  releaseStreamContext(ctx) {
    this.contexts.delete(ctx.id);
    this.streams.delete(ctx.stream);
    this.touched.delete(ctx.stream);
    ctx.root.liveStreams--;
    if (ctx.root.retired && ctx.root.liveStreams === 0) this.retireRoot(ctx.root);
  }

  /** proxy_done: only meaningful for a root context that returned false from proxy_on_done. */
  done(ctx) {
    return ctx.isRoot ? WasmResult.Ok : WasmResult.NotFound;
  }

  /** Run deferred stream actions queued during guest calls (Envoy's after-VM-call actions). */
  drainTouched() {
    // Deferred actions can call into the guest again (a resumed body callback), which can queue
    // more actions; run until nothing is left. The bound only stops a filter that keeps
    // re-queueing forever.
    for (let round = 0; this.touched.size > 0 && round < 1000; round++) {
      const list = [...this.touched];
      this.touched.clear();
      for (const s of list) s.runDeferred();
    }
  }

  // ---------------------------------------------------------------- timers

  setTickPeriod(root, periodMs) {
    root.tickPeriodMs = periodMs;
    if (root.timer) {
      clearInterval(root.timer);
      root.timer = null;
    }
    if (periodMs > 0 && this.host.timers === "real") {
      root.timer = setInterval(() => this.tickRoot(root), periodMs);
      root.timer.unref?.();
    }
  }

  tickRoot(root) {
    if (this.failed || !this.contexts.has(root.id) || root.tickPeriodMs === 0) return;
    this.call(root, "proxy_on_tick", root.id);
    this.drainTouched();
  }

  tick() {
    for (const c of [...this.contexts.values()]) if (c.isRoot && c.tickPeriodMs > 0) this.tickRoot(c);
  }

  // ---------------------------------------------------------------- queues

  onQueueReady(contextId, token) {
    const root = this.contexts.get(contextId);
    if (this.failed || !root) return;
    this.call(root, "proxy_on_queue_ready", root.id, token);
    this.drainTouched();
  }

  // ---------------------------------------------------------------- HTTP callouts

  startHttpCall(root, cluster, headers, body, trailers, timeoutMs) {
    const token = this.nextHttpCallId++;
    const url = this.host.clusters[cluster];
    const p = performHttpCall(url, headers, body, trailers, timeoutMs, this.host.httpCallMaxResponseBytes)
      .then((res) => this.completeHttpCall(root, token, res))
      .catch((err) => this.log(LogLevel.critical, `host error while completing http call ${token}: ${err?.stack ?? err}`, root, true));
    this.pendingHttpCalls.set(token, p);
    this.host.trackPending(p);
    this.host.httpCallLog.push({ vm: this.index, token, cluster, headers, body, trailers, timeoutMs });
    if (this.host.httpCallLog.length > 100) this.host.httpCallLog.shift();
    return token;
  }

  completeHttpCall(root, token, res) {
    this.pendingHttpCalls.delete(token);
    if (this.failed || !this.contexts.has(root.id) || this.host.closed) return;
    if (res.ok) {
      root.httpCallResponse = {
        headers: new HeaderMap(res.headers),
        body: res.body,
        trailers: new HeaderMap(res.trailers),
      };
      const r = root.httpCallResponse;
      this.call(root, "proxy_on_http_call_response", root.id, token, r.headers.size, r.body.length, r.trailers.size);
      root.httpCallResponse = null;
    } else {
      root.status = { code: WasmResult.BrokenConnection, message: "reset" };
      this.call(root, "proxy_on_http_call_response", root.id, token, 0, 0, 0);
      root.status = { code: 0, message: "" };
    }
    this.drainTouched();
  }

  /** Shutdown: finish live streams, then proxy_on_done/proxy_on_delete on every root context. */
  close() {
    for (const c of this.contexts.values()) {
      if (c.isRoot && c.timer) {
        clearInterval(c.timer);
        c.timer = null;
      }
    }
    for (const stream of [...this.streams]) stream.finish();
    for (const c of [...this.contexts.values()]) if (c.isRoot) this.retireRoot(c);
  }
}
