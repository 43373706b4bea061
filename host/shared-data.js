// Shared key/value store with compare-and-swap (proxy-wasm-cpp-host src/shared_data.cc).
// One store per host, partitioned by vm_id as in cpp-host, so every VM (worker) with the
// same vm_id sees the same data.

import { Buffer } from "node:buffer";
import { WasmResult } from "./abi.js";

export class SharedData {
  constructor() {
    /** @type {Map<string, Map<string, {value: Buffer, cas: number}>>} */
    this.byVm = new Map();
    this.cas = 0;
  }

  nextCas() {
    this.cas = (this.cas + 1) >>> 0;
    if (this.cas === 0) this.cas = 1; // 0 means "no CAS check"
    return this.cas;
  }

  /** @returns {{result: number, value?: Buffer, cas?: number}} */
  get(vmId, key) {
    const entry = this.byVm.get(vmId)?.get(key);
    if (!entry) return { result: WasmResult.NotFound };
    return { result: WasmResult.Ok, value: entry.value, cas: entry.cas };
  }

  /** cas 0 writes unconditionally; otherwise it must equal the entry's current cas. */
  set(vmId, key, value, cas) {
    let map = this.byVm.get(vmId);
    if (!map) this.byVm.set(vmId, (map = new Map()));
    const entry = map.get(key);
    if (entry && cas !== 0 && cas !== entry.cas) return WasmResult.CasMismatch;
    map.set(key, { value: Buffer.from(value), cas: this.nextCas() });
    return WasmResult.Ok;
  }

  /** Test/inspection helper: the value as a string, or undefined. */
  getString(key, vmId) {
    const vm = vmId ?? this.defaultVmId;
    const entry = this.byVm.get(vm)?.get(key);
    return entry ? entry.value.toString("utf8") : undefined;
  }

  /** Test/inspection helper: write from outside the VMs (as another plugin would). */
  setString(key, value, vmId) {
    return this.set(vmId ?? this.defaultVmId, key, Buffer.from(value, "utf8"), 0);
  }

  keys(vmId) {
    return [...(this.byVm.get(vmId ?? this.defaultVmId)?.keys() ?? [])];
  }
}
