// CIDR ranges (remoteIP.cidrRanges) and client-address matching, IPv4 and
// IPv6. A v4 range matches v4 clients (including IPv4-mapped IPv6 clients,
// ::ffff:a.b.c.d); a v6 range matches v6 clients only, as Envoy's CidrRange
// does for each family. Host bits after the prefix are ignored (masked).

/** An address as 16 bytes (v4 in the last 4), plus its family. */
export class IpAddress {
  bytes: StaticArray<u8> = new StaticArray<u8>(16);
  v4: bool = false;
}

export class CidrRange {
  addr: IpAddress;
  prefix: i32;
  constructor(addr: IpAddress, prefix: i32) {
    this.addr = addr;
    this.prefix = prefix;
  }

  contains(ip: IpAddress): bool {
    if (ip.v4 != this.addr.v4) return false;
    let base = ip.v4 ? 12 : 0;
    let bits = this.prefix;
    for (let i = 0; bits > 0; i++, bits -= 8) {
      let mask: u32 = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
      if ((<u32>ip.bytes[base + i] & mask) != (<u32>this.addr.bytes[base + i] & mask)) return false;
    }
    return true;
  }
}

export class CidrResult {
  ranges: CidrSet | null = null;
  error: string = "";
  /** Index of the bad entry, -1 when not about one entry. */
  index: i32 = -1;
}

export const MAX_CIDR_RANGES: i32 = 1024;
export const MAX_CIDR_LENGTH: i32 = 49;

export class CidrSet {
  ranges: Array<CidrRange> = [];

  /** Parses the list; rejects the whole list at the first bad entry. */
  static parse(list: Array<string>): CidrResult {
    let r = new CidrResult();
    if (list.length == 0 || list.length > MAX_CIDR_RANGES) {
      r.error = "cidrRanges needs 1 to " + MAX_CIDR_RANGES.toString() + " entries, got " + list.length.toString();
      return r;
    }
    let set = new CidrSet();
    for (let i = 0; i < list.length; i++) {
      let c = parseCidr(list[i]);
      if (c === null) {
        r.error = "invalid CIDR range \"" + list[i] + "\" (expected a.b.c.d/n with n <= 32 or an IPv6 address/n with n <= 128)";
        r.index = i;
        return r;
      }
      set.ranges.push(c);
    }
    r.ranges = set;
    return r;
  }

  contains(ip: IpAddress): bool {
    for (let i = 0; i < this.ranges.length; i++) if (this.ranges[i].contains(ip)) return true;
    return false;
  }
}

/** Parses "addr/prefix" or a bare address (a single-host range). */
export function parseCidr(s: string): CidrRange | null {
  if (s.length == 0 || s.length > MAX_CIDR_LENGTH) return null;
  let slash = s.indexOf("/");
  let ip = parseIp(slash < 0 ? s : s.substring(0, slash));
  if (ip === null) return null;
  let mappedText = ip.v4 && s.indexOf(":") >= 0; // ::ffff:a.b.c.d/n, n counted over 128 bits
  let max = ip.v4 && !mappedText ? 32 : 128;
  let prefix = max;
  if (slash >= 0) {
    let p = s.substring(slash + 1);
    if (p.length == 0 || p.length > 3) return null;
    prefix = 0;
    for (let i = 0; i < p.length; i++) {
      let c = p.charCodeAt(i);
      if (c < 0x30 || c > 0x39) return null;
      prefix = prefix * 10 + (c - 0x30);
    }
    if (prefix > max) return null;
  }
  if (mappedText) {
    if (prefix < 96) return null; // would span beyond the mapped block
    prefix -= 96;
  }
  return new CidrRange(ip, prefix);
}

/**
 * Parses a client address as Envoy reports it: "1.2.3.4", "1.2.3.4:5678",
 * "2001:db8::1", "[2001:db8::1]:443". IPv4-mapped IPv6 becomes v4.
 */
