// The plain-Envoy emitter (src/envoy/gateway.js): Gateway API resources to an Envoy bootstrap.
// Fail closed: anything that would silently weaken TLS or skip inspection is a problem.
import { test } from "node:test";
import assert from "node:assert/strict";
import { compileSources, CompileError } from "../../src/compiler/index.js";
import { envoyFromGateway, hostMatches } from "../../src/envoy/gateway.js";
import { checkEnvoyMessage, checkReferences } from "../../src/envoy/proto-check.js";

const PEM = (what) => `-----BEGIN ${what}-----\nMIIBfake\n-----END ${what}-----\n`;
const b64 = (s) => Buffer.from(s).toString("base64");

function gateway({ listeners, tls, params, ns = "gw" } = {}) {
  return {
    apiVersion: "gateway.networking.k8s.io/v1", kind: "Gateway", metadata: { name: "edge", namespace: ns },
    spec: {
      gatewayClassName: "bulwark",
      ...(params ? { infrastructure: { parametersRef: { group: "bulwark.dev", kind: "GatewayParameters", name: "p" } } } : {}),
      listeners: listeners ?? [{ name: "http", port: 8080, protocol: "HTTP" }],
      ...(tls ? { tls } : {}),
    },
  };
}
const route = (name, spec, ns = "gw") => ({ apiVersion: "gateway.networking.k8s.io/v1", kind: "HTTPRoute", metadata: { name, namespace: ns }, spec: { parentRefs: [{ name: "edge", namespace: "gw" }], ...spec } });

async function build(docs, opts = {}, configOverride) {
  const r = await compileSources(docs.map((d, i) => ({ file: `in${i}.yaml`, text: JSON.stringify(d) })));
  const out = envoyFromGateway(configOverride ? { ...r.config, ...configOverride } : r.config, r.documents, opts);
  assert.deepEqual(checkEnvoyMessage(out.bootstrap), [], "valid against Envoy's protos");
  assert.deepEqual(checkReferences(out.bootstrap), []);
  return out;
}
async function problems(docs, opts = {}) {
  const r = await compileSources(docs.map((d, i) => ({ file: `in${i}.yaml`, text: JSON.stringify(d) })));
  try {
    envoyFromGateway(r.config, r.documents, opts);
  } catch (err) {
    assert.ok(err.userError);
    return err.problems;
  }
  assert.fail("expected problems");
}
const hcmOf = (l, chain = 0) => l.filter_chains[chain].filters[0].typed_config;

test("certificates from Secret manifests are inlined; Secrets not among the inputs are files under --cert-dir", async () => {
  const secret = { apiVersion: "v1", kind: "Secret", metadata: { name: "inline", namespace: "gw" }, type: "kubernetes.io/tls", data: { "tls.crt": b64(PEM("CERTIFICATE")), "tls.key": b64(PEM("PRIVATE KEY")) } };
  const { bootstrap } = await build([
    gateway({ listeners: [
      { name: "a", port: 443, protocol: "HTTPS", hostname: "a.example.com", tls: { certificateRefs: [{ name: "inline" }] } },
      { name: "b", port: 443, protocol: "HTTPS", hostname: "b.example.com", tls: { certificateRefs: [{ name: "on-disk" }] } },
    ] }),
    secret,
  ], { certDir: "/certs" });
  const [l] = bootstrap.static_resources.listeners;
  assert.equal(l.filter_chains.length, 2, "two HTTPS listeners on one port: one filter chain each");
  assert.deepEqual(l.filter_chains.map((c) => c.filter_chain_match.server_names), [["a.example.com"], ["b.example.com"]]);
  assert.ok(l.listener_filters.some((f) => f.name === "envoy.filters.listener.tls_inspector"), "SNI needs the TLS inspector");
  const certs = (i) => l.filter_chains[i].transport_socket.typed_config.common_tls_context.tls_certificates[0];
  assert.deepEqual(certs(0), { certificate_chain: { inline_string: PEM("CERTIFICATE") }, private_key: { inline_string: PEM("PRIVATE KEY") } });
  assert.deepEqual(certs(1), { certificate_chain: { filename: "/certs/gw/on-disk/tls.crt" }, private_key: { filename: "/certs/gw/on-disk/tls.key" } });
});

