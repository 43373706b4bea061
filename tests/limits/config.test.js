// The filter reads the parser and limits sections itself and rejects bad ones with the field
// path and the problem; regexes are compiled at configuration time.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ConfigureError } from "../../host/index.js";
import { startFilter } from "../filter/support.js";
import { defaultConfig } from "../../src/compiler/index.js";

async function rejection(edit) {
  const cfg = defaultConfig();
  edit(cfg.policies[0]);
  try {
    const host = await startFilter(cfg);
    host.close();
  } catch (err) {
    assert.ok(err instanceof ConfigureError, String(err));
    return err.logs.filter((l) => l.levelName === "error").map((l) => l.message).join("\n");
  }
  assert.fail("configuration was accepted");
}

const cases = [
  ["a mediaTypePattern that does not compile", (p) => { p.parser.json.mediaTypePattern = "(json"; }, /policies\[0\]\.parser\.json\.mediaTypePattern: invalid regex/],
  ["a matcher regex that does not compile", (p) => { p.parser.rules = [{ requestConditions: { path: { regex: "[a-" } }, action: "skip" }]; }, /policies\[0\]\.parser\.rules\[0\]\.requestConditions\.path\.regex: invalid regex/],
  ["a matcher with two kinds", (p) => { p.parser.rules = [{ requestConditions: { path: { exact: "/a", prefix: "/b" } }, action: "skip" }]; }, /requestConditions\.path\.prefix: set exactly one of/],
  ["an unknown rule action", (p) => { p.parser.rules = [{ requestConditions: {}, action: "xml" }]; }, /parser\.rules\[0\]\.action: unknown value "xml"/],
  ["an unknown method", (p) => { p.parser.rules = [{ requestConditions: { methods: ["BREW"] }, action: "skip" }]; }, /requestConditions\.methods\[0\]: unknown method "BREW"/],
  ["a bad CIDR range", (p) => { p.limits.exceptions = [{ requestConditions: { remoteIP: { cidrRanges: ["10.0.0.0/33"] } }, json: { jsonPath: "$.a" } }]; }, /exceptions\[0\]\.requestConditions\.remoteIP\.cidrRanges\[0\]: invalid CIDR/],
  ["unlimited together with limit groups", (p) => { p.limits.unlimited = true; }, /policies\[0\]\.limits\.general: not allowed together with unlimited/],
  ["a missing limit", (p) => { delete p.limits.json.keyCount; }, /policies\[0\]\.limits\.json\.keyCount: required field is missing/],
  ["a negative limit", (p) => { p.limits.general.pathLength = -1; }, /limits\.general\.pathLength: must be between 0 and/],
  ["an unknown mode", (p) => { p.limits.threatHandlingMode = "Warn"; }, /limits\.threatHandlingMode: unknown value "Warn"/],
  ["an exception with two kinds", (p) => { p.limits.exceptions = [{ json: { jsonPath: "$.a" }, parameter: { name: { exact: "a" }, source: "Any" } }]; }, /exceptions\[0\]: set exactly one of parameter, json, graphQL/],
  ["a JSONPath that is not one", (p) => { p.limits.exceptions = [{ json: { jsonPath: "$..a" } }]; }, /exceptions\[0\]\.json\.jsonPath: expected a JSONPath/],
  ["an empty GraphQL exception", (p) => { p.limits.exceptions = [{ graphQL: {} }]; }, /exceptions\[0\]\.graphQL: set at least one of field, argument, value/],
  ["an unknown field in limits", (p) => { p.limits.json.depth = 3; }, /limits\.json\.depth: unknown field/],
];

for (const [name, edit, expected] of cases) {
  test(`rejects ${name}`, async () => {
    assert.match(await rejection(edit), expected);
  });
}

test("the compiler's default configuration is accepted", async () => {
  const host = await startFilter(defaultConfig());
  host.close();
});
