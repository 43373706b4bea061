// The filter validates its configuration itself (Envoy hands it over as bytes): a bad document
// must stop the plugin from starting, with one log line that names the field and the problem.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ConfigureError } from "../../host/index.js";
import { config, startFilter } from "./support.js";

async function rejection(cfg) {
  try {
    const host = await startFilter(cfg);
    host.close();
  } catch (err) {
    assert.ok(err instanceof ConfigureError, `expected ConfigureError, got ${err}`);
    const lines = err.logs.filter((l) => l.levelName === "error").map((l) => l.message);
    assert.equal(lines.length, 1, `one error line, got ${JSON.stringify(lines)}`);
    return lines[0];
  }
  assert.fail("configuration was accepted");
}

const cases = [
  ["empty configuration", "", /invalid configuration: .*empty/i],
  ["not JSON", "{\"version\": 1,", /invalid configuration: not JSON: .*line 1/],
  ["a JSON array", "[]", /invalid configuration: .*object/],
  ["unsupported version", config({ version: 2 }), /version: .*(unsupported|1)/],
  ["unknown top-level field", config({ polices: [] }), /polices: unknown field/],
  ["missing defaultPolicy", { version: 1, policies: [{ name: "default", mode: "secured" }] }, /defaultPolicy: .*(missing|required)/],
  ["bad mode", config({ policies: [{ name: "default", mode: "open" }] }), /policies\[0\]\.mode: .*secured.*unsecured/],
  [
    "duplicate policy",
    config({ policies: [{ name: "default", mode: "secured" }, { name: "default", mode: "unsecured" }] }),
    /policies\[1\]\.name: .*duplicate/,
  ],
  ["dangling defaultPolicy", config({ defaultPolicy: "nope" }), /defaultPolicy: unknown policy "nope"/],
  [
    "dangling route policy",
    config({ routes: [{ name: "r", policy: "shop/x", routeNames: ["a"] }] }),
    /routes\[0\]\.policy: unknown policy "shop\/x" \(known: default\)/,
  ],
  ["wrong type", config({ routes: [{ name: "r", policy: "default", hosts: "a.example" }] }), /routes\[0\]\.hosts: .*array/],
  [
    "path prefix without slash",
    config({ routes: [{ name: "r", policy: "default", pathPrefixes: ["api"] }] }),
    /routes\[0\]\.pathPrefixes\[0\]: .*\//,
  ],
  ["empty policy list", config({ policies: [] }), /policies: .*(at least|empty)/],
];

for (const [name, cfg, expected] of cases) {
  test(`rejects ${name} with the field and the problem`, async () => {
    const line = await rejection(cfg);
    assert.match(line, /^bulwark: invalid configuration: /);
    assert.match(line, expected);
  });
}

test("a rejected reconfiguration keeps the last good configuration in force", async () => {
  const host = await startFilter(
    config({
      policies: [
        { name: "default", mode: "secured" },
        { name: "open", mode: "unsecured" },
      ],
      routes: [{ name: "r", policy: "open", pathPrefixes: ["/public"] }],
    }),
  );
  try {
    const bad = host.reconfigure(JSON.stringify(config({ defaultPolicy: "missing" })));
    assert.equal(bad.ok, false);
    assert.match(bad.logs.map((l) => l.message).join("\n"), /defaultPolicy: unknown policy "missing"/);
    const before = host.metrics.find((m) => m.name === "bulwark_requests_unsecured_total")?.value ?? 0;
    const r = await host.simulate({ method: "GET", path: "/public/x", authority: "example.com" });
    assert.equal(r.status, 200);
    const after = host.metrics.find((m) => m.name === "bulwark_requests_unsecured_total").value;
    assert.equal(after, before + 1, "the old route (/public -> unsecured) still applies");
  } finally {
    host.close();
  }
});

test("an accepted configuration is announced once per VM at info level", async () => {
  const host = await startFilter(config({ generator: "test-suite" }), { vms: 2 });
  try {
    const lines = host.logs.filter((l) => /configured 1 policies, 0 routes \(generator test-suite\)/.test(l.message));
    assert.deepEqual(lines.map((l) => l.vm).sort(), [0, 1]);
    assert.ok(lines.every((l) => l.levelName === "info"));
  } finally {
    host.close();
  }
});
