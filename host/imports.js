// The "env" functions of proxy-wasm ABI 0.2.x, as proxy-wasm-cpp-host src/exports.cc and
// Envoy's Context implement them. Each function resolves the context the way cpp-host does
// (the effective context if proxy_set_effective_context chose one, else the context the
// current callback runs for) and returns a proxy_result_t.

import { Buffer } from "node:buffer";
import { WasmResult, MapType, BufferType, StreamType, LogLevel } from "./abi.js";
import { marshalPairsInto, pairsSize, unmarshalPairs } from "./header-map.js";
import { getProperty } from "./properties.js";
import { callForeignFunction } from "./foreign.js";

const R = WasmResult;
const EMPTY = Buffer.alloc(0);
const NO_BODY = Object.freeze({ data: null, mutable: false }); // a root context has no body

/** proxy_* names every 0.2.x module may import (cpp-host FOR_ALL_HOST_FUNCTIONS). */
export const HOST_FUNCTIONS = Object.freeze([
  "log", "get_status", "set_property", "get_property", "send_local_response", "get_shared_data",
  "set_shared_data", "register_shared_queue", "resolve_shared_queue", "dequeue_shared_queue",
  "enqueue_shared_queue", "get_header_map_value", "add_header_map_value", "replace_header_map_value",
  "remove_header_map_value", "get_header_map_pairs", "set_header_map_pairs", "get_header_map_size",
  "get_buffer_status", "get_buffer_bytes", "set_buffer_bytes", "http_call", "grpc_call", "grpc_stream",
  "grpc_close", "grpc_cancel", "grpc_send", "set_tick_period_milliseconds", "get_current_time_nanoseconds",
  "define_metric", "increment_metric", "record_metric", "get_metric", "set_effective_context", "done",
  "call_foreign_function",
]);

/** ABI-specific extras (cpp-host WasmBase::registerCallbacks). */
export const ABI_SPECIFIC = Object.freeze({
  proxy_abi_version_0_2_0: ["continue_stream", "close_stream"],
  proxy_abi_version_0_2_1: ["continue_stream", "close_stream", "get_log_level"],
});

/**
 * @param {import("./vm.js").WasmVm} vm
 * @param {string} abi the ABI marker the module exports
 */
