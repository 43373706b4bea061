// The requests `bulwark demo` suggests. Which attack the filter blocks depends on the build and the
// policies, so the demo does not guess: it runs each candidate through a private copy of the
// filter (same module, same configuration, fake upstream) and prints the first one that is
// actually blocked. The copy keeps the probes out of the real proxy's metrics and access log.
import { DEFAULT_WASM } from "../serve/options.js";

const q = (s) => `'${s.replaceAll("'", "'\\''")}'`;
const NESTED_JSON = `${"[".repeat(128)}${"]".repeat(128)}`;
const LONG_PATH = `/files/${"a".repeat(1100)}`;

export const BENIGN_EXAMPLE = {
  name: "ordinary request",
  request: { method: "GET", path: "/hello?name=world", headers: { "user-agent": "curl/8", accept: "*/*" } },
  curl: (base) => `curl -i ${q(`${base}/hello?name=world`)}`,
};

/** Candidate attacks, most recognisable first. */
export const ATTACK_EXAMPLES = [
  {
    name: "SQL injection in a query parameter",
    request: { method: "GET", path: "/products?id=1%27%20OR%20%271%27%3D%271", headers: { "user-agent": "curl/8" } },
    curl: (base) => `curl -i ${q(`${base}/products?id=1%27%20OR%20%271%27%3D%271`)}`,
  },
  {
    name: "cross-site scripting in a query parameter",
    request: { method: "GET", path: "/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", headers: { "user-agent": "curl/8" } },
    curl: (base) => `curl -i ${q(`${base}/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E`)}`,
  },
  {
    name: "path traversal",
    request: { method: "GET", path: "/static/../../etc/passwd", headers: { "user-agent": "curl/8" } },
    curl: (base) => `curl -i --path-as-is ${q(`${base}/static/../../etc/passwd`)}`,
  },
  {
    name: "encoded NUL byte in the path",
    request: { method: "GET", path: "/download/report.pdf%00.html", headers: { "user-agent": "curl/8" } },
    curl: (base) => `curl -i ${q(`${base}/download/report.pdf%00.html`)}`,
  },
  {
    name: "TRACE method",
    request: { method: "TRACE", path: "/", headers: { "user-agent": "curl/8" } },
    curl: (base) => `curl -i -X TRACE ${q(`${base}/`)}`,
  },
  {
    // Deeper than json.nestingDepth (default 100, the demo policy 32): a Limits block.
    name: "deeply nested JSON body",
    request: { method: "POST", path: "/api/orders", headers: { "user-agent": "curl/8", "content-type": "application/json" }, body: NESTED_JSON },
    curl: (base) => `curl -i -H 'content-type: application/json' --data ${q(NESTED_JSON)} ${q(`${base}/api/orders`)}`,
  },
  {
    // Longer than general.pathLength (default 1Ki).
    name: "over-long path",
    request: { method: "GET", path: LONG_PATH, headers: { "user-agent": "curl/8" } },
    curl: (base) => `curl -i ${q(`${base}${LONG_PATH}`)}`,
  },
  {
    name: "malformed JSON body",
    request: { method: "POST", path: "/api/orders", headers: { "user-agent": "curl/8", "content-type": "application/json" }, body: '{"item": ' },
    curl: (base) => `curl -i -H 'content-type: application/json' --data ${q('{"item": ')} ${q(`${base}/api/orders`)}`,
  },
];

/**
 * @param {{ activeConfig(): object | null }} server
 * @param {{ wasm?: string, examples?: typeof ATTACK_EXAMPLES, authority?: string, pluginConfig?: string }} [opts]
 *   authority: the Host the printed curl lines use, so route selection matches what the user will see;
 *   pluginConfig: defaults to the server's active configuration
 * @returns {Promise<{ example: object, status: number, details: string | null } | null>}
 */
export async function findBlockedExample(server, {
  wasm = DEFAULT_WASM, examples = ATTACK_EXAMPLES, authority = "localhost", pluginConfig = JSON.stringify(server.activeConfig()),
} = {}) {
  const { ProxyWasmHost } = await import("../../host/index.js");
  const host = await ProxyWasmHost.create({ wasm, pluginConfig, onLog: () => {} });
  try {
    for (const example of examples) {
      const r = await host.simulate({
        ...example.request,
        authority,
        scheme: "http",
        upstream: { status: 200, headers: { "content-type": "application/json" }, body: "{}" },
      });
      if (r.blocked) {
        // The filter's security event names the true reason (type and subtype).
        const event = r.logs.map((l) => l.message).find((m) => m.startsWith('{"type":"security_event"'));
        let details = r.local?.details ?? null;
        if (event) {
          const e = JSON.parse(event);
          details = `${details}: ${e.block_type}/${e.block_subtype}`;
        }
        return { example, status: r.status, details };
      }
    }
    return null;
  } finally {
    host.close();
  }
}
