@external("env", "proxy_log")
declare function proxy_log(level: i32, ptr: usize, len: usize): i32;

// AssemblyScript routes `abort` here (asconfig "use"), so a failed assertion or
// out-of-bounds access is reported through Envoy's log at critical level before the trap.
export function onAbort(message: string | null, fileName: string | null, line: u32, column: u32): void {
  let text = "bulwark: abort: " + (message !== null ? message : "") + " at " + (fileName !== null ? fileName : "?") + ":" + line.toString() + ":" + column.toString();
  let buf = String.UTF8.encode(text);
  proxy_log(5, changetype<usize>(buf), buf.byteLength);
  unreachable();
}
