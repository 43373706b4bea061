// Remote JWKS under Istio: the filter's dispatch_http_call target becomes the cluster istiod
// builds for a ServiceEntry, and https keys are fetched through TLS origination.
import { test } from "node:test";
import assert from "node:assert/strict";
import { istioJwksEgress } from "../../src/deploy/istio-jwks.js";
import { istioManifests } from "../../src/deploy/istio.js";
import { assertValid } from "../../src/deploy/validate.js";
import { FILTER_CONFIG_SCHEMA } from "../../src/compiler/emit.js";
import { compile } from "../../src/compiler/index.js";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const remote = (name, uri) => ({ name, remote: { uri, cluster: `bulwark_jwks_${name.replace("/", "_")}`, authority: new URL(uri).host, path: new URL(uri).pathname, timeoutMs: 5000, refreshIntervalMs: 300000 } });

test("remote JWKS: Istio cluster names, a ServiceEntry per host, TLS origination for https", () => {
  const config = { version: 1, policies: [{ name: "default", mode: "secured" }], defaultPolicy: "default",
    jwks: [remote("idp/main", "https://idp.example/.well-known/jwks.json"), remote("idp/alt", "https://idp.example/other.json"), remote("dev/k", "http://keys.test:8081/jwks"), { name: "idp/local", keys: { keys: [] } }] };
  const { config: out, documents } = istioJwksEgress(config, "shop");
  assert.deepEqual(out.jwks.map((j) => j.remote?.cluster ?? null), ["outbound|80||idp.example", "outbound|80||idp.example", "outbound|8081||keys.test", null]);
  assert.equal(config.jwks[0].remote.cluster, "bulwark_jwks_idp_main", "the input is not modified");
  assertValid(documents);
  assert.deepEqual(documents.map((d) => `${d.kind}/${d.metadata.namespace}/${d.metadata.name}`), [
    "ServiceEntry/shop/bulwark-jwks-idp-example", "DestinationRule/shop/bulwark-jwks-idp-example", "ServiceEntry/shop/bulwark-jwks-keys-test",
  ]);
  const [se, dr, plain] = documents;
  assert.deepEqual(se.spec.ports, [{ number: 80, name: "http-tls-origination", protocol: "HTTP", targetPort: 443 }]);
  assert.deepEqual(se.spec.exportTo, ["."]);
  assert.deepEqual(dr.spec.trafficPolicy.portLevelSettings, [{ port: { number: 80 }, tls: { mode: "SIMPLE", sni: "idp.example", subjectAltNames: ["idp.example"] } }]);
  assert.deepEqual(plain.spec.ports, [{ number: 8081, name: "http", protocol: "HTTP" }]);
  assert.deepEqual(istioJwksEgress({ version: 1 }, "x").documents, []);
  assert.throws(() => istioJwksEgress({ jwks: [remote("a/b", "ftp://x.test/k")] }, "n"), /must be https \(or http\)/);
});

const schemaHasJwks = Boolean(FILTER_CONFIG_SCHEMA.properties?.jwks);
test("the Istio target emits the egress documents next to the WasmPlugin", { skip: !schemaHasJwks && "filter config schema has no jwks section yet (added by the JWT feature)" }, async () => {
  const compiled = await compile(["policies/examples/istio-ingress"], { cwd: root });
  compiled.config = { ...compiled.config, jwks: [remote("shop-istio/idp", "https://idp.example/jwks.json")] };
  const { documents } = istioManifests(compiled, { image: "ghcr.io/a/b", digest: `sha256:${"2".repeat(64)}` });
  assertValid(documents);
  assert.deepEqual(documents.map((d) => d.kind), ["WasmPlugin", "ServiceEntry", "DestinationRule"]);
  assert.equal(documents[0].spec.pluginConfig.jwks[0].remote.cluster, "outbound|80||idp.example");
});
