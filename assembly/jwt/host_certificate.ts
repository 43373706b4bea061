// PeerCertificate read from Envoy's connection attributes, each read once per
// request on first use.
import { PeerCertificate } from "./certificate";
import { getPropertyString } from "../sdk/properties";
import { encodePropertyPath } from "../sdk/property_codec";

const SUBJECT = encodePropertyPath(["connection", "subject_peer_certificate"]);
const SHA256 = encodePropertyPath(["connection", "sha256_peer_certificate_digest"]);
const DNS_SAN = encodePropertyPath(["connection", "dns_san_peer_certificate"]);
const URI_SAN = encodePropertyPath(["connection", "uri_san_peer_certificate"]);

export class HostCertificate extends PeerCertificate {
  private loaded: i32 = 0;
  private _subject: string | null = null;
  private _sha256: string | null = null;
  private _dns: string | null = null;
  private _uri: string | null = null;

  subject(): string | null {
    if ((this.loaded & 1) == 0) { this._subject = nonEmpty(getPropertyString(SUBJECT)); this.loaded |= 1; }
    return this._subject;
  }
  sha256(): string | null {
    if ((this.loaded & 2) == 0) { this._sha256 = nonEmpty(getPropertyString(SHA256)); this.loaded |= 2; }
    return this._sha256;
  }
  dnsSan(): string | null {
    if ((this.loaded & 4) == 0) { this._dns = nonEmpty(getPropertyString(DNS_SAN)); this.loaded |= 4; }
    return this._dns;
  }
  uriSan(): string | null {
    if ((this.loaded & 8) == 0) { this._uri = nonEmpty(getPropertyString(URI_SAN)); this.loaded |= 8; }
    return this._uri;
  }
}

function nonEmpty(s: string | null): string | null {
  return s !== null && s!.length > 0 ? s : null;
}
