// Every option of the Parser kind end to end: parser selection by media type (full match),
// enable flags, defaultContentType injection, custom rules (force a parser, skip), GraphQL
// detection, and bodies a parser cannot read blocked with the parser reason.
import { test } from "node:test";
import assert from "node:assert/strict";
import { filterWith, events, post, get } from "../limits/support.js";

const deep = "[".repeat(20) + "]".repeat(20);
// Small depth limit: a parsed JSON body of depth 20 is blocked, an unparsed one passes.
const shallowJson = (s) => { s.limits.json.nestingDepth = 5; };

async function withFilter(edit, fn) {
  const host = await filterWith(edit);
  try {
    await fn(host);
  } finally {
    host.close();
  }
}

const status = async (host, req) => (await host.simulate(req)).status;

test("the default patterns pick JSON, form and multipart parsers by media type", async () => {
  await withFilter((s) => { shallowJson(s); s.limits.parameter.valueLength = 3; }, async (host) => {
    assert.equal(await status(host, post("/j", "application/json", deep)), 400);
    assert.equal(await status(host, post("/j", "application/problem+json; charset=utf-8", deep)), 400);
    assert.equal(await status(host, post("/j", "Application/JSON", deep)), 400, "media types are compared lowercased");
    assert.equal(await status(host, post("/f", "application/x-www-form-urlencoded", "a=abcd")), 400);
    const mp = "--b1\r\ncontent-disposition: form-data; name=\"a\"\r\n\r\nabcd\r\n--b1--\r\n";
    const r = await host.simulate(post("/m", "multipart/form-data; boundary=b1", mp));
    assert.equal(r.status, 400, "multipart fields are post parameters");
    assert.equal(events(r)[0].location, "post:a");
    assert.equal(await status(host, post("/t", "text/plain", deep)), 200, "no parser for text/plain: not parsed");
  });
});

test("mediaTypePattern must match the whole media type", async () => {
  await withFilter((s) => { shallowJson(s); s.parser.json.mediaTypePattern = "json"; }, async (host) => {
    assert.equal(await status(host, post("/j", "application/json", deep)), 200, "`json` does not fully match application/json");
  });
  await withFilter((s) => { shallowJson(s); s.parser.json.mediaTypePattern = "application/vnd\\.acme\\.v[0-9]+"; }, async (host) => {
    assert.equal(await status(host, post("/j", "application/vnd.acme.v2", deep)), 400);
    assert.equal(await status(host, post("/j", "application/json", deep)), 200);
  });
});

test("a disabled parser leaves its bodies unparsed (general.bodySize still applies)", async () => {
  await withFilter((s) => { shallowJson(s); s.parser.json.enable = false; s.limits.general.bodySize = 100; }, async (host) => {
    assert.equal(await status(host, post("/j", "application/json", deep)), 200);
    assert.equal(await status(host, post("/j", "application/json", "{\"a\":")), 200, "not parsed, so not a parser error");
    const big = await host.simulate(post("/j", "application/json", "x".repeat(101)));
    assert.equal(events(big)[0].block_subtype, "general_body_size");
  });
  await withFilter((s) => { s.parser.form.enable = false; s.limits.parameter.valueLength = 3; }, async (host) => {
    assert.equal(await status(host, post("/f", "application/x-www-form-urlencoded", "a=abcdef")), 200);
  });
  await withFilter((s) => { s.parser.multipart.enable = false; }, async (host) => {
    assert.equal(await status(host, post("/m", "multipart/form-data", "no boundary at all")), 200);
  });
});

test("defaultContentType applies to a body without Content-Type and is forwarded", async () => {
  await withFilter((s) => { s.limits.parameter.valueLength = 3; }, async (host) => {
    const req = { method: "POST", path: "/f", authority: "shop.example.com", body: "a=abcdef" };
    const r = await host.simulate(req);
    assert.equal(r.status, 400, "parsed as the default form content type");
    assert.equal(events(r)[0].block_subtype, "parameter_value_length");
    const ok = await host.simulate({ ...req, body: "a=abc" });
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.upstreamRequest.headers.filter(([k]) => k === "content-type"), [["content-type", "application/x-www-form-urlencoded"]]);
    const noBody = await host.simulate({ method: "GET", path: "/x", authority: "shop.example.com" });
    assert.deepEqual(noBody.upstreamRequest.headers.filter(([k]) => k === "content-type"), [], "no body: nothing injected");
  });
  await withFilter((s) => { shallowJson(s); s.parser.defaultContentType = "application/json"; }, async (host) => {
    assert.equal(await status(host, { method: "POST", path: "/j", authority: "shop.example.com", body: deep }), 400);
  });
});

test("custom rules run first: force a parser, or skip parsing", async () => {
  await withFilter((s) => {
    shallowJson(s);
    s.parser.rules = [
      { requestConditions: { methods: ["PUT"], path: { prefix: "/upload/raw/" } }, action: "skip" },
      { requestConditions: { mediaType: { exact: "text/plain" }, path: { prefix: "/api/" } }, action: "json" },
      { requestConditions: { header: { name: { exact: "X-Form" } } }, action: "form" },
    ];
    s.limits.parameter.valueLength = 3;
  }, async (host) => {
    assert.equal(await status(host, { ...post("/upload/raw/a", "application/json", deep), method: "PUT" }), 200, "skip");
    assert.equal(await status(host, post("/upload/raw/a", "application/json", deep)), 400, "POST: rule does not match");
    assert.equal(await status(host, post("/api/x", "text/plain", deep)), 400, "text/plain forced to JSON");
    const r = await host.simulate(post("/api/x", "text/plain", "{oops"));
    assert.equal(events(r)[0].block_subtype, "json_syntax");
    assert.equal(await status(host, post("/other", "text/plain", deep)), 200);
    assert.equal(await status(host, post("/x", "application/octet-stream", "a=abcdef", { headers: { "x-form": "1" } })), 400, "forced form");
  });
});

