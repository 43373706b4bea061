// `bulwark demo` (npm start): the freshness check that decides whether to build, and a real run.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import { buildReason } from "../../src/cli/demo.js";
import { request } from "./support/harness.js";

const BIN = fileURLToPath(new URL("../../bin/bulwark.js", import.meta.url));
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

test("build needed when the module is missing or older than any assembly/ file", () => {
  const dir = mkdtempSync(join(tmpdir(), "bulwark-demo-"));
  const src = join(dir, "assembly");
  mkdirSync(join(src, "deep", "er"), { recursive: true });
  const wasm = join(dir, "bulwark.wasm");
  assert.match(buildReason(wasm, src), /is missing/);
  const old = new Date(Date.now() - 60_000);
  const older = new Date(Date.now() - 120_000);
  writeFileSync(join(src, "main.ts"), "");
  writeFileSync(join(src, "deep", "er", "x.ts"), "");
  utimesSync(join(src, "main.ts"), older, older);
  utimesSync(join(src, "deep", "er", "x.ts"), older, older);
  writeFileSync(wasm, "");
  utimesSync(wasm, old, old);
  assert.equal(buildReason(wasm, src), null);
  const now = new Date();
  utimesSync(join(src, "deep", "er", "x.ts"), now, now);
  assert.match(buildReason(wasm, src), /deep\/er\/x\.ts is newer than/);
});

test("demo starts backend and proxy, prints curl lines that work, stops on Ctrl-C", async () => {
  const child = spawn(process.execPath, [BIN, "demo", "--skip-build", "--port", "0", "--admin-port", "0"], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (err += d));
  const exited = new Promise((r) => child.on("exit", (code, signal) => r({ code, signal })));
  try {
    while (!/Access log/.test(out)) {
      const early = await Promise.race([exited, new Promise((r) => setTimeout(() => r(null), 20))]);
      if (early) assert.fail(`demo exited early (${early.code}): ${err}${out}`);
    }
    const proxy = /^proxy: (http:\/\/127\.0\.0\.1:\d+) -> (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
    assert.ok(proxy, out);
    assert.match(out, /config: policies compiled from .*policies/);
    const benign = /curl -i '(http:[^']+)'\n\s+# passes/.exec(out);
    assert.ok(benign, out);
    assert.ok(benign[1].startsWith(proxy[1].replace("127.0.0.1", "localhost")));
    const r = await request(benign[1].replace("localhost", "127.0.0.1"), { headers: { host: new URL(benign[1]).host } });
    assert.equal(r.status, 200);
    assert.equal(r.json.path, "/hello");
    // Either a request the filter blocks (verified by the demo against the filter), or the note.
    assert.match(out, /# blocked by the filter: \d{3}|attack blocking comes with the deny rules/);
    child.kill("SIGINT");
    const exit = await exited;
    assert.equal(exit.code, 0, err);
  } finally {
    child.kill("SIGKILL");
  }
});

test("the demo's blocked example is found by running the candidates through the real host", async (t) => {
  const { existsSync } = await import("node:fs");
  const { findBlockedExample, ATTACK_EXAMPLES } = await import("../../src/demo/examples.js");
  const fixture = fileURLToPath(new URL("../../build/fixtures/conformance.wasm", import.meta.url));
  if (!existsSync(fixture)) return t.skip("build/fixtures/conformance.wasm missing");
  // The conformance module blocks every request when told to by its configuration script.
  const blockAll = await findBlockedExample(null, { wasm: fixture, pluginConfig: "request_headers local|403|no|probe_block" });
  assert.equal(blockAll.example, ATTACK_EXAMPLES[0]);
  assert.equal(blockAll.status, 403);
  assert.equal(blockAll.details, "probe_block");
  assert.equal(await findBlockedExample(null, { wasm: fixture, pluginConfig: "" }), null);
  // Every candidate's curl line targets the proxy it is given.
  for (const e of ATTACK_EXAMPLES) assert.match(e.curl("http://localhost:8080"), /'http:\/\/localhost:8080\//);
});
