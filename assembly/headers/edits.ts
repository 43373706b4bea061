// What a rewrite does to one header map, as a list of edits: the stage applies them
// with the host's header-map calls (a handful of calls instead of rewriting the whole
// map), and local replies apply them to their own header list (applyEdits).
import { HeaderPair } from "../sdk/pairs";

export class HeaderEdits {
  // Names whose every value goes (lowercase).
  removed: Array<string> = new Array<string>();
  // Values of removed names that stay (a value matcher dropped only some of them),
  // added back after the removal, in their original order.
  readd: Array<HeaderPair> = new Array<HeaderPair>();
  // Appended values (AddIfAbsent that found nothing; built-in security headers).
  added: Array<HeaderPair> = new Array<HeaderPair>();
  // Values that replace every existing value (OverwriteOrAdd).
  replaced: Array<HeaderPair> = new Array<HeaderPair>();

  // Planning reuses one instance per VM (plan.ts): a callback plans, applies and forgets.
  reset(): HeaderEdits {
    this.removed.length = 0;
    this.readd.length = 0;
    this.added.length = 0;
    this.replaced.length = 0;
    return this;
  }

  get empty(): bool {
    return this.removed.length == 0 && this.added.length == 0 && this.replaced.length == 0;
  }

  isRemoved(name: string): bool { return this.removed.includes(name); }

  // Whether `name` is present after these edits, given the original pairs.
  present(original: Array<HeaderPair>, name: string): bool {
    if (hasName(this.added, name) || hasName(this.replaced, name)) return true;
    if (this.isRemoved(name)) return hasName(this.readd, name);
    return hasName(original, name);
  }

  // "removed=a,b added=c replaced=d" (names only, never values), for Integration mode.
  summary(): string {
    let s = "removed=" + (this.removed.length > 0 ? this.removed.join(",") : "-");
    s += " added=" + namesOf(this.added);
    s += " replaced=" + namesOf(this.replaced);
    return s;
  }
}

function namesOf(pairs: Array<HeaderPair>): string {
  if (pairs.length == 0) return "-";
  let names = new Array<string>();
  for (let i = 0; i < pairs.length; i++) names.push(pairs[i].name);
  return names.join(",");
}

// Names are lowercase (see plan.ts).
export function hasName(pairs: Array<HeaderPair>, name: string): bool {
  for (let i = 0, n = pairs.length; i < n; i++) if (unchecked(pairs[i]).name == name) return true;
  return false;
}

// The header list after the edits (for local replies, whose headers the filter holds).
export function applyEdits(pairs: Array<HeaderPair>, e: HeaderEdits): Array<HeaderPair> {
  let out = new Array<HeaderPair>();
  for (let i = 0; i < pairs.length; i++) {
    let p = pairs[i];
    if (e.isRemoved(p.name) || hasName(e.replaced, p.name)) continue;
    out.push(p);
  }
  for (let i = 0; i < e.readd.length; i++) if (!hasName(e.replaced, e.readd[i].name)) out.push(e.readd[i]);
  for (let i = 0; i < e.replaced.length; i++) out.push(e.replaced[i]);
  for (let i = 0; i < e.added.length; i++) out.push(e.added[i]);
  return out;
}
