// When the garbage collector runs.
//
// The module is built with AssemblyScript's minimal runtime (asconfig.json): a
// two-colour mark & sweep collector that runs only when asked (`__collect`) and
// needs no shadow stack. The incremental runtime's shadow stack (every managed
// local spilled to memory, a bounds check per call) cost about 40% of a request
// with deny rules; its collector stepped inside allocations and fell behind large
// bodies, so memory doubled past its target.
//
// A full collection is only safe when no managed object is held by the wasm
// stack alone. Proxy-wasm gives exactly such points: the end of each proxy_on_*
// callback, where everything that lives on is reachable from the context maps
// and module globals. The host never nests callbacks: Envoy runs what a guest
// call asks for that would re-enter the VM (proxy_continue_stream, local
// replies, done) as after-VM-call actions (source/extensions/common/wasm/
// context.cc, "We are in a reentrant call, so defer"), and host/ does the same;
// only proxy_on_memory_allocate runs inside a host call, and it never collects.
// exports.ts calls `collectIfDue` at the end of every other callback.
//
// What a request allocates grows with the bytes the host hands over (headers,
// bodies, properties; all of it passes proxy_on_memory_allocate) plus a fixed
// part per stream, so that is the pressure counted. A collection marks what is
// live (≈ the compiled configuration) and sweeps the garbage, so its cost is
// spread over every request since the last one.

// Pressure between collections. Measured on the bench requests: a full
// collection costs about 50 µs with the default policy (it marks the compiled
// configuration); a GET with 10 parameters counts ≈ 16 KiB, so one collection
// per ~30 of them (≈ 1.5 µs each); a 64 KiB JSON body leaves over 1 MiB of
// garbage and counts 512 KiB, so it is collected right after (tests/host/gc.test.js).
export const GC_BUDGET: u32 = 512 << 10;
// Each byte the host hands over counts this much: parsing turns it into
// UTF-16 strings, items and decoded copies.
export const BYTE_PRESSURE: u32 = 8;
// Pressure below which collectBeforeBody leaves the garbage for later: at most
// 8 KiB of host bytes (64 KiB counted), against a collection that would mark
// the whole live set (0.1 to 0.2 ms with the default policy) to free it.
export const BEFORE_BODY_MIN: u64 = GC_BUDGET >> 3;
// Pressure one stream adds whatever its size (context, pipeline state, the
// request model and its arrays).
export const STREAM_PRESSURE: u32 = 4 << 10;

// 64 bits: no saturation needed, a collection resets it long before it could wrap.
let pressure: u64 = 0;
let pagesAtLastCollect: i32 = 0;

// Counts `bytes` of host data (proxy_on_memory_allocate); cheap enough for every copy.
// @ts-ignore: decorator
@inline export function addPressure(bytes: usize): void {
  pressure += <u64>bytes * BYTE_PRESSURE;
}

export function addStreamPressure(): void {
  pressure += STREAM_PRESSURE;
}

// Runs a collection when the budget is spent or the heap had to grow since the
// last one (free space ran out: collecting now keeps the next request from
// growing it again). Call only at the end of a top-level callback.
export function collectIfDue(): void {
  if (pressure < GC_BUDGET && memory.size() == pagesAtLastCollect) return;
  collectNow();
}

// Called at the start of a callback about to read `bytes` of body: when those
// bytes alone would spend the rest of the budget, the garbage of earlier
// requests is collected first, so that it and the large body's garbage are
// never in the heap together (with Standard deny rules a 64 KB JSON body
// leaves about 450 KiB; the heap's high-water mark dropped by about that).
// The start of a callback is as safe as its end: nothing is on the wasm stack.
// Little garbage since the last collection (a few requests' headers) is not
// worth a collection of its own: it would mark the whole live set to free a few
// KiB, and the body's own collection sweeps it anyway.
export function collectBeforeBody(bytes: u32): void {
  if (pressure < BEFORE_BODY_MIN) return;
  if (pressure + <u64>bytes * BYTE_PRESSURE < GC_BUDGET) return;
  collectNow();
}

// Runs before every collection (the filter sets parse/json_doc.ts trimPool):
// a cache can let go of what this collection should sweep.
let beforeCollect: (() => void) | null = null;
export function setBeforeCollect(f: () => void): void { beforeCollect = f; }

// An unconditional collection (after configuration, whose compile garbage is large).
export function collectNow(): void {
  let f = beforeCollect;
  if (f !== null) f();
  __collect();
  pressure = 0;
  pagesAtLastCollect = memory.size();
}
