// The identity-propagation stage (IdentityPropagation): removes every header the
// policy's access control may propagate — always, even for requests without a
// token, so a client can never supply one itself — then sets the ones the
// matched access policy propagates from the verified token, a claim or the client
// certificate. A value that cannot be determined (a missing claim, no
// certificate) is skipped: onFailure Pass.
import { Exchange, Stage, StageAction } from "../filter/pipeline";
import { PropagationAction, PropagationSourceKind } from "../config/access_control";
import { MapType } from "../sdk/enums";
import { removeHeader, replaceHeader } from "../sdk/headers";
import { takeIdentity, VerifiedIdentity } from "./identity";
import { claimHeaderValue } from "./requirements";
import { PeerCertificate, dnField } from "./certificate";
import { HostCertificate } from "./host_certificate";

export const MAX_PROPAGATED_VALUE: i32 = 8192;

export class IdentityPropagationStage extends Stage {
  get name(): string { return "identity_propagation"; }

  onRequestHeaders(x: Exchange): StageAction {
    let ac = x.policy.accessControl;
    if (ac === null) return StageAction.Continue;
    let id = takeIdentity(x.contextId);
    let strip = ac!.propagatedHeaders;
    for (let i = 0, n = strip.length; i < n; i++) {
      let h = unchecked(strip[i]);
      if (x.model.header(h) !== null) removeHeader(MapType.HttpRequestHeaders, h);
    }
    if (id === null) return StageAction.Continue;
    let actions = id.policy.propagation;
    if (actions.length == 0) return StageAction.Continue;
    let cert: PeerCertificate | null = null;
    for (let i = 0, n = actions.length; i < n; i++) {
      let a = unchecked(actions[i]);
      if (cert === null && a.source >= PropagationSourceKind.CertificateSubject) cert = new HostCertificate();
      let value = propagatedValue(a, id, cert);
      if (value === null || !safeHeaderValue(value!)) continue;
      replaceHeader(MapType.HttpRequestHeaders, a.header, a.bearer ? "Bearer " + value! : value!);
    }
    return StageAction.Continue;
  }
}

export function propagatedValue(a: PropagationAction, id: VerifiedIdentity, cert: PeerCertificate | null): string | null {
  switch (a.source) {
    case PropagationSourceKind.JwtToken: return id.token;
    case PropagationSourceKind.JwtClaim: {
      let c = id.claims;
      return c !== null ? claimHeaderValue(c!, a.claim) : null;
    }
    case PropagationSourceKind.CertificateSan: return cert !== null ? cert.san(a.san) : null;
    default: {
      if (cert === null) return null;
      let dn = a.source == PropagationSourceKind.CertificateSubject ? cert.subject() : cert.issuer();
      if (dn === null) return null;
      let values = dnField(dn!, a.field);
      return values.length > 0 ? values.join(",") : null;
    }
  }
}

// No control characters (CR/LF/NUL would split or truncate the header), bounded.
export function safeHeaderValue(v: string): bool {
  let n = v.length;
  if (n == 0 || n > MAX_PROPAGATED_VALUE) return false;
  for (let i = 0; i < n; i++) {
    let c = v.charCodeAt(i);
    if ((c < 0x20 && c != 0x09) || c == 0x7F) return false;
  }
  return true;
}
