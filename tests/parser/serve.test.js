// The Parser options over real sockets through `bulwark serve` and the demo backend: which bodies
// are parsed (and so limited and refused when unreadable) and which pass as opaque bytes.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startStack, request } from "../serve/support/harness.js";
import { configWith } from "../limits/support.js";

const deep = "[".repeat(20) + "]".repeat(20);
let stack;
before(async () => {
  stack = await startStack({ config: configWith() });
});
after(() => stack.close());

async function use(edit) {
  const r = await stack.server.reload({
    config: configWith((s) => {
      s.limits.json.nestingDepth = 5;
      s.limits.parameter.valueLength = 3;
      edit(s);
    }),
  });
  assert.equal(r.ok, true, JSON.stringify(r.logs));
}

const post = (path, body, headers = {}, method = "POST") =>
  request(`${stack.server.url}${path}`, { method, headers: { host: "shop.example.com", ...headers }, body });

test("default patterns: JSON, form and multipart bodies are parsed; other types are not", async () => {
  await use(() => {});
  assert.equal((await post("/j", deep, { "content-type": "application/json" })).status, 400);
  assert.equal((await post("/j", deep, { "content-type": "application/vnd.api+json" })).status, 400);
  assert.equal((await post("/f", "a=abcdef", { "content-type": "application/x-www-form-urlencoded" })).status, 400);
  const mp = '--B\r\ncontent-disposition: form-data; name="a"\r\n\r\nabcdef\r\n--B--\r\n';
  assert.equal((await post("/m", mp, { "content-type": "multipart/form-data; boundary=B" })).status, 400);
  const opaque = await post("/o", deep, { "content-type": "application/octet-stream" });
  assert.equal(opaque.status, 200);
  assert.equal(opaque.json.body.length, deep.length);
});

test("unreadable bodies are refused with the parser reason, in the requested format", async () => {
  await use(() => {});
  const r = await post("/j", '{"a":', { "content-type": "application/json", accept: "text/html" });
  assert.equal(r.status, 400);
  assert.match(r.headers["content-type"], /^text\/html/);
  assert.doesNotMatch(r.body.toString(), /"a"/, "nothing of the request is echoed");
  const bad = await post("/f", "a=%zz", { "content-type": "application/x-www-form-urlencoded" });
  assert.equal(bad.status, 400);
  const noBoundary = await post("/m", "--x--", { "content-type": "multipart/form-data" });
  assert.equal(noBoundary.status, 400);
});

test("a disabled parser lets its bodies through unparsed", async () => {
  await use((s) => { s.parser.json.enable = false; });
  assert.equal((await post("/j", deep, { "content-type": "application/json" })).status, 200);
  assert.equal((await post("/j", '{"a":', { "content-type": "application/json" })).status, 200);
});

test("a custom mediaTypePattern must match the whole media type", async () => {
  await use((s) => { s.parser.json.mediaTypePattern = "application/(json|x-amz-json-1\\.1)"; });
  assert.equal((await post("/j", deep, { "content-type": "application/x-amz-json-1.1" })).status, 400);
  assert.equal((await post("/j", deep, { "content-type": "application/vnd.api+json" })).status, 200, "no longer matched");
});

test("defaultContentType is injected for a body without Content-Type and reaches the backend", async () => {
  await use(() => {});
  const ok = await request(`${stack.server.url}/f`, { method: "POST", headers: { host: "shop.example.com" }, body: "a=abc" });
  assert.equal(ok.status, 200);
  assert.equal(ok.json.headers["content-type"], "application/x-www-form-urlencoded");
  const blocked = await request(`${stack.server.url}/f`, { method: "POST", headers: { host: "shop.example.com" }, body: "a=abcdef" });
  assert.equal(blocked.status, 400);
});

test("custom rules force a parser or skip parsing", async () => {
  await use((s) => {
    s.parser.rules = [
      { requestConditions: { methods: ["PUT"], path: { prefix: "/upload/raw/" } }, action: "skip" },
      { requestConditions: { mediaType: { exact: "text/plain" }, path: { prefix: "/api/" } }, action: "json" },
    ];
  });
  assert.equal((await post("/upload/raw/a", deep, { "content-type": "application/json" }, "PUT")).status, 200, "skipped");
  assert.equal((await post("/upload/raw/a", deep, { "content-type": "application/json" })).status, 400, "POST is not skipped");
  assert.equal((await post("/api/x", deep, { "content-type": "text/plain" })).status, 400, "text/plain parsed as JSON");
  assert.equal((await post("/other", deep, { "content-type": "text/plain" })).status, 200);
});