test("HTTPS without a certificate, TLS passthrough, a Secret without the key: problems, no configuration", async () => {
  const p1 = await problems([gateway({ listeners: [{ name: "s", port: 443, protocol: "HTTPS" }] })]);
  assert.match(p1.join("\n"), /spec\.listeners\[0\]\.tls\.certificateRefs: an HTTPS listener needs a server certificate/);
  const p2 = await problems([gateway({ listeners: [{ name: "s", port: 443, protocol: "HTTPS", tls: { mode: "Passthrough", certificateRefs: [{ name: "x" }] } }] })]);
  assert.match(p2.join("\n"), /Passthrough cannot be inspected/);
  const p3 = await problems([
    gateway({ listeners: [{ name: "s", port: 443, protocol: "HTTPS", tls: { certificateRefs: [{ name: "half" }] } }] }),
    { apiVersion: "v1", kind: "Secret", metadata: { name: "half", namespace: "gw" }, stringData: { "tls.crt": PEM("CERTIFICATE") } },
  ]);
  assert.match(p3.join("\n"), /Secret gw\/half has no key tls\.key/);
  assert.doesNotMatch(p3.join("\n"), /BEGIN/, "problems never echo key material");
  const p4 = await problems([gateway({ listeners: [{ name: "t", port: 9000, protocol: "TCP" }] })]);
  assert.match(p4.join("\n"), /TCP is not supported by the envoy target/);
});

test("TLS option values are checked by the compiler, naming the option", async () => {
  const bad = async (options, re) => {
    const gw = gateway({ listeners: [{ name: "s", port: 443, protocol: "HTTPS", tls: { certificateRefs: [{ name: "c" }], options } }] });
    await assert.rejects(compileSources([{ file: "g.yaml", text: JSON.stringify(gw) }]), (err) => err instanceof CompileError && re.test(err.message));
  };
  await bad({ "microgateway.airlock.com/minimumVersion": "TLSv1.2" }, /spec\.listeners\[0\]\.tls\.options\["microgateway\.airlock\.com\/minimumVersion"\]: must be one of TLS_AUTO, TLSv1_0/);
  await bad({ "microgateway.airlock.com/minimumVersion": "TLSv1_3", "microgateway.airlock.com/maximumVersion": "TLSv1_2" }, /minimum version TLSv1_3 is above maximum version TLSv1_2/);
  await bad({ "microgateway.airlock.com/ciphers": "AES128 SHA" }, /comma-separated list of cipher suite names/);
  await bad({ "microgateway.airlock.com/verifyCertificateHashes": "aa" }, /unknown TLS option verifyCertificateHashes for a Gateway listener/);
  // Another implementation's options are left to it.
  await compileSources([{ file: "g.yaml", text: JSON.stringify(gateway({ listeners: [{ name: "s", port: 443, protocol: "HTTPS", tls: { certificateRefs: [{ name: "c" }], options: { "example.com/x": "y" } } }] })) }]);
});

