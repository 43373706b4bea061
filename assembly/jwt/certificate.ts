// The downstream client certificate as Envoy exposes it to Wasm filters
// (attributes connection.*: docs/host.md "Properties"). Envoy publishes the
// subject (RFC 2253 string), the SHA-256 digest, and the first URI and DNS SAN of
// a peer certificate; it publishes no issuer, e-mail or IP SAN, so requirements on
// those never match (the compiler refuses them, see docs/jwt.md).
import { CertField, CERT_FIELD_ATTRS, SanType } from "../config/access_control";

export abstract class PeerCertificate {
  // connection.subject_peer_certificate, e.g. "CN=client,OU=dev,O=Example\, Inc,C=CH".
  abstract subject(): string | null;
  // connection.sha256_peer_certificate_digest (lowercase hex).
  abstract sha256(): string | null;
  abstract dnsSan(): string | null;
  abstract uriSan(): string | null;
  // Issuer: not an Envoy attribute.
  issuer(): string | null { return null; }

  san(type: SanType): string | null {
    if (type == SanType.DNS) return this.dnsSan();
    if (type == SanType.URI) return this.uriSan();
    return null;
  }
}

export class NoCertificate extends PeerCertificate {
  subject(): string | null { return null; }
  sha256(): string | null { return null; }
  dnsSan(): string | null { return null; }
  uriSan(): string | null { return null; }
}

// Values of one attribute in an RFC 2253/4514 distinguished name ("CN=a,O=b+OU=c"),
// in order, unescaped. Multiple values (several OU) are all returned.
export function dnField(dn: string, field: CertField): Array<string> {
  let want = CERT_FIELD_ATTRS[<i32>field];
  let out = new Array<string>();
  let n = dn.length;
  let i = 0;
  while (i < n) {
    // attribute type
    let eq = dn.indexOf("=", i);
    if (eq < 0) break;
    let type = dn.substring(i, eq).trim();
    // value up to an unescaped , or +
    let parts = new Array<string>();
    let j = eq + 1;
    let start = j;
    while (j < n) {
      let c = dn.charCodeAt(j);
      if (c == 0x5C && j + 1 < n) { // backslash escape
        parts.push(dn.substring(start, j));
        let next = dn.charCodeAt(j + 1);
        if (isHex(next) && j + 2 < n && isHex(dn.charCodeAt(j + 2))) {
          parts.push(String.fromCharCode(<i32>parseInt(dn.substring(j + 1, j + 3), 16)));
          j += 3;
        } else { parts.push(String.fromCharCode(next)); j += 2; }
        start = j;
        continue;
      }
      if (c == 0x2C || c == 0x2B) break;
      j++;
    }
    parts.push(dn.substring(start, j));
    if (type.toUpperCase() == want) out.push(parts.join("").trim());
    i = j + 1;
  }
  return out;
}

function isHex(c: i32): bool {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}
