// Root and stream contexts, and the registry that maps host context ids to them.
//
// One RootContext per plugin (Envoy creates it with parent id 0); each HTTP stream
// gets an HttpContext created by its root's newHttpContext. Subclasses override the
// callbacks they need; the defaults let traffic through. exports.ts dispatches the
// host callbacks here with one map lookup per call.
import { FilterHeadersStatus, FilterDataStatus, FilterTrailersStatus } from "./enums";

export class RootContext {
  constructor(public readonly id: u32) {}

  // VM configuration size (proxy_on_vm_start). Return false to fail the VM.
  onVmStart(vmConfigurationSize: u32): bool { return true; }
  // Plugin configuration size (proxy_on_configure). Return false to reject it.
  onConfigure(pluginConfigurationSize: u32): bool { return true; }
  // proxy_validate_configuration: check without applying.
  validateConfiguration(pluginConfigurationSize: u32): bool { return true; }
  onTick(): void {}
  onQueueReady(queueId: u32): void {}
  // An HTTP call made by the root itself was answered.
  onHttpCallResponse(token: u32, numHeaders: u32, bodySize: u32, numTrailers: u32): void {}
  // Creates the context of a new HTTP stream.
  newHttpContext(id: u32): HttpContext { return new HttpContext(id, this); }
  onDone(): bool { return true; }
  onLog(): void {}
  onDelete(): void {}
}

export class HttpContext {
  constructor(public readonly id: u32, public readonly root: RootContext) {}

  onRequestHeaders(numHeaders: u32, endOfStream: bool): FilterHeadersStatus { return FilterHeadersStatus.Continue; }
  onRequestBody(bodySize: u32, endOfStream: bool): FilterDataStatus { return FilterDataStatus.Continue; }
  onRequestTrailers(numTrailers: u32): FilterTrailersStatus { return FilterTrailersStatus.Continue; }
  onResponseHeaders(numHeaders: u32, endOfStream: bool): FilterHeadersStatus { return FilterHeadersStatus.Continue; }
  onResponseBody(bodySize: u32, endOfStream: bool): FilterDataStatus { return FilterDataStatus.Continue; }
  onResponseTrailers(numTrailers: u32): FilterTrailersStatus { return FilterTrailersStatus.Continue; }
  // Answer to an HTTP call this stream dispatched; this stream is already the effective context.
  onHttpCallResponse(token: u32, numHeaders: u32, bodySize: u32, numTrailers: u32): void {}
  onDone(): bool { return true; }
  onLog(): void {}
  onDelete(): void {}
}

// The factory the plugin registers (main.ts). A plain function: AssemblyScript has no closures.
let rootFactory: ((id: u32) => RootContext) | null = null;

export function registerRootContext(factory: (id: u32) => RootContext): void {
  rootFactory = factory;
}

export function createRoot(id: u32): RootContext {
  let f = rootFactory;
  return f !== null ? f(id) : new RootContext(id);
}

export const roots = new Map<u32, RootContext>();
export const streams = new Map<u32, HttpContext>();

export function findRoot(id: u32): RootContext | null {
  return roots.has(id) ? roots.get(id) : null;
}

export function findStream(id: u32): HttpContext | null {
  return streams.has(id) ? streams.get(id) : null;
}
