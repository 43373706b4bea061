// Host and address helpers: the request host from :authority and the client
// address from Envoy's `source.address` property.

// ASCII lowercase; returns the same string (no allocation) when already lowercase.
export function asciiLower(s: string): string {
  let n = s.length;
  let i = 0;
  while (i < n) {
    let c = s.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5A) break;
    i++;
  }
  if (i == n) return s;
  let out = changetype<string>(__new(<usize>n << 1, idof<String>()));
  let src = changetype<usize>(s);
  let dst = changetype<usize>(out);
  memory.copy(dst, src, <usize>i << 1);
  for (; i < n; i++) {
    let c = load<u16>(src + (<usize>i << 1));
    if (c >= 0x41 && c <= 0x5A) c += 0x20;
    store<u16>(dst + (<usize>i << 1), c);
  }
  return out;
}

// "Shop.Example.com:8443" -> "shop.example.com"; "[::1]:80" -> "[::1]"; a trailing
// dot is dropped ("example.com." names the same host). Brackets stay on IPv6 literals
// so the value is still a valid authority host.
export function hostFromAuthority(authority: string): string {
  let end = authority.length;
  if (authority.startsWith("[")) {
    let close = authority.indexOf("]");
    if (close > 0) end = close + 1;
  } else {
    let colon = authority.lastIndexOf(":");
    if (colon >= 0) end = colon;
  }
  if (end > 1 && authority.charCodeAt(end - 1) == 0x2E) end--;
  let host = end == authority.length ? authority : authority.substring(0, end);
  return asciiLower(host);
}

// Envoy formats `source.address` as "1.2.3.4:5678" or "[2001:db8::1]:5678".
// Returns the address without port and without brackets; input without a port
// (a bare IPv4/IPv6 address, a pipe path) is returned as is.
export function addressWithoutPort(address: string): string {
  if (address.startsWith("[")) {
    let close = address.indexOf("]");
    if (close > 0) return address.substring(1, close);
    return address;
  }
  let colon = address.indexOf(":");
  if (colon < 0) return address;
  // More than one colon and no brackets: a bare IPv6 address.
  if (address.indexOf(":", colon + 1) >= 0) return address;
  return address.substring(0, colon);
}
