import { proxy_log } from "./imports";
import { LogLevel } from "./enums";

// AssemblyScript routes `abort` here (asconfig "use"), so a failed assertion or
// out-of-bounds access is reported through Envoy's log at critical level before the trap.
export function onAbort(message: string | null, fileName: string | null, line: u32, column: u32): void {
  let text = "bulwark: abort: " + (message !== null ? message : "") + " at " + (fileName !== null ? fileName : "?") + ":" + line.toString() + ":" + column.toString();
  let buf = String.UTF8.encode(text);
  proxy_log(LogLevel.Critical, changetype<usize>(buf), buf.byteLength);
  unreachable();
}
