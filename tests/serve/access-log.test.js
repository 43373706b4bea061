import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { accessLogRecord, loggablePath, openAccessLog } from "../../src/serve/access-log.js";

test("the logged path drops the query and is bounded", () => {
  assert.equal(loggablePath("/a/b?token=s3cret&x=1"), "/a/b");
  assert.equal(loggablePath("/plain"), "/plain");
  const long = loggablePath(`/${"a".repeat(10000)}`);
  assert.equal(long.length, 2048 + 3);
});

test("record has exactly the documented fields", () => {
  const r = accessLogRecord({
    startWall: Date.UTC(2026, 0, 2, 3, 4, 5), requestId: "id", client: "127.0.0.1:5", worker: 0, method: "GET",
    path: "/x?secret=1", protocol: "HTTP/1.1", status: 403, bytesIn: 1, bytesOut: 2, durationMs: 1.23456,
    upstreamMs: null, localReply: true, localReplyDetails: "bulwark_denied", flags: [], cookie: "must-not-appear",
  });
  assert.deepEqual(Object.keys(r), ["time", "requestId", "client", "worker", "method", "path", "protocol", "status", "bytesIn",
    "bytesOut", "durationMs", "upstreamMs", "localReply", "localReplyDetails", "flags"]);
  assert.equal(r.time, "2026-01-02T03:04:05.000Z");
  assert.equal(r.path, "/x");
  assert.equal(r.durationMs, 1.235);
  assert.ok(!JSON.stringify(r).includes("must-not-appear"));
});

test("file target appends JSON lines; unwritable target is a clear error", async () => {
  const dir = mkdtempSync(join(tmpdir(), "bulwark-log-"));
  const file = join(dir, "access.log");
  const log = openAccessLog(file);
  log.write({ a: 1 });
  log.write({ b: 2 });
  await log.close();
  assert.deepEqual(readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l)), [{ a: 1 }, { b: 2 }]);
  assert.throws(() => openAccessLog(join(dir, "no", "such", "dir.log")), /--access-log .*cannot open/);
});
