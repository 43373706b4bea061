// Plain Envoy from Gateway API resources: a complete bootstrap (v3) built from one Gateway, the
// HTTPRoutes attached to it, its GatewayParameters and the BackendTLSPolicies of its backends,
// with the bulwark filter in every HTTP connection manager. docs/deployment.md describes the
// mapping; every choice that would weaken security (no certificate, unknown filter, insecure
// backend TLS without permission) is a problem, never a silent default.
import { Buffer } from "node:buffer";
import { parseTlsOptions } from "../deploy/tls-options.js";
import { THREAT_STATS_TAGS, bufferLimitFor, wasmHttpFilter } from "./bootstrap.js";

const GW_GROUP = "gateway.networking.k8s.io";
const PARAM_GROUPS = ["microgateway.airlock.com", "bulwark.dev"];

/** Envoy route name of an HTTPRoute match; the filter's routeNamePrefixes `httproute/<ns>/<name>/` select it. */
export const envoyRouteName = (ns, name, rule, match) => `httproute/${ns}/${name}/rule/${rule}/match/${match}`;
/** Cluster name of a Service port. */
export const serviceClusterName = (ns, name, port) => `service/${ns}/${name}/${port}`;

/**
 * @typedef {object} GatewayOptions
 * @property {string} [gateway]        `ns/name` of the Gateway (required when the inputs hold several)
 * @property {string} [wasmPath]
 * @property {number} [bufferLimitBytes]
 * @property {number} [adminPort]
 * @property {string} [adminAddress]
 * @property {string} [certDir]        where certificates of Secrets not among the inputs are read: <certDir>/<ns>/<name>/tls.crt|tls.key|ca.crt
 * @property {string} [systemCaFile]   trust store for wellKnownCACertificates: System and remote JWKS
 * @property {string} [clusterDomain]
 * @property {Record<string, {host: string, port: number}>} [backends]  `ns/name:port` -> address override
 */

/** Documents of one kind, by `ns/name`. */
function byName(documents, kind) {
  return new Map(documents.filter((d) => d.kind === kind).map((d) => [`${d.namespace}/${d.name}`, d]));
}

/**
 * @param {object} filterConfig compiled filter configuration
 * @param {{kind: string, namespace: string, name: string, value: any, file: string, apiVersion: string}[]} documents
 * @param {GatewayOptions} [opts]
 * @returns {{ bootstrap: object, warnings: string[], gateway: string }}
 * @throws {Error & {userError: true, problems: string[]}} when the resources cannot be turned into a safe configuration
 */
