// Small conversions between Node's HTTP/1 messages and the header pairs the filter sees.

/** Node's raw header list (original case, duplicates kept) as lower-case pairs. */
export function lowerPairs(raw, dropHost) {
  const out = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    if (dropHost && name === "host") continue;
    out.push([name, raw[i + 1]]);
  }
  return out;
}

/**
 * :path and :authority from the request line and Host. Absolute-form targets (`GET http://h/p`)
 * are split like Envoy's HTTP/1 codec does; HTTP/1.0 requests without Host get the listener's
 * address (Envoy's `default_host_for_http_10`).
 * @returns {{ path: string, authority: string } | null}
 */
export function requestTarget(req, defaultAuthority) {
  let path = req.url;
  let authority = req.headers.host ?? "";
  if (!path.startsWith("/") && path !== "*") {
    let url;
    try {
      url = new URL(path);
    } catch {
      return null;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    path = `${url.pathname}${url.search}`;
    authority = url.host;
  }
  if (authority === "") authority = defaultAuthority();
  return { path, authority };
}

export function formatAddress(ip, port) {
  if (ip === undefined) return "";
  return ip.includes(":") ? `[${ip}]:${port}` : `${ip}:${port}`;
}
