// policies/examples/: one example per deployment mode. Each compiles, its manifests validate for
// their consumer, and the filter running the emitted configuration picks the intended policy for
// the route names (or paths) each platform reports.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { compile } from "../../src/compiler/index.js";
import { istioManifests } from "../../src/deploy/istio.js";
import { envoyGatewayManifests } from "../../src/deploy/envoy-gateway.js";
import { envoyFromGateway } from "../../src/envoy/gateway.js";
import { assertValid } from "../../src/deploy/validate.js";
import { checkEnvoyMessage } from "../../src/envoy/proto-check.js";
import { startFilter, chosenPolicy } from "../filter/support.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const IMAGE = { image: "ghcr.io/acme/bulwark", digest: `sha256:${"ab".repeat(32)}` };
const hosts = [];
after(() => Promise.all(hosts.map((h) => h.close())));
const filter = async (cfg) => {
  const h = await startFilter(cfg, { logLevel: "debug" });
  hosts.push(h);
  return h;
};
const example = (name) => compile([`policies/examples/${name}`], { cwd: root });

test("all examples compile together with the demo policies", async () => {
  const r = await compile(["policies"], { cwd: root });
  for (const name of ["shop-sidecar/shop-api", "shop-istio/shop", "shop-eg/admin", "shop-envoy/shop", "demo/demo"]) {
    assert.ok(r.config.policies.some((p) => p.name === name), name);
  }
});

test("Istio sidecar: a WasmPlugin per port selecting the pods, routes in SidecarGateway order", async () => {
  const compiled = await example("istio-sidecar");
  const { documents } = istioManifests(compiled, IMAGE);
  assertValid(documents);
  assert.equal(documents.length, 1);
  const [wp] = documents;
  assert.equal(wp.kind, "WasmPlugin");
  assert.equal(wp.metadata.namespace, "shop-sidecar");
  assert.deepEqual(wp.spec.selector, { matchLabels: { app: "shop" } });
  assert.deepEqual(wp.spec.match, [{ mode: "SERVER", ports: [{ number: 8080 }] }]);
  assert.equal(wp.spec.phase, "AUTHN");
  assert.equal(wp.spec.failStrategy, "FAIL_CLOSE");
  assert.equal(wp.spec.url, `oci://ghcr.io/acme/bulwark@${IMAGE.digest}`);
  assert.equal(wp.spec.pluginName, "bulwark");
  assert.equal(wp.spec.targetRefs, undefined);
  const h = await filter(wp.spec.pluginConfig);
  assert.equal((await chosenPolicy(h, { path: "/healthz" })).policy, "shop-sidecar/shop/unsecured");
  assert.equal((await chosenPolicy(h, { path: "/api/orders?id=1" })).policy, "shop-sidecar/shop-api");
  assert.equal((await chosenPolicy(h, { path: "/apiary" })).policy, "shop-sidecar/shop-web", "prefixes match whole segments");
  assert.equal((await chosenPolicy(h, { path: "/" })).policy, "shop-sidecar/shop-web");
  assert.deepEqual(wp.spec.pluginConfig.policies.find((p) => p.name === "shop-sidecar/shop/unsecured"), { name: "shop-sidecar/shop/unsecured", mode: "unsecured" });
});

test("Istio ingress: a WasmPlugin targeting the Gateway; Istio's route names select the policy", async () => {
  const compiled = await example("istio-ingress");
  const { documents } = istioManifests(compiled, IMAGE);
  assertValid(documents);
  assert.equal(documents.length, 1);
  const [wp] = documents;
  assert.deepEqual(wp.spec.targetRefs, [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "shop-gw" }]);
  assert.equal(wp.spec.selector, undefined);
  const route = wp.spec.pluginConfig.routes.find((r) => r.name === "shop-istio/shop");
  assert.deepEqual(route.routeNames, ["shop-istio/shop", "shop-istio.shop.0", "shop-istio.shop.1"]);
  const h = await filter(wp.spec.pluginConfig);
  // Istio reports rule 1's route name; host and path would not select the route here.
  const byName = await chosenPolicy(h, { authority: "other.example.org", path: "/x", properties: { "xds.route_name": "shop-istio.shop.1" } });
  assert.equal(byName.policy, "shop-istio/shop");
  const other = await chosenPolicy(h, { authority: "other.example.org", path: "/x", properties: { "xds.route_name": "shop-istio.shopx.1" } });
  assert.equal(other.policy, "default");
});

test("Envoy Gateway: an EnvoyExtensionPolicy on the Gateway; EG's route names select the policy", async () => {
  const compiled = await example("envoy-gateway");
  const { documents } = envoyGatewayManifests(compiled, IMAGE);
  assertValid(documents);
  assert.equal(documents.length, 1);
  const [eep] = documents;
  assert.deepEqual(eep.spec.targetRefs, [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "eg" }]);
  const [w] = eep.spec.wasm;
  assert.equal(w.rootID, "bulwark");
  assert.equal(w.failOpen, false);
  assert.deepEqual(w.code, { type: "Image", image: { url: `ghcr.io/acme/bulwark@${IMAGE.digest}` }, pullPolicy: "IfNotPresent" });
  assert.deepEqual(w.config, compiled.config);
  const h = await filter(w.config);
  const admin = await chosenPolicy(h, { authority: "x.example.org", properties: { "xds.route_name": "httproute/shop-eg/admin/rule/0/match/0/admin_example_com" } });
  assert.equal(admin.policy, "shop-eg/admin");
  const shop = await chosenPolicy(h, { authority: "shop.example.com", path: "/cart" });
  assert.equal(shop.policy, "shop-eg/shop", "host selection when no route name is reported");
});

