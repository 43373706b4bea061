// Logs go to Envoy's log through proxy_log. They must never carry secrets: no query
// strings, cookies or authorization values, whatever the log level.
import { test } from "node:test";
import assert from "node:assert/strict";
import { config, startFilter } from "./support.js";

const secretRequest = {
  method: "POST",
  path: "/login/step?password=hunter2&token=tok-123",
  authority: "example.com",
  headers: {
    cookie: "session=cookie-secret-1; other=cookie-secret-2",
    authorization: "Bearer bearer-secret-3",
    "content-type": "application/x-www-form-urlencoded",
  },
  body: "user=ada&password=body-secret-4",
};
const secrets = ["hunter2", "tok-123", "cookie-secret-1", "cookie-secret-2", "bearer-secret-3", "body-secret-4"];

test("debug logging describes the request without secrets", async () => {
  const host = await startFilter(config(), { logLevel: "trace" });
  try {
    const r = await host.simulate(secretRequest);
    const text = r.logs.map((l) => l.message).join("\n");
    assert.match(text, /method=POST path=\/login\/step(\s|$)/, "the debug line is there");
    for (const s of secrets) assert.ok(!host.logs.some((l) => l.message.includes(s)), `log leaks ${s}`);
  } finally {
    host.close();
  }
});

test("at info level the filter writes no per-request lines", async () => {
  const host = await startFilter(config(), { logLevel: "info" });
  try {
    const r = await host.simulate(secretRequest);
    assert.deepEqual(r.logs, []);
  } finally {
    host.close();
  }
});

test("control characters from the request are neutralised in log lines", async () => {
  const host = await startFilter(config(), { logLevel: "debug" });
  try {
    const r = await host.simulate({ method: "GET", path: "/a%0d%0afake=1\u0007", authority: "example.com" });
    const line = r.logs.map((l) => l.message).find((m) => m.includes("path="));
    assert.ok(line, "a debug line");
    assert.doesNotMatch(line, /[\u0000-\u001f\u007f]/);
  } finally {
    host.close();
  }
});
