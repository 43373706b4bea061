// The evaluation tool's request splitter: hand-made records only.
import { test } from "node:test";
import assert from "node:assert/strict";
import { requestItems, percentDecode } from "../../src/rules/request-items.js";

const pick = (items, location) => items.filter((i) => i.location === location).map((i) => i.value);

test("percent-decoding keeps invalid escapes and decodes UTF-8", () => {
  assert.equal(percentDecode("a%20b+c", true), "a b c");
  assert.equal(percentDecode("a+b", false), "a+b");
  assert.equal(percentDecode("100%", false), "100%");
  assert.equal(percentDecode("%zz%4", false), "%zz%4");
  assert.equal(percentDecode("%C3%A9t%C3%A9", false), "été");
  assert.equal(percentDecode("%FF", false), "\uFFFD");
});

test("path, query names and values, headers and cookies", () => {
  const items = requestItems({
    path: "/a/%2e%2e/b?q=O%27Brien&x+y=1+2&flag",
    headers: { "User-Agent": "curl/8", Cookie: "sid=abc%20d; theme=dark" },
    body: null,
  });
  assert.deepEqual(pick(items, "Path"), ["/a/%2e%2e/b"]);
  assert.deepEqual(pick(items, "Query"), ["q", "O'Brien", "x y", "1 2", "flag"]);
  assert.deepEqual(pick(items, "Cookie"), ["sid", "abc%20d", "theme", "dark"]);
  const headers = items.filter((i) => i.location === "Header");
  assert.deepEqual(headers, [{ location: "Header", value: "user-agent", header: "" }, { location: "Header", value: "curl/8", header: "user-agent" }]);
});

test("bodies by media type: form, JSON (keys and values), multipart, other", () => {
  const form = requestItems({ path: "/", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "a=1%3D1&b=" });
  assert.deepEqual(pick(form, "Post"), ["a", "1=1", "b"]);
  const json = requestItems({ path: "/", headers: { "content-type": "application/json" }, body: '{"k":["v",2,{"n":true}]}' });
  assert.deepEqual(pick(json, "JSON"), ["k", "v", "2", "n", "true"]);
  const broken = requestItems({ path: "/", headers: { "content-type": "application/json" }, body: "{oops" });
  assert.deepEqual(pick(broken, "Post"), ["{oops"]);
  const mp = requestItems({
    path: "/", headers: { "Content-Type": "multipart/form-data; boundary=XX" },
    body: '--XX\r\nContent-Disposition: form-data; name="f"; filename="a.php"\r\n\r\n<?php ?>\r\n--XX\r\nContent-Disposition: form-data; name="t"\r\n\r\nhello\r\n--XX--\r\n',
  });
  assert.deepEqual(pick(mp, "MultipartHeader"), ["a.php"]);
  assert.deepEqual(pick(mp, "MultipartFile"), ["<?php ?>"]);
  assert.deepEqual(pick(mp, "Post"), ["t", "hello"]);
  const xml = requestItems({ path: "/", headers: { "Content-Type": "text/xml" }, body: "<a>1</a>" });
  assert.deepEqual(pick(xml, "Post"), ["<a>1</a>"]);
});