test("bodies a parser cannot read are blocked with the parser reason", async () => {
  await withFilter(() => {}, async (host) => {
    const cases = [
      [post("/j", "application/json", "{\"a\": tru}"), "json_syntax"],
      [post("/f", "application/x-www-form-urlencoded", "a=%zz"), "form_syntax"],
      [post("/m", "multipart/form-data", "--x\r\n\r\n--x--"), "multipart_boundary"],
      [post("/m", "multipart/form-data; boundary=abc", "no delimiter here"), "multipart_boundary"],
      [post("/graphql", "application/json", JSON.stringify({ query: "{ user( }" })), "graphql_syntax"],
    ];
    for (const [req, subtype] of cases) {
      const r = await host.simulate(req);
      assert.equal(r.status, 400, subtype);
      assert.equal(r.upstreamRequest, null);
      const [ev] = events(r);
      assert.equal(ev.block_type, "parser");
      assert.equal(ev.block_subtype, subtype);
      assert.equal(r.local.details, "bulwark_request_blocked_parser");
    }
  });
});

test("parser errors block even in LogOnly mode (the body could not be inspected)", async () => {
  await withFilter((s) => { s.limits.threatHandlingMode = "LogOnly"; }, async (host) => {
    assert.equal(await status(host, post("/j", "application/json", "[1,")), 400);
  });
});

test("GraphQL is detected by the path's last segment, a GET query parameter or application/graphql", async () => {
  await withFilter((s) => { s.limits.graphQL.nestingDepth = 2; }, async (host) => {
    const deepQ = "{ a { b { c } } }";
    assert.equal(await status(host, post("/api/graphql", "application/json", JSON.stringify({ query: deepQ }))), 400);
    assert.equal(await status(host, post("/api/GraphQL/", "application/json", JSON.stringify({ query: deepQ }))), 400);
    assert.equal(await status(host, post("/api/other", "application/json", JSON.stringify({ query: deepQ }))), 200, "not a GraphQL endpoint");
    assert.equal(await status(host, get(`/graphql?query=${encodeURIComponent(deepQ)}`)), 400);
    assert.equal(await status(host, post("/anything", "application/graphql", deepQ)), 400);
    assert.equal(await status(host, post("/graphql", "application/json", JSON.stringify({ query: "{ a { b } }" }))), 200);
  });
});

test("a policy without a parser section parses nothing", async () => {
  await withFilter((s) => { shallowJson(s); s.parser = undefined; }, async (host) => {
    assert.equal(await status(host, post("/j", "application/json", deep)), 200);
  });
});

test("gRPC and upgraded streams are neither parsed nor held to general.bodySize", async () => {
  await withFilter((s) => { s.limits.general.bodySize = 10; shallowJson(s); }, async (host) => {
    const grpc = await host.simulate(post("/pkg.Svc/Call", "application/grpc+json", deep));
    assert.equal(grpc.blocked, false, JSON.stringify(events(grpc)));
    assert.deepEqual(events(grpc), []);
    const ws = await host.simulate({ ...post("/ws", "application/json", deep), method: "GET", headers: { upgrade: "websocket", connection: "upgrade" } });
    assert.deepEqual(events(ws), []);
    const plain = await host.simulate(post("/x", "application/octet-stream", "x".repeat(11)));
    assert.equal(events(plain)[0].block_subtype, "general_body_size", "other unparsed bodies are limited");
  });
});

test("an empty body is not parsed; the injected Content-Type is seen by mediaType rule conditions", async () => {
  await withFilter((s) => {
    s.parser.rules = [{ requestConditions: { mediaType: { exact: "application/x-www-form-urlencoded" }, path: { prefix: "/forced" } }, action: "json" }];
  }, async (host) => {
    const empty = await host.simulate({ ...post("/j", "application/json"), chunks: [Buffer.alloc(0)] });
    assert.equal(empty.status, 200, JSON.stringify(events(empty)));
    const r = await host.simulate({ method: "POST", path: "/forced/x", authority: "shop.example.com", body: "a=1" });
    assert.equal(r.status, 400, "the default content type matched the rule, which forced JSON");
    assert.equal(events(r)[0].block_subtype, "json_syntax");
  });
});

test("in LogOnly mode the parser choice is the same: what a parser finds is logged, not blocked", async () => {
  await withFilter((s) => {
    shallowJson(s);
    s.limits.threatHandlingMode = "LogOnly";
    s.parser.form.enable = false;
    s.parser.rules = [{ requestConditions: { path: { prefix: "/raw" } }, action: "skip" }];
  }, async (host) => {
    const json = await host.simulate(post("/j", "application/json", deep));
    assert.equal(json.status, 200);
    assert.deepEqual(events(json).map((e) => [e.block_subtype, e.action]), [["json_nesting_depth", "log_only"]]);
    assert.deepEqual(events(await host.simulate(post("/raw/j", "application/json", deep))), [], "skip rule: not parsed");
    assert.deepEqual(events(await host.simulate(post("/f", "application/x-www-form-urlencoded", `a=${"x".repeat(9000)}`))), [], "form disabled");
    const defaulted = await host.simulate({ method: "POST", path: "/x", authority: "shop.example.com", body: deep });
    assert.deepEqual(events(defaulted), [], "default content type is form, which is disabled");
  });
});
