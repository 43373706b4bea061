// Loading a module as Envoy does: ABI marker, required exports, refused imports, lifecycle order.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { ProxyWasmHost, HostLoadError, ConfigureError } from "../../host/index.js";
import { fixture, conformance, obs } from "./support.js";

test("a module importing functions Envoy does not provide is refused, listing every one", async () => {
  await assert.rejects(ProxyWasmHost.create({ wasm: fixture("missing-import") }), (err) => {
    assert.ok(err instanceof HostLoadError);
    assert.deepEqual([...err.missingImports].sort(), [
      "env.proxy_does_not_exist",
      "env.proxy_get_configuration",
      "wasi_snapshot_preview1.sock_open_nonexistent",
    ]);
    assert.match(err.message, /proxy_does_not_exist/);
    return true;
  });
});

test("a module without the ABI marker, memory or allocator is refused with the missing exports", async () => {
  // (module (func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32) i32.const 0))
  const name = Buffer.from("proxy_on_request_headers");
  const bytes = Buffer.concat([
    Buffer.from("0061736d01000000", "hex"),
    Buffer.from("0108016003" + "7f7f7f017f", "hex"), // type section
    Buffer.from("03020100", "hex"), // function section
    Buffer.from([0x07, name.length + 4, 0x01, name.length]), name, Buffer.from([0x00, 0x00]), // export section
    Buffer.from("0a060104004100" + "0b", "hex"), // code section
  ]);
  await assert.rejects(ProxyWasmHost.create({ wasm: bytes }), (err) => {
    assert.ok(err instanceof HostLoadError);
    assert.equal(err.missingExports.length, 3);
    assert.match(err.missingExports.join(" "), /proxy_abi_version_0_2_1/);
    assert.match(err.missingExports.join(" "), /memory/);
    assert.match(err.missingExports.join(" "), /malloc/);
    return true;
  });
});

test("accepts a Buffer, a path or a compiled WebAssembly.Module", async () => {
  const bytes = readFileSync(fixture("passthrough"));
  for (const wasm of [bytes, fixture("passthrough"), new WebAssembly.Module(bytes)]) {
    const host = await ProxyWasmHost.create({ wasm });
    const r = await host.simulate({ path: "/" });
    assert.equal(r.status, 200);
    host.close();
  }
});

test("accepts ABI 0.2.0 modules that use malloc instead of proxy_on_memory_allocate", async () => {
  const host = await ProxyWasmHost.create({ wasm: fixture("trap") });
  assert.equal(host.abi, "proxy_abi_version_0_2_0");
  const r = await host.simulate({ path: "/", headers: { "x-trap": "no" } });
  assert.equal(r.status, 200);
});

test("startup runs Envoy's order: root context, vm_start with the VM config, configure with the plugin config", async () => {
  // The fixture takes vm_start commands from the VM configuration.
  const vmConfig = "vm_start read-vm-config";
  const host = await conformance(["configure read-plugin-config"], { vmConfig });
  const lines = obs(host.logs);
  assert.deepEqual(lines.slice(0, 5), [
    "root-created 1",
    `vm_start size=${vmConfig.length}`,
    `vm-config ${vmConfig}`,
    `configure size=${"configure read-plugin-config".length}`,
    "plugin-config configure read-plugin-config",
  ]);
});

test("the plugin configuration buffer is only readable during proxy_on_configure", async () => {
  const host = await conformance(["request_headers body|7|0|100"]);
  const r = await host.simulate({});
  assert.match(obs(r.logs).find((l) => l.startsWith("body 7")), /^body 7 rc=1 /); // NotFound
});

test("a stream runs create, headers, body, response, then log, done, delete (Envoy's HCM order)", async () => {
  const host = await conformance();
  const r = await host.simulate({ method: "POST", body: "abc", upstream: { status: 200, body: "xyz" } });
  const order = obs(r.logs).map((l) => l.split(" ")[0]);
  assert.deepEqual(order, ["stream-created", "request_headers", "request_body", "response_headers", "response_body", "log", "done", "delete"]);
  assert.match(obs(r.logs)[0], /^stream-created \d+ parent=1$/);
});

test("proxy_on_vm_start/proxy_on_configure returning false raises ConfigureError with the logs", async () => {
  await assert.rejects(conformance(["configure log|4|bad config: field x", "configure return|0"]), (err) => {
    assert.ok(err instanceof ConfigureError);
    assert.ok(err.logs.some((l) => l.message === "bad config: field x" && l.levelName === "error"));
    return true;
  });
  await assert.rejects(conformance([], { vmConfig: "vm_start return|0" }), ConfigureError);
});

test("several VMs: each has its own contexts, streams are spread round-robin", async () => {
  const host = await conformance(["request_headers prop|plugin_vm_id"], { vms: 3 });
  assert.equal(host.vms.length, 3);
  const seen = [];
  for (let i = 0; i < 6; i++) {
    const r = await host.simulate({});
    seen.push(r.logs[0].vm);
  }
  assert.deepEqual(seen, [0, 1, 2, 0, 1, 2]);
  // every VM got its own root context with id 1
  assert.deepEqual(host.vmStatus().map((v) => v.rootContextId), [1, 1, 1]);
});

test("option errors name the option", async () => {
  await assert.rejects(ProxyWasmHost.create({ wasm: fixture("passthrough"), vms: 0 }), /vms: expected an integer >= 1/);
  await assert.rejects(ProxyWasmHost.create({ wasm: fixture("passthrough"), logLevel: "loud" }), /logLevel: expected one of/);
  await assert.rejects(ProxyWasmHost.create({ wasm: fixture("passthrough"), failurePolicy: "MAYBE" }), /failurePolicy/);
});

test("proxy_clear_route_cache is ABI 0.1.0 only: refused by default, linked on request", async () => {
  await assert.rejects(ProxyWasmHost.create({ wasm: fixture("clear-route-cache") }), (err) => {
    assert.deepEqual(err.missingImports, ["env.proxy_clear_route_cache"]);
    return true;
  });
  const host = await ProxyWasmHost.create({ wasm: fixture("clear-route-cache"), exposeClearRouteCache: true });
  const r = await host.simulate({});
  assert.equal(r.status, 200);
  assert.equal(r.stream.routeCacheClears, 1);
});

test("bytes that are not WebAssembly are a HostLoadError", async () => {
  await assert.rejects(ProxyWasmHost.create({ wasm: Buffer.from("not wasm") }), (err) => err instanceof HostLoadError && /not a valid WebAssembly module/.test(err.message));
});
