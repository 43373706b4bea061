// Every limit of the Limits kind, end to end through the filter: just under passes, just over
// blocks with 400 (Block) or passes and is logged (LogOnly), with one security event and one
// counter increment naming the type and subtype.
import { test } from "node:test";
import assert from "node:assert/strict";
import { filterWith, events, counter, blockedCounter, loggedCounter, post, get } from "./support.js";

const nest = (n) => "[".repeat(n) + "]".repeat(n);
const obj = (keys) => JSON.stringify(Object.fromEntries(Array.from({ length: keys }, (_, i) => [`k${i}`, 1])));
const query = (n, name = "p", value = "v") => Array.from({ length: n }, (_, i) => `${name}${i}=${value}`).join("&");
const multipart = (size) => {
  const head = "--XyZ\r\ncontent-disposition: form-data; name=\"f\"\r\n\r\n";
  const tail = "\r\n--XyZ--\r\n";
  return head + "a".repeat(size - head.length - tail.length) + tail;
};
const MP = "multipart/form-data; boundary=XyZ";
const gqlJson = (q) => JSON.stringify({ query: q });
const depthQuery = (d) => "{" + "a{".repeat(d - 1) + "b" + "}".repeat(d);

// [subtype, edit(limits), under request, over request, expected location (regex)]
const CASES = [
  ["path_length", (l) => { l.general.pathLength = 20; }, get("/" + "a".repeat(19)), get("/" + "a".repeat(20)), /^path$/],
  ["parameter_count", (l) => { l.parameter.count = 5; }, get(`/s?${query(5)}`), get(`/s?${query(6)}`), /^query$/],
  ["parameter_count", (l) => { l.parameter.count = 5; }, post(`/s?${query(2)}`, "application/x-www-form-urlencoded", query(3, "b")),
    post(`/s?${query(2)}`, "application/x-www-form-urlencoded", query(4, "b")), /^body$/],
  ["parameter_name_length", (l) => { l.parameter.nameLength = 8; }, get("/s?abcdefgh=1"), get("/s?abcdefghi=1"), /^query:abcdefghi$/],
  ["parameter_value_length", (l) => { l.parameter.valueLength = 8; }, get("/s?q=12345678"), get("/s?q=123456789"), /^query:q$/],
  ["parameter_value_length", (l) => { l.parameter.valueLength = 8; }, post("/s", "application/x-www-form-urlencoded", "q=%41%41%41%41%41%41%41%41"),
    post("/s", "application/x-www-form-urlencoded", "q=AAAAAAAAA"), /^post:q$/],
  ["parameter_body_size", (l) => { l.parameter.bodySize = 100; }, post("/s", "application/x-www-form-urlencoded", "q=" + "a".repeat(98)),
    post("/s", "application/x-www-form-urlencoded", "q=" + "a".repeat(99)), /^body$/],
  ["json_body_size", (l) => { l.json.bodySize = 100; }, post("/j", "application/json", JSON.stringify("a".repeat(98))),
    post("/j", "application/json", JSON.stringify("a".repeat(99))), /^body$/],
  ["json_nesting_depth", (l) => { l.json.nestingDepth = 10; }, post("/j", "application/json", nest(10)), post("/j", "application/json", nest(11)), /^\$/],
  ["json_key_count", (l) => { l.json.keyCount = 5; }, post("/j", "application/json", obj(5)), post("/j", "application/json", obj(6)), /^\$/],
  ["json_element_count", (l) => { l.json.elementCount = 10; }, post("/j", "application/json", JSON.stringify([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])),
    post("/j", "application/json", JSON.stringify([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])), /^\$/],
  ["json_key_length", (l) => { l.json.keyLength = 4; }, post("/j", "application/json", '{"abcd":1}'), post("/j", "application/json", '{"abcde":1}'), /^\$\.abcde$/],
  ["json_value_length", (l) => { l.json.valueLength = 4; }, post("/j", "application/json", '{"a":"\\u0041bcd"}'), post("/j", "application/json", '{"a":"abcde"}'), /^\$\.a$/],
  ["multipart_body_size", (l) => { l.multipart.bodySize = 200; }, post("/m", MP, multipart(200)), post("/m", MP, multipart(201)), /^body$/],
  ["general_body_size", (l) => { l.general.bodySize = 50; }, post("/b", "application/octet-stream", "x".repeat(50)), post("/b", "application/octet-stream", "x".repeat(51)), /^body$/],
  ["graphql_query_size", (l) => { l.graphQL.querySize = 30; }, post("/graphql", "application/json", gqlJson("{" + "a".repeat(28) + "}")),
    post("/graphql", "application/json", gqlJson("{" + "a".repeat(29) + "}")), /^\$\.query$/],
  ["graphql_query_size", (l) => { l.graphQL.querySize = 30; }, get(`/graphql?query=${encodeURIComponent("{" + "a".repeat(28) + "}")}`),
    get(`/graphql?query=${encodeURIComponent("{" + "a".repeat(29) + "}")}`), /^query:query$/],
  ["graphql_query_size", (l) => { l.graphQL.querySize = 30; }, post("/api", "application/graphql", "{" + "a".repeat(28) + "}"),
    post("/api", "application/graphql", "{" + "a".repeat(29) + "}"), /^body$/],
  ["graphql_nesting_depth", (l) => { l.graphQL.nestingDepth = 3; }, post("/graphql", "application/json", gqlJson(depthQuery(3))),
    post("/graphql", "application/json", gqlJson(depthQuery(4))), /./],
  ["graphql_value_length", (l) => { l.graphQL.valueLength = 5; }, post("/graphql", "application/json", gqlJson('{ user(name: "abcde") { id } }')),
    post("/graphql", "application/json", gqlJson('{ user(name: "abcdef") { id } }')), /./],
];

