// Wasm entry for the Node compiler: validates a pattern with the very parser
// and compiler the filter uses, so configuration is rejected at compile time
// for exactly the patterns the filter would reject.
//   ptr = scratch(len); write UTF-8 pattern; validate(len, full, flags) → 0 ok, 1 error
//   then the error message is the UTF-8 bytes at errorPtr() (errorLen() long).
import { Regex, MatchMode } from "./regex";

let buffer: ArrayBuffer = new ArrayBuffer(4096);
let lastError: ArrayBuffer = new ArrayBuffer(0);

export function scratch(len: i32): usize {
  if (buffer.byteLength < len) buffer = new ArrayBuffer(len);
  return changetype<usize>(buffer);
}

export function validate(len: i32, full: i32, flags: i32): i32 {
  let pattern = String.UTF8.decodeUnsafe(changetype<usize>(buffer), len);
  // The DFA cache is allocated lazily and small at first; keep it minimal here.
  let r = Regex.compile(pattern, full != 0 ? MatchMode.Full : MatchMode.Search, flags, 16 << 10);
  if (r.error === null) {
    lastError = new ArrayBuffer(0);
    return 0;
  }
  lastError = String.UTF8.encode(r.error!.toString());
  return 1;
}

export function errorPtr(): usize { return changetype<usize>(lastError); }
export function errorLen(): i32 { return lastError.byteLength; }
