// Shared data (CAS), shared queues, metrics and timers, across several VMs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { WasmResult } from "../../host/index.js";
import { conformance, find, fields, obs, flush } from "./support.js";

test("shared data: NOT_FOUND before set, value and cas after, CAS mismatch on a stale cas", async () => {
  const host = await conformance([
    "request_headers shared-get|k",
    "request_headers shared-set|k|v1",
    "request_headers shared-get|k",
    "request_headers shared-set|k|v2|last",
    "request_headers shared-set|k|v3|last",
    "request_headers shared-get|k",
  ]);
  const r = await host.simulate({});
  const lines = obs(r.logs).filter((l) => l.startsWith("shared-"));
  assert.equal(lines[0], `shared-get k rc=${WasmResult.NotFound} value= cas=0`);
  assert.equal(lines[1], "shared-set k rc=0");
  const first = fields(lines[2]);
  assert.equal(first.value, "v1");
  assert.notEqual(first.cas, "0");
  assert.equal(lines[3], "shared-set k rc=0", "the current cas wins");
  assert.equal(lines[4], `shared-set k rc=${WasmResult.CasMismatch}`, "the same cas again is stale now");
  assert.equal(fields(lines[5]).value, "v2");
  assert.equal(host.sharedData.getString("k"), "v2");
});

test("shared data is shared across VMs; concurrent CAS increments lose no update", async () => {
  const host = await conformance(["request_headers shared-incr|hits"], { vms: 4 });
  await Promise.all(Array.from({ length: 40 }, () => host.simulate({})));
  assert.equal(host.sharedData.getString("hits"), "40");
  // a value written by VM 0 is read by VM 3
  host.sharedData.setString("from-outside", "x");
  const host2 = await conformance(["request_headers shared-get|from-vm0"], { vms: 2 });
  const w = await conformance(["request_headers shared-set|from-vm0|hello"]);
  await w.simulate({});
  assert.equal(w.sharedData.getString("from-vm0"), "hello");
  // separate hosts do not share (separate Envoy processes)
  const r = await host2.simulate({ vm: 1 });
  assert.equal(fields(find(r.logs, "shared-get from-vm0")).rc, String(WasmResult.NotFound));
});

test("a write from another VM between get and set makes the CAS fail", async () => {
  const host = await conformance([], { vms: 2 });
  host.sharedData.setString("k", "0");
  const a = host.createStream({ vm: 0 });
  await a.requestHeaders([[":method", "GET"], [":path", "/"], [":authority", "a"], [":scheme", "http"], ["x-on-request-headers", "shared-get|k"]], false);
  const b = host.createStream({ vm: 1 });
  await b.requestHeaders([[":method", "GET"], [":path", "/"], [":authority", "a"], [":scheme", "http"], ["x-on-request-headers", "shared-set|k|from-b"]], true);
  // VM 0 now writes with the cas it read before VM 1's write
  const o = await a.requestTrailers([]);
  assert.equal(o.action, "continue");
  const c = host.createStream({ vm: 0 });
  await c.requestHeaders([[":method", "GET"], [":path", "/"], [":authority", "a"], [":scheme", "http"], ["x-on-request-headers", "shared-set|k|from-a|last"]], true);
  assert.equal(find(c.logs, "shared-set k"), `shared-set k rc=${WasmResult.CasMismatch}`);
  assert.equal(host.sharedData.getString("k"), "from-b");
  for (const s of [a, b, c]) s.finish();
});

test("queues: register, resolve from another VM, enqueue wakes the registrant's root, dequeue drains", async () => {
  const host = await conformance(["configure qreg|events", "queue_ready qdeq|events", "queue_ready qdeq|events"], { vms: 2 });
  // VM 1 registered last, so it receives queue_ready (cpp-host: the latest registrant).
  const s = host.createStream({ vm: 0 });
  await s.requestHeaders([[":method", "GET"], [":path", "/"], [":authority", "a"], [":scheme", "http"], ["x-on-request-headers", "qresolve|bulwark|events"], ["x-on-request-headers", "qenq|events|payload-1"]], true);
  assert.equal(find(s.logs, "qresolve events"), "qresolve events rc=0");
  assert.equal(find(s.logs, "qenq events"), "qenq events rc=0");
  await flush();
  const ready = host.logs.filter((l) => l.message.startsWith("obs queue_ready"));
  assert.equal(ready.length, 1);
  assert.equal(ready[0].vm, 1);
  const deq = host.logs.filter((l) => l.message.startsWith("obs qdeq")).map((l) => l.message.slice(4));
  assert.deepEqual(deq, ["qdeq events rc=0 value=payload-1", `qdeq events rc=${WasmResult.Empty} value=`]);
  s.finish();
});

