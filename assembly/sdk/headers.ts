// Header and trailer maps of the current (effective) context.
import { MapType } from "./enums";
import { WasmResult } from "./status";
import {
  proxy_get_header_map_pairs, proxy_set_header_map_pairs, proxy_get_header_map_value,
  proxy_add_header_map_value, proxy_replace_header_map_value, proxy_remove_header_map_value,
  proxy_get_header_map_size,
} from "./imports";
import { resetOut, outPtr, outSize, takeString, freeOut } from "./memory";
import { HeaderPair, decodePairs, encodePairs } from "./pairs";

// All pairs of a map, in the order the host holds them (names lowercase in Envoy).
// Returns null when the host fails or hands back a malformed map: callers fail closed.
export function getHeaderPairs(map: MapType): Array<HeaderPair> | null {
  resetOut();
  let result = proxy_get_header_map_pairs(map, outPtr(), outSize());
  if (result != WasmResult.Ok) { freeOut(); return null; }
  let ptr = <usize>load<u32>(outPtr());
  let size = <usize>load<u32>(outSize());
  let pairs = size == 0 ? new Array<HeaderPair>() : decodePairs(ptr, size);
  freeOut();
  return pairs;
}

export function setHeaderPairs(map: MapType, pairs: Array<HeaderPair>): WasmResult {
  let buf = encodePairs(pairs);
  return proxy_set_header_map_pairs(map, changetype<usize>(buf), <usize>buf.byteLength);
}

// Serialized size of the whole map, or -1 when the host refuses.
export function getHeaderMapSize(map: MapType): i64 {
  resetOut();
  if (proxy_get_header_map_size(map, outSize()) != WasmResult.Ok) return -1;
  return <i64>load<u32>(outSize());
}

// Names and values are written into one reused buffer for the host call (the
// host copies them before returning), not into fresh arrays per call: response
// rewrites add several headers per request. Grows to the largest pair, never shrinks.
let pairBuf: ArrayBuffer = new ArrayBuffer(256);
let nameLen: usize = 0;
let valueLen: usize = 0;

// Writes `name` (and `value`) as UTF-8 into pairBuf; sets nameLen and valueLen.
// The value starts at pairBuf + nameLen.
function stage(name: string, value: string): usize {
  let need = <i32>(<usize>(name.length + value.length) * 3);
  if (pairBuf.byteLength < need) pairBuf = new ArrayBuffer(max(need, pairBuf.byteLength << 1));
  let base = changetype<usize>(pairBuf);
  nameLen = <usize>String.UTF8.encodeUnsafe(changetype<usize>(name), name.length, base);
  valueLen = <usize>String.UTF8.encodeUnsafe(changetype<usize>(value), value.length, base + nameLen);
  return base;
}

// First value of `name`, or null if absent. `name` must be lowercase.
export function getHeader(map: MapType, name: string): string | null {
  let p = stage(name, "");
  resetOut();
  let result = proxy_get_header_map_value(map, p, nameLen, outPtr(), outSize());
  if (result != WasmResult.Ok) { freeOut(); return null; }
  return takeString();
}

export function addHeader(map: MapType, name: string, value: string): WasmResult {
  let p = stage(name, value);
  return proxy_add_header_map_value(map, p, nameLen, p + nameLen, valueLen);
}

// Removes every value of `name` and sets a single one.
export function replaceHeader(map: MapType, name: string, value: string): WasmResult {
  let p = stage(name, value);
  return proxy_replace_header_map_value(map, p, nameLen, p + nameLen, valueLen);
}

export function removeHeader(map: MapType, name: string): WasmResult {
  let p = stage(name, "");
  return proxy_remove_header_map_value(map, p, nameLen);
}
