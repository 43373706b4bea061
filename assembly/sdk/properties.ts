// Host properties (Envoy attributes: request.*, source.*, xds.*, plugin_*, ...).
// Paths are pre-encoded once (property_codec.ts) so a per-request read allocates
// only its result.
import { WasmResult } from "./status";
import { proxy_get_property, proxy_set_property } from "./imports";
import { resetOut, outPtr, outSize, takeBuffer, takeString, freeOut } from "./memory";
import { decodeInt64, decodeBool } from "./property_codec";

export function getPropertyBytes(path: ArrayBuffer): ArrayBuffer | null {
  resetOut();
  let result = proxy_get_property(changetype<usize>(path), <usize>path.byteLength, outPtr(), outSize());
  if (result != WasmResult.Ok) { freeOut(); return null; }
  return takeBuffer();
}

// The property as a UTF-8 string, or null when absent.
export function getPropertyString(path: ArrayBuffer): string | null {
  resetOut();
  let result = proxy_get_property(changetype<usize>(path), <usize>path.byteLength, outPtr(), outSize());
  if (result != WasmResult.Ok) { freeOut(); return null; }
  return takeString();
}

export function getPropertyInt64(path: ArrayBuffer, fallback: i64): i64 {
  let value = getPropertyBytes(path);
  return value === null ? fallback : decodeInt64(value, fallback);
}

export function getPropertyBool(path: ArrayBuffer, fallback: bool): bool {
  let value = getPropertyBytes(path);
  return value === null ? fallback : decodeBool(value, fallback);
}

export function setProperty(path: ArrayBuffer, value: ArrayBuffer): WasmResult {
  return proxy_set_property(changetype<usize>(path), <usize>path.byteLength, changetype<usize>(value), <usize>value.byteLength);
}
