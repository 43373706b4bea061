// BulwarkRoot: one per plugin. Parses the configuration in proxy_on_configure and
// keeps the last good one; a rejected reconfiguration leaves it in force.
import { RootContext, HttpContext } from "../sdk/context";
import { BufferType } from "../sdk/enums";
import { getBufferBytes } from "../sdk/buffers";
import { decodeUtf8Buffer, lastDecodeHadInvalidUtf8 } from "../sdk/utf8";
import { logError, logInfo, logWarn } from "../sdk/log";
import { FilterConfig } from "../config/model";
import { parseFilterConfig, ConfigResult, MAX_CONFIG_BYTES } from "../config/parse";
import { Pipeline } from "./pipeline";
import { buildPipeline } from "./stages";
import { metrics } from "./metrics";
import { BulwarkStream } from "./stream";
import { setJwksRoot } from "../jwt/stage";
import { jwksTick, jwksHttpCallResponse } from "../jwt/jwks_store";
import { deferEngines, hasPendingEngines, buildPendingEngines } from "../deny/engine";
import { collectNow } from "../sdk/gc";

// Reads and parses the plugin configuration buffer of `size` bytes.
export function readConfiguration(size: u32): ConfigResult {
  let none = new Array<string>();
  if (size > MAX_CONFIG_BYTES) {
    return new ConfigResult(null, "(root): the configuration is " + size.toString() + " bytes, the maximum is " + MAX_CONFIG_BYTES.toString(), none);
  }
  if (size == 0) return new ConfigResult(null, "(root): the configuration is empty (expected a JSON object)", none);
  let bytes = getBufferBytes(BufferType.PluginConfiguration, 0, size);
  if (bytes === null) return new ConfigResult(null, "(root): the host did not provide the plugin configuration", none);
  let text = decodeUtf8Buffer(bytes);
  if (lastDecodeHadInvalidUtf8()) return new ConfigResult(null, "(root): the configuration is not valid UTF-8", none);
  return parseFilterConfig(text);
}

// readConfiguration in two passes when the configuration needs deny-rule
// engines that are not compiled yet: the first pass notes them, they are
// compiled with a collection after each pattern (deny/engine.ts), and the
// second pass finds them cached. A reload with the same deny rules takes one pass.
// Runs at the top of a root callback: the frames below hold nothing the
// collector must keep (the root and the metrics are reachable from globals).
export function readConfigurationCompiling(size: u32): ConfigResult {
  deferEngines(true);
  let first = readConfiguration(size);
  deferEngines(false);
  if (!hasPendingEngines()) return first;
  buildPendingEngines(collectNow);
  return readConfiguration(size);
}

export class BulwarkRoot extends RootContext {
  // The configuration in force (null until the first good one).
  config: FilterConfig | null = null;
  pipeline: Pipeline = new Pipeline([]);

  onVmStart(vmConfigurationSize: u32): bool {
    metrics();
    return true;
  }

  validateConfiguration(size: u32): bool {
    let result = readConfigurationCompiling(size);
    if (result.config !== null) return true;
    logError("bulwark: invalid configuration: " + result.error!);
    return false;
  }

  onConfigure(size: u32): bool {
    let m = metrics();
    let result = readConfigurationCompiling(size);
    let config = result.config;
    if (config === null) {
      m.configRejected.increment();
      let kept = this.config !== null ? " (the previous configuration stays in force)" : "";
      logError("bulwark: invalid configuration: " + result.error! + kept);
      return false;
    }
    for (let i = 0; i < result.warnings.length; i++) logWarn("bulwark: configuration warning: " + result.warnings[i]);
    setJwksRoot(this.id);
    this.pipeline = buildPipeline(config);
    this.config = config;
    m.configAccepted.increment();
    m.policies.set(<u64>config.policies.length);
    m.routes.set(<u64>config.routes.length);
    let generator = config.generator.length > 0 ? config.generator : "unknown";
    logInfo("bulwark: configured " + config.policies.length.toString() + " policies, " + config.routes.length.toString()
      + " routes (generator " + generator + ")");
    return true;
  }

  // JWKS refreshes (jwt/jwks_store.ts) run on the root's tick and answer here.
  onTick(): void { jwksTick(); }

  onHttpCallResponse(token: u32, numHeaders: u32, bodySize: u32, numTrailers: u32): void {
    jwksHttpCallResponse(token, numHeaders, bodySize);
  }

  newHttpContext(id: u32): HttpContext {
    return new BulwarkStream(id, this);
  }
}

export function createBulwarkRoot(id: u32): RootContext {
  return new BulwarkRoot(id);
}