export function createEnv(vm) {
  const host = vm.host;
  const enc = host.headerEncoding; // how header bytes map to the host's strings
  const m = () => vm.mem;

  /** Map for reading (Envoy getConstMap), or null when unavailable in this phase. */
  function constMap(ctx, type) {
    if (type === MapType.HttpCallResponseHeaders || type === MapType.HttpCallResponseTrailers) {
      const resp = ctx.root.httpCallResponse;
      if (!resp) return null;
      return type === MapType.HttpCallResponseHeaders ? resp.headers : resp.trailers;
    }
    if (ctx.isRoot) return null;
    return ctx.stream.constMap(type);
  }

  /** Map for writing (Envoy getMap), or null (→ BadArgument). */
  function mutMap(ctx, type) {
    if (ctx.isRoot) return null;
    return ctx.stream.mutableMap(type);
  }

  /** proxy_add/replace_header_map_value: append one entry, or replace every entry of the key by one. */
  function writeHeader(type, keyPtr, keySize, valPtr, valSize, replace) {
    if (type < 0 || type > MapType.MAX) return R.BadArgument;
    const ctx = vm.ctx();
    const key = m().string(keyPtr, keySize, enc);
    const val = m().string(valPtr, valSize, enc);
    if (key === null || val === null) return R.InvalidMemoryAccess;
    const map = mutMap(ctx, type);
    if (!map) return R.BadArgument;
    if (replace) map.replace(key, val);
    else map.add(key, val);
    return R.Ok;
  }

  // Buffer descriptors: { data: Buffer|null, mutable, set?(Buffer) }; constant ones are shared.
  const vmConfigBuffer = Object.freeze({ data: host.vmConfig, mutable: false });

  /** Envoy Context::getBuffer: a buffer descriptor, or null (NotFound). */
  function buffer(ctx, type) {
    switch (type) {
      case BufferType.VmConfiguration:
        return vmConfigBuffer;
      case BufferType.PluginConfiguration:
        return ctx.root.configuring ? { data: ctx.root.configuring, mutable: false } : null;
      case BufferType.HttpCallResponseBody: {
        const resp = ctx.root.httpCallResponse;
        return resp ? { data: resp.body, mutable: false } : null;
      }
      case BufferType.HttpRequestBody:
      case BufferType.HttpResponseBody: {
        if (ctx.isRoot) return NO_BODY;
        return ctx.stream.bodyBuffer(type === BufferType.HttpRequestBody);
      }
      case BufferType.CallData:
        return { data: vm.callData, mutable: false };
      default:
        return null; // network and gRPC buffers do not exist for an HTTP filter here
    }
  }

  const env = {
    proxy_log(level, ptr, size) {
      if (level < 0 || level > LogLevel.critical) return R.BadArgument;
      const msg = m().string(ptr, size);
      if (msg === null) return R.InvalidMemoryAccess;
      vm.log(level, msg);
      return R.Ok;
    },

    proxy_get_log_level(retPtr) {
      vm.ctx();
      return m().setU32(retPtr, host.logLevel) ? R.Ok : R.InvalidMemoryAccess;
    },

    proxy_get_current_time_nanoseconds(retPtr) {
      vm.ctx();
      return m().setU64(retPtr, host.nowNanoseconds()) ? R.Ok : R.InvalidMemoryAccess;
    },

    proxy_set_tick_period_milliseconds(period) {
      const ctx = vm.ctx();
      vm.setTickPeriod(ctx.root, period >>> 0);
      return R.Ok;
    },

    proxy_set_effective_context(id) {
      vm.ctx();
      const c = vm.contexts.get(id >>> 0);
      if (!c) return R.BadArgument;
      vm.effective = c;
      return R.Ok;
    },

    proxy_done() {
      const ctx = vm.ctx();
      return vm.done(ctx);
    },

    proxy_get_status(codePtr, ptrPtr, sizePtr) {
      const root = vm.ctx().root;
      const mem = m();
      if (!mem.setU32(codePtr, root.status.code)) return R.InvalidMemoryAccess;
      return mem.copyOutString(root.status.message, ptrPtr, sizePtr) ? R.Ok : R.InvalidMemoryAccess;
    },

    // ---- properties ----
    proxy_get_property(pathPtr, pathSize, retPtrPtr, retSizePtr) {
      const ctx = vm.ctx();
      const path = m().string(pathPtr, pathSize);
      if (path === null) return R.InvalidMemoryAccess;
      const parts = path.split("\0");
      if (parts.length > 1 && parts[parts.length - 1] === "") parts.pop();
      const value = getProperty({ host, vm, stream: ctx.isRoot ? null : ctx.stream }, parts);
      if (value === undefined) return R.NotFound;
      return m().copyOut(value, retPtrPtr, retSizePtr) ? R.Ok : R.InvalidMemoryAccess;
    },

    proxy_set_property(pathPtr, pathSize, valPtr, valSize) {
      const ctx = vm.ctx();
      const path = m().string(pathPtr, pathSize);
      const value = m().copy(valPtr, valSize);
      if (path === null || value === null) return R.InvalidMemoryAccess;
      if (ctx.isRoot) return R.NotFound; // no stream info to hold filter state
      ctx.stream.filterState.set(path.split("\0").filter(Boolean).join("."), value);
      return R.Ok;
    },

    // ---- header maps ----
    proxy_get_header_map_value(type, keyPtr, keySize, valPtrPtr, valSizePtr) {
      if (type < 0 || type > MapType.MAX) return R.BadArgument;
      const ctx = vm.ctx();
      const key = m().string(keyPtr, keySize, enc);
      if (key === null) return R.InvalidMemoryAccess;
      const map = constMap(ctx, type);
      if (!map) return ctx.isRoot || !ctx.stream.accessLogPhase ? R.BadArgument : R.NotFound;
      const v = map.get(key);
      if (v === undefined) return R.NotFound;
      return m().copyOutString(v, valPtrPtr, valSizePtr, enc) ? R.Ok : R.InvalidMemoryAccess;
    },

    proxy_add_header_map_value(type, keyPtr, keySize, valPtr, valSize) {
      return writeHeader(type, keyPtr, keySize, valPtr, valSize, false);
    },

    proxy_replace_header_map_value(type, keyPtr, keySize, valPtr, valSize) {
      return writeHeader(type, keyPtr, keySize, valPtr, valSize, true);
    },

    proxy_remove_header_map_value(type, keyPtr, keySize) {
      if (type < 0 || type > MapType.MAX) return R.BadArgument;
      const ctx = vm.ctx();
      const key = m().string(keyPtr, keySize, enc);
      if (key === null) return R.InvalidMemoryAccess;
      const map = mutMap(ctx, type);
      if (!map) return R.BadArgument;
      map.remove(key);
      return R.Ok;
    },

    proxy_get_header_map_pairs(type, ptrPtr, sizePtr) {
      if (type < 0 || type > MapType.MAX) return R.BadArgument;
      const ctx = vm.ctx();
      const map = constMap(ctx, type);
      const mem = m();
      // Envoy turns an unavailable map into an empty list; an empty list is pointer 0, size 0.
      if (!map || map.size === 0) return mem.setU32(ptrPtr, 0) && mem.setU32(sizePtr, 0) ? R.Ok : R.InvalidMemoryAccess;
      const size = pairsSize(map.pairs, enc);
      const ptr = mem.allocate(size);
      if (ptr === 0) return R.InvalidMemoryAccess;
      marshalPairsInto(map.pairs, mem.buf, ptr, enc, mem.dv);
      return mem.setU32(ptrPtr, ptr) && mem.setU32(sizePtr, size) ? R.Ok : R.InvalidMemoryAccess;
    },

    proxy_set_header_map_pairs(type, ptr, size) {
      if (type < 0 || type > MapType.MAX) return R.BadArgument;
      const ctx = vm.ctx();
      const data = m().view(ptr, size);
      if (data === null) return R.InvalidMemoryAccess;
      const map = mutMap(ctx, type);
      if (!map) return R.BadArgument;
      map.setPairs(unmarshalPairs(data, enc));
      return R.Ok;
    },

    proxy_get_header_map_size(type, retPtr) {
      if (type < 0 || type > MapType.MAX) return R.BadArgument;
      const ctx = vm.ctx();
      const map = mutMap(ctx, type);
      if (!map) return R.BadArgument;
      return m().setU32(retPtr, map.byteSize(enc)) ? R.Ok : R.InvalidMemoryAccess;
    },

    // ---- buffers ----
    proxy_get_buffer_bytes(type, start, length, ptrPtr, sizePtr) {
      if (type < 0 || type > BufferType.MAX) return R.BadArgument;
      const ctx = vm.ctx();
      const b = buffer(ctx, type);
      if (!b) return R.NotFound;
      start >>>= 0;
      length >>>= 0;
      if (start + length > 0xffffffff) return R.BadArgument; // u32 overflow check of cpp-host
      const data = b.data ?? EMPTY;
      if (start > data.length) length = 0;
      else if (start + length > data.length) length = data.length - start;
      const mem = m();
      if (length === 0) return mem.setU32(ptrPtr, 0) && mem.setU32(sizePtr, 0) ? R.Ok : R.InvalidMemoryAccess;
      return mem.copyOut(data.subarray(start, start + length), ptrPtr, sizePtr) ? R.Ok : R.InvalidMemoryAccess;
    },

    proxy_get_buffer_status(type, lengthPtr, flagsPtr) {
      if (type < 0 || type > BufferType.MAX) return R.BadArgument;
      const ctx = vm.ctx();
      const b = buffer(ctx, type);
      if (!b) return R.NotFound;
      const mem = m();
      return mem.setU32(lengthPtr, (b.data ?? EMPTY).length) && mem.setU32(flagsPtr, 0) ? R.Ok : R.InvalidMemoryAccess;
    },

    proxy_set_buffer_bytes(type, start, length, dataPtr, dataSize) {
      if (type < 0 || type > BufferType.MAX) return R.BadArgument;
      const ctx = vm.ctx();
      const b = buffer(ctx, type);
      if (!b) return R.NotFound;
      const data = m().copy(dataPtr, dataSize);
      if (data === null) return R.InvalidMemoryAccess;
      if (!b.mutable || b.data === null) return R.BadArgument;
      // Envoy Buffer::copyFrom: (0,0) prepends, (0, >=size) replaces, (>=size, _) appends.
      start >>>= 0;
      length >>>= 0;
      const cur = b.data;
      let next;
      if (start === 0) {
        if (length === 0) next = Buffer.concat([data, cur]);
        else if (length >= cur.length) next = data;
        else return R.BadArgument;
      } else if (start >= cur.length) {
        next = Buffer.concat([cur, data]);
      } else {
        return R.BadArgument;
      }
      b.set(next);
      return R.Ok;
    },

    // ---- stream control ----
    proxy_continue_stream(type) {
      const ctx = vm.ctx();
      if (type < 0 || type > StreamType.MAX) return R.BadArgument;
      if (ctx.isRoot) return R.Ok;
      if (type === StreamType.Upstream) return R.Unimplemented;
      if (type === StreamType.Downstream) return R.Ok;
      ctx.stream.requestContinue(type === StreamType.Request);
      return R.Ok;
    },

    proxy_close_stream(type) {
      const ctx = vm.ctx();
      if (type < 0 || type > StreamType.MAX) return R.BadArgument;
      if (!ctx.isRoot && (type === StreamType.Request || type === StreamType.Response)) ctx.stream.requestClose(type === StreamType.Request);
      return R.Ok;
    },

    proxy_send_local_response(code, detailsPtr, detailsSize, bodyPtr, bodySize, hdrPtr, hdrSize, grpcStatus) {
      const ctx = vm.ctx();
      const mem = m();
      const details = mem.string(detailsPtr, detailsSize);
      const body = mem.copy(bodyPtr, bodySize);
      const hdrs = mem.view(hdrPtr, hdrSize);
      if (details === null || body === null || hdrs === null) return R.InvalidMemoryAccess;
      const headers = unmarshalPairs(hdrs, enc).map(([k, v]) => [k.toLowerCase(), v]);
      if (!ctx.isRoot) {
        ctx.stream.requestLocalReply({
          status: code >>> 0,
          // Envoy replaces whitespace in details with '_' (StringUtil::replaceAllEmptySpace).
          details: details.replace(/\s/g, "_"),
          body,
          headers,
          grpcStatus: grpcStatus >= 0 && grpcStatus <= 16 ? grpcStatus : null,
        });
      }
      vm.stopNextIteration = true;
      return R.Ok;
    },

    // ---- HTTP callouts ----
    proxy_http_call(uriPtr, uriSize, hPtr, hSize, bPtr, bSize, tPtr, tSize, timeout, tokenPtr) {
      const root = vm.ctx().root;
      const mem = m();
      const cluster = mem.string(uriPtr, uriSize);
      const body = mem.copy(bPtr, bSize);
      const hdrs = mem.view(hPtr, hSize);
      const trls = mem.view(tPtr, tSize);
      if (cluster === null || body === null || hdrs === null || trls === null) return R.InvalidMemoryAccess;
      const headers = unmarshalPairs(hdrs, enc).map(([k, v]) => [k.toLowerCase(), v]);
      const trailers = unmarshalPairs(trls, enc).map(([k, v]) => [k.toLowerCase(), v]);
      if (!mem.setU32(tokenPtr, 0)) return R.InvalidMemoryAccess;
      if (timeout < 0) return R.BadArgument;
      if (!Object.prototype.hasOwnProperty.call(host.clusters, cluster)) return R.BadArgument;
      const has = (k) => headers.some((p) => p[0] === k);
      if (!has(":path") || !has(":method") || !has(":authority")) return R.BadArgument;
      const token = vm.startHttpCall(root, cluster, headers, body, trailers, timeout);
      return mem.setU32(tokenPtr, token) ? R.Ok : R.InvalidMemoryAccess;
    },

    // gRPC: the host has no gRPC clients. A name that is not a configured cluster gets
    // ParseFailure (what Envoy returns for an unknown cluster); a known one Unimplemented.
    proxy_grpc_call(svcPtr, svcSize) {
      vm.ctx();
      const svc = m().string(svcPtr, svcSize);
      if (svc === null) return R.InvalidMemoryAccess;
      return Object.prototype.hasOwnProperty.call(host.clusters, svc) ? R.Unimplemented : R.ParseFailure;
    },
    proxy_grpc_stream(svcPtr, svcSize) {
      vm.ctx();
      const svc = m().string(svcPtr, svcSize);
      if (svc === null) return R.InvalidMemoryAccess;
      return Object.prototype.hasOwnProperty.call(host.clusters, svc) ? R.Unimplemented : R.ParseFailure;
    },
    proxy_grpc_send: () => (vm.ctx(), R.BadArgument),
    proxy_grpc_cancel: () => (vm.ctx(), R.BadArgument),
    proxy_grpc_close: () => (vm.ctx(), R.BadArgument),

    // ---- metrics ----
    proxy_define_metric(type, namePtr, nameSize, idPtr) {
      vm.ctx();
      const name = m().string(namePtr, nameSize);
      if (name === null) return R.InvalidMemoryAccess;
      const { result, id } = host.metricsStore.define(vm.metricTable, type, name);
      if (result !== R.Ok) return result;
      return m().setU32(idPtr, id) ? R.Ok : R.InvalidMemoryAccess;
    },
    proxy_increment_metric(id, offset) {
      vm.ctx();
      return host.metricsStore.increment(vm.metricTable, id >>> 0, BigInt.asIntN(64, BigInt(offset)));
    },
    proxy_record_metric(id, value) {
      vm.ctx();
      return host.metricsStore.record(vm.metricTable, id >>> 0, BigInt.asUintN(64, BigInt(value)));
    },
    proxy_get_metric(id, retPtr) {
      vm.ctx();
      const { result, value } = host.metricsStore.get(vm.metricTable, id >>> 0);
      if (result !== R.Ok) return result;
      return m().setU64(retPtr, value) ? R.Ok : R.InvalidMemoryAccess;
    },

    // ---- shared data ----
    proxy_get_shared_data(keyPtr, keySize, valPtrPtr, valSizePtr, casPtr) {
      vm.ctx();
      const key = m().string(keyPtr, keySize);
      if (key === null) return R.InvalidMemoryAccess;
      const { result, value, cas } = host.sharedData.get(host.vmId, key);
      if (result !== R.Ok) return result;
      const mem = m();
      if (!mem.copyOut(value, valPtrPtr, valSizePtr)) return R.InvalidMemoryAccess;
      return mem.setU32(casPtr, cas) ? R.Ok : R.InvalidMemoryAccess;
    },
    proxy_set_shared_data(keyPtr, keySize, valPtr, valSize, cas) {
      vm.ctx();
      const key = m().string(keyPtr, keySize);
      const value = m().view(valPtr, valSize);
      if (key === null || value === null) return R.InvalidMemoryAccess;
      return host.sharedData.set(host.vmId, key, value, cas >>> 0);
    },

    // ---- shared queues ----
    proxy_register_shared_queue(namePtr, nameSize, tokenPtr) {
      const ctx = vm.ctx();
      const name = m().string(namePtr, nameSize);
      if (name === null) return R.InvalidMemoryAccess;
      const token = host.queues.register(host.vmId, name, vm, ctx.root.id);
      return m().setU32(tokenPtr, token) ? R.Ok : R.InvalidMemoryAccess;
    },
    proxy_resolve_shared_queue(vmIdPtr, vmIdSize, namePtr, nameSize, tokenPtr) {
      vm.ctx();
      const vmId = m().string(vmIdPtr, vmIdSize);
      const name = m().string(namePtr, nameSize);
      if (vmId === null || name === null) return R.InvalidMemoryAccess;
      const { result, token } = host.queues.resolve(vmId, name);
      if (result !== R.Ok) return result;
      return m().setU32(tokenPtr, token) ? R.Ok : R.InvalidMemoryAccess;
    },
    proxy_enqueue_shared_queue(token, dataPtr, dataSize) {
      vm.ctx();
      const data = m().view(dataPtr, dataSize);
      if (data === null) return R.InvalidMemoryAccess;
      return host.queues.enqueue(token >>> 0, data);
    },
    proxy_dequeue_shared_queue(token, ptrPtr, sizePtr) {
      vm.ctx();
      const { result, data } = host.queues.dequeue(token >>> 0);
      if (result !== R.Ok) return result;
      return m().copyOut(data, ptrPtr, sizePtr) ? R.Ok : R.InvalidMemoryAccess;
    },

    // ---- foreign functions ----
    proxy_call_foreign_function(namePtr, nameSize, argsPtr, argsSize, resPtrPtr, resSizePtr) {
      const ctx = vm.ctx();
      const mem = m();
      const name = mem.string(namePtr, nameSize);
      if (name === null) return R.InvalidMemoryAccess;
      const args = mem.copy(argsPtr, argsSize);
      if (args === null) return R.InvalidMemoryAccess;
      const out = callForeignFunction(name, args, ctx, vm);
      if (out === null) return R.NotFound;
      let ptr = 0;
      if (out.data.length > 0 && resPtrPtr !== 0) {
        ptr = mem.allocate(out.data.length);
        if (ptr === 0) return R.InvalidMemoryAccess;
        mem.buf.set(out.data, ptr);
      }
      if (resPtrPtr !== 0 && !mem.setU32(resPtrPtr, ptr)) return R.InvalidMemoryAccess;
      if (resSizePtr !== 0 && !mem.setU32(resSizePtr, out.data.length)) return R.InvalidMemoryAccess;
      return out.result;
    },

    // ---- registered by cpp-host for emscripten / pthread modules ----
    pthread_equal: (a, b) => (a === b ? 1 : 0),
    emscripten_notify_memory_growth: () => {},

    // ABI 0.1.0 / removed-in-0.2 names, implemented so a host option can expose them; Envoy
    // only links them for 0.1.0 modules (see docs/host.md).
    proxy_clear_route_cache() {
      const ctx = vm.ctx();
      if (!ctx.isRoot) ctx.stream.clearRouteCache();
      return R.Ok;
    },
  };
  return env;
}


/** Names of env functions linked for this ABI (what a module may import). */
export function envNamesFor(abi) {
  const names = new Set(["pthread_equal", "emscripten_notify_memory_growth"]);
  for (const f of HOST_FUNCTIONS) names.add(`proxy_${f}`);
  for (const f of ABI_SPECIFIC[abi] ?? []) names.add(`proxy_${f}`);
  return names;
}
