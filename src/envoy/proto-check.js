// Strict structural check of an Envoy v3 configuration (bootstrap YAML/JSON form) against
// Envoy's API protos, without an Envoy binary. The protos come bundled in @grpc/grpc-js-xds
// (data-plane-api of about mid-2024, Envoy ~1.31/1.32) and are loaded with protobufjs.
//
// Checked: every key is a field (proto name or json_name) of its message, enum values exist,
// `google.protobuf.Any` payloads name a known `@type` and are checked recursively, scalars have
// the right JSON type, repeated fields are lists and maps are objects. Not checked: the
// protoc-gen-validate rules (required, min_len, oneof exclusivity); cross references (routes to
// clusters) are checked by checkReferences below.
//
// Fields newer than the bundle are listed in NEWER_FIELDS with the Envoy version that added
// them; they are accepted (values checked by hand) instead of being reported as unknown.
import { createRequire } from "node:module";
import path from "node:path";
import { existsSync } from "node:fs";
import protobuf from "protobufjs";

const require = createRequire(import.meta.url);
const XDS_ROOT = path.join(path.dirname(require.resolve("@grpc/grpc-js-xds/package.json")), "deps");
const PROTOBUF_ROOT = path.dirname(require.resolve("protobufjs/package.json"));
const INCLUDE_DIRS = ["envoy-api", "xds", "googleapis", "protoc-gen-validate"].map((d) => path.join(XDS_ROOT, d));

/** The proto files whose messages our emitters use (their imports are loaded too). */
const FILES = [
  "envoy/config/bootstrap/v3/bootstrap.proto",
  "envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.proto",
  "envoy/extensions/filters/http/router/v3/router.proto",
  "envoy/extensions/filters/http/wasm/v3/wasm.proto",
  "envoy/extensions/transport_sockets/tls/v3/tls.proto",
  "envoy/extensions/filters/listener/proxy_protocol/v3/proxy_protocol.proto",
  "envoy/extensions/filters/listener/tls_inspector/v3/tls_inspector.proto",
  "envoy/extensions/http/original_ip_detection/custom_header/v3/custom_header.proto",
  "envoy/extensions/http/original_ip_detection/xff/v3/xff.proto",
  "envoy/extensions/upstreams/http/v3/http_protocol_options.proto",
  "google/protobuf/wrappers.proto",
  "google/protobuf/struct.proto",
];

/**
 * Fields the bundled protos do not know yet, by message: field -> { since, check(value) -> error|null }.
 * Keep this list short and remove entries once the bundle catches up.
 */
export const NEWER_FIELDS = {
  "envoy.extensions.http.original_ip_detection.xff.v3.XffConfig": {
    // data-plane-api, 2024: XffTrustedCidrs xff_trusted_cidrs = 2 { repeated config.core.v3.CidrRange cidrs = 1; }
    xff_trusted_cidrs: {
      since: "newer than the bundled protos (about Envoy 1.32; Envoy 1.39 has it)",
      check: (v, sub) => {
        if (!isObject(v) || Object.keys(v).some((k) => k !== "cidrs") || !Array.isArray(v.cidrs)) return "must be {cidrs: [CidrRange, ...]}";
        const problems = v.cidrs.flatMap((c) => sub("envoy.config.core.v3.CidrRange", c));
        return problems.length ? problems.join("; ") : null;
      },
    },
  },
  "envoy.extensions.wasm.v3.PluginConfig": {
    // data-plane-api, Oct 2024: enum FailurePolicy { UNSPECIFIED=0; FAIL_RELOAD=1; FAIL_CLOSED=2; FAIL_OPEN=3 }
    failure_policy: {
      since: "Envoy 1.33",
      check: (v) => (["FAIL_UNSPECIFIED", "FAIL_RELOAD", "FAIL_CLOSED", "FAIL_OPEN"].includes(v) ? null : `must be one of FAIL_UNSPECIFIED, FAIL_RELOAD, FAIL_CLOSED, FAIL_OPEN, got ${JSON.stringify(v)}`),
    },
  },
};

let cachedRoot = null;

/** The loaded protobufjs root (loaded once per process; about 0.5 s). */
export function envoyProtoRoot() {
  if (cachedRoot) return cachedRoot;
  const root = new protobuf.Root();
  root.resolvePath = (origin, target) => {
    if (path.isAbsolute(target) && existsSync(target)) return target;
    for (const dir of INCLUDE_DIRS) {
      const p = path.join(dir, target);
      if (existsSync(p)) return p;
    }
    // google/protobuf/*.proto: protobufjs ships the well-known types.
    const wkt = path.join(PROTOBUF_ROOT, target);
    if (existsSync(wkt)) return wkt;
    return protobuf.util.path.resolve(origin, target);
  };
  root.loadSync(FILES, { keepCase: true, alternateCommentMode: false });
  root.resolveAll();
  cachedRoot = root;
  return root;
}