test("queues: resolving an unknown queue is NOT_FOUND; enqueue to an unknown token is NOT_FOUND", async () => {
  const host = await conformance(["request_headers qresolve|bulwark|nope", "request_headers qenq|999|x", "request_headers qdeq|999"]);
  const r = await host.simulate({});
  assert.equal(find(r.logs, "qresolve nope"), `qresolve nope rc=${WasmResult.NotFound}`);
  assert.equal(find(r.logs, "qenq 999"), `qenq 999 rc=${WasmResult.NotFound}`);
  assert.equal(fields(find(r.logs, "qdeq 999")).rc, String(WasmResult.NotFound));
});

test("metrics: counters, gauges, histograms with Envoy's rules, summed over VMs in Prometheus output", async () => {
  const host = await conformance(
    [
      "configure define|0|bulwark_requests_total",
      "configure define|1|bulwark.inflight",
      "configure define|2|bulwark_latency_ms",
      "request_headers inc|bulwark_requests_total|1",
      "request_headers inc|bulwark.inflight|5",
      "request_headers inc|bulwark.inflight|-2",
      "request_headers record|bulwark_latency_ms|7",
      "request_headers getm|bulwark_requests_total",
      "request_headers inc|bulwark_requests_total|0",
      "request_headers inc|bulwark_requests_total|-1",
      "request_headers getm|bulwark_latency_ms",
      "request_headers getm|100",
    ],
    { vms: 2 },
  );
  const r1 = await host.simulate({});
  const r2 = await host.simulate({});
  assert.notEqual(r1.logs[0].vm, r2.logs[0].vm);
  assert.equal(find(r2.logs, "getm bulwark_requests_total"), "getm bulwark_requests_total rc=0 value=2", "VMs share the stat");
  assert.deepEqual(
    obs(r1.logs).filter((l) => l.startsWith("inc bulwark_requests_total")).map((l) => fields(l).rc),
    ["0", String(WasmResult.BadArgument), String(WasmResult.BadArgument)],
    "a counter only goes up",
  );
  assert.equal(fields(find(r1.logs, "getm bulwark_latency_ms")).rc, String(WasmResult.BadArgument), "histograms cannot be read");
  assert.equal(fields(find(r1.logs, "getm 100")).rc, String(WasmResult.NotFound), "an undefined counter id");
  const text = host.prometheus();
  assert.match(text, /^# TYPE bulwark_requests_total counter\nbulwark_requests_total\{\} 2$/m);
  assert.match(text, /^# TYPE bulwark_inflight gauge\nbulwark_inflight\{\} 6$/m, "'.' sanitised to '_', no envoy_ prefix");
  assert.match(text, /^# TYPE bulwark_latency_ms histogram$/m);
  assert.match(text, /^bulwark_latency_ms_bucket\{le="5"\} 0$/m);
  assert.match(text, /^bulwark_latency_ms_bucket\{le="10"\} 2$/m);
  assert.match(text, /^bulwark_latency_ms_bucket\{le="\+Inf"\} 2$/m);
  assert.match(text, /^bulwark_latency_ms_sum\{\} 14$/m);
  assert.match(text, /^bulwark_latency_ms_count\{\} 2$/m);
  const m = host.metrics.find((x) => x.name === "bulwark.inflight");
  assert.equal(m.statName, "wasmcustom.bulwark.inflight");
  assert.equal(m.value, 6);
});

test("metric ids carry the type in the low bits; a bad type is BAD_ARGUMENT", async () => {
  const host = await conformance(["configure define|0|c", "configure define|1|g", "configure define|2|h", "configure define|3|bad"]);
  const ids = obs(host.logs).filter((l) => l.startsWith("define")).map((l) => fields(l));
  assert.deepEqual(ids.slice(0, 3).map((f) => Number(f.id) & 3), [0, 1, 2]);
  assert.equal(ids[3].rc, String(WasmResult.BadArgument));
});

test("tick: manual timers fire proxy_on_tick on every VM that set a period; period 0 stops it", async () => {
  const host = await conformance(["configure tick|1000", "tick shared-incr|ticks"], { vms: 2 });
  host.tick();
  host.tick();
  assert.equal(host.sharedData.getString("ticks"), "4");
  const stop = await conformance(["configure tick|1000", "tick tick|0", "tick shared-incr|ticks"]);
  stop.tick();
  stop.tick();
  assert.equal(stop.sharedData.getString("ticks"), "1");
});

test("tick: real timers call proxy_on_tick on their own", async () => {
  const host = await conformance(["configure tick|5", "tick shared-incr|ticks"], { timers: "real" });
  // wait (bounded) for two ticks instead of asserting on elapsed time
  for (let i = 0; i < 1000 && Number(host.sharedData.getString("ticks") ?? 0) < 2; i++) await new Promise((r) => setTimeout(r, 5));
  host.close();
  const n = Number(host.sharedData.getString("ticks"));
  assert.ok(n >= 2, `expected at least 2 ticks, got ${n}`);
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(Number(host.sharedData.getString("ticks")), n, "close() stops the timers");
});
