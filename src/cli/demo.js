// `bulwark demo` (what `npm start` runs): build the filter if needed, compile policies/demo/, start the
// demo backend and the proxy in front of it, and show two requests to try.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { startBackend } from "../demo/backend.js";
import { findBlockedExample, BENIGN_EXAMPLE } from "../demo/examples.js";
import { startServer } from "../serve/index.js";
import { DEFAULT_WASM, PACKAGE_ROOT, UsageError, parseHostPort } from "../serve/options.js";
import { handleSignals } from "./serve.js";

const PORT_ATTEMPTS = 20;

export function register(program) {
  program
    .command("demo")
    .description("build the filter if needed, start a demo backend and the proxy in front of it (npm start)")
    .option("--port <port>", "proxy port; the next free one is used if it is taken", "8080")
    .option("--admin-port <port>", "admin port; the next free one is used if it is taken", "9901")
    .option("--policies <dir>", "policies to compile", join(PACKAGE_ROOT, "policies", "demo"))
    .option("--skip-build", "use build/bulwark.wasm as it is, even if assembly/ is newer")
    .action(async (flags) => {
      const port = parseHostPort(flags.port, "--port").port;
      const adminPort = parseHostPort(flags.adminPort, "--admin-port").port;
      const say = (s) => process.stdout.write(`${s}\n`);

      if (flags.skipBuild) say(`filter: using ${DEFAULT_WASM} as it is (--skip-build)`);
      else await ensureBuilt(say);
      const policies = hasPolicyFiles(flags.policies) ? [flags.policies] : [];
      const backend = await startBackend({ host: "127.0.0.1", port: 0 });
      let server;
      try {
        server = await listenOnFreePort((p, a) =>
          startServer({ policies, upstream: backend.url, listen: `127.0.0.1:${p}`, admin: `127.0.0.1:${a}`, accessLog: "-" }),
        port, adminPort);
      } catch (err) {
        await backend.close();
        throw err;
      }
      say(`demo backend (echoes what reaches it as JSON): ${backend.url}`);
      say(`proxy: ${server.url} -> ${backend.url}`);
      say(`config: ${policies.length ? `policies compiled from ${flags.policies}` : server.source}`);
      say(`admin: ${server.adminUrl}/metrics  ${server.adminUrl}/config`);
      say("");
      // `localhost`, not 127.0.0.1: the demo policies select their route by that host name.
      const base = server.url.replace("//127.0.0.1:", "//localhost:");
      say("Try:");
      say(`  ${BENIGN_EXAMPLE.curl(base)}`);
      say(`      # passes: the backend echoes the request it received`);
      const blocked = await findBlockedExample(server, { authority: new URL(base).host }).catch((err) => {
        say(`  (could not probe the filter for a blocked example: ${err.message})`);
        return null;
      });
      if (blocked) {
        say(`  ${blocked.example.curl(base)}`);
        say(`      # blocked by the filter: ${blocked.status}${blocked.details ? ` (${blocked.details})` : ""}`);
      } else {
        say("  (none of the demo attack requests is blocked by this filter build yet: attack blocking comes with the deny rules)");
      }
      say("");
      say("Access log (JSON, one line per request) follows. Ctrl-C stops the proxy and the backend.");
      handleSignals({ close: async () => { await server.close(); await backend.close(); }, reload: server.reload });
    });
}

/** Runs `npm run build:release` when build/bulwark.wasm is missing or older than any assembly/ file. */
export async function ensureBuilt(say, { wasm = DEFAULT_WASM, sources = join(PACKAGE_ROOT, "assembly") } = {}) {
  const reason = buildReason(wasm, sources);
  if (reason === null) {
    say(`filter: ${wasm} is up to date`);
    return false;
  }
  say(`filter: ${reason}; running npm run build:release`);
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const code = await new Promise((resolve, reject) => {
    const child = spawn(npm, ["run", "build:release"], { cwd: PACKAGE_ROOT, stdio: ["ignore", "inherit", "inherit"] });
    child.on("error", reject);
    child.on("exit", (c, signal) => resolve(signal ? 1 : c));
  });
  if (code !== 0 || !existsSync(wasm)) {
    throw new UsageError(`npm run build:release failed (exit ${code}); fix the build errors above`);
  }
  return true;
}

/** @returns {string | null} why a build is needed, or null if the module is fresh */
export function buildReason(wasm, sourcesDir) {
  if (!existsSync(wasm)) return `${wasm} is missing`;
  const built = statSync(wasm).mtimeMs;
  const newer = newestFile(sourcesDir);
  if (newer && newer.mtimeMs > built) return `${newer.path} is newer than ${wasm}`;
  return null;
}

function newestFile(dir) {
  let best = null;
  if (!existsSync(dir)) return null;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const candidate = entry.isDirectory() ? newestFile(path) : entry.isFile() ? { path, mtimeMs: statSync(path).mtimeMs } : null;
    if (candidate && (best === null || candidate.mtimeMs > best.mtimeMs)) best = candidate;
  }
  return best;
}

function hasPolicyFiles(dir) {
  if (!existsSync(dir)) return false;
  if (statSync(dir).isFile()) return true;
  const walk = (d) => readdirSync(d, { withFileTypes: true }).some((e) =>
    e.isDirectory() ? walk(join(d, e.name)) : /\.(ya?ml|json)$/i.test(e.name));
  return walk(dir);
}

/** Tries port, port+1, ... for whichever of the two ports is taken, until both listen. */
async function listenOnFreePort(start, port, adminPort) {
  let lastErr;
  let p = port;
  let a = adminPort;
  for (let i = 0; i < PORT_ATTEMPTS; i++) {
    try {
      return await start(p, a);
    } catch (err) {
      if (!(err && err.userError && /address already in use/.test(err.message))) throw err;
      lastErr = err;
      if (err.message.startsWith("--admin")) a = a === 0 ? 0 : a + 1;
      else p = p === 0 ? 0 : p + 1;
    }
  }
  throw lastErr;
}
