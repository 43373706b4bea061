// `bulwark serve` as a user runs it: a child process, its exit code, stderr and stdout.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import { startBackend } from "../../src/demo/backend.js";
import { request } from "./support/harness.js";

const BIN = fileURLToPath(new URL("../../bin/bulwark.js", import.meta.url));
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Runs the CLI to completion. */
function run(args, { timeoutMs = 20000 } = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Starts the CLI and resolves once it has printed its listening banner. */
function startCli(args) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  const out = { stdout: "", stderr: "", child };
  child.stdout.on("data", (d) => (out.stdout += d));
  child.stderr.on("data", (d) => (out.stderr += d));
  out.exited = new Promise((r) => child.on("exit", (code, signal) => r({ code, signal })));
  out.ready = new Promise((resolve, reject) => {
    const check = () => {
      const m = /listening on (http:\/\/[^\s]+)/.exec(out.stderr);
      const admin = /admin:\s+(http:\/\/[^\s/]+)/.exec(out.stderr);
      if (m && admin) resolve({ url: m[1], adminUrl: admin[1] });
    };
    child.stderr.on("data", check);
    out.exited.then((e) => reject(new Error(`exited early (${e.code}): ${out.stderr}`)));
  });
  out.waitFor = async (re) => {
    while (!re.test(out.stderr + out.stdout)) await new Promise((r) => setTimeout(r, 10));
  };
  return out;
}

const UP = "http://127.0.0.1:1";

test("bad flags exit 1 with a message naming the flag", async () => {
  const cases = [
    [["serve", "--nope"], /unknown option '--nope'/],
    [["serve"], /--upstream is required/],
    [["serve", "--upstream", "localhost:3000"], /--upstream .*scheme must be http or https|--upstream .*not a valid URL/],
    [["serve", "--upstream", "http://x:1/path"], /--upstream .*only scheme, host and port/],
    [["serve", "--upstream", UP, "--listen", "nowhere"], /--listen "nowhere": expected HOST:PORT/],
    [["serve", "--upstream", UP, "--admin", "127.0.0.1:99999"], /--admin .*port must be an integer/],
    [["serve", "--upstream", UP, "--workers", "0"], /--workers "0": must be a positive integer/],
    [["serve", "--upstream", UP, "--workers", "two"], /--workers "two"/],
    [["serve", "--upstream", UP, "--log-level", "loud"], /--log-level "loud"/],
    [["serve", "--upstream", UP, "--wasm", "build/missing.wasm"], /--wasm: filter module .*missing\.wasm not found .*npm run build/],
    [["serve", "--upstream", UP, "--policies", "policies", "--config", "package.json"], /--policies and --config cannot be combined/],
  ];
  for (const [args, re] of cases) {
    const r = await run(args);
    assert.equal(r.code, 1, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, re, args.join(" "));
    assert.doesNotMatch(r.stderr, /^\s+at /m, "no stack trace for user errors");
  }
});

test("a policy error exits 1 before listening, naming file and field", async () => {
  const dir = mkdtempSync(join(tmpdir(), "bulwark-cli-"));
  const file = join(dir, "bad.yaml");
  writeFileSync(file, [
    "apiVersion: bulwark.dev/v1alpha1",
    "kind: ContentSecurityPolicy",
    "metadata: { name: broken, namespace: demo }",
    "spec:",
    "  targetRefs:",
    "    - { group: gateway.networking.k8s.io, kind: HTTPRoute, name: demo }",
    "  secured:",
    "    parserRef: 7",
    "",
  ].join("\n"));
  const r = await run(["serve", "--upstream", UP, "--policies", file, "--listen", "127.0.0.1:0", "--admin", "127.0.0.1:0"]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /policies do not compile/);
  assert.match(r.stderr, /bad\.yaml:8 \(document 1, ContentSecurityPolicy demo\/broken\): spec\.secured\.parserRef: /);
  assert.doesNotMatch(r.stderr, /listening on/);
});

test("a --config file that is not JSON is a start-up error", async () => {
  const dir = mkdtempSync(join(tmpdir(), "bulwark-cli-"));
  const file = join(dir, "c.json");
  writeFileSync(file, "{ not json");
  const r = await run(["serve", "--upstream", UP, "--config", file, "--listen", "127.0.0.1:0", "--admin", "127.0.0.1:0"]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /--config .*c\.json: not valid JSON/);
});

test("a --config the filter rejects exits 1 showing the filter's log line", async () => {
  const dir = mkdtempSync(join(tmpdir(), "bulwark-cli-"));
  const file = join(dir, "c.json");
  writeFileSync(file, JSON.stringify({ version: 1, policies: [{ name: "a", mode: "secured" }], defaultPolicy: "a", surprise: true }));
  const r = await run(["serve", "--upstream", UP, "--config", file, "--listen", "127.0.0.1:0", "--admin", "127.0.0.1:0"]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /the filter rejected its configuration:\n.*surprise/);
  assert.doesNotMatch(r.stderr, /listening on/);
});

test("port in use exits 1", async () => {
  const blocker = net.createServer();
  await new Promise((r) => blocker.listen(0, "127.0.0.1", r));
  try {
    const r = await run(["serve", "--upstream", UP, "--listen", `127.0.0.1:${blocker.address().port}`, "--admin", "127.0.0.1:0"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /cannot listen: address already in use/);
  } finally {
    blocker.close();
  }
});

test("serves, logs to stdout, reloads on SIGHUP and exits 0 on SIGTERM", async () => {
  const backend = await startBackend({ port: 0 });
  const cli = startCli(["serve", "--upstream", backend.url, "--listen", "127.0.0.1:0", "--admin", "127.0.0.1:0"]);
  try {
    const { url, adminUrl } = await cli.ready;
    assert.match(cli.stderr, /config:\s+no --policies or --config given: protecting with every feature's default settings/);
    const r = await request(`${url}/cli?secret=abc`);
    assert.equal(r.status, 200);
    await cli.waitFor(/"path":"\/cli"/);
    const line = JSON.parse(cli.stdout.trim().split("\n").at(-1));
    assert.equal(line.path, "/cli");
    assert.equal(line.status, 200);
    assert.ok(!cli.stdout.includes("secret=abc"));
    assert.equal((await request(`${adminUrl}/ready`)).status, 200);

    cli.child.kill("SIGHUP");
    await cli.waitFor(/configuration reloaded|reload failed/);
    assert.match(cli.stderr, /configuration reloaded/);

    cli.child.kill("SIGTERM");
    const exit = await cli.exited;
    assert.equal(exit.code, 0);
  } finally {
    cli.child.kill("SIGKILL");
    await backend.close();
  }
});