test("plain Envoy: a valid bootstrap with HTTP, HTTPS (TLS options) and mTLS listeners, pinned upstream TLS", async () => {
  const compiled = await example("plain-envoy");
  const { bootstrap, warnings } = envoyFromGateway(compiled.config, compiled.documents, {});
  assert.deepEqual(warnings, []);
  assert.deepEqual(checkEnvoyMessage(bootstrap), []);
  assertValid([bootstrap]);
  const [http, https, mtls] = bootstrap.static_resources.listeners;
  assert.deepEqual([http, https, mtls].map((l) => l.address.socket_address.port_value), [8080, 8443, 9443]);
  assert.equal(http.filter_chains[0].transport_socket, undefined);
  const tlsOf = (l) => l.filter_chains[0].transport_socket.typed_config;
  assert.deepEqual(tlsOf(https).common_tls_context.tls_params, {
    tls_minimum_protocol_version: "TLSv1_2",
    tls_maximum_protocol_version: "TLSv1_3",
    cipher_suites: ["ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256"],
    ecdh_curves: ["X25519", "P-256"],
    signature_algorithms: ["ecdsa_secp256r1_sha256", "rsa_pss_rsae_sha256"],
  });
  assert.equal(tlsOf(https).require_client_certificate, undefined, "client certificates only on the mTLS port");
  assert.equal(tlsOf(mtls).require_client_certificate, true);
  assert.deepEqual(tlsOf(mtls).common_tls_context.validation_context, { trusted_ca: { filename: "/etc/envoy/certs/shop-envoy/partner-ca/ca.crt" } });
  assert.deepEqual(tlsOf(https).common_tls_context.tls_certificates, [{
    certificate_chain: { filename: "/etc/envoy/certs/shop-envoy/shop-tls/tls.crt" },
    private_key: { filename: "/etc/envoy/certs/shop-envoy/shop-tls/tls.key" },
  }]);
  const hcm = http.filter_chains[0].filters[0].typed_config;
  assert.equal(hcm.xff_num_trusted_hops, 1);
  assert.equal(hcm.http_filters[0].typed_config.config.failure_policy, "FAIL_CLOSED");
  const api = bootstrap.static_resources.clusters.find((c) => c.name === "service/shop-envoy/shop-api/8443");
  const up = api.transport_socket.typed_config;
  assert.equal(up.sni, "shop-api.internal");
  assert.deepEqual(up.common_tls_context.validation_context.verify_certificate_hash, [
    "df6ff72fe9116521268f6f2dd4966f51df479883fe7037b39f75916ac3049d1a",
    "df6ff72fe9116521268f6f2dd4966f51df479883fe7037b39f75916ac3049d1b",
  ]);
  assert.deepEqual(up.common_tls_context.validation_context.match_typed_subject_alt_names, [{ san_type: "DNS", matcher: { exact: "shop-api.internal" } }]);
  assert.equal(bootstrap.static_resources.clusters.find((c) => c.name === "service/shop-envoy/shop-web/8080").transport_socket, undefined);
  // Envoy reports the route's name; the filter maps it to the ContentSecurityPolicy.
  const routeName = hcm.route_config.virtual_hosts[0].routes[1].name;
  assert.equal(routeName, "httproute/shop-envoy/shop/rule/1/match/0");
  const h = await filter(compiled.config);
  assert.equal((await chosenPolicy(h, { authority: "elsewhere.test", properties: { "xds.route_name": routeName } })).policy, "shop-envoy/shop");
});

test("Envoy Gateway without a Gateway among the inputs: one policy per namespace on the targeted HTTPRoutes", async () => {
  const compiled = await compile(["policies/demo"], { cwd: root });
  const { documents, warnings } = envoyGatewayManifests(compiled, IMAGE);
  assertValid(documents);
  assert.deepEqual(documents.map((d) => [d.metadata.namespace, d.spec.targetRefs]), [["demo", [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: "demo" }]]]);
  assert.match(warnings[0], /routes no policy targets are not inspected/);
  const http = envoyGatewayManifests(compiled, { wasmUrl: "https://artifacts.example/bulwark.wasm", wasm: Buffer.from("abc") });
  assertValid(http.documents);
  assert.deepEqual(http.documents[0].spec.wasm[0].code, { type: "HTTP", http: { url: "https://artifacts.example/bulwark.wasm", sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" } });
  assert.throws(() => envoyGatewayManifests(compiled, { wasmUrl: "http://insecure.example/b.wasm", wasm: Buffer.from("abc") }), /--wasm-url must be an https URL/);
});