const WKT_SCALAR = {
  "google.protobuf.Duration": (v) => (typeof v === "string" && /^-?\d+(\.\d{1,9})?s$/.test(v) ? null : `must be a duration string such as "1.5s", got ${JSON.stringify(v)}`),
  "google.protobuf.Timestamp": (v) => (typeof v === "string" ? null : "must be an RFC 3339 string"),
  "google.protobuf.BoolValue": (v) => (typeof v === "boolean" ? null : "must be a boolean"),
  "google.protobuf.StringValue": (v) => (typeof v === "string" ? null : "must be a string"),
  "google.protobuf.BytesValue": (v) => (typeof v === "string" ? null : "must be a base64 string"),
  "google.protobuf.UInt32Value": (v) => uint(v, 32),
  "google.protobuf.UInt64Value": (v) => uint(v, 64),
  "google.protobuf.Int32Value": (v) => (Number.isInteger(v) ? null : "must be an integer"),
  "google.protobuf.Int64Value": (v) => (Number.isInteger(v) || /^-?\d+$/.test(String(v)) ? null : "must be an integer"),
  "google.protobuf.DoubleValue": (v) => (typeof v === "number" ? null : "must be a number"),
  "google.protobuf.FloatValue": (v) => (typeof v === "number" ? null : "must be a number"),
  "google.protobuf.Struct": (v) => (isObject(v) ? null : "must be an object"),
  "google.protobuf.Value": () => null,
  "google.protobuf.ListValue": (v) => (Array.isArray(v) ? null : "must be a list"),
  "google.protobuf.Empty": (v) => (isObject(v) && Object.keys(v).length === 0 ? null : "must be {}"),
};

function uint(v, bits) {
  if (bits === 64 && typeof v === "string" && /^\d+$/.test(v)) return null;
  if (!Number.isInteger(v) || v < 0) return `must be a non-negative integer, got ${JSON.stringify(v)}`;
  if (bits === 32 && v > 0xffffffff) return `must be at most 4294967295, got ${v}`;
  return null;
}

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

function scalarError(type, v) {
  switch (type) {
    case "string": return typeof v === "string" ? null : `must be a string, got ${JSON.stringify(v)}`;
    case "bytes": return typeof v === "string" && /^[A-Za-z0-9+/_-]*={0,2}$/.test(v) ? null : "must be a base64 string";
    case "bool": return typeof v === "boolean" ? null : `must be a boolean, got ${JSON.stringify(v)}`;
    case "double": case "float": return typeof v === "number" ? null : `must be a number, got ${JSON.stringify(v)}`;
    case "uint32": case "fixed32": return uint(v, 32);
    case "uint64": case "fixed64": return uint(v, 64);
    case "int32": case "sint32": case "sfixed32": return Number.isInteger(v) ? null : `must be an integer, got ${JSON.stringify(v)}`;
    case "int64": case "sint64": case "sfixed64": return Number.isInteger(v) || /^-?\d+$/.test(String(v)) ? null : `must be an integer, got ${JSON.stringify(v)}`;
    default: return null;
  }
}

const fmt = (segments) => segments.reduce((acc, s) => (typeof s === "number" ? `${acc}[${s}]` : acc ? `${acc}.${s}` : String(s)), "");

/**
 * Checks `value` (JSON form) against message `typeName`.
 * @param {any} value
 * @param {string} [typeName]
 * @returns {string[]} problems, each `path: message`
 */
export function checkEnvoyMessage(value, typeName = "envoy.config.bootstrap.v3.Bootstrap") {
  const root = envoyProtoRoot();
  const problems = [];
  walk(root, root.lookupType(typeName), value, [], problems);
  return problems;
}