export function parseClientAddress(s: string): IpAddress | null {
  if (s.startsWith("[")) {
    let end = s.indexOf("]");
    if (end < 0) return null;
    return parseIp(s.substring(1, end));
  }
  let colon = s.indexOf(":");
  if (colon >= 0 && s.indexOf(":", colon + 1) < 0) return parseIp(s.substring(0, colon)); // v4:port
  return parseIp(s);
}

export function parseIp(s: string): IpAddress | null {
  if (s.indexOf(":") >= 0) return parseV6(s);
  let a = new IpAddress();
  a.v4 = true;
  a.bytes[10] = 0xff;
  a.bytes[11] = 0xff;
  return parseV4Into(s, a.bytes, 12) ? a : null;
}

function parseV4Into(s: string, out: StaticArray<u8>, at: i32): bool {
  let part = 0, digits = 0, idx = 0;
  for (let i = 0; i <= s.length; i++) {
    let c = i < s.length ? s.charCodeAt(i) : 0x2e;
    if (c == 0x2e) {
      if (digits == 0 || idx >= 4) return false;
      out[at + idx++] = <u8>part;
      part = 0;
      digits = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      if (digits > 0 && part == 0) return false; // no leading zeros (octal ambiguity)
      part = part * 10 + (c - 0x30);
      if (++digits > 3 || part > 255) return false;
    } else {
      return false;
    }
  }
  return idx == 4;
}

function hexDigit(c: i32): i32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

function parseV6(s: string): IpAddress | null {
  let pct = s.indexOf("%"); // zone id: not part of the address
  if (pct >= 0) s = s.substring(0, pct);
  let a = new IpAddress();
  let groups: Array<i32> = [];
  let gap = -1;
  let i = 0;
  let n = s.length;
  if (s.startsWith("::")) { gap = 0; i = 2; }
  else if (s.startsWith(":")) return null;
  let tailV4 = false;
  while (i < n) {
    // a trailing dotted quad counts as two groups
    let nextColon = s.indexOf(":", i);
    let tokenEnd = nextColon < 0 ? n : nextColon;
    let token = s.substring(i, tokenEnd);
    if (token.indexOf(".") >= 0) {
      if (tokenEnd != n) return null;
      let tmp = new StaticArray<u8>(4);
      if (!parseV4Into(token, tmp, 0)) return null;
      groups.push((<i32>tmp[0] << 8) | tmp[1]);
      groups.push((<i32>tmp[2] << 8) | tmp[3]);
      tailV4 = true;
      i = n;
      break;
    }
    if (token.length == 0 || token.length > 4) return null;
    let v = 0;
    for (let k = 0; k < token.length; k++) {
      let h = hexDigit(token.charCodeAt(k));
      if (h < 0) return null;
      v = v * 16 + h;
    }
    groups.push(v);
    i = tokenEnd;
    if (i < n) {
      // at a ':'
      if (i + 1 < n && s.charCodeAt(i + 1) == 0x3a) {
        if (gap >= 0) return null; // only one '::'
        gap = groups.length;
        i += 2;
      } else {
        i += 1;
        if (i == n) return null; // trailing single ':'
      }
    }
  }
  void tailV4;
  if (groups.length > 8 || (gap < 0 && groups.length != 8) || (gap >= 0 && groups.length == 8)) return null;
  let words = new StaticArray<i32>(8);
  if (gap < 0) {
    for (let k = 0; k < 8; k++) words[k] = groups[k];
  } else {
    let tail = groups.length - gap;
    for (let k = 0; k < gap; k++) words[k] = groups[k];
    for (let k = 0; k < tail; k++) words[8 - tail + k] = groups[gap + k];
  }
  for (let k = 0; k < 8; k++) {
    a.bytes[2 * k] = <u8>(words[k] >> 8);
    a.bytes[2 * k + 1] = <u8>(words[k] & 0xff);
  }
  // ::ffff:a.b.c.d is an IPv4 client
  let mapped = true;
  for (let k = 0; k < 10; k++) if (a.bytes[k] != 0) mapped = false;
  if (mapped && a.bytes[10] == 0xff && a.bytes[11] == 0xff) a.v4 = true;
  return a;
}