test("client certificate validation per port: AllowValidOnly requires one; GatewayParameters is the fallback", async () => {
  const listeners = [
    { name: "plain", port: 443, protocol: "HTTPS", tls: { certificateRefs: [{ name: "c" }] } },
    { name: "mtls", port: 8443, protocol: "HTTPS", tls: { certificateRefs: [{ name: "c" }] } },
  ];
  const params = { apiVersion: "bulwark.dev/v1alpha1", kind: "GatewayParameters", metadata: { name: "p", namespace: "gw" }, spec: { experimental: { tls: { frontend: { perPort: [{ port: 8443, tls: { validation: { caCertificateRefs: [{ kind: "ConfigMap", name: "ca" }] } } }] } } } } };
  const ca = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "ca", namespace: "gw" }, data: { "ca.crt": PEM("CERTIFICATE") } };
  const { bootstrap } = await build([gateway({ listeners, params: true }), params, ca]);
  const [l443, l8443] = bootstrap.static_resources.listeners;
  const ctx = (l) => l.filter_chains[0].transport_socket.typed_config;
  assert.equal(ctx(l443).require_client_certificate, undefined);
  assert.equal(ctx(l443).common_tls_context.validation_context, undefined);
  assert.equal(ctx(l8443).require_client_certificate, true);
  assert.deepEqual(ctx(l8443).common_tls_context.validation_context, { trusted_ca: { inline_string: PEM("CERTIFICATE") } });
  // The Gateway's own spec.tls.frontend wins over GatewayParameters.
  const own = await build([gateway({ listeners, params: true, tls: { frontend: { default: { validation: { mode: "AllowInsecureFallback", caCertificateRefs: [{ group: "", kind: "Secret", name: "other" }] } } } } }), params, ca]);
  const [o443, o8443] = own.bootstrap.static_resources.listeners;
  for (const l of [o443, o8443]) {
    assert.equal(ctx(l).require_client_certificate, undefined);
    assert.equal(ctx(l).common_tls_context.validation_context.trust_chain_verification, "ACCEPT_UNTRUSTED");
  }
  assert.ok(own.warnings.some((w) => /AllowInsecureFallback accepts clients without a valid certificate/.test(w)));
});

