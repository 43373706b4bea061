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

// First value of `name`, or null if absent. `name` must be lowercase.
export function getHeader(map: MapType, name: string): string | null {
  let key = String.UTF8.encode(name);
  resetOut();
  let result = proxy_get_header_map_value(map, changetype<usize>(key), <usize>key.byteLength, outPtr(), outSize());
  if (result != WasmResult.Ok) { freeOut(); return null; }
  return takeString();
}

export function addHeader(map: MapType, name: string, value: string): WasmResult {
  let key = String.UTF8.encode(name);
  let val = String.UTF8.encode(value);
  return proxy_add_header_map_value(map, changetype<usize>(key), <usize>key.byteLength, changetype<usize>(val), <usize>val.byteLength);
}

// Removes every value of `name` and sets a single one.
export function replaceHeader(map: MapType, name: string, value: string): WasmResult {
  let key = String.UTF8.encode(name);
  let val = String.UTF8.encode(value);
  return proxy_replace_header_map_value(map, changetype<usize>(key), <usize>key.byteLength, changetype<usize>(val), <usize>val.byteLength);
}

export function removeHeader(map: MapType, name: string): WasmResult {
  let key = String.UTF8.encode(name);
  return proxy_remove_header_map_value(map, changetype<usize>(key), <usize>key.byteLength);
}
