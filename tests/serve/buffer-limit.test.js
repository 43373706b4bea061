// bulwark serve gives the host the same per-connection buffer limit the generated Envoy
// configuration gets, so a JSON body within the policy's json.bodySize is parsed and judged by
// the filter instead of hitting the host's default 1 MiB buffer (Envoy's 413).
import { test } from "node:test";
import assert from "node:assert/strict";
import { defaultConfig } from "../../src/compiler/index.js";
import { startStack, request } from "./support/harness.js";

function configWithJsonBodySize(bytes) {
  const config = defaultConfig();
  config.policies[0].limits.json.bodySize = bytes;
  config.policies[0].limits.json.valueLength = 0;
  return config;
}

const body = JSON.stringify({ blob: "x".repeat(1536 * 1024) }); // 1.5 MiB

test("a 1.5 MiB JSON body under a 2 MiB json.bodySize reaches the upstream", async () => {
  const stack = await startStack({ config: configWithJsonBodySize(2 * 1024 * 1024) });
  try {
    assert.ok(stack.server.host.bufferLimitBytes > 2 * 1024 * 1024);
    const res = await request(`${stack.server.url}/api`, { method: "POST", headers: { "content-type": "application/json" }, body });
    assert.equal(res.status, 200);
    assert.equal(res.json.body.length, Buffer.byteLength(body));
  } finally {
    await stack.close();
  }
});

test("the same body over a 1 MiB json.bodySize is refused by the filter's limit, not by the buffer", async () => {
  const stack = await startStack({ config: configWithJsonBodySize(1024 * 1024) });
  try {
    const res = await request(`${stack.server.url}/api`, { method: "POST", headers: { "content-type": "application/json", accept: "application/json" }, body });
    assert.equal(res.status, 400);
    assert.equal(res.json.error, "request blocked");
  } finally {
    await stack.close();
  }
});