for (const [subtype, edit, under, over, location] of CASES) {
  const label = `${subtype} (${over.method} ${over.path.slice(0, 24)}${over.headers?.["content-type"] ? `, ${over.headers["content-type"]}` : ""})`;

  test(`${label}: just under passes, just over is blocked with 400`, async () => {
    const host = await filterWith((s) => edit(s.limits));
    try {
      const ok = await host.simulate(under);
      assert.equal(ok.status, 200, `under the limit: ${JSON.stringify(events(ok))}`);
      assert.deepEqual(events(ok), []);
      const r = await host.simulate(over);
      assert.equal(r.status, 400);
      assert.equal(r.blocked, true);
      assert.equal(r.upstreamRequest, null, "nothing reached the upstream");
      assert.equal(r.local.details, "bulwark_request_blocked_limits");
      const [ev, ...rest] = events(r);
      assert.deepEqual(rest, [], "one event per violation");
      assert.equal(ev.block_type, "limits");
      assert.equal(ev.block_subtype, subtype);
      assert.equal(ev.action, "block");
      assert.match(ev.location, location);
      assert.ok(ev.observed > ev.limit, `observed ${ev.observed} > limit ${ev.limit}`);
      assert.equal(counter(host, blockedCounter("limits", subtype)), 1);
      assert.equal(r.logs.find((l) => l.message.startsWith("{")).levelName, "warn");
    } finally {
      host.close();
    }
  });

  test(`${label}: LogOnly lets it through and logs it`, async () => {
    const host = await filterWith((s) => { edit(s.limits); s.limits.threatHandlingMode = "LogOnly"; });
    try {
      const r = await host.simulate(over);
      assert.equal(r.status, 200);
      assert.ok(r.upstreamRequest, "the request reached the upstream");
      if (over.body !== undefined) assert.equal(r.upstreamRequest.body.toString(), over.body, "the body is forwarded unchanged");
      const [ev] = events(r);
      assert.equal(ev.block_subtype, subtype);
      assert.equal(ev.action, "log_only");
      assert.equal(r.logs.find((l) => l.message.startsWith("{")).levelName, "info");
      assert.equal(counter(host, loggedCounter("limits", subtype)), 1);
      assert.equal(counter(host, blockedCounter("limits", subtype)), 0);
    } finally {
      host.close();
    }
  });
}

test("unlimited: nothing is limited, bodies are still parsed", async () => {
  const host = await filterWith((s) => { s.limits = { threatHandlingMode: "Block", unlimited: true }; });
  try {
    assert.equal((await host.simulate(get("/" + "a".repeat(5000) + `?${query(500)}`))).status, 200);
    assert.equal((await host.simulate(post("/j", "application/json", nest(500)))).status, 200);
    const broken = await host.simulate(post("/j", "application/json", "{\"a\":"));
    assert.equal(broken.status, 400, "a body that cannot be parsed is still refused");
    assert.equal(events(broken)[0].block_type, "parser");
  } finally {
    host.close();
  }
});

test("a policy without limits section enforces nothing", async () => {
  const host = await filterWith((s) => { s.limits = undefined; });
  try {
    assert.equal((await host.simulate(get("/" + "a".repeat(5000)))).status, 200);
  } finally {
    host.close();
  }
});

test("LogOnly reports each subtype once per request", async () => {
  const host = await filterWith((s) => { s.limits.threatHandlingMode = "LogOnly"; s.limits.parameter.valueLength = 2; });
  try {
    const r = await host.simulate(get(`/s?${query(50, "p", "long")}`));
    assert.equal(r.status, 200);
    assert.equal(events(r).length, 1);
    assert.equal(counter(host, loggedCounter("limits", "parameter_value_length")), 1);
  } finally {
    host.close();
  }
});
