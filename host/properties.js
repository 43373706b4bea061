// Request attributes served through proxy_get_property, with Envoy's serialisation
// (source/extensions/common/wasm/context.cc serializeValue + filters/common/expr/context.cc):
// strings and bytes raw, int64/uint64/durations/timestamps as 8 bytes little-endian
// (timestamps and durations in nanoseconds), bools as one byte, maps in the header-map
// wire format. A path arrives as segments separated by NUL.

import { Buffer } from "node:buffer";
import { marshalPairs } from "./header-map.js";

/** Typed wrappers so callers (and overrides) can say which CEL type a value has. */
export class Int64 { constructor(v) { this.v = BigInt(v); } }
export class Uint64 { constructor(v) { this.v = BigInt(v); } }
export class Timestamp { constructor(ns) { this.v = BigInt(ns); } }
export class Duration { constructor(ns) { this.v = BigInt(ns); } }

const NOT_FOUND = undefined;

function i64(v) {
  const b = Buffer.allocUnsafe(8);
  b.writeBigInt64LE(BigInt.asIntN(64, BigInt(v)));
  return b;
}

function u64(v) {
  const b = Buffer.allocUnsafe(8);
  b.writeBigUInt64LE(BigInt.asUintN(64, BigInt(v)));
  return b;
}

/**
 * Serialise a JS value the way Envoy serialises the CEL value it stands for.
 * number → int64 (CEL ints), boolean → 1 byte, string → UTF-8, Buffer → raw,
 * Date → timestamp, plain object/Map → pairs, array → list (keys only, as Envoy does).
 */
export function serialize(value, enc = "utf8") {
  if (value === undefined || value === null) return NOT_FOUND;
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value);
  switch (typeof value) {
    case "string": return Buffer.from(value, enc);
    case "boolean": return Buffer.from([value ? 1 : 0]);
    case "bigint": return i64(value);
    case "number":
      if (Number.isInteger(value)) return i64(value);
      { const b = Buffer.allocUnsafe(8); b.writeDoubleLE(value); return b; }
  }
  if (value instanceof Int64 || value instanceof Timestamp || value instanceof Duration) return i64(value.v);
  if (value instanceof Uint64) return u64(value.v);
  if (value instanceof Date) return i64(BigInt(value.getTime()) * 1000000n);
  if (Array.isArray(value)) return marshalPairs(value.map((x) => [scalarString(x), ""]), enc);
  const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
  return marshalPairs(entries.map(([k, v]) => [String(k), scalarString(v)]), enc);
}

function scalarString(v) {
  return Buffer.isBuffer(v) ? v.toString("latin1") : String(v);
}

/** Join repeated header values like Envoy's CEL HeadersWrapper (comma separated). */
function headersAsMap(map) {
  const out = new Map();
  for (const [k, v] of map.pairs) out.set(k, out.has(k) ? `${out.get(k)},${v}` : v);
  return out;
}

function splitHostPort(addr) {
  if (!addr) return [undefined, undefined];
  const m = /^\[?([^\]]*?)\]?:(\d+)$/.exec(addr);
  if (!m) return [addr, undefined];
  return [m[1], Number(m[2])];
}

/**
 * Resolve a property path for a stream (or null stream for root contexts).
 * @param {object} env  { host, vm, stream|null }
 * @param {string[]} parts
 * @returns {Buffer|undefined}
 */
export function getProperty(env, parts) {
  const { host, vm, stream } = env;
  const dotted = parts.join(".");
  // Overrides: per stream first, then host-wide.
  if (stream && stream.propertyOverrides && dotted in stream.propertyOverrides) return serialize(stream.propertyOverrides[dotted]);
  if (dotted in host.propertyOverrides) return serialize(host.propertyOverrides[dotted]);

  const [top, field, ...rest] = parts;
  switch (top) {
    case "plugin_name": return parts.length === 1 ? serialize(host.pluginName) : NOT_FOUND;
    case "plugin_root_id": return parts.length === 1 ? serialize(host.rootId) : NOT_FOUND;
    case "plugin_vm_id": return parts.length === 1 ? serialize(host.vmId) : NOT_FOUND;
    case "node": return nodeProperty(host, field, rest);
  }
  // Everything else needs stream info, which root contexts do not have (Envoy returns NotFound).
  if (!stream) return NOT_FOUND;
  const info = stream.info;
  let value;
  switch (top) {
    case "request": value = requestProperty(stream, info, field); break;
    case "response": value = responseProperty(stream, info, field); break;
    case "source": value = addressProperty(info.connection.sourceAddress, field); break;
    case "destination": value = addressProperty(info.connection.destinationAddress, field); break;
    case "connection": value = connectionProperty(info, field); break;
    case "upstream": value = upstreamProperty(info, field); break;
    case "xds": value = xdsProperty(host, info, field); break;
    case "connection_id": return parts.length === 1 ? serialize(new Uint64(info.connection.id)) : NOT_FOUND;
    default: {
      // Unknown top-level names are looked up in filter state under "wasm.<name>"
      // (what proxy_set_property wrote), as Envoy's Context::findValue does.
      const state = stream.filterState.get(dotted);
      return state === undefined ? NOT_FOUND : state;
    }
  }
  if (value === undefined) return NOT_FOUND;
  // Request and response attributes come from header bytes: encode them like the header maps.
  const enc = top === "request" || top === "response" ? host.headerEncoding : "utf8";
  // Descend into maps (request.headers.<name>).
  const depth = top === "connection_id" ? 1 : 2;
  if (parts.length > depth) {
    if (value instanceof Map) {
      if (parts.length !== depth + 1) return NOT_FOUND;
      const v = value.get(parts[depth]);
      return v === undefined ? NOT_FOUND : serialize(v, enc);
    }
    return NOT_FOUND;
  }
  return serialize(value, enc);
}

