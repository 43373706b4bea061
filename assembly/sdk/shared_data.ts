// The VM-wide (cross-worker) key-value store, with compare-and-swap.
//
// Read a value and its `cas`, compute the new value, write it back with that `cas`:
// the host answers CasMismatch when another worker wrote in between, and the caller
// retries. cas 0 writes unconditionally.
import { WasmResult } from "./status";
import { proxy_get_shared_data, proxy_set_shared_data } from "./imports";
import { resetOut, outPtr, outSize, outExtra, takeBuffer, freeOut } from "./memory";

export class SharedValue {
  constructor(public result: WasmResult, public value: ArrayBuffer | null, public cas: u32) {}
}

export function getSharedData(key: string): SharedValue {
  let k = String.UTF8.encode(key);
  resetOut();
  let result = proxy_get_shared_data(changetype<usize>(k), <usize>k.byteLength, outPtr(), outSize(), outExtra());
  let cas = load<u32>(outExtra());
  if (result != WasmResult.Ok) { freeOut(); return new SharedValue(result, null, cas); }
  return new SharedValue(result, takeBuffer(), cas);
}

export function setSharedData(key: string, value: ArrayBuffer, cas: u32 = 0): WasmResult {
  let k = String.UTF8.encode(key);
  return proxy_set_shared_data(changetype<usize>(k), <usize>k.byteLength, changetype<usize>(value), <usize>value.byteLength, cas);
}