test("routes: Gateway API precedence, names the filter selects by, weights, header modifiers; unsupported filters fail", async () => {
  const { bootstrap } = await build([
    gateway(),
    route("shop", {
      hostnames: ["shop.example.com"],
      rules: [
        { matches: [{ path: { type: "PathPrefix", value: "/" } }], backendRefs: [{ name: "web", port: 80 }] },
        { matches: [{ path: { type: "PathPrefix", value: "/api/" } }, { path: { type: "Exact", value: "/login" }, method: "POST" }],
          backendRefs: [{ name: "api", port: 8080, weight: 90 }, { name: "api-canary", port: 8080, weight: 10 }],
          filters: [{ type: "RequestHeaderModifier", requestHeaderModifier: { set: [{ name: "x-env", value: "prod" }], remove: ["x-debug"] } }] },
        { matches: [{ path: { type: "PathPrefix", value: "/api/v2" } }], timeouts: { request: "1m30s" }, backendRefs: [{ name: "api2", port: 8080 }] },
      ],
    }),
  ]);
  const vh = hcmOf(bootstrap.static_resources.listeners[0]).route_config.virtual_hosts;
  assert.deepEqual(vh.map((v) => v.domains), [["shop.example.com"]]);
  const routes = vh[0].routes;
  assert.deepEqual(routes.map((r) => r.name), [
    "httproute/gw/shop/rule/1/match/1", // Exact first
    "httproute/gw/shop/rule/2/match/0", // then the longest prefix
    "httproute/gw/shop/rule/1/match/0",
    "httproute/gw/shop/rule/0/match/0",
  ]);
  assert.deepEqual(routes[0].match, { path: "/login", headers: [{ name: ":method", string_match: { exact: "POST" } }] });
  assert.deepEqual(routes[2].match, { path_separated_prefix: "/api" }, "trailing slash dropped, whole segments");
  assert.deepEqual(routes[3].match, { prefix: "/" });
  assert.equal(routes[1].route.timeout, "90s");
  assert.deepEqual(routes[2].route.weighted_clusters.clusters, [{ name: "service/gw/api/8080", weight: 90 }, { name: "service/gw/api-canary/8080", weight: 10 }]);
  assert.deepEqual(routes[2].request_headers_to_remove, ["x-debug"]);
  assert.deepEqual(routes[2].request_headers_to_add, [{ header: { key: "x-env", value: "prod" }, append_action: "OVERWRITE_IF_EXISTS_OR_ADD" }]);
  const p = await problems([gateway(), route("r", { rules: [{ filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https" } }], backendRefs: [{ name: "x", port: 1 }] }] })]);
  assert.match(p.join("\n"), /rules\[0\]\.filters\[0\]: filter type RequestRedirect is not supported by the envoy target/);
});

test("routes attach by parentRefs (sectionName, namespace, allowedRoutes); hostnames intersect with the listener's", async () => {
  const { bootstrap, warnings } = await build([
    gateway({ listeners: [{ name: "a", port: 8080, protocol: "HTTP", hostname: "*.example.com" }, { name: "b", port: 9090, protocol: "HTTP", allowedRoutes: { namespaces: { from: "All" } } }] }),
    route("to-a", { parentRefs: [{ name: "edge", namespace: "gw", sectionName: "a" }], hostnames: ["shop.example.com", "other.test"], rules: [{ backendRefs: [{ name: "s", port: 80 }] }] }),
    route("any", { hostnames: ["*.example.com"], rules: [{ backendRefs: [{ name: "s", port: 80 }] }] }, "apps"),
    route("elsewhere", { parentRefs: [{ name: "other-gw" }], rules: [{ backendRefs: [{ name: "s", port: 80 }] }] }),
  ]);
  const [a, b] = bootstrap.static_resources.listeners.map((l) => hcmOf(l).route_config.virtual_hosts);
  assert.deepEqual(a.map((v) => v.domains[0]), ["shop.example.com"]);
  assert.deepEqual(a[0].routes.map((r) => r.name), ["httproute/gw/to-a/rule/0/match/0"]);
  assert.deepEqual(b.map((v) => v.domains[0]), ["*.example.com"]);
  assert.deepEqual(b[0].routes.map((r) => r.name), ["httproute/apps/any/rule/0/match/0"]);
  assert.equal(JSON.stringify(bootstrap).includes("elsewhere"), false);
  assert.equal(JSON.stringify(a).includes("other.test"), false, "a hostname outside the listener's is dropped");
  assert.equal(hostMatches("*.example.com", "a.b.example.com"), true);
  assert.equal(hostMatches("*.example.com", "example.com"), false);
  assert.equal(hostMatches("shop.example.com", "*.example.com"), true);
  // Listener a keeps the default (routes of the Gateway's namespace only): apps/any is refused there.
  assert.deepEqual(warnings, ["HTTPRoute apps/any (in2.yaml): listener a of Gateway gw/edge accepts routes from namespace gw only (allowedRoutes.namespaces.from: Same); not attached"]);
});

test("BackendTLSPolicy: CA, SAN, SNI and TLS options on the cluster; insecure needs GatewayParameters' permission", async () => {
  const btp = (options, validation = { hostname: "api.internal", wellKnownCACertificates: "System" }) => ({
    apiVersion: "gateway.networking.k8s.io/v1", kind: "BackendTLSPolicy", metadata: { name: "api", namespace: "gw" },
    spec: { targetRefs: [{ group: "", kind: "Service", name: "api" }], validation, ...(options ? { options } : {}) },
  });
  const r = route("r", { rules: [{ backendRefs: [{ name: "api", port: 443 }] }] });
  const { bootstrap } = await build([gateway(), r, btp({ "microgateway.airlock.com/allowExpiredCertificate": "true", "microgateway.airlock.com/maximumVersion": "TLSv1_2" })], { systemCaFile: "/ca.pem" });
  const tls = bootstrap.static_resources.clusters[0].transport_socket.typed_config;
  assert.equal(tls.sni, "api.internal");
  assert.deepEqual(tls.common_tls_context, {
    tls_params: { tls_maximum_protocol_version: "TLSv1_2" },
    validation_context: { trusted_ca: { filename: "/ca.pem" }, match_typed_subject_alt_names: [{ san_type: "DNS", matcher: { exact: "api.internal" } }], allow_expired_certificate: true },
  });
  const p = await problems([gateway(), r, btp({ "microgateway.airlock.com/insecure": "true" }, { hostname: "api.internal" })]);
  assert.match(p.join("\n"), /insecure is set, but GatewayParameters of Gateway gw\/edge does not set spec\.features\.insecureTLSAllowed: true/);
  const allowed = { apiVersion: "bulwark.dev/v1alpha1", kind: "GatewayParameters", metadata: { name: "p", namespace: "gw" }, spec: { features: { insecureTLSAllowed: true } } };
  const ok = await build([gateway({ params: true }), allowed, r, btp({ "microgateway.airlock.com/insecure": "true" }, { hostname: "api.internal" })]);
  assert.equal(ok.bootstrap.static_resources.clusters[0].transport_socket.typed_config.common_tls_context.validation_context.trust_chain_verification, "ACCEPT_UNTRUSTED");
  const mtlsParams = { ...allowed, spec: { experimental: { tls: { backend: { clientCertificateRef: { name: "gw-client" } } } } } };
  const mtls = await build([gateway({ params: true }), mtlsParams, r, btp(null)], { certDir: "/c" });
  assert.deepEqual(mtls.bootstrap.static_resources.clusters[0].transport_socket.typed_config.common_tls_context.tls_certificates,
    [{ certificate_chain: { filename: "/c/gw/gw-client/tls.crt" }, private_key: { filename: "/c/gw/gw-client/tls.key" } }], "upstream mTLS from GatewayParameters");
  await assert.rejects(compileSources([{ file: "b.yaml", text: JSON.stringify(btp({ "microgateway.airlock.com/verifyCertificateHashes": "# only a comment\nzz" })) }]), /spec\.options\["microgateway\.airlock\.com\/verifyCertificateHashes"\]: line 2: expected a SHA-256 fingerprint/);
  await assert.rejects(compileSources([{ file: "b.yaml", text: JSON.stringify(btp(null, { hostname: "x" })) }]), /must set caCertificateRefs or wellKnownCACertificates/);
});

test("one TLS cluster per remote JWKS of the filter configuration (contract: jwks[].remote.cluster)", async () => {
  const jwks = [
    { name: "idp/main", remote: { uri: "https://idp.example/.well-known/jwks.json", cluster: "bulwark_jwks_idp_main", authority: "idp.example", path: "/.well-known/jwks.json", timeoutMs: 5000, refreshIntervalMs: 300000 } },
    { name: "idp/dev", remote: { uri: "http://keys.dev.test:8081/jwks", cluster: "bulwark_jwks_idp_dev", authority: "keys.dev.test:8081", path: "/jwks", timeoutMs: 5000, refreshIntervalMs: 300000 } },
    { name: "idp/local", keys: { keys: [] } },
  ];
  const r = await compileSources([{ file: "g.yaml", text: JSON.stringify(gateway()) }]);
  const { bootstrap, warnings } = envoyFromGateway({ ...r.config, jwks }, r.documents, { systemCaFile: "/ca.pem" });
  assert.deepEqual(checkEnvoyMessage(bootstrap), []);
  const byName = Object.fromEntries(bootstrap.static_resources.clusters.map((c) => [c.name, c]));
  assert.deepEqual(Object.keys(byName).sort(), ["bulwark_jwks_idp_dev", "bulwark_jwks_idp_main"]);
  const main = byName.bulwark_jwks_idp_main;
  assert.deepEqual(main.load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address, { address: "idp.example", port_value: 443 });
  assert.equal(main.transport_socket.typed_config.sni, "idp.example");
  assert.deepEqual(main.transport_socket.typed_config.common_tls_context.validation_context.match_typed_subject_alt_names, [{ san_type: "DNS", matcher: { exact: "idp.example" } }]);
  assert.equal(byName.bulwark_jwks_idp_dev.load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address.port_value, 8081);
  assert.equal(byName.bulwark_jwks_idp_dev.transport_socket, undefined);
  assert.ok(warnings.some((w) => /plain http from keys\.dev\.test/.test(w)));
});

test("buffer limit on listeners and clusters; remote IP from GatewayParameters; several Gateways need --gateway", async () => {
  const params = (remoteIP) => ({ apiVersion: "bulwark.dev/v1alpha1", kind: "GatewayParameters", metadata: { name: "p", namespace: "gw" }, spec: { defaults: { downstream: { remoteIP } } } });
  const r = route("r", { rules: [{ backendRefs: [{ name: "s", port: 80 }] }] });
  const { bootstrap } = await build([gateway({ params: true }), params({ customHeader: { headerName: "x-client-ip" } }), r], { bufferLimitBytes: 5 << 20 });
  const l = bootstrap.static_resources.listeners[0];
  assert.equal(l.per_connection_buffer_limit_bytes, 5 << 20);
  assert.equal(bootstrap.static_resources.clusters[0].per_connection_buffer_limit_bytes, 5 << 20);
  const ext = hcmOf(l).original_ip_detection_extensions[0].typed_config;
  assert.equal(ext.header_name, "x-client-ip");
  assert.deepEqual(ext.reject_with_status, { code: "Forbidden" });
  const cidrs = await build([gateway({ params: true }), params({ xff: { trustedCIDRRanges: ["10.0.0.0/8", "2001:db8::/32"] } }), r]);
  const xff = hcmOf(cidrs.bootstrap.static_resources.listeners[0]);
  assert.equal(xff.use_remote_address, false, "Envoy: IP detection extensions exclude use_remote_address");
  assert.deepEqual(xff.original_ip_detection_extensions[0].typed_config.xff_trusted_cidrs, { cidrs: [{ address_prefix: "10.0.0.0", prefix_len: 8 }, { address_prefix: "2001:db8::", prefix_len: 32 }] });
  const pp = await build([gateway({ params: true }), params({ proxyProtocol: { version: "V2" } }), r]);
  assert.equal(pp.bootstrap.static_resources.listeners[0].listener_filters[0].name, "envoy.filters.listener.proxy_protocol");
  const p = await problems([gateway(), { ...gateway(), metadata: { name: "second", namespace: "gw" } }]);
  assert.match(p[0], /several Gateways among the inputs \(gw\/edge, gw\/second\): name one with --gateway/);
  const missing = await problems([gateway({ params: true })]);
  assert.match(missing.join("\n"), /GatewayParameters gw\/p is not among the inputs/);
});

test("HTTP listeners sharing a port: one connection manager, each route under its own listener's hostname", async () => {
  const { bootstrap } = await build([
    gateway({ listeners: [{ name: "a", port: 80, protocol: "HTTP", hostname: "a.example.com" }, { name: "b", port: 80, protocol: "HTTP", hostname: "b.example.com" }] }),
    route("ra", { parentRefs: [{ name: "edge", sectionName: "a" }], rules: [{ backendRefs: [{ name: "s", port: 80 }] }] }),
    route("both", { hostnames: ["*.example.com"], rules: [{ backendRefs: [{ name: "s", port: 80 }] }] }),
  ]);
  assert.equal(bootstrap.static_resources.listeners.length, 1);
  const vh = hcmOf(bootstrap.static_resources.listeners[0]).route_config.virtual_hosts;
  assert.deepEqual(vh.map((v) => [v.domains[0], v.routes.map((r) => r.name.split("/")[2])]), [
    ["a.example.com", ["both", "ra"]],
    ["b.example.com", ["both"]],
  ]);
});
