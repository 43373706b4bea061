// The filter's own counters, as Envoy would export them (summed over worker VMs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { config, startFilter } from "./support.js";

test("request counters appear in the Prometheus output, summed over VMs", async () => {
  const host = await startFilter(
    config({ policies: [{ name: "default", mode: "secured" }, { name: "open", mode: "unsecured" }], routes: [{ name: "o", policy: "open", pathPrefixes: ["/open"] }] }),
    { vms: 2 },
  );
  try {
    for (let i = 0; i < 5; i++) await host.simulate({ method: "GET", path: "/x", authority: "a", vm: i % 2 });
    for (let i = 0; i < 3; i++) await host.simulate({ method: "GET", path: "/open/y", authority: "a" });
    const text = host.prometheus();
    assert.match(text, /^# TYPE bulwark_requests_total counter$/m);
    assert.match(text, /^bulwark_requests_total(\{\})? 8$/m);
    assert.match(text, /^bulwark_requests_unsecured_total(\{\})? 3$/m);
    assert.match(text, /^bulwark_config_policies(\{\})? 2$/m, "gauges report the configuration, not a sum over VMs");
  } finally {
    host.close();
  }
});

test("linear memory stays flat once warmed up (no per-request growth)", async () => {
  const host = await startFilter(config(), { logLevel: "info" });
  try {
    const req = (i) => ({
      method: i % 2 ? "GET" : "POST",
      path: `/p/${i}?a=${i}&b=${"x".repeat(i % 200)}`,
      authority: "example.com",
      headers: { cookie: `c=${i}`, "user-agent": "test" },
      body: i % 2 ? undefined : JSON.stringify({ i, s: "y".repeat(i % 1000) }),
    });
    for (let i = 0; i < 2000; i++) await host.simulate(req(i));
    const warm = host.vmStatus()[0].memoryBytes;
    for (let i = 0; i < 8000; i++) await host.simulate(req(i));
    assert.equal(host.vmStatus()[0].memoryBytes, warm);
  } finally {
    host.close();
  }
});
