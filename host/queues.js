// Shared queues (proxy-wasm-cpp-host src/shared_queue.cc). A queue is named by (vm_id, name);
// registering returns a token and makes the registering VM's root context the receiver of
// proxy_on_queue_ready. Registering the same name again (e.g. from another worker) keeps the
// data and moves delivery to the latest registrant, as cpp-host does.

import { Buffer } from "node:buffer";
import { WasmResult } from "./abi.js";

export class SharedQueues {
  constructor() {
    /** @type {Map<string, number>} "vmId\0name" → token */
    this.tokens = new Map();
    /** @type {Map<number, {vmId: string, name: string, items: Buffer[], vm: any, contextId: number}>} */
    this.queues = new Map();
    this.nextToken = 1;
  }

  register(vmId, name, vm, contextId) {
    const key = `${vmId}\0${name}`;
    let token = this.tokens.get(key);
    if (token === undefined) {
      token = this.nextToken++;
      this.tokens.set(key, token);
      this.queues.set(token, { vmId, name, items: [], vm, contextId });
    } else {
      const q = this.queues.get(token);
      q.vm = vm;
      q.contextId = contextId;
    }
    return token;
  }

  /** @returns {{result: number, token?: number}} */
  resolve(vmId, name) {
    const token = this.tokens.get(`${vmId}\0${name}`);
    if (token === undefined) return { result: WasmResult.NotFound };
    return { result: WasmResult.Ok, token };
  }

  enqueue(token, data) {
    const q = this.queues.get(token);
    if (!q) return WasmResult.NotFound;
    q.items.push(Buffer.from(data));
    // Envoy posts onQueueReady to the receiver's worker; we post it as a microtask, so it
    // never runs inside the enqueuing callback.
    const { vm, contextId } = q;
    queueMicrotask(() => vm.onQueueReady(contextId, token));
    return WasmResult.Ok;
  }

  /** @returns {{result: number, data?: Buffer}} */
  dequeue(token) {
    const q = this.queues.get(token);
    if (!q) return { result: WasmResult.NotFound };
    if (q.items.length === 0) return { result: WasmResult.Empty };
    return { result: WasmResult.Ok, data: q.items.shift() };
  }

  /** Inspection helper: pending item count of a queue by name. */
  size(name, vmId) {
    const token = this.tokens.get(`${vmId ?? this.defaultVmId}\0${name}`);
    return token === undefined ? 0 : this.queues.get(token).items.length;
  }
}
