// The demo backend, over real sockets.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import http from "node:http";
import { after, before, test } from "node:test";
import { startBackend } from "../../src/demo/backend.js";

let backend;
before(async () => {
  backend = await startBackend({ port: 0 });
});
after(() => backend.close());

function request(path, { method = "GET", headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(`${backend.url}${path}`, { method, headers }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

test("echoes method, path, query, headers and body digest", async () => {
  const body = "hello body";
  const r = await request("/a/b?x=1&x=2&y=3&__proto__=p", { method: "POST", headers: { "x-demo": "yes" }, body });
  assert.equal(r.status, 200);
  assert.equal(r.headers["content-type"], "application/json");
  const echo = JSON.parse(r.body);
  assert.equal(echo.method, "POST");
  assert.equal(echo.path, "/a/b");
  assert.deepEqual(echo.query, { x: ["1", "2"], y: "3", ["__proto__"]: "p" });
  assert.equal(echo.headers["x-demo"], "yes");
  assert.deepEqual(echo.body, { length: body.length, sha256: createHash("sha256").update(body).digest("hex") });
});

test("/status/<code> answers that code", async () => {
  assert.equal((await request("/status/418")).status, 418);
  const r = await request("/status/204");
  assert.equal(r.status, 204);
  assert.equal(r.body.length, 0);
  assert.equal((await request("/status/999")).status, 400);
});

test("/headers sets response headers from the query", async () => {
  const r = await request("/headers?x-one=1&set-cookie=a%3D1&set-cookie=b%3D2");
  assert.equal(r.headers["x-one"], "1");
  assert.deepEqual(r.headers["set-cookie"], ["a=1", "b=2"]);
  assert.equal((await request("/headers?bad%20name=1")).status, 400);
});

test("a large streamed body is hashed without being held", async () => {
  const chunk = Buffer.alloc(1 << 20, 7);
  const hash = createHash("sha256");
  const r = await new Promise((resolve, reject) => {
    const req = http.request(`${backend.url}/upload`, { method: "PUT" }, (res) => {
      let s = "";
      res.on("data", (c) => (s += c));
      res.on("end", () => resolve(JSON.parse(s)));
    });
    req.on("error", reject);
    let n = 0;
    const write = () => {
      while (n < 32) {
        n++;
        hash.update(chunk);
        if (!req.write(chunk)) return req.once("drain", write);
      }
      req.end();
    };
    write();
  });
  assert.deepEqual(r.body, { length: 32 << 20, sha256: hash.digest("hex") });
});

test("/bytes/<n> streams n bytes", async () => {
  const r = await request("/bytes/200000");
  assert.equal(r.status, 200);
  assert.equal(r.body.length, 200000);
});
