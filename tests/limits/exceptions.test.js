// Length exceptions: matching parameters (by name and source), JSON properties (by JSONPath)
// and GraphQL values are exempt from the name/key and value length limits, only for requests
// matching the exception's requestConditions.
import { test } from "node:test";
import assert from "node:assert/strict";
import { filterWith, events, post, get } from "./support.js";

const long = "x".repeat(20);

async function withExceptions(exceptions, fn) {
  const host = await filterWith((s) => {
    s.limits.parameter.valueLength = 10;
    s.limits.json.valueLength = 10;
    s.limits.json.keyLength = 10;
    s.limits.graphQL.valueLength = 10;
    s.limits.exceptions = exceptions;
  });
  try {
    await fn(host);
  } finally {
    host.close();
  }
}

test("a parameter exception exempts matching names from the source it names only", async () => {
  await withExceptions([{ parameter: { name: { prefix: "token" }, source: "Query" } }], async (host) => {
    assert.equal((await host.simulate(get(`/s?token_a=${long}`))).status, 200);
    assert.equal((await host.simulate(get(`/s?other=${long}`))).status, 400);
    const r = await host.simulate(post("/s", "application/x-www-form-urlencoded", `token_a=${long}`));
    assert.equal(r.status, 400, "a Query exception does not cover form parameters");
    assert.equal(events(r)[0].location, "post:token_a");
  });
});

test("source Any covers query and form; ignoreCase applies to the name matcher", async () => {
  await withExceptions([{ parameter: { name: { exact: "Comment", ignoreCase: true }, source: "Any" } }], async (host) => {
    assert.equal((await host.simulate(get(`/s?comment=${long}`))).status, 200);
    assert.equal((await host.simulate(post("/s", "application/x-www-form-urlencoded", `COMMENT=${long}`))).status, 200);
  });
});

test("a JSON exception exempts the property, its descendants and [*] indexes, not its siblings", async () => {
  await withExceptions([{ json: { jsonPath: "$.avatar" } }, { json: { jsonPath: "$.items[*].text" } }], async (host) => {
    const send = (o) => host.simulate(post("/j", "application/json", JSON.stringify(o)));
    assert.equal((await send({ avatar: long })).status, 200);
    assert.equal((await send({ avatar: { data: long } })).status, 200);
    assert.equal((await send({ items: [{ text: long }, { text: long }] })).status, 200);
    const r = await send({ items: [{ note: long }] });
    assert.equal(r.status, 400);
    assert.equal(events(r)[0].location, "$.items[0].note");
    assert.equal((await send({ avatarx: 1, name: long })).status, 400);
  });
});

test("a GraphQL exception exempts values of the matching argument", async () => {
  await withExceptions([{ graphQL: { argument: { exact: "text" } } }], async (host) => {
    const q = (arg) => post("/graphql", "application/json", JSON.stringify({ query: `mutation { post(${arg}: "${long}") { id } }` }));
    assert.equal((await host.simulate(q("text"))).status, 200);
    const r = await host.simulate(q("title"));
    assert.equal(r.status, 400);
    assert.equal(events(r)[0].block_subtype, "graphql_value_length");
  });
});

test("requestConditions restrict an exception to matching requests", async () => {
  await withExceptions([{ requestConditions: { path: { prefix: "/profile" }, methods: ["POST"] }, json: { jsonPath: "$.avatar" } }], async (host) => {
    const body = JSON.stringify({ avatar: long });
    assert.equal((await host.simulate(post("/profile/me", "application/json", body))).status, 200);
    assert.equal((await host.simulate(post("/other", "application/json", body))).status, 400);
    assert.equal((await host.simulate({ ...post("/profile/me", "application/json", body), method: "PUT" })).status, 400);
  });
});

test("exceptions do not lift size, count or depth limits", async () => {
  const host = await filterWith((s) => {
    s.limits.parameter.count = 2;
    s.limits.exceptions = [{ parameter: { name: { regex: ".*" }, source: "Any" } }];
  });
  try {
    const r = await host.simulate(get("/s?a=1&b=2&c=3"));
    assert.equal(r.status, 400);
    assert.equal(events(r)[0].block_subtype, "parameter_count");
  } finally {
    host.close();
  }
});
