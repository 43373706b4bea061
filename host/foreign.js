// Foreign functions Envoy registers for proxy_call_foreign_function
// (source/extensions/common/wasm/foreign.cc). Unknown names → NotFound (null here).

import { Buffer } from "node:buffer";
import zlib from "node:zlib";
import { WasmResult } from "./abi.js";

/**
 * @returns {{result: number, data: Buffer} | null}
 */
export function callForeignFunction(name, args, ctx, vm) {
  switch (name) {
    case "compress":
      return { result: WasmResult.Ok, data: zlib.deflateSync(args) };
    case "uncompress":
      try {
        return { result: WasmResult.Ok, data: zlib.inflateSync(args) };
      } catch {
        return { result: WasmResult.SerializationFailure, data: Buffer.alloc(0) };
      }
    case "clear_route_cache":
      if (!ctx.isRoot) ctx.stream.clearRouteCache();
      return { result: WasmResult.Ok, data: Buffer.alloc(0) };
    default:
      return null;
  }
}
