// Helpers for the header rewrite and custom response tests: policies written as the YAML a user
// writes, compiled by the real compiler, served by `bulwark serve` (real sockets, the release
// filter) in front of the demo backend, which echoes the request headers it received and sets
// response headers from the query (`/headers?name=value`, `/status/<code>?name=value`).
import { compileSources } from "../../src/compiler/index.js";
import { startStack, request } from "../serve/support/harness.js";

export const HOST = "shop.test";

/** YAML of an HTTPRoute for HOST, its ContentSecurityPolicy, and the given extra documents. */
export function policyYaml({ headerRewrites, extra = "" } = {}) {
  let yaml = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: shop, namespace: t}
spec: {hostnames: [${HOST}]}
---
apiVersion: microgateway.airlock.com/v1alpha1
kind: ContentSecurityPolicy
metadata: {name: shop, namespace: t}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: shop}]
  secured: {${headerRewrites ? "headerRewritesRef: {name: hr}" : ""}}
`;
  if (headerRewrites) {
    yaml += `---
apiVersion: microgateway.airlock.com/v1alpha1
kind: HeaderRewrites
metadata: {name: hr, namespace: t}
spec:
${headerRewrites.replace(/^/gm, "  ")}
`;
  }
  if (extra) yaml += `---\n${extra}\n`;
  return yaml;
}

export async function compileYaml(yaml) {
  const r = await compileSources([{ file: "test.yaml", text: yaml }]);
  return r.config;
}

/** A serve stack whose configuration tests replace with use(). */
export async function headerStack() {
  const stack = await startStack({ config: await compileYaml(policyYaml()) });
  return {
    stack,
    async use(yaml) {
      const r = await stack.server.reload({ config: await compileYaml(yaml) });
      if (!r.ok) throw new Error(`reload failed: ${JSON.stringify(r.logs)}`);
    },
    /** GET through the proxy with Host: shop.test (the route the policies target). */
    send(path, headers = {}, opts = {}) {
      return request(`${stack.server.url}${path}`, { method: opts.method ?? "GET", headers: { host: HOST, ...headers }, body: opts.body });
    },
    logsSince(n) {
      return stack.filterLogs.slice(n).map((l) => l.message);
    },
    get logCount() { return stack.filterLogs.length; },
    close: () => stack.close(),
  };
}

/** The header names the backend received (lowercase), without those the proxy itself adds. */
export function received(r) {
  return Object.keys(r.json.headers);
}
