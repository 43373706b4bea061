// Runs the real Envoy from docker-compose.yml when a Docker engine is available. On machines
// without one (these development machines and CI have none) the test is skipped and says why.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { request } from "node:http";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

function dockerAvailable() {
  const probe = spawnSync("docker", ["info", "--format", "{{.ServerVersion}}"], { encoding: "utf8", timeout: 15000 });
  if (probe.error) return `no docker command (${probe.error.code})`;
  if (probe.status !== 0) return `docker engine not reachable: ${(probe.stderr || "").trim().split("\n")[0]}`;
  const compose = spawnSync("docker", ["compose", "version"], { encoding: "utf8", timeout: 15000 });
  if (compose.status !== 0) return "docker compose plugin missing";
  return null;
}

const why = dockerAvailable();
const skip = why ? `Envoy test skipped: ${why}` : false;

test("real Envoy loads build/bulwark.wasm and proxies to the demo backend", { skip, timeout: 300000 }, async () => {
  assert.ok(existsSync(`${root}/build/bulwark.wasm`), "run `npm run build` first");
  const compose = (...args) => spawnSync("docker", ["compose", ...args], { cwd: root, encoding: "utf8", timeout: 240000 });
  const up = compose("up", "-d", "--wait");
  assert.equal(up.status, 0, up.stderr);
  try {
    let res;
    for (let i = 0; i < 60; i++) {
      try {
        // The demo HTTPRoute serves host localhost (envoy-configs/gateway.yaml, policies/demo).
        res = await new Promise((resolve, reject) => {
          const req = request({ host: "127.0.0.1", port: 10000, path: "/hello?x=1", headers: { host: "localhost:10000" } }, (r) => {
            let body = "";
            r.on("data", (d) => (body += d));
            r.on("end", () => resolve({ status: r.statusCode, json: async () => JSON.parse(body) }));
          });
          req.on("error", reject);
          req.end();
        });
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
    assert.ok(res, "Envoy did not answer on :10000");
    assert.equal(res.status, 200);
    const echo = await res.json();
    assert.equal(echo.path, "/hello");
    const stats = await (await fetch("http://127.0.0.1:9901/stats?filter=wasm")).text();
    assert.doesNotMatch(stats, /wasm.*(failed|fail_open)\S*: [1-9]/, "the wasm VM must not have failed");
  } finally {
    compose("down", "-v");
  }
});
