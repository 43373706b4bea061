// The Envoy configuration checker (src/envoy/proto-check.js): strict about unknown fields, enum
// values, Any types and scalar types, with a documented allow-list for fields newer than the
// bundled protos.
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkEnvoyMessage, checkReferences, NEWER_FIELDS } from "../../src/envoy/proto-check.js";
import { envoyBootstrap } from "../../src/envoy/bootstrap.js";
import { defaultConfig } from "../../src/compiler/index.js";

const boot = () => envoyBootstrap(defaultConfig());
const hcm = (b) => b.static_resources.listeners[0].filter_chains[0].filters[0].typed_config;
const wasmConfig = (b) => hcm(b).http_filters[0].typed_config.config;

test("a generated bootstrap passes", () => {
  assert.deepEqual(checkEnvoyMessage(boot()), []);
  assert.deepEqual(checkReferences(boot()), []);
});

test("unknown fields, bad enums, wrong scalar types and unknown @types are reported with their path", () => {
  const b = boot();
  b.static_resources.clusters[0].conect_timeout = "1s";
  hcm(b).codec_type = "AUTOX";
  b.static_resources.listeners[0].per_connection_buffer_limit_bytes = "big";
  hcm(b).http_filters[1].typed_config["@type"] = "type.googleapis.com/envoy.extensions.filters.http.routr.v3.Router";
  b.static_resources.clusters[0].connect_timeout = "2 seconds";
  const p = checkEnvoyMessage(b);
  assert.ok(p.includes("static_resources.clusters[0].conect_timeout: unknown field of envoy.config.cluster.v3.Cluster"), p.join("\n"));
  assert.ok(p.some((x) => x.startsWith("static_resources.listeners[0].filter_chains[0].filters[0].typed_config.codec_type: must be one of AUTO, HTTP1, HTTP2")), p.join("\n"));
  assert.ok(p.some((x) => x.startsWith("static_resources.listeners[0].per_connection_buffer_limit_bytes: ")), p.join("\n"));
  assert.ok(p.some((x) => x.endsWith("http_filters[1].typed_config.@type: unknown type type.googleapis.com/envoy.extensions.filters.http.routr.v3.Router")), p.join("\n"));
  assert.ok(p.some((x) => x.startsWith("static_resources.clusters[0].connect_timeout: must be a duration")), p.join("\n"));
  assert.equal(p.length, 5);
});

test("Any payloads are checked recursively; packed wrappers carry exactly `value`", () => {
  const b = boot();
  wasmConfig(b).vm_config.code.local.file_name = "/x.wasm";
  wasmConfig(b).configuration = { "@type": "type.googleapis.com/google.protobuf.StringValue", value: 3 };
  const p = checkEnvoyMessage(b);
  assert.ok(p.some((x) => x.endsWith("vm_config.code.local.file_name: unknown field of envoy.config.core.v3.DataSource")), p.join("\n"));
  assert.ok(p.some((x) => x.endsWith("configuration.value: must be a string")), p.join("\n"));
});

test("oneof members exclude each other", () => {
  const b = boot();
  wasmConfig(b).vm_config.code.local.inline_string = "x";
  const p = checkEnvoyMessage(b);
  assert.ok(p.some((x) => /only one of filename and inline_string may be set/.test(x)), p.join("\n"));
});

test("fields newer than the bundled protos: allow-listed with their own value check", () => {
  assert.ok(NEWER_FIELDS["envoy.extensions.wasm.v3.PluginConfig"].failure_policy.since);
  const b = boot();
  wasmConfig(b).failure_policy = "FAIL_SOMETIMES";
  assert.ok(checkEnvoyMessage(b).some((x) => x.endsWith("failure_policy: must be one of FAIL_UNSPECIFIED, FAIL_RELOAD, FAIL_CLOSED, FAIL_OPEN, got \"FAIL_SOMETIMES\"")));
  const xff = (v) => checkEnvoyMessage({ "@type": "type.googleapis.com/envoy.extensions.http.original_ip_detection.xff.v3.XffConfig", xff_trusted_cidrs: v }, "google.protobuf.Any");
  assert.deepEqual(xff({ cidrs: [{ address_prefix: "10.0.0.0", prefix_len: 8 }] }), []);
  assert.match(xff({ cidrs: [{ address_prefix: "10.0.0.0", prefix_length: 8 }] }).join(), /prefix_length: unknown field of envoy\.config\.core\.v3\.CidrRange/);
  assert.match(xff([]).join(), /xff_trusted_cidrs: must be \{cidrs/);
});

test("references: a route to an undefined cluster, duplicate names", () => {
  const b = boot();
  hcm(b).route_config.virtual_hosts[0].routes[0].route.cluster = "nope";
  b.static_resources.clusters.push({ ...b.static_resources.clusters[0] });
  const p = checkReferences(b);
  assert.ok(p.some((x) => /cluster nope is not defined/.test(x)));
  assert.ok(p.some((x) => /duplicate cluster name backend/.test(x)));
});
