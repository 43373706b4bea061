// The request model: one per request, built in onRequestHeaders from the header
// map, read by every later stage (routing, limits, deny rules, JWT, ...).
//
// The constructor does one pass over the headers to pick out the pseudo-headers
// and a few well-known ones; everything costlier (decoded path, query parameters,
// cookies, host properties) is computed on first use and cached.
import { HeaderPair } from "../sdk/pairs";
import { asciiLower, hostFromAuthority, addressWithoutPort } from "./address";
import { percentDecode, decodedHadInvalidUtf8, hasInvalidPercentEscape } from "./percent";
import { parseQuery } from "./query";
import { Cookie, parseCookieHeader } from "./cookies";
import { RequestFacts } from "../match/conditions";
import { NormalizedPath, normalizePath } from "../transform/path";
import { Item } from "../parse/items";
import { indexOfChar } from "../transform/chars";

// Host-provided facts that are not headers. The filter implements this with
// proxy_get_property (filter/host_properties.ts); unit tests use a fake.
export abstract class RequestProperties {
  // Envoy's `xds.route_name`, or null.
  abstract routeName(): string | null;
  // Envoy's `source.address` ("1.2.3.4:5678", "[::1]:5678"), or null.
  abstract sourceAddress(): string | null;
}

export class NoProperties extends RequestProperties {
  routeName(): string | null { return null; }
  sourceAddress(): string | null { return null; }
}

export class RequestModel {
  readonly method: string;
  // :path exactly as sent (with query).
  readonly rawPath: string;
  // :authority, or the host header when :authority is absent.
  readonly authority: string;
  readonly scheme: string;
  // x-request-id ("" when absent).
  readonly requestId: string;
  // False when the map lacked :method or :path (never the case behind Envoy's codec).
  readonly complete: bool;

  private _path: string | null = null;
  private _query: string | null = null;
  private _host: string | null = null;
  private _decodedPath: string | null = null;
  private _decodedPathInvalidUtf8: bool = false;
  private _cookies: Array<Cookie> | null = null;
  private _routeNameLoaded: bool = false;
  private _routeName: string | null = null;
  private _clientAddress: string | null = null;
  private _facts: RequestFacts | null = null;
  private _normalized: NormalizedPath | null = null;
  private _queryItems: Array<Item> | null = null;

  constructor(public readonly headers: Array<HeaderPair>, private readonly properties: RequestProperties) {
    let method: string | null = null, path: string | null = null;
    let authority: string | null = null, host: string | null = null;
    let scheme: string | null = null, requestId: string | null = null;
    for (let i = 0, n = headers.length; i < n; i++) {
      let h = unchecked(headers[i]);
      let name = h.name;
      if (name.length == 0) continue;
      let c = name.charCodeAt(0);
      if (c == 0x3A) { // ':'
        if (name == ":method") { if (method === null) method = h.value; }
        else if (name == ":path") { if (path === null) path = h.value; }
        else if (name == ":authority") { if (authority === null) authority = h.value; }
        else if (name == ":scheme") { if (scheme === null) scheme = h.value; }
      } else if (c == 0x68 && name == "host") {
        if (host === null) host = h.value;
      } else if (c == 0x78 && name == "x-request-id") {
        if (requestId === null) requestId = h.value;
      }
    }
    this.method = method !== null ? method : "";
    this.rawPath = path !== null ? path : "";
    this.authority = authority !== null ? authority : (host !== null ? host : "");
    this.scheme = scheme !== null ? scheme : "";
    this.requestId = requestId !== null ? requestId : "";
    this.complete = method !== null && path !== null;
  }

  // The path before '?' (raw, not decoded).
  get path(): string {
    let p = this._path;
    if (p === null) { this.splitPath(); p = this._path; }
    return p!;
  }

  // The raw query string after the first '?', without it ("" when absent).
  get query(): string {
    let q = this._query;
    if (q === null) { this.splitPath(); q = this._query; }
    return q!;
  }

  private splitPath(): void {
    let raw = this.rawPath;
    let q = indexOfChar(raw, 0x3F);
    if (q < 0) { this._path = raw; this._query = ""; }
    else { this._path = raw.substring(0, q); this._query = raw.substring(q + 1); }
  }

