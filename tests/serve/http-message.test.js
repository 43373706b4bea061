import assert from "node:assert/strict";
import { test } from "node:test";
import { Framing, contentLength } from "../../src/serve/framing.js";
import { formatAddress, lowerPairs, requestTarget } from "../../src/serve/http-message.js";

test("request target: origin form, absolute form, HTTP/1.0 without Host, garbage", () => {
  const dflt = () => "127.0.0.1:8080";
  assert.deepEqual(requestTarget({ url: "/a?b=1", headers: { host: "h" } }, dflt), { path: "/a?b=1", authority: "h" });
  assert.deepEqual(requestTarget({ url: "http://shop.example:81/p?q", headers: { host: "ignored" } }, dflt), { path: "/p?q", authority: "shop.example:81" });
  assert.deepEqual(requestTarget({ url: "/old", headers: {} }, dflt), { path: "/old", authority: "127.0.0.1:8080" });
  assert.deepEqual(requestTarget({ url: "*", headers: { host: "h" } }, dflt), { path: "*", authority: "h" });
  assert.equal(requestTarget({ url: "ftp://x/y", headers: {} }, dflt), null);
  assert.equal(requestTarget({ url: "nonsense", headers: {} }, dflt), null);
});

test("lowerPairs keeps duplicates and order, drops Host on request", () => {
  assert.deepEqual(lowerPairs(["Host", "h", "X-A", "1", "x-a", "2"], true), [["x-a", "1"], ["x-a", "2"]]);
  assert.deepEqual(lowerPairs(["Set-Cookie", "a"], false), [["set-cookie", "a"]]);
});

test("addresses: IPv6 in brackets", () => {
  assert.equal(formatAddress("127.0.0.1", 80), "127.0.0.1:80");
  assert.equal(formatAddress("::1", 80), "[::1]:80");
});

test("framing: bytes must match a declared content-length; no length means anything goes", () => {
  const f = new Framing(5, "request");
  f.add(3);
  assert.throws(() => f.end(), /released 3 request body bytes but left content-length: 5/);
  f.add(2);
  f.end();
  assert.throws(() => f.add(1), /released 6/);
  const free = new Framing(null, "response");
  free.add(1e6);
  free.end();
  assert.equal(contentLength(["a", "1", "content-length", "12"]), 12);
  assert.equal(contentLength(["a", "1"]), null);
  assert.throws(() => contentLength(["content-length", "12, 12"]), /invalid content-length/);
});
