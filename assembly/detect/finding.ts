// The result every detector returns: which detector, how sure it is, a stable
// rule id the deny stage reports and maps to levels, and where in the value the
// evidence starts. Detectors return the most certain finding they see (and stop
// early once they have a Basic one), so callers get at most one per value.

export const enum Detector { Sql = 1, Xss = 2, UnixCmd = 3, WinCmd = 4 }

// Confidence, ordered: a finding of level L is reported when the configured
// level is L or stricter (Basic ⊂ Standard ⊂ Strict).
//   Basic    - certain: shapes that only an injected payload has.
//   Standard - very likely an attack; benign text of this shape is rare.
//   Strict   - suspicious; expect false positives on free text.
export const enum Level { Basic = 1, Standard = 2, Strict = 3 }

export class Finding {
  constructor(
    public detector: u8,
    public level: u8,
    // Stable id such as "BW-SQL-TAUT-1"; never reused for a different shape.
    public id: string,
    // UTF-16 offset and length of the evidence in the inspected value.
    public offset: i32,
    public length: i32,
  ) {}
}

export function levelName(level: u8): string {
  if (level == Level.Basic) return "Basic";
  if (level == Level.Standard) return "Standard";
  return "Strict";
}

// Keeps the more certain of two findings (the earlier one on a tie).
export function better(a: Finding | null, b: Finding | null): Finding | null {
  if (a === null) return b;
  if (b === null) return a;
  return b.level < a.level ? b : a;
}

// Do two answers of a detector say the same (both none, or the same finding)?
export function sameFinding(a: Finding | null, b: Finding | null): bool {
  if (a === null || b === null) return a === b;
  return a.detector == b.detector && a.level == b.level && a.id == b.id && a.offset == b.offset && a.length == b.length;
}

// Does `detect` give the same answer on `v` with a shortcut switched on (by
// `setSwitch`) and off? The switch is left on. (Specs prove each detector
// shortcut equal to the full path this way.)
export function sameBothWays(v: string, detect: (s: string) => Finding | null, setSwitch: (on: bool) => void): bool {
  setSwitch(true);
  let a = detect(v);
  setSwitch(false);
  let b = detect(v);
  setSwitch(true);
  return sameFinding(a, b);
}