  // :authority lowercase without port ("" when absent).
  get host(): string {
    let h = this._host;
    if (h === null) { h = hostFromAuthority(this.authority); this._host = h; }
    return h;
  }

  // The path with %XX decoded (invalid escapes kept as written).
  get decodedPath(): string {
    let d = this._decodedPath;
    if (d === null) {
      d = percentDecode(this.path, false);
      this._decodedPathInvalidUtf8 = decodedHadInvalidUtf8();
      this._decodedPath = d;
    }
    return d;
  }

  // True when the path has a '%' not followed by two hex digits.
  get pathHasInvalidEscape(): bool { return hasInvalidPercentEscape(this.path); }

  // True when the decoded path bytes were not valid UTF-8 (replaced by U+FFFD).
  get decodedPathHasInvalidUtf8(): bool { this.decodedPath; return this._decodedPathInvalidUtf8; }

  // Cookies from every `cookie` header, in order.
  get cookies(): Array<Cookie> {
    let c = this._cookies;
    if (c === null) {
      c = new Array<Cookie>();
      let hs = this.headers;
      for (let i = 0, n = hs.length; i < n; i++) {
        let h = unchecked(hs[i]);
        if (h.name == "cookie") parseCookieHeader(h.value, c);
      }
      this._cookies = c;
    }
    return c;
  }

  // First value of header `name` (lowercase), or null.
  header(name: string): string | null {
    let hs = this.headers;
    for (let i = 0, n = hs.length; i < n; i++) {
      let h = unchecked(hs[i]);
      if (h.name == name) return h.value;
    }
    return null;
  }

  // Every value of header `name` (lowercase), in order.
  headerValues(name: string): Array<string> {
    let out = new Array<string>();
    let hs = this.headers;
    for (let i = 0, n = hs.length; i < n; i++) {
      let h = unchecked(hs[i]);
      if (h.name == name) out.push(h.value);
    }
    return out;
  }

  // The path decoded and normalised (dot segments, repeated slashes, backslashes,
  // `;` parameters) with its segments and anomaly flags (transform/path.ts).
  get normalizedPath(): NormalizedPath {
    let n = this._normalized;
    if (n === null) { n = normalizePath(this.rawPath); this._normalized = n; }
    return n;
  }

  // The query parameters as inspection items (source Query, decoded with `+` as
  // space, raw forms kept, ItemFlag bits set), in order, duplicates kept.
  get queryItems(): Array<Item> {
    let q = this._queryItems;
    if (q === null) {
      q = parseQuery(this.query);
      this._queryItems = q;
    }
    return q;
  }

  // What request conditions (parser rules, limits exceptions, deny rules) look at:
  // built on first use, once per request.
  get facts(): RequestFacts {
    let f = this._facts;
    if (f !== null) return f;
    f = new RequestFacts();
    f.method = this.method;
    f.path = String.UTF8.encode(this.path);
    let hs = this.headers;
    for (let i = 0, n = hs.length; i < n; i++) {
      let h = unchecked(hs[i]);
      if (h.name.length > 0 && h.name.charCodeAt(0) == 0x3A) continue; // pseudo-headers are not headers
      f.headerNames.push(String.UTF8.encode(h.name));
      f.headerValues.push(String.UTF8.encode(h.value));
    }
    f.clientAddress = this.clientAddress;
    this._facts = f;
    return f;
  }

  // Envoy's route name (xds.route_name), "" when unknown.
  get routeName(): string {
    if (!this._routeNameLoaded) {
      this._routeName = this.properties.routeName();
      this._routeNameLoaded = true;
    }
    let r = this._routeName;
    return r !== null ? r : "";
  }

  // The client address without port (from source.address), "" when unknown.
  get clientAddress(): string {
    let a = this._clientAddress;
    if (a !== null) return a;
    let raw = this.properties.sourceAddress();
    let stripped = raw !== null ? addressWithoutPort(raw) : "";
    this._clientAddress = stripped;
    return stripped;
  }
}

