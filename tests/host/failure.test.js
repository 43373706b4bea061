// Traps, failure policy, reconfiguration.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ProxyWasmHost, ConfigureError } from "../../host/index.js";
import { conformance, fixture, find, obs } from "./support.js";

test("a trap fails the stream closed with Envoy's 503 and marks the VM failed", async () => {
  const host = await ProxyWasmHost.create({ wasm: fixture("trap") });
  const r = await host.simulate({ headers: { "x-trap": "headers" } });
  assert.equal(r.status, 503);
  assert.equal(r.local.details, "wasm_fail_stream");
  assert.equal(r.local.grpcStatus, 14);
  assert.equal(r.upstreamRequest, null);
  assert.equal(host.vmStatus()[0].failed, true);
  assert.ok(host.logs.some((l) => l.levelName === "critical" && /proxy_on_request_headers failed: Uncaught RuntimeError: unreachable/.test(l.message)));
  // later streams on the failed VM are refused too, without calling into it
  const again = await host.simulate({});
  assert.equal(again.status, 503);
});

test("FAIL_OPEN: after a trap streams pass through untouched", async () => {
  const host = await ProxyWasmHost.create({ wasm: fixture("trap"), failurePolicy: "FAIL_OPEN" });
  const r = await host.simulate({ method: "POST", headers: { "x-trap": "body" }, body: "payload", upstream: { status: 204 } });
  assert.equal(r.status, 204);
  assert.equal(r.upstreamRequest.body.toString(), "payload");
  assert.equal(host.vmStatus()[0].failed, true);
  const next = await host.simulate({ headers: { "x-trap": "headers" } });
  assert.equal(next.status, 200);
});

test("only the VM that trapped fails; the others keep serving", async () => {
  const host = await ProxyWasmHost.create({ wasm: fixture("trap"), vms: 2 });
  const bad = await host.simulate({ vm: 0, headers: { "x-trap": "headers" } });
  assert.equal(bad.status, 503);
  const good = await host.simulate({ vm: 1, headers: { "x-trap": "no" } });
  assert.equal(good.status, 200);
  assert.deepEqual(host.vmStatus().map((v) => v.failed), [true, false]);
});

test("an AssemblyScript abort reports through proxy_log, then traps", async () => {
  const host = await conformance(["request_headers abort"]);
  const r = await host.simulate({});
  assert.equal(r.status, 503);
  assert.ok(host.logs.some((l) => l.levelName === "critical" && l.message.startsWith("fixture abort: scripted abort")));
});

test("proc_exit stops the guest: the VM fails like on a trap", async () => {
  const host = await conformance(["request_headers proc-exit|3"]);
  const r = await host.simulate({});
  assert.equal(r.status, 503);
  assert.ok(!obs(host.logs).includes("after proc_exit"));
  assert.ok(host.logs.some((l) => /proc_exit\(3\)/.test(l.message)));
});

test("a trap in proxy_on_configure is a ConfigureError", async () => {
  await assert.rejects(ProxyWasmHost.create({ wasm: fixture("trap"), pluginConfig: "trap-configure" }), ConfigureError);
});

test("a trap while the filter holds a stream (in the http-call callback) fails that stream closed", async () => {
  const host = await conformance(["tick effective|2", "tick trap"]);
  host.vms[0].root.tickPeriodMs = 1;
  const s = host.createStream();
  const p = s.requestHeaders([[":method", "GET"], [":path", "/"], [":authority", "a"], [":scheme", "http"], ["x-on-request-headers", "return|1"]], true);
  host.tick();
  const o = await p;
  assert.equal(o.action, "local");
  assert.equal(o.response.status, 503);
  s.finish();
});

test("reconfigure: a good config gets a new root context; a rejected one keeps the last good config on every VM", async () => {
  const host = await conformance(["request_headers add|0|x-config|one"], { vms: 2 });
  const ok = host.reconfigure("request_headers add|0|x-config|two");
  assert.equal(ok.ok, true);
  let r = await host.simulate({});
  assert.equal(r.upstreamRequest.headers.find(([k]) => k === "x-config")[1], "two");
  const roots = host.vmStatus().map((v) => v.rootContextId);
  const bad = host.reconfigure("configure log|4|rejected: field rules[0].match\nconfigure return|0");
  assert.equal(bad.ok, false);
  assert.ok(bad.logs.some((l) => l.message === "rejected: field rules[0].match"));
  assert.deepEqual(host.vmStatus().map((v) => v.rootContextId), roots, "the previous root contexts still serve");
  for (let i = 0; i < 2; i++) {
    r = await host.simulate({});
    assert.equal(r.upstreamRequest.headers.find(([k]) => k === "x-config")[1], "two");
  }
});

test("reconfigure deletes the old root context once its streams are done", async () => {
  const host = await conformance([]);
  const s = host.createStream();
  await s.requestHeaders([[":method", "GET"], [":path", "/"], [":authority", "a"], [":scheme", "http"]], true);
  host.reconfigure("");
  assert.ok(!obs(host.logs).includes("delete 1"), "root 1 still has a live stream");
  s.finish();
  assert.ok(obs(host.logs).includes("delete 1"));
  const r = await host.simulate({});
  assert.match(find(r.logs, "stream-created"), /parent=3$/);
});

test("reconfigure reports a failed VM instead of silently keeping it", async () => {
  const host = await conformance(["request_headers trap"]);
  await host.simulate({});
  const r = host.reconfigure("");
  assert.equal(r.ok, false);
  assert.match(r.error, /vm 0 has failed/);
});

test("cluster URLs are validated when the host is created", async () => {
  await assert.rejects(conformance([], { clusters: { jwks: "not a url" } }), /clusters\.jwks: expected an http:\/\/ or https:\/\/ URL/);
});

test("close() finishes live streams and deletes the root contexts", async () => {
  const host = await conformance([], { vms: 2 });
  const s = host.createStream({ vm: 1 });
  await s.requestHeaders([[":method", "GET"], [":path", "/"], [":authority", "a"], [":scheme", "http"]], true);
  host.close();
  host.close();
  const lines = obs(host.logs);
  assert.ok(lines.includes(`delete ${s.id}`), "the stream was finished");
  assert.equal(lines.filter((l) => l === "delete 1").length, 2, "each VM's root context was deleted once");
  assert.deepEqual(host.vmStatus().map((v) => v.contexts), [0, 0]);
  assert.throws(() => host.createStream(), /host is closed/);
});
