// Remote JWKS under Istio. The filter fetches keys with dispatch_http_call to the cluster named
// in jwks[].remote.cluster (contracts.md), and in Istio only clusters istiod creates exist. So the
// Istio target names the cluster Istio builds for a ServiceEntry (`outbound|<port>||<host>`) and
// emits that ServiceEntry, plus, for https, a DestinationRule that originates TLS (Istio's
// egress TLS origination pattern: the plugin speaks HTTP to port 80, the sidecar or gateway
// connects with TLS to the host's port, verifying the certificate against the system roots and
// the host name). Both are exported to their own namespace only.
const MANAGED = { "app.kubernetes.io/managed-by": "bulwark" };

/**
 * @param {object} config filter configuration (not modified)
 * @param {string} namespace namespace of the WasmPlugin
 * @returns {{ config: object, documents: object[] }}
 */
export function istioJwksEgress(config, namespace) {
  const remotes = (config.jwks ?? []).filter((j) => j.remote);
  if (!remotes.length) return { config, documents: [] };
  const out = structuredClone(config);
  const documents = [];
  const seen = new Set();
  for (const j of out.jwks) {
    if (!j.remote) continue;
    let url;
    try { url = new URL(j.remote.uri); } catch { throw userError(`jwks ${j.name}: remote.uri is not a URL`); }
    const host = url.hostname;
    const tls = url.protocol === "https:";
    if (!tls && url.protocol !== "http:") throw userError(`jwks ${j.name}: remote.uri must be https (or http), got ${url.protocol}`);
    const targetPort = url.port ? Number(url.port) : tls ? 443 : 80;
    const port = tls ? 80 : targetPort;
    j.remote.cluster = `outbound|${port}||${host}`;
    const key = `${host}:${port}:${targetPort}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const name = `bulwark-jwks-${host.replace(/[^a-z0-9-]/gi, "-").toLowerCase()}`.slice(0, 63).replace(/-+$/, "");
    documents.push({
      apiVersion: "networking.istio.io/v1",
      kind: "ServiceEntry",
      metadata: { name, namespace, labels: MANAGED },
      spec: {
        hosts: [host],
        location: "MESH_EXTERNAL",
        resolution: "DNS",
        exportTo: ["."],
        ports: [{ number: port, name: tls ? "http-tls-origination" : "http", protocol: "HTTP", ...(tls ? { targetPort } : {}) }],
      },
    });
    if (tls) {
      documents.push({
        apiVersion: "networking.istio.io/v1",
        kind: "DestinationRule",
        metadata: { name, namespace, labels: MANAGED },
        spec: {
          host,
          exportTo: ["."],
          trafficPolicy: { portLevelSettings: [{ port: { number: port }, tls: { mode: "SIMPLE", sni: host, subjectAltNames: [host] } }] },
        },
      });
    }
  }
  return { config: out, documents };
}

function userError(message) {
  return Object.assign(new Error(message), { userError: true });
}