function walk(root, type, value, segments, problems) {
  const full = type.fullName.replace(/^\./, "");
  const wkt = WKT_SCALAR[full];
  if (wkt) {
    const e = wkt(value);
    if (e) problems.push(`${fmt(segments)}: ${e}`);
    return;
  }
  if (full === "google.protobuf.Any") return checkAny(root, value, segments, problems);
  if (!isObject(value)) {
    problems.push(`${fmt(segments)}: must be an object (${full}), got ${JSON.stringify(value)}`);
    return;
  }
  const byJson = new Map();
  for (const f of type.fieldsArray) byJson.set(f.options?.json_name ?? camel(f.name), f);
  const oneofSeen = new Map();
  for (const [key, v] of Object.entries(value)) {
    const here = [...segments, key];
    const field = type.fields[key] ?? byJson.get(key);
    if (!field) {
      const newer = NEWER_FIELDS[full]?.[key];
      if (newer) {
        const e = newer.check(v, (typeName, value) => { const p = []; walk(root, root.lookupType(typeName), value, [], p); return p; });
        if (e) problems.push(`${fmt(here)}: ${e}`);
        continue;
      }
      problems.push(`${fmt(here)}: unknown field of ${full}`);
      continue;
    }
    if (field.partOf) {
      const other = oneofSeen.get(field.partOf.name);
      if (other) problems.push(`${fmt(here)}: only one of ${other} and ${key} may be set (oneof ${field.partOf.name})`);
      else oneofSeen.set(field.partOf.name, key);
    }
    if (v === null) continue;
    if (field.map) {
      if (!isObject(v)) { problems.push(`${fmt(here)}: must be a map (object)`); continue; }
      for (const [mk, mv] of Object.entries(v)) checkValue(root, field, mv, [...here, mk], problems);
    } else if (field.repeated) {
      if (!Array.isArray(v)) { problems.push(`${fmt(here)}: must be a list`); continue; }
      v.forEach((item, i) => checkValue(root, field, item, [...here, i], problems));
    } else {
      checkValue(root, field, v, here, problems);
    }
  }
}

function checkValue(root, field, v, segments, problems) {
  const rt = field.resolvedType;
  if (rt instanceof protobuf.Enum) {
    if (typeof v === "number" ? !Object.values(rt.values).includes(v) : !(v in rt.values)) {
      problems.push(`${fmt(segments)}: must be one of ${Object.keys(rt.values).join(", ")}, got ${JSON.stringify(v)}`);
    }
  } else if (rt instanceof protobuf.Type) {
    walk(root, rt, v, segments, problems);
  } else {
    const e = scalarError(field.type, v);
    if (e) problems.push(`${fmt(segments)}: ${e}`);
  }
}

function checkAny(root, value, segments, problems) {
  if (!isObject(value) || typeof value["@type"] !== "string") {
    problems.push(`${fmt(segments)}: a google.protobuf.Any needs an "@type"`);
    return;
  }
  const name = value["@type"].replace(/^type\.googleapis\.com\//, "");
  let type;
  try {
    type = root.lookupType(name);
  } catch {
    problems.push(`${fmt([...segments, "@type"])}: unknown type ${value["@type"]}`);
    return;
  }
  const { "@type": _t, ...rest } = value;
  const full = type.fullName.replace(/^\./, "");
  // Wrappers and Struct carry their payload in `value` when packed in an Any.
  if (WKT_SCALAR[full] && full !== "google.protobuf.Struct" && full !== "google.protobuf.Empty") {
    const keys = Object.keys(rest);
    if (keys.length !== 1 || keys[0] !== "value") problems.push(`${fmt(segments)}: a packed ${full} has exactly one key, "value"`);
    else walk(root, type, rest.value, [...segments, "value"], problems);
    return;
  }
  walk(root, type, rest, segments, problems);
}

const camel = (s) => s.replace(/_([a-z0-9])/g, (_m, c) => c.toUpperCase());

/**
 * Semantic checks the protos cannot express: every route's cluster exists, cluster and listener
 * names are unique, every listener address/port is used once.
 * @returns {string[]}
 */
export function checkReferences(bootstrap) {
  const problems = [];
  const clusters = new Set();
  for (const c of bootstrap.static_resources?.clusters ?? []) {
    if (clusters.has(c.name)) problems.push(`static_resources.clusters: duplicate cluster name ${c.name}`);
    clusters.add(c.name);
  }
  const ports = new Set();
  const names = new Set();
  for (const [li, l] of (bootstrap.static_resources?.listeners ?? []).entries()) {
    if (names.has(l.name)) problems.push(`static_resources.listeners[${li}]: duplicate listener name ${l.name}`);
    names.add(l.name);
    const a = l.address?.socket_address;
    const k = `${a?.address}:${a?.port_value}`;
    if (ports.has(k)) problems.push(`static_resources.listeners[${li}]: address ${k} is used twice`);
    ports.add(k);
    for (const [ci, chain] of (l.filter_chains ?? []).entries()) {
      for (const f of chain.filters ?? []) {
        const vhosts = f.typed_config?.route_config?.virtual_hosts ?? [];
        vhosts.forEach((vh, vi) => (vh.routes ?? []).forEach((r, ri) => {
          const where = `static_resources.listeners[${li}].filter_chains[${ci}]...virtual_hosts[${vi}].routes[${ri}]`;
          const targets = r.route?.cluster ? [r.route.cluster] : (r.route?.weighted_clusters?.clusters ?? []).map((w) => w.name);
          for (const t of targets) if (!clusters.has(t)) problems.push(`${where}: cluster ${t} is not defined`);
        }));
      }
    }
  }
  return problems;
}
