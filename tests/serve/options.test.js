import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { normalizeOptions, parseHostPort, parseUpstream, parseWorkers, parseLogLevel, parseTimeout } from "../../src/serve/options.js";

test("HOST:PORT forms", () => {
  assert.deepEqual(parseHostPort("127.0.0.1:8080", "--listen"), { host: "127.0.0.1", port: 8080 });
  assert.deepEqual(parseHostPort("localhost:0", "--listen"), { host: "localhost", port: 0 });
  assert.deepEqual(parseHostPort("[::1]:9901", "--admin"), { host: "::1", port: 9901 });
  assert.deepEqual(parseHostPort("8081", "--listen"), { host: "127.0.0.1", port: 8081 });
});

test("bad HOST:PORT names the flag and the value", () => {
  for (const bad of ["", "localhost", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:80x", "::1:80", "a b:80", ":80"]) {
    assert.throws(() => parseHostPort(bad, "--listen"), (err) => err.userError === true && err.message.startsWith("--listen"), bad);
  }
});

test("upstream must be a bare http(s) origin", () => {
  assert.equal(parseUpstream("http://127.0.0.1:3000").host, "127.0.0.1:3000");
  assert.equal(parseUpstream("https://app.internal/").protocol, "https:");
  for (const [bad, words] of [
    [undefined, /required/],
    ["not a url", /not a valid URL/],
    ["ftp://x:21", /scheme must be http or https/],
    ["http://u:p@h:1", /credentials/],
    ["http://h:1/api", /only scheme, host and port/],
    ["http://h:1/?a=1", /only scheme, host and port/],
  ]) {
    assert.throws(() => parseUpstream(bad), (err) => err.userError && /--upstream/.test(err.message) && words.test(err.message), String(bad));
  }
});

test("workers, log level and timeout validation", () => {
  assert.equal(parseWorkers("2"), 2);
  for (const bad of ["0", "-1", "1.5", "two", "", "100000"]) {
    assert.throws(() => parseWorkers(bad), /--workers/, bad);
  }
  assert.equal(parseLogLevel("DEBUG"), "debug");
  assert.throws(() => parseLogLevel("verbose"), /--log-level "verbose": expected one of trace, debug/);
  assert.equal(parseTimeout("250"), 250);
  assert.throws(() => parseTimeout("0"), /--upstream-timeout/);
});

test("normalizeOptions: defaults, missing wasm hint, exclusive sources", () => {
  const dir = mkdtempSync(join(tmpdir(), "bulwark-opts-"));
  const wasm = join(dir, "f.wasm");
  writeFileSync(wasm, "");
  const cfg = join(dir, "c.json");
  writeFileSync(cfg, "{}");
  const o = normalizeOptions({ upstream: "http://127.0.0.1:1", wasm, cwd: dir });
  assert.deepEqual(o.listen, { host: "127.0.0.1", port: 8080 });
  assert.deepEqual(o.admin, { host: "127.0.0.1", port: 9901 });
  assert.equal(o.workers, 1);
  assert.equal(o.logLevel, "info");
  assert.equal(o.upstreamTimeoutMs, 15000);
  assert.equal(o.preserveExternalRequestId, false);
  assert.equal(normalizeOptions({ upstream: "http://h:1", wasm: "f.wasm", cwd: dir, admin: false }).admin, null);

  assert.throws(() => normalizeOptions({ upstream: "http://h:1", wasm: "missing.wasm", cwd: dir }), /--wasm: filter module .*missing\.wasm not found/);
  assert.throws(() => normalizeOptions({ upstream: "http://h:1", wasm, cwd: dir, policies: ["nope"] }), /--policies nope: no such file or directory/);
  assert.throws(() => normalizeOptions({ upstream: "http://h:1", wasm, cwd: dir, policies: [dir], configFile: cfg }), /--policies and --config cannot be combined/);
});

test("--cluster NAME=URL and --route-name", async () => {
  const { parseClusters, parseRouteName } = await import("../../src/serve/options.js");
  assert.deepEqual({ ...parseClusters(["jwks=http://127.0.0.1:8081", "idp=https://idp.example"]) },
    { jwks: "http://127.0.0.1:8081", idp: "https://idp.example" });
  assert.throws(() => parseClusters(["jwks"]), /--cluster "jwks": expected NAME=URL/);
  assert.throws(() => parseClusters(["a=http://h:1", "a=http://h:2"]), /--cluster a: given twice/);
  assert.throws(() => parseClusters(["a=ftp://h"]), /--cluster a "ftp:\/\/h": scheme must be http or https/);
  assert.equal(parseRouteName("httproute/demo/demo/rule/0"), "httproute/demo/demo/rule/0");
  assert.throws(() => parseRouteName(""), /--route-name/);
});
