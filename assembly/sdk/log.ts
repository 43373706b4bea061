// Logging through proxy_log, with the host's level cached in the module.
//
// Callers that build a message check `isEnabled(level)` first, so a debug string is
// never built when debug is off:  if (debugEnabled()) logDebug("route=" + ...).
// The cached level is refreshed by `refreshLogLevel()` which the binding calls on
// vm start, configure, every tick and every 1024th stream (contexts.ts); a level
// change on the Envoy admin endpoint is therefore seen within that window.
import { LogLevel } from "./enums";
import { proxy_log, proxy_get_log_level } from "./imports";

const LEVEL_OUT: usize = memory.data(8);

// Until the host has been asked, log everything from info up (Envoy's default).
let currentLevel: i32 = LogLevel.Info;

export function refreshLogLevel(): void {
  store<u32>(LEVEL_OUT, <u32>LogLevel.Info);
  if (proxy_get_log_level(LEVEL_OUT) == 0) {
    let level = <i32>load<u32>(LEVEL_OUT);
    if (level >= LogLevel.Trace && level <= LogLevel.Critical) currentLevel = level;
  }
}

// Lets tests and hosts without proxy_get_log_level set the threshold directly.
export function setCachedLogLevel(level: LogLevel): void { currentLevel = level; }
export function cachedLogLevel(): LogLevel { return currentLevel; }

// @ts-ignore: decorator
@inline export function isEnabled(level: LogLevel): bool { return <i32>level >= currentLevel; }
// @ts-ignore: decorator
@inline export function debugEnabled(): bool { return currentLevel <= LogLevel.Debug; }
// @ts-ignore: decorator
@inline export function traceEnabled(): bool { return currentLevel <= LogLevel.Trace; }

export function log(level: LogLevel, message: string): void {
  if (<i32>level < currentLevel) return;
  let buf = String.UTF8.encode(message);
  proxy_log(level, changetype<usize>(buf), <usize>buf.byteLength);
}

export function logTrace(message: string): void { log(LogLevel.Trace, message); }
export function logDebug(message: string): void { log(LogLevel.Debug, message); }
export function logInfo(message: string): void { log(LogLevel.Info, message); }
export function logWarn(message: string): void { log(LogLevel.Warn, message); }
export function logError(message: string): void { log(LogLevel.Error, message); }
export function logCritical(message: string): void { log(LogLevel.Critical, message); }