export function envoyFromGateway(filterConfig, documents, opts = {}) {
  const problems = [];
  const warnings = [];
  const gateways = byName(documents, "Gateway");
  let gwKey = opts.gateway;
  if (!gwKey) {
    if (gateways.size !== 1) throw problemsError([`${gateways.size === 0 ? "no Gateway among the inputs" : `several Gateways among the inputs (${[...gateways.keys()].join(", ")})`}: name one with --gateway NAMESPACE/NAME`]);
    gwKey = [...gateways.keys()][0];
  }
  const gwDoc = gateways.get(gwKey);
  if (!gwDoc) throw problemsError([`Gateway ${gwKey} is not among the inputs${gateways.size ? `; there are: ${[...gateways.keys()].join(", ")}` : ""}`]);
  const gw = gwDoc.value;
  const ns = gwDoc.namespace;
  const at = (segments) => `Gateway ${gwKey} (${gwDoc.file}) ${segments}`;
  const {
    wasmPath = "/etc/envoy/bulwark.wasm",
    bufferLimitBytes = bufferLimitFor(filterConfig).bytes,
    adminPort = 9901,
    adminAddress = "127.0.0.1",
    certDir = "/etc/envoy/certs",
    systemCaFile = "/etc/ssl/certs/ca-certificates.crt",
    clusterDomain = "cluster.local",
    backends = {},
  } = opts;

  const secrets = byName(documents, "Secret");
  const configMaps = byName(documents, "ConfigMap");

  // GatewayParameters
  let params = {};
  const pref = gw.spec.infrastructure?.parametersRef;
  if (pref) {
    if (!PARAM_GROUPS.includes(pref.group) || pref.kind !== "GatewayParameters") {
      problems.push(at(`spec.infrastructure.parametersRef: must refer to a GatewayParameters of group ${PARAM_GROUPS.join(" or ")}, got ${pref.group}/${pref.kind}`));
    } else {
      const p = documents.find((d) => d.kind === "GatewayParameters" && d.namespace === ns && d.name === pref.name);
      if (!p) problems.push(at(`spec.infrastructure.parametersRef: GatewayParameters ${ns}/${pref.name} is not among the inputs`));
      else params = p.value.spec ?? {};
    }
  }

  /** PEM text of a Secret/ConfigMap key as an Envoy DataSource. */
  const dataSource = (kind, refNs, name, key, where) => {
    const map = kind === "ConfigMap" ? configMaps : secrets;
    const doc = map.get(`${refNs}/${name}`);
    if (!doc) return { filename: `${certDir}/${refNs}/${name}/${key}` };
    const v = doc.value;
    let text = null;
    if (kind === "ConfigMap") text = v.data?.[key] ?? null;
    else if (v.stringData?.[key] !== undefined) text = v.stringData[key];
    else if (v.data?.[key] !== undefined) text = Buffer.from(v.data[key], "base64").toString("utf8");
    if (text === null) {
      problems.push(`${where}: ${kind} ${refNs}/${name} has no key ${key}`);
      return { filename: "/dev/null" };
    }
    if (!/-----BEGIN [A-Z ]+-----/.test(text)) problems.push(`${where}: ${kind} ${refNs}/${name} key ${key} is not PEM`);
    return { inline_string: text };
  };

  const caContext = (validation, where) => {
    const refs = validation.caCertificateRefs ?? [];
    if (refs.length !== 1) {
      if (refs.length > 1) problems.push(`${where}.caCertificateRefs: the envoy target supports one CA reference (put every CA in it), got ${refs.length}`);
      return null;
    }
    const r = refs[0];
    const kind = r.kind ?? "Secret";
    if ((r.group ?? "") !== "" || !["Secret", "ConfigMap"].includes(kind)) {
      problems.push(`${where}.caCertificateRefs[0]: must be a core Secret or ConfigMap, got ${r.group}/${kind}`);
      return null;
    }
    return dataSource(kind, r.namespace ?? ns, r.name, "ca.crt", `${where}.caCertificateRefs[0]`);
  };

  // Client certificate validation per port: the Gateway's spec.tls.frontend, else GatewayParameters' experimental one.
  const frontend = gw.spec.tls?.frontend ?? params.experimental?.tls?.frontend;
  const frontendWhere = gw.spec.tls?.frontend ? at("spec.tls.frontend") : `GatewayParameters ${ns}/${pref?.name} spec.experimental.tls.frontend`;
  const validationFor = (port) => {
    const i = (frontend?.perPort ?? []).findIndex((p) => p.port === port);
    if (i >= 0) return { v: frontend.perPort[i].tls?.validation, where: `${frontendWhere}.perPort[${i}].tls.validation` };
    if (frontend?.default?.validation) return { v: frontend.default.validation, where: `${frontendWhere}.default.validation` };
    return { v: null, where: "" };
  };

  // Routes attached to this Gateway, per listener.
  const listeners = gw.spec.listeners;
  const attached = new Map(listeners.map((l) => [l.name, []]));
  for (const d of documents.filter((x) => x.kind === "HTTPRoute")) {
    const parents = d.value.spec?.parentRefs ?? [];
    parents.forEach((p, pi) => {
      if ((p.group ?? GW_GROUP) !== GW_GROUP || (p.kind ?? "Gateway") !== "Gateway") return;
      if ((p.namespace ?? d.namespace) !== ns || p.name !== gw.metadata.name) return;
      const matching = listeners.filter((l) => (!p.sectionName || p.sectionName === l.name) && (!p.port || p.port === l.port));
      if (!matching.length) warnings.push(`HTTPRoute ${d.namespace}/${d.name} (${d.file}) spec.parentRefs[${pi}]: no listener of Gateway ${gwKey} matches sectionName ${p.sectionName ?? "-"} / port ${p.port ?? "-"}`);
      for (const l of matching) {
        // Gateway API: a listener accepts routes of its own namespace unless allowedRoutes says otherwise.
        const from = l.allowedRoutes?.namespaces?.from ?? "Same";
        if (from === "Selector") {
          warnings.push(`Gateway ${gwKey} listener ${l.name}: allowedRoutes.namespaces.from Selector needs Namespace labels, which the envoy target does not read; HTTPRoute ${d.namespace}/${d.name} is not attached (use Same or All)`);
          continue;
        }
        if (from !== "All" && d.namespace !== ns) {
          warnings.push(`HTTPRoute ${d.namespace}/${d.name} (${d.file}): listener ${l.name} of Gateway ${gwKey} accepts routes from namespace ${ns} only (allowedRoutes.namespaces.from: ${from}); not attached`);
          continue;
        }
        if (!attached.get(l.name).includes(d)) attached.get(l.name).push(d);
      }
    });
  }

  const clusters = new Map();
  const backendTls = documents.filter((d) => d.kind === "BackendTLSPolicy");
  const clusterFor = (refNs, name, port, where) => {
    const cname = serviceClusterName(refNs, name, port);
    if (clusters.has(cname)) return cname;
    const override = backends[`${refNs}/${name}:${port}`] ?? backends[`${refNs}/${name}`];
    const address = override ?? { host: `${name}.${refNs}.svc.${clusterDomain}`, port };
    const cluster = {
      name: cname,
      type: "STRICT_DNS",
      connect_timeout: "5s",
      per_connection_buffer_limit_bytes: bufferLimitBytes,
      load_assignment: { cluster_name: cname, endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: address.host, port_value: address.port } } } }] }] },
    };
    const policies = backendTls.filter((b) => b.namespace === refNs && b.value.spec.targetRefs.some((t) => t.name === name));
    if (policies.length > 1) problems.push(`${where}: Service ${refNs}/${name} is targeted by several BackendTLSPolicies (${policies.map((p) => p.name).join(", ")})`);
    if (policies.length) {
      const pol = policies[0];
      const pwhere = `BackendTLSPolicy ${pol.namespace}/${pol.name} (${pol.file}) spec`;
      if (pol.value.spec.targetRefs.some((t) => t.name === name && t.sectionName)) {
        warnings.push(`${pwhere}.targetRefs: sectionName cannot be mapped to a port without the Service manifest; the policy applies to every port of ${refNs}/${name}`);
      }
      cluster.transport_socket = upstreamTls(pol, pwhere);
    }
    clusters.set(cname, cluster);
    return cname;
  };

  const upstreamTls = (pol, where) => {
    const s = pol.value.spec;
    const opt = parseTlsOptions(s.options, "backend");
    for (const p of opt.problems) problems.push(`${where}.options.${p.key}: ${p.message}`);
    const common = {};
    if (opt.params) common.tls_params = opt.params;
    const clientCert = params.experimental?.tls?.backend?.clientCertificateRef;
    if (clientCert) {
      const cwhere = `GatewayParameters ${ns}/${pref?.name} spec.experimental.tls.backend.clientCertificateRef`;
      common.tls_certificates = [{
        certificate_chain: dataSource("Secret", ns, clientCert.name, "tls.crt", cwhere),
        private_key: dataSource("Secret", ns, clientCert.name, "tls.key", cwhere),
      }];
    }
    if (opt.insecure) {
      if (!params.features?.insecureTLSAllowed) problems.push(`${where}.options: insecure is set, but GatewayParameters of Gateway ${gwKey} does not set spec.features.insecureTLSAllowed: true`);
      common.validation_context = { trust_chain_verification: "ACCEPT_UNTRUSTED" };
    } else {
      const v = s.validation;
      const ca = v.wellKnownCACertificates === "System" ? { filename: systemCaFile } : caContext(v, `${where}.validation`);
      const sans = (v.subjectAltNames?.length ? v.subjectAltNames : [{ type: "Hostname", hostname: v.hostname }]).map((n) =>
        n.type === "URI" ? { san_type: "URI", matcher: { exact: n.uri } } : { san_type: "DNS", matcher: { exact: n.hostname } });
      common.validation_context = { ...(ca ? { trusted_ca: ca } : {}), match_typed_subject_alt_names: sans, ...opt.validation };
    }
    return {
      name: "envoy.transport_sockets.tls",
      typed_config: { "@type": "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext", sni: s.validation.hostname, common_tls_context: common },
    };
  };

  /** Envoy routes of one HTTPRoute, each with the Gateway API precedence key. */
  const routesOf = (d) => {
    const out = [];
    const where = `HTTPRoute ${d.namespace}/${d.name} (${d.file}) spec`;
    (d.value.spec?.rules ?? [{}]).forEach((rule, ri) => {
      const action = routeAction(d, rule, `${where}.rules[${ri}]`);
      const extra = ruleFilters(rule, `${where}.rules[${ri}]`);
      const matches = rule.matches?.length ? rule.matches : [{ path: { type: "PathPrefix", value: "/" } }];
      matches.forEach((m, mi) => {
        const match = {};
        const type = m.path?.type ?? "PathPrefix";
        const value = m.path?.value ?? "/";
        if (type === "Exact") match.path = value;
        else if (type === "RegularExpression") match.safe_regex = { regex: value };
        else {
          const trimmed = value.replace(/\/+$/, "");
          if (trimmed === "") match.prefix = "/";
          else match.path_separated_prefix = trimmed;
        }
        const headers = [];
        if (m.method) headers.push({ name: ":method", string_match: { exact: m.method } });
        for (const h of m.headers ?? []) headers.push({ name: h.name.toLowerCase(), string_match: h.type === "RegularExpression" ? { safe_regex: { regex: h.value } } : { exact: h.value } });
        if (headers.length) match.headers = headers;
        const qps = (m.queryParams ?? []).map((q) => ({ name: q.name, string_match: q.type === "RegularExpression" ? { safe_regex: { regex: q.value } } : { exact: q.value } }));
        if (qps.length) match.query_parameters = qps;
        const key = [type === "Exact" ? 0 : type === "PathPrefix" ? 1 : 2, -value.length, m.method ? 0 : 1, -(m.headers?.length ?? 0), -(m.queryParams?.length ?? 0), `${d.namespace}/${d.name}`, ri, mi];
        out.push({ key, route: { name: envoyRouteName(d.namespace, d.name, ri, mi), match, ...action, ...extra } });
      });
    });
    return out;
  };

  const routeAction = (d, rule, where) => {
    const refs = (rule.backendRefs ?? []).filter((b) => (b.weight ?? 1) > 0);
    if (!refs.length) return { direct_response: { status: 500 } };
    const named = refs.map((b, bi) => {
      if ((b.group ?? "") !== "" || (b.kind ?? "Service") !== "Service") {
        problems.push(`${where}.backendRefs[${bi}]: the envoy target routes to core Services only, got ${b.group}/${b.kind}`);
      }
      if (!Number.isInteger(b.port)) problems.push(`${where}.backendRefs[${bi}].port: is required for a Service`);
      return { name: clusterFor(b.namespace ?? d.namespace, b.name, b.port, `${where}.backendRefs[${bi}]`), weight: b.weight ?? 1 };
    });
    const route = named.length === 1 ? { cluster: named[0].name } : { weighted_clusters: { clusters: named } };
    const t = rule.timeouts?.request;
    if (t) route.timeout = goDurationToProto(t, `${where}.timeouts.request`);
    return { route };
  };

  const ruleFilters = (rule, where) => {
    const out = {};
    (rule.filters ?? []).forEach((f, fi) => {
      const mod = f.type === "RequestHeaderModifier" ? f.requestHeaderModifier : f.type === "ResponseHeaderModifier" ? f.responseHeaderModifier : null;
      if (!mod) {
        problems.push(`${where}.filters[${fi}]: filter type ${f.type} is not supported by the envoy target (supported: RequestHeaderModifier, ResponseHeaderModifier)`);
        return;
      }
      const side = f.type === "RequestHeaderModifier" ? "request" : "response";
      const add = [
        ...(mod.set ?? []).map((h) => ({ header: { key: h.name, value: h.value }, append_action: "OVERWRITE_IF_EXISTS_OR_ADD" })),
        ...(mod.add ?? []).map((h) => ({ header: { key: h.name, value: h.value }, append_action: "APPEND_IF_EXISTS_OR_ADD" })),
      ];
      if (add.length) out[`${side}_headers_to_add`] = [...(out[`${side}_headers_to_add`] ?? []), ...add];
      if (mod.remove?.length) out[`${side}_headers_to_remove`] = [...(out[`${side}_headers_to_remove`] ?? []), ...mod.remove];
    });
    return out;
  };

  const goDurationToProto = (s, where) => {
    const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/.exec(s);
    if (!m || s === "") { problems.push(`${where}: expected a Gateway API duration such as 10s or 1m30s, got ${JSON.stringify(s)}`); return "15s"; }
    const ms = ((+(m[1] ?? 0) * 60 + +(m[2] ?? 0)) * 60 + +(m[3] ?? 0)) * 1000 + +(m[4] ?? 0);
    return `${ms / 1000}s`;
  };

  /** Virtual hosts for the routes of Gateway listeners that share one HTTP connection manager. */
  const virtualHosts = (group) => {
    const byDomain = new Map();
    const seen = new Set();
    for (const listener of group) {
      for (const d of attached.get(listener.name)) {
        const hostnames = d.value.spec?.hostnames?.length ? d.value.spec.hostnames : [listener.hostname ?? "*"];
        const usable = hostnames.filter((h) => hostMatches(listener.hostname, h));
        if (!usable.length) {
          warnings.push(`HTTPRoute ${d.namespace}/${d.name}: none of its hostnames (${hostnames.join(", ")}) falls under listener ${listener.name} hostname ${listener.hostname}`);
          continue;
        }
        const routes = routesOf(d);
        for (const h of usable) {
          // The narrower of listener and route hostname (Gateway API hostname intersection).
          const lh = listener.hostname?.toLowerCase();
          const domain = lh && h.startsWith("*.") && hostMatches(h, lh) && lh !== h.toLowerCase() ? lh : h.toLowerCase();
          if (!byDomain.has(domain)) byDomain.set(domain, []);
          for (const r of routes) {
            if (seen.has(`${domain} ${r.route.name}`)) continue; // a route attached to two listeners of the port
            seen.add(`${domain} ${r.route.name}`);
            byDomain.get(domain).push(r);
          }
        }
      }
    }
    return [...byDomain.entries()].sort(([a], [b]) => domainRank(a) - domainRank(b) || (a < b ? -1 : 1)).map(([domain, routes]) => ({
      name: domain === "*" ? "any" : domain,
      domains: [domain],
      routes: routes.sort((x, y) => cmpKey(x.key, y.key)).map((r) => r.route),
    }));
  };

  const rip = params.defaults?.downstream?.remoteIP ?? { connectionIP: {} };
  const hcm = (statPrefix, routeConfigName, group) => {
    const config = {
      "@type": "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
      stat_prefix: statPrefix,
      codec_type: "AUTO",
      use_remote_address: true,
      strip_any_host_port: true,
      normalize_path: true,
      merge_slashes: true,
      path_with_escaped_slashes_action: "KEEP_UNCHANGED",
      http_protocol_options: { accept_http_10: true },
      route_config: { name: routeConfigName, virtual_hosts: virtualHosts(group) },
      http_filters: [
        wasmHttpFilter(filterConfig, wasmPath),
        { name: "envoy.filters.http.router", typed_config: { "@type": "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router" } },
      ],
    };
    if (rip.xff?.trustedCIDRRanges) {
      // The client address is the rightmost X-Forwarded-For entry not in a trusted range, and
      // only when the connection itself comes from a trusted range (Envoy's xff extension).
      config.use_remote_address = false;
      config.original_ip_detection_extensions = [{
        name: "envoy.http.original_ip_detection.xff",
        typed_config: {
          "@type": "type.googleapis.com/envoy.extensions.http.original_ip_detection.xff.v3.XffConfig",
          xff_trusted_cidrs: { cidrs: rip.xff.trustedCIDRRanges.map((c) => ({ address_prefix: c.split("/")[0], prefix_len: Number(c.split("/")[1] ?? (c.includes(":") ? 128 : 32)) })) },
        },
      }];
    } else if (rip.xff) {
      config.xff_num_trusted_hops = rip.xff.numTrustedHops;
    } else if (rip.customHeader) {
      config.use_remote_address = false;
      config.original_ip_detection_extensions = [{
        name: "envoy.http.original_ip_detection.custom_header",
        typed_config: {
          "@type": "type.googleapis.com/envoy.extensions.http.original_ip_detection.custom_header.v3.CustomHeaderConfig",
          header_name: rip.customHeader.headerName,
          ...(rip.customHeader.required !== false ? { reject_with_status: { code: "Forbidden" } } : {}),
        },
      }];
    }
    return { name: "envoy.filters.network.http_connection_manager", typed_config: config };
  };

  // One Envoy listener per port; HTTPS listeners sharing a port become filter chains matched by SNI.
  const ports = [...new Set(listeners.map((l) => l.port))].sort((a, b) => a - b);
  const envoyListeners = [];
  for (const port of ports) {
    const group = listeners.map((l, i) => ({ l, i })).filter(({ l }) => l.port === port);
    const protocols = new Set(group.map(({ l }) => l.protocol));
    if (protocols.size > 1) { problems.push(at(`spec.listeners: port ${port} mixes protocols ${[...protocols].join(", ")}`)); continue; }
    const protocol = [...protocols][0];
    if (protocol !== "HTTP" && protocol !== "HTTPS") { problems.push(at(`spec.listeners[${group[0].i}].protocol: ${protocol} is not supported by the envoy target (HTTP, HTTPS)`)); continue; }
    const listener = {
      name: `${ns}/${gw.metadata.name}/${port}`,
      address: { socket_address: { address: "0.0.0.0", port_value: port } },
      per_connection_buffer_limit_bytes: bufferLimitBytes,
      filter_chains: [],
    };
    if (rip.proxyProtocol) {
      listener.listener_filters = [{ name: "envoy.filters.listener.proxy_protocol", typed_config: { "@type": "type.googleapis.com/envoy.extensions.filters.listener.proxy_protocol.v3.ProxyProtocol" } }];
    }
    if (protocol === "HTTP") {
      // Several HTTP listeners on one port differ by hostname only: one HCM with all their routes.
      listener.filter_chains.push({ filters: [hcm(`${ns}_${gw.metadata.name}_${port}`, `${ns}/${gw.metadata.name}/${group.map(({ l }) => l.name).join("+")}`, group.map(({ l }) => l))] });
    } else {
      const { v: validation, where: vwhere } = validationFor(port);
      for (const { l, i } of group) {
        const where = `spec.listeners[${i}].tls`;
        if (l.tls?.mode === "Passthrough") { problems.push(at(`${where}.mode: Passthrough cannot be inspected; the envoy target terminates TLS`)); continue; }
        const certs = l.tls?.certificateRefs ?? [];
        if (!certs.length) { problems.push(at(`${where}.certificateRefs: an HTTPS listener needs a server certificate`)); continue; }
        const tlsCertificates = certs.map((c, ci) => {
          if ((c.group ?? "") !== "" || (c.kind ?? "Secret") !== "Secret") problems.push(at(`${where}.certificateRefs[${ci}]: must be a core Secret, got ${c.group}/${c.kind}`));
          const cns = c.namespace ?? ns;
          if (cns !== ns) warnings.push(at(`${where}.certificateRefs[${ci}]: Secret in namespace ${cns}: a ReferenceGrant must allow it in Kubernetes (not checked here)`));
          return {
            certificate_chain: dataSource("Secret", cns, c.name, "tls.crt", at(`${where}.certificateRefs[${ci}]`)),
            private_key: dataSource("Secret", cns, c.name, "tls.key", at(`${where}.certificateRefs[${ci}]`)),
          };
        });
        const opt = parseTlsOptions(l.tls?.options, "listener");
        const common = { tls_certificates: tlsCertificates, alpn_protocols: ["h2", "http/1.1"] };
        if (opt.params) common.tls_params = opt.params;
        const downstream = { "@type": "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext", common_tls_context: common };
        if (validation) {
          const ca = caContext(validation, vwhere);
          if (!ca) problems.push(`${vwhere}.caCertificateRefs: client certificate validation needs exactly one CA reference`);
          else if ((validation.mode ?? "AllowValidOnly") === "AllowValidOnly") {
            common.validation_context = { trusted_ca: ca };
            downstream.require_client_certificate = true;
          } else {
            warnings.push(`${vwhere}.mode: AllowInsecureFallback accepts clients without a valid certificate on port ${port}`);
            common.validation_context = { trusted_ca: ca, trust_chain_verification: "ACCEPT_UNTRUSTED" };
          }
        }
        const chain = {
          name: l.name,
          filters: [hcm(`${ns}_${gw.metadata.name}_${l.name}`, `${ns}/${gw.metadata.name}/${l.name}`, [l])],
          transport_socket: { name: "envoy.transport_sockets.tls", typed_config: downstream },
        };
        if (group.length > 1) {
          if (!l.hostname) problems.push(at(`spec.listeners[${i}].hostname: several HTTPS listeners share port ${port}, so each needs a hostname (matched by SNI)`));
          else chain.filter_chain_match = { server_names: [l.hostname] };
        }
        listener.filter_chains.push(chain);
      }
      if (group.length > 1) {
        listener.listener_filters = [...(listener.listener_filters ?? []), { name: "envoy.filters.listener.tls_inspector", typed_config: { "@type": "type.googleapis.com/envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector" } }];
      }
    }
    envoyListeners.push(listener);
  }

  // Clusters for remote JWKS, the targets of the filter's dispatch_http_call (contracts.md).
  for (const [ji, j] of (filterConfig.jwks ?? []).entries()) {
    if (!j.remote) continue;
    const where = `filter configuration jwks[${ji}] (${j.name}).remote`;
    let url;
    try { url = new URL(j.remote.uri); } catch { problems.push(`${where}.uri: not a URL: ${JSON.stringify(j.remote.uri)}`); continue; }
    if (url.protocol !== "https:" && url.protocol !== "http:") { problems.push(`${where}.uri: must be https (or http), got ${url.protocol}`); continue; }
    if (clusters.has(j.remote.cluster)) continue;
    const port = url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
    const host = url.hostname.replace(/^\[|\]$/g, "");
    const cluster = {
      name: j.remote.cluster,
      type: "STRICT_DNS",
      connect_timeout: "5s",
      load_assignment: { cluster_name: j.remote.cluster, endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: host, port_value: port } } } }] }] },
    };
    if (url.protocol === "https:") {
      cluster.transport_socket = {
        name: "envoy.transport_sockets.tls",
        typed_config: {
          "@type": "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext",
          sni: host,
          common_tls_context: { validation_context: { trusted_ca: { filename: systemCaFile }, match_typed_subject_alt_names: [{ san_type: "DNS", matcher: { exact: host } }] } },
        },
      };
    } else {
      warnings.push(`${where}.uri: keys are fetched over plain http from ${host}; anyone on the path can replace them`);
    }
    clusters.set(j.remote.cluster, cluster);
  }

  if (problems.length) throw problemsError(problems, warnings);
  const bootstrap = {
    admin: { address: { socket_address: { address: adminAddress, port_value: adminPort } } },
    stats_config: { stats_tags: THREAT_STATS_TAGS },
    static_resources: { listeners: envoyListeners, clusters: [...clusters.values()] },
  };
  return { bootstrap, warnings, gateway: gwKey };
}

/** Gateway API hostname intersection: may a route hostname serve under a listener hostname? */
export function hostMatches(listenerHost, routeHost) {
  if (!listenerHost || routeHost === "*") return true;
  const l = listenerHost.toLowerCase();
  const r = routeHost.toLowerCase();
  if (l === r) return true;
  if (l.startsWith("*.")) return r.endsWith(l.slice(1)) && (r.startsWith("*.") ? r.length > l.length : true);
  if (r.startsWith("*.")) return l.endsWith(r.slice(1));
  return false;
}

const domainRank = (d) => (d === "*" ? 2 : d.startsWith("*.") ? 1 : 0);
function cmpKey(a, b) {
  for (let i = 0; i < a.length; i++) {
    if (a[i] < b[i]) return -1;
    if (a[i] > b[i]) return 1;
  }
  return 0;
}

function problemsError(problems, warnings = []) {
  const err = new Error(`cannot build the Envoy configuration:\n  ${problems.join("\n  ")}`);
  return Object.assign(err, { userError: true, problems, warnings });
}
