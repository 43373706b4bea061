// Header name tables, built once per VM from the built-in lists: each name maps to a set of
// flag bits (which lists it is on), so classifying a header costs one hash of its name and
// one string compare, whatever the number of lists. Open addressing, FNV-1a over the UTF-16
// units (header names are ASCII), power-of-two capacity at most half full.
export class FlagTable {
  private keys: StaticArray<string | null>;
  private flags: StaticArray<i32>;
  private mask: u32;
  // Prefixes ("x-b3-") with their flags; few and short, scanned linearly.
  private prefixes: Array<string> = new Array<string>();
  private prefixFlags: Array<i32> = new Array<i32>();
  private count: i32 = 0;

  constructor(capacity: i32 = 512) {
    this.keys = new StaticArray<string | null>(capacity);
    this.flags = new StaticArray<i32>(capacity);
    this.mask = <u32>(capacity - 1);
  }

  addAll(names: StaticArray<string>, prefixes: StaticArray<string>, flag: i32): FlagTable {
    for (let i = 0; i < names.length; i++) this.add(unchecked(names[i]), flag);
    for (let i = 0; i < prefixes.length; i++) { this.prefixes.push(unchecked(prefixes[i])); this.prefixFlags.push(flag); }
    return this;
  }

  add(name: string, flag: i32): void {
    let slot = hashName(name) & this.mask;
    while (true) {
      let k = unchecked(this.keys[slot]);
      if (k === null) {
        assert(this.count * 2 < this.keys.length, "FlagTable too small");
        unchecked(this.keys[slot] = name);
        unchecked(this.flags[slot] = flag);
        this.count++;
        return;
      }
      if (k == name) { unchecked(this.flags[slot] |= flag); return; }
      slot = (slot + 1) & this.mask;
    }
  }

  // The flags of a lowercase name (0: on no list). Prefix flags are added only for the
  // bits in `prefixMask`, so callers skip the scan when no prefixed list is in use.
  get(name: string, prefixMask: i32 = -1): i32 {
    let slot = hashName(name) & this.mask;
    let f = 0;
    while (true) {
      let k = unchecked(this.keys[slot]);
      if (changetype<usize>(k) == 0) break;
      if (k! == name) { f = unchecked(this.flags[slot]); break; }
      slot = (slot + 1) & this.mask;
    }
    if (prefixMask != 0) {
      let p = this.prefixes;
      for (let i = 0, n = p.length; i < n; i++) {
        let pf = unchecked(this.prefixFlags[i]);
        if ((pf & prefixMask) != 0 && name.startsWith(unchecked(p[i]))) f |= pf;
      }
    }
    return f;
  }
}

@inline function hashName(s: string): u32 {
  let h: u32 = 2166136261;
  let p = changetype<usize>(s);
  let n = <usize>s.length << 1;
  for (let i: usize = 0; i < n; i += 2) h = (h ^ <u32>load<u16>(p + i)) * 16777619;
  return h;
}

// ASCII lowercase without allocating when the name is lowercase already (the usual case).
export function lowerName(name: string): string {
  for (let i = 0, n = name.length; i < n; i++) {
    let c = name.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5A) return name.toLowerCase();
  }
  return name;
}
