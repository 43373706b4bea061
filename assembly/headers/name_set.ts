// A set of lowercase header names plus name prefixes (e.g. "x-b3-"), built once per
// configuration from the built-in lists. Lookups hash the name once; prefixes are
// few and short, so a linear scan over them is cheaper than anything cleverer.
export class NameSet {
  private names: Set<string> = new Set<string>();
  private prefixes: Array<string> = new Array<string>();

  addAll(names: StaticArray<string>, prefixes: StaticArray<string>): NameSet {
    for (let i = 0; i < names.length; i++) this.names.add(unchecked(names[i]));
    for (let i = 0; i < prefixes.length; i++) this.prefixes.push(unchecked(prefixes[i]));
    return this;
  }

  get size(): i32 { return this.names.size + this.prefixes.length; }

  // `name` must be lowercase (Envoy lowercases header names; the callers lowercase others).
  has(name: string): bool {
    if (this.names.has(name)) return true;
    let p = this.prefixes;
    for (let i = 0, n = p.length; i < n; i++) if (name.startsWith(unchecked(p[i]))) return true;
    return false;
  }
}

// ASCII lowercase without allocating when the name is lowercase already (the usual case).
export function lowerName(name: string): string {
  for (let i = 0, n = name.length; i < n; i++) {
    let c = name.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5A) return name.toLowerCase();
  }
  return name;
}