function requestProperty(stream, info, field) {
  // Header-derived attributes read the request headers Envoy can see in this phase:
  // the live map while the filter holds it, the final map in the access-log phase.
  const h = stream.requestHeadersForAttributes();
  const path = h?.get(":path");
  switch (field) {
    case "path": return path;
    case "url_path": return path === undefined ? undefined : path.split("?")[0];
    case "query": {
      if (path === undefined) return undefined;
      const i = path.indexOf("?");
      return i < 0 ? "" : path.slice(i + 1);
    }
    case "host": return h?.get(":authority");
    case "scheme": return h?.get(":scheme");
    case "method": return h?.get(":method");
    case "referer": return h?.get("referer");
    case "useragent": return h?.get("user-agent");
    case "id": return h?.get("x-request-id");
    case "headers": return h ? headersAsMap(h) : undefined;
    case "time": return new Timestamp(info.startTimeNs);
    case "protocol": return info.protocol;
    case "size": {
      const cl = h?.get("content-length");
      if (cl !== undefined) return /^\d+$/.test(cl) ? Number(cl) : undefined;
      return info.requestBodyBytes;
    }
    case "total_size": {
      const t = stream.request.trailers;
      return info.requestBodyBytes + (h ? h.byteSize(stream.host.headerEncoding) : 0) + (t ? t.byteSize(stream.host.headerEncoding) : 0);
    }
    case "duration":
      return info.requestCompleteNs === null ? undefined : new Duration(info.requestCompleteNs);
  }
  return undefined;
}

function responseProperty(stream, info, field) {
  const h = stream.responseHeadersForAttributes();
  switch (field) {
    case "code": return info.responseCode === null ? undefined : info.responseCode;
    case "code_details": return info.responseCodeDetails ?? undefined;
    case "flags": return info.responseFlags;
    case "grpc_status": return undefined;
    case "headers": return h ? headersAsMap(h) : new Map();
    case "trailers": return stream.response.trailers ? headersAsMap(stream.response.trailers) : new Map();
    case "size": return info.responseBodyBytes;
    case "total_size": {
      const t = stream.response.trailers;
      return info.responseBodyBytes + (h ? h.byteSize(stream.host.headerEncoding) : 0) + (t ? t.byteSize(stream.host.headerEncoding) : 0);
    }
  }
  return undefined;
}

function addressProperty(addr, field) {
  const [ip, port] = splitHostPort(addr);
  if (field === "address") return addr;
  if (field === "port") return port;
  return undefined;
}

function connectionProperty(info, field) {
  const c = info.connection;
  const tls = c.tls;
  const peer = tls?.peerCertificate ?? null;
  const local = tls?.localCertificate ?? null;
  switch (field) {
    case "id": return new Uint64(c.id);
    case "mtls": return Boolean(tls && peer);
    case "requested_server_name": return tls?.sni ?? "";
    case "tls_version": return tls ? tls.version : undefined;
    case "subject_local_certificate": return local ? local.subject : undefined;
    case "subject_peer_certificate": return peer ? peer.subject : undefined;
    case "dns_san_local_certificate": return firstOf(local?.dnsSans);
    case "dns_san_peer_certificate": return firstOf(peer?.dnsSans);
    case "uri_san_local_certificate": return firstOf(local?.uriSans);
    case "uri_san_peer_certificate": return firstOf(peer?.uriSans);
    case "sha256_peer_certificate_digest": return peer ? peer.sha256 : undefined;
    case "termination_details": return undefined;
  }
  return undefined;
}

function firstOf(list) {
  return list && list.length > 0 ? list[0] : undefined;
}

function upstreamProperty(info, field) {
  const u = info.upstream;
  if (!u) return undefined;
  switch (field) {
    case "address": return u.address;
    case "port": return splitHostPort(u.address)[1];
    case "tls_version": return u.tlsVersion;
    case "local_address": return u.localAddress;
    case "transport_failure_reason": return u.transportFailureReason;
  }
  return undefined;
}

function xdsProperty(host, info, field) {
  switch (field) {
    case "route_name": return info.routeName;
    case "cluster_name": return info.clusterName;
    case "node": return undefined;
  }
  return undefined;
}

function nodeProperty(host, field, rest) {
  if (rest.length > 0) return NOT_FOUND;
  const node = host.node;
  if (field === undefined) return NOT_FOUND; // a whole proto message; not serialised by this host
  const v = node[field];
  return v === undefined ? NOT_FOUND : serialize(v);
}
