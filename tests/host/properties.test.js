// Request attributes (proxy_get_property) with Envoy's serialisation.
import { test } from "node:test";
import assert from "node:assert/strict";
import { WasmResult, unmarshalPairs } from "../../host/index.js";
import { conformance, find, fields, hexToInt64, obs } from "./support.js";

function prop(logs, path) {
  const f = fields(find(logs, `prop ${path} `));
  return { rc: Number(f.rc), bytes: Buffer.from(f.hex ?? "", "hex") };
}

const MTLS = {
  sourceAddress: "203.0.113.7:51234",
  destinationAddress: "10.0.0.5:8443",
  tls: {
    version: "TLSv1.3",
    sni: "api.example.com",
    peerCertificate: { subject: "CN=client-a,O=Example", issuer: "CN=ca", sha256: "ab12cd", dnsSans: ["client-a.example.com", "alt.example.com"], uriSans: ["spiffe://example/ns/a"], validated: true },
    localCertificate: { subject: "CN=gateway", dnsSans: ["gw.example.com"], uriSans: [] },
  },
};

test("request attributes: strings raw, query without '?', url_path without query", async () => {
  const paths = ["request.path", "request.url_path", "request.query", "request.host", "request.scheme", "request.method", "request.referer", "request.useragent", "request.id", "request.protocol"];
  const host = await conformance(paths.map((p) => `request_headers prop|${p}`));
  const r = await host.simulate({
    method: "PUT",
    path: "/a/b?x=1&y=2",
    authority: "shop.example.com",
    scheme: "https",
    headers: { referer: "https://ref/", "user-agent": "curl/8", "x-request-id": "rid-1" },
  });
  const got = Object.fromEntries(paths.map((p) => [p, prop(r.logs, p).bytes.toString()]));
  assert.deepEqual(got, {
    "request.path": "/a/b?x=1&y=2",
    "request.url_path": "/a/b",
    "request.query": "x=1&y=2",
    "request.host": "shop.example.com",
    "request.scheme": "https",
    "request.method": "PUT",
    "request.referer": "https://ref/",
    "request.useragent": "curl/8",
    "request.id": "rid-1",
    "request.protocol": "HTTP/1.1",
  });
});

test("integers are 8-byte little-endian; request.time is a timestamp in nanoseconds", async () => {
  const host = await conformance(["request_headers prop|request.size", "request_headers prop|request.time", "request_headers prop|source.port", "request_headers prop|connection.id"], { clock: () => 1700000000123456789n });
  const r = await host.simulate({ method: "POST", headers: { "content-length": "3" }, body: "abc", connection: { id: 77, sourceAddress: "1.2.3.4:5678" } });
  assert.equal(prop(r.logs, "request.size").bytes.length, 8);
  assert.equal(hexToInt64(prop(r.logs, "request.size").bytes.toString("hex")), 3n);
  assert.equal(prop(r.logs, "request.time").bytes.readBigInt64LE(0), 1700000000123456789n);
  assert.equal(prop(r.logs, "source.port").bytes.readBigInt64LE(0), 5678n);
  assert.equal(prop(r.logs, "connection.id").bytes.readBigUInt64LE(0), 77n);
});

test("request.headers is a map in the header-map wire format; request.headers.<name> selects one", async () => {
  const host = await conformance(["request_headers prop|request.headers", "request_headers prop|request.headers.x-a"]);
  const r = await host.simulate({ headers: [["x-a", "1"], ["x-a", "2"]] });
  const map = unmarshalPairs(prop(r.logs, "request.headers").bytes);
  assert.deepEqual(map.find(([k]) => k === "x-a"), ["x-a", "1,2"], "repeated headers are joined with ','");
  assert.ok(map.some(([k, v]) => k === ":path" && v === "/"));
  assert.equal(prop(r.logs, "request.headers.x-a").bytes.toString(), "1,2");
});

test("mTLS connection attributes", async () => {
  const names = ["connection.mtls", "connection.tls_version", "connection.requested_server_name", "connection.subject_peer_certificate", "connection.subject_local_certificate", "connection.dns_san_peer_certificate", "connection.dns_san_local_certificate", "connection.uri_san_peer_certificate", "connection.sha256_peer_certificate_digest", "source.address", "destination.address", "destination.port"];
  const host = await conformance(names.map((n) => `request_headers prop|${n}`));
  const r = await host.simulate({ connection: MTLS });
  assert.deepEqual([...prop(r.logs, "connection.mtls").bytes], [1]);
  const str = (n) => prop(r.logs, n).bytes.toString();
  assert.equal(str("connection.tls_version"), "TLSv1.3");
  assert.equal(str("connection.requested_server_name"), "api.example.com");
  assert.equal(str("connection.subject_peer_certificate"), "CN=client-a,O=Example");
  assert.equal(str("connection.subject_local_certificate"), "CN=gateway");
  assert.equal(str("connection.dns_san_peer_certificate"), "client-a.example.com", "first DNS SAN");
  assert.equal(str("connection.dns_san_local_certificate"), "gw.example.com");
  assert.equal(str("connection.uri_san_peer_certificate"), "spiffe://example/ns/a");
  assert.equal(str("connection.sha256_peer_certificate_digest"), "ab12cd");
  assert.equal(str("source.address"), "203.0.113.7:51234");
  assert.equal(str("destination.address"), "10.0.0.5:8443");
  assert.equal(prop(r.logs, "destination.port").bytes.readBigInt64LE(0), 8443n);
});

