// Percent-decoding repeated until the value stops changing, at most `maxRounds`
// times. A value that still changes after the first round was encoded more
// than once ("%252e" -> "%2e" -> "."): legitimate clients never do that, but a
// backend (or a proxy in front of it) that decodes twice would see the inner
// text, so rules must be able to see it too. The bound keeps the work linear
// (each round is linear and never grows the value).
import { ItemFlag } from "./flags";
import { percentDecode, lastPercentFlags } from "./percent";

let lastFlags: u32 = 0;

// Flags of the last call: the union over all rounds, plus DoubleEncoded when
// a second round changed the value.
export function lastRepeatedFlags(): u32 { return lastFlags; }

export const DEFAULT_ROUNDS: i32 = 3;

export function percentDecodeRepeated(value: string, maxRounds: i32 = DEFAULT_ROUNDS, unicode: bool = true): string {
  let flags: u32 = 0;
  let cur = value;
  for (let round = 0; round < maxRounds; round++) {
    let next = percentDecode(cur, unicode);
    flags |= lastPercentFlags();
    if (next == cur) break;
    if (round > 0) flags |= ItemFlag.DoubleEncoded;
    cur = next;
  }
  lastFlags = flags;
  return cur;
}
