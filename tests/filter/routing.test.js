// Policy selection as schema/filter-config.v1.schema.json describes it: Envoy's route name
// first, then host and path, then the default policy.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { config, startFilter, chosenPolicy } from "./support.js";

let host;
before(async () => {
  host = await startFilter(
    config({
      policies: [
        { name: "default", mode: "secured" },
        { name: "shop", mode: "secured" },
        { name: "api", mode: "secured" },
        { name: "wild", mode: "secured" },
        { name: "named", mode: "unsecured" },
      ],
      routes: [
        { name: "by-name", policy: "named", routeNames: ["exact-route"], routeNamePrefixes: ["httproute/ns/named/"] },
        { name: "api", policy: "api", hosts: ["shop.example.com"], pathPrefixes: ["/api"] },
        { name: "shop", policy: "shop", hosts: ["shop.example.com"] },
        { name: "wild", policy: "wild", hosts: ["*.example.org"] },
      ],
    }),
    { logLevel: "debug" },
  );
});
after(() => host.close());

const route = (name) => ({ "xds.route_name": name });

test("Envoy's route name wins over host and path", async () => {
  const p = await chosenPolicy(host, { authority: "shop.example.com", path: "/api/x", properties: route("exact-route") });
  assert.deepEqual([p.route, p.policy], ["by-name", "named"]);
});

test("route name prefixes select (Envoy Gateway names routes httproute/<ns>/<name>/rule/...)", async () => {
  const p = await chosenPolicy(host, { properties: route("httproute/ns/named/rule/0/match/0/shop_example_com") });
  assert.equal(p.policy, "named");
  const other = await chosenPolicy(host, { properties: route("httproute/ns/namedother/rule/0") });
  assert.equal(other.policy, "default");
});

test("an unknown route name falls back to host and path", async () => {
  const p = await chosenPolicy(host, { authority: "shop.example.com", path: "/api/v1", properties: route("something-else") });
  assert.equal(p.policy, "api");
});

test("path prefixes match whole segments", async () => {
  assert.equal((await chosenPolicy(host, { authority: "shop.example.com", path: "/api" })).policy, "api");
  assert.equal((await chosenPolicy(host, { authority: "shop.example.com", path: "/api/" })).policy, "api");
  assert.equal((await chosenPolicy(host, { authority: "shop.example.com", path: "/api?x=1" })).policy, "api");
  assert.equal((await chosenPolicy(host, { authority: "shop.example.com", path: "/apix" })).policy, "shop");
  assert.equal((await chosenPolicy(host, { authority: "shop.example.com", path: "/API/x" })).policy, "shop", "case-sensitive");
});

test("hosts compare case-insensitively without the port", async () => {
  assert.equal((await chosenPolicy(host, { authority: "SHOP.Example.COM:8443", path: "/" })).policy, "shop");
  assert.equal((await chosenPolicy(host, { authority: "shop.example.com.evil", path: "/" })).policy, "default");
});

test("a wildcard host matches one or more labels, never the bare domain", async () => {
  assert.equal((await chosenPolicy(host, { authority: "a.example.org" })).policy, "wild");
  assert.equal((await chosenPolicy(host, { authority: "a.b.example.org" })).policy, "wild");
  assert.equal((await chosenPolicy(host, { authority: "example.org" })).policy, "default");
  assert.equal((await chosenPolicy(host, { authority: "badexample.org" })).policy, "default");
});

test("requests no route selects get the default policy", async () => {
  const p = await chosenPolicy(host, { authority: "other.example.net", path: "/api" });
  assert.deepEqual([p.route, p.policy], ["-", "default"]);
});

test("an unsecured policy is counted and passes uninspected", async () => {
  const metric = () => host.metrics.find((m) => m.name === "bulwark_requests_unsecured_total")?.value ?? 0;
  const before = metric();
  const r = await host.simulate({ method: "GET", path: "/", authority: "x", properties: route("exact-route") });
  assert.equal(r.status, 200);
  assert.equal(metric(), before + 1);
});