test("plaintext connection: mtls is false, TLS-only attributes are NOT_FOUND", async () => {
  const host = await conformance(["request_headers prop|connection.mtls", "request_headers prop|connection.tls_version", "request_headers prop|connection.subject_peer_certificate"]);
  const r = await host.simulate({});
  assert.deepEqual([...prop(r.logs, "connection.mtls").bytes], [0]);
  assert.equal(prop(r.logs, "connection.tls_version").rc, WasmResult.NotFound);
  assert.equal(prop(r.logs, "connection.subject_peer_certificate").rc, WasmResult.NotFound);
});

test("plugin, xds and node attributes; host and per-stream overrides", async () => {
  const names = ["plugin_name", "plugin_root_id", "plugin_vm_id", "xds.cluster_name", "xds.route_name", "node.id", "custom.tenant"];
  const host = await conformance(names.map((n) => `request_headers prop|${n}`), {
    pluginName: "waf",
    rootId: "bulwark",
    vmId: "vm-a",
    node: { id: "node-7" },
    properties: { "xds.cluster_name": "app", "custom.tenant": "acme" },
  });
  const r = await host.simulate({ properties: { "custom.tenant": "globex" } });
  const str = (n) => prop(r.logs, n).bytes.toString();
  assert.equal(str("plugin_name"), "waf");
  assert.equal(str("plugin_root_id"), "bulwark");
  assert.equal(str("plugin_vm_id"), "vm-a");
  assert.equal(str("xds.cluster_name"), "app");
  assert.equal(str("xds.route_name"), "local_route");
  assert.equal(str("node.id"), "node-7");
  assert.equal(str("custom.tenant"), "globex", "per-stream properties override host-wide ones");
});

test("response attributes in the response phase and in the access log", async () => {
  const host = await conformance(["response_headers prop|response.code", "log prop|response.code_details", "log prop|response.size", "log prop|request.path", "response_headers prop|request.path"]);
  const r = await host.simulate({ path: "/p", upstream: { status: 201, body: "12345" } });
  const lines = obs(r.logs);
  assert.equal(prop(r.logs, "response.code").bytes.readBigInt64LE(0), 201n);
  assert.equal(prop(r.logs, "response.code_details").bytes.toString(), "via_upstream");
  assert.equal(prop(r.logs, "response.size").bytes.readBigInt64LE(0), 5n);
  // request headers are gone after they continued, so header-derived attributes are NOT_FOUND
  // in the response phase and back in the access log (Envoy's StreamActivation).
  const paths = lines.filter((l) => l.startsWith("prop request.path"));
  assert.equal(fields(paths[0]).rc, String(WasmResult.NotFound));
  assert.equal(fields(paths[1]).hex, Buffer.from("/p").toString("hex"));
});

test("root contexts have no stream info: request attributes are NOT_FOUND, plugin ones work", async () => {
  const host = await conformance(["configure prop|request.path", "configure prop|plugin_name", "configure setprop|x|1"]);
  const lines = obs(host.logs);
  assert.equal(fields(lines.find((l) => l.startsWith("prop request.path"))).rc, String(WasmResult.NotFound));
  assert.equal(fields(lines.find((l) => l.startsWith("prop plugin_name"))).rc, "0");
  assert.equal(fields(lines.find((l) => l.startsWith("setprop x"))).rc, String(WasmResult.NotFound));
});

test("set_property writes filter state that get_property reads back; unknown paths are NOT_FOUND", async () => {
  const host = await conformance(["request_headers setprop|bulwark_decision|block", "request_headers prop|bulwark_decision", "request_headers prop|no.such.thing"]);
  const r = await host.simulate({});
  assert.equal(find(r.logs, "setprop bulwark_decision"), "setprop bulwark_decision rc=0");
  assert.equal(prop(r.logs, "bulwark_decision").bytes.toString(), "block");
  assert.equal(prop(r.logs, "no.such.thing").rc, WasmResult.NotFound);
});

test("sizes, duration and flags: request.duration only once the request completed (access log)", async () => {
  const host = await conformance([
    "request_headers prop|request.duration",
    "log prop|request.duration",
    "log prop|request.total_size",
    "log prop|response.total_size",
    "log prop|response.flags",
    "log prop|upstream.address",
  ]);
  const r = await host.simulate({ method: "POST", path: "/ab", body: "12345", upstream: { status: 200, headers: { "x-k": "v" }, body: "xyz" }, connection: { upstream: { address: "10.1.2.3:80" } } });
  const durations = obs(r.logs).filter((l) => l.startsWith("prop request.duration")).map(fields);
  assert.equal(durations[0].rc, String(WasmResult.NotFound));
  assert.equal(durations[1].rc, "0");
  assert.ok(Buffer.from(durations[1].hex, "hex").readBigInt64LE(0) > 0n);
  const reqHeaderBytes = ":method".length + 4 + ":path".length + 3 + ":authority".length + 9 + ":scheme".length + 4;
  assert.equal(prop(r.logs, "request.total_size").bytes.readBigInt64LE(0), BigInt(5 + reqHeaderBytes));
  assert.equal(prop(r.logs, "response.total_size").bytes.readBigInt64LE(0), BigInt(3 + ":status".length + 3 + 3 + 1));
  assert.equal(prop(r.logs, "response.flags").bytes.readBigInt64LE(0), 0n);
  assert.equal(prop(r.logs, "upstream.address").bytes.toString(), "10.1.2.3:80");
});
