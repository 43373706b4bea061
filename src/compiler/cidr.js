// CIDR ranges for RequestConditions.remoteIP: `10.0.0.0/8`, `2001:db8::/32`, or a bare
// address (a host route). Host bits set below the prefix are rejected, as they almost
// always mean a typo in the prefix length.

const V4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** @returns {number[] | null} 4 bytes */
function parseV4(s) {
  return V4.test(s) ? s.split(".").map(Number) : null;
}

/** @returns {number[] | null} 16 bytes */
function parseV6(s) {
  if (!/^[0-9A-Fa-f:.]+$/.test(s)) return null;
  let tail = [];
  const lastColon = s.lastIndexOf(":");
  if (s.includes(".")) {
    const v4 = parseV4(s.slice(lastColon + 1));
    if (!v4) return null;
    tail = v4;
    s = s.slice(0, lastColon + 1) + "0:0"; // placeholder groups, replaced below
  }
  const halves = s.split("::");
  if (halves.length > 2) return null;
  const group = (h) => (h === "" ? [] : h.split(":"));
  const head = group(halves[0]);
  const rest = halves.length === 2 ? group(halves[1]) : [];
  const total = head.length + rest.length;
  if (halves.length === 1 ? total !== 8 : total > 7) return null;
  const groups = [...head, ...Array(8 - total).fill("0"), ...rest];
  const bytes = [];
  for (const g of groups) {
    if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return null;
    const v = parseInt(g, 16);
    bytes.push(v >> 8, v & 255);
  }
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes;
}

/**
 * @param {string} value
 * @returns {null | string} null when valid, otherwise the reason
 */
export function validateCidr(value) {
  const expected = `must be an IPv4 or IPv6 CIDR range such as 10.0.0.0/8 or 2001:db8::/32, got ${JSON.stringify(value)}`;
  if (typeof value !== "string") return expected;
  const slash = value.indexOf("/");
  const addr = slash < 0 ? value : value.slice(0, slash);
  const bytes = addr.includes(":") ? parseV6(addr) : parseV4(addr);
  if (!bytes) return expected;
  const bits = bytes.length * 8;
  if (slash < 0) return null;
  const lenText = value.slice(slash + 1);
  if (!/^(0|[1-9]\d{0,2})$/.test(lenText) || Number(lenText) > bits) {
    return `prefix length must be 0..${bits}, got ${JSON.stringify(value)}`;
  }
  const len = Number(lenText);
  for (let i = 0; i < bytes.length; i++) {
    const keep = Math.max(0, Math.min(8, len - i * 8));
    const mask = keep === 0 ? 0 : (0xff << (8 - keep)) & 0xff;
    if ((bytes[i] & ~mask & 0xff) !== 0) {
      return `has address bits set beyond the /${len} prefix, got ${JSON.stringify(value)} (did you mean a different prefix length or network address?)`;
    }
  }
  return null;
}
