// TLS options of Gateway listeners (`spec.listeners[].tls.options`) and BackendTLSPolicy
// (`spec.options`), in the Airlock Microgateway vocabulary (`microgateway.airlock.com/<name>`;
// `bulwark.dev/<name>` is accepted as a synonym). Gateway API leaves option keys to the
// implementation; keys with another prefix belong to other implementations and are ignored.
//
// Parsing returns the Envoy fields the options become, or problems naming the option.

export const OPTION_PREFIXES = ["microgateway.airlock.com/", "bulwark.dev/"];

/** Envoy's TlsParameters.TlsProtocol names, which are also the option values. */
export const TLS_VERSIONS = ["TLS_AUTO", "TLSv1_0", "TLSv1_1", "TLSv1_2", "TLSv1_3"];

const COMMON = ["minimumVersion", "maximumVersion", "ciphers", "ecdhCurves", "signatureAlgorithms"];
const BACKEND_ONLY = ["allowExpiredCertificate", "insecure", "verifyCertificateHashes"];

// BoringSSL cipher names (`ECDHE-ECDSA-AES128-GCM-SHA256`) and equivalence groups (`[A|B]`).
const CIPHER = /^(\[[A-Za-z0-9_-]+(\|[A-Za-z0-9_-]+)*\]|[A-Za-z0-9_-]+)$/;
const CURVE = /^[A-Za-z0-9_-]+$/;
const SIGALG = /^[a-z0-9_]+$/;

/**
 * @param {Record<string, string> | undefined} options
 * @param {"listener" | "backend"} where
 * @returns {{ params: object | null, validation: object, insecure: boolean, problems: { key: string, message: string }[] }}
 *   params: Envoy TlsParameters (null when nothing is set); validation: extra CertificateValidationContext fields
 */
export function parseTlsOptions(options, where) {
  const problems = [];
  const params = {};
  const validation = {};
  let insecure = false;
  const allowed = where === "backend" ? [...COMMON, ...BACKEND_ONLY] : COMMON;
  for (const [key, raw] of Object.entries(options ?? {})) {
    const prefix = OPTION_PREFIXES.find((p) => key.startsWith(p));
    if (!prefix) continue;
    const name = key.slice(prefix.length);
    const bad = (message) => problems.push({ key, message });
    if (!allowed.includes(name)) {
      bad(`unknown TLS option ${name} for a ${where === "backend" ? "BackendTLSPolicy" : "Gateway listener"}; supported: ${allowed.join(", ")}`);
      continue;
    }
    if (typeof raw !== "string") { bad(`must be a string, got ${JSON.stringify(raw)}`); continue; }
    const value = raw.trim();
    const list = () => value.split(",").map((s) => s.trim()).filter(Boolean);
    switch (name) {
      case "minimumVersion":
      case "maximumVersion":
        if (!TLS_VERSIONS.includes(value)) bad(`must be one of ${TLS_VERSIONS.join(", ")}, got ${JSON.stringify(value)}`);
        else params[name === "minimumVersion" ? "tls_minimum_protocol_version" : "tls_maximum_protocol_version"] = value;
        break;
      case "ciphers": {
        const items = list();
        const wrong = items.find((c) => !CIPHER.test(c));
        if (!items.length || wrong) bad(`must be a comma-separated list of cipher suite names, got ${JSON.stringify(wrong ?? value)}`);
        else params.cipher_suites = items;
        break;
      }
      case "ecdhCurves": {
        const items = list();
        const wrong = items.find((c) => !CURVE.test(c));
        if (!items.length || wrong) bad(`must be a comma-separated list of curve names such as X25519,P-256, got ${JSON.stringify(wrong ?? value)}`);
        else params.ecdh_curves = items;
        break;
      }
      case "signatureAlgorithms": {
        const items = list();
        const wrong = items.find((c) => !SIGALG.test(c));
        if (!items.length || wrong) bad(`must be a comma-separated list of signature algorithm names such as ecdsa_secp256r1_sha256, got ${JSON.stringify(wrong ?? value)}`);
        else params.signature_algorithms = items;
        break;
      }
      case "allowExpiredCertificate":
        if (value !== "true" && value !== "false") bad(`must be "true" or "false", got ${JSON.stringify(value)}`);
        else if (value === "true") validation.allow_expired_certificate = true;
        break;
      case "insecure":
        if (value !== "true" && value !== "false") bad(`must be "true" or "false", got ${JSON.stringify(value)}`);
        else insecure = value === "true";
        break;
      case "verifyCertificateHashes": {
        const hashes = [];
        raw.split("\n").forEach((line, i) => {
          const l = line.trim();
          if (!l || l.startsWith("#")) return;
          const hex = l.replace(/:/g, "");
          const colonForm = /^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){31}$/.test(l);
          if (!(colonForm || /^[0-9A-Fa-f]{64}$/.test(l))) bad(`line ${i + 1}: expected a SHA-256 fingerprint (64 hex digits, optionally as 32 colon-separated pairs), got ${JSON.stringify(l.slice(0, 80))}`);
          else hashes.push(hex.toLowerCase());
        });
        if (hashes.length) validation.verify_certificate_hash = hashes;
        else if (!problems.some((p) => p.key === key)) bad("lists no fingerprint");
        break;
      }
    }
  }
  const min = params.tls_minimum_protocol_version;
  const max = params.tls_maximum_protocol_version;
  if (min && max && min !== "TLS_AUTO" && max !== "TLS_AUTO" && TLS_VERSIONS.indexOf(min) > TLS_VERSIONS.indexOf(max)) {
    problems.push({ key: `${OPTION_PREFIXES[0]}minimumVersion`, message: `minimum version ${min} is above maximum version ${max}` });
  }
  return { params: Object.keys(params).length ? params : null, validation, insecure, problems };
}
