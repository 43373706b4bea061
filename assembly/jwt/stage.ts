// The access-control stage (AccessControlPolicy): picks the first access policy
// whose requestConditions match, then allows, denies, or authenticates the JWT
// and checks requireAll/requireAny. May Pause while a JWKS is fetched; the store
// resumes the request (onHttpCallResponse) and the whole decision runs again with
// the keys now present.
import { Exchange, Stage, StageAction } from "../filter/pipeline";
import { FilterConfig } from "../config/model";
import { AccessControl, AccessPolicy, Authorization } from "../config/access_control";
import { JsonValue } from "../config/json";
import { Verifier, Outcome, REASON_NO_TOKEN } from "./verifier";
import { JwksProvider, configureJwks, nowMs } from "./jwks_store";
import { extractToken, describeSource, lastSource } from "./extractor";
import { requirementsMet } from "./requirements";
import { HostCertificate } from "./host_certificate";
import { refuse, REASON_DENIED, REASON_CLAIM, REASON_CERTIFICATE } from "./decision";
import { VerifiedIdentity, handOver } from "./identity";
import { RequirementKind } from "../config/access_control";

let jwksRootId: u32 = 0;

// The root context that owns JWKS fetches (set by the root before building the pipeline).
export function setJwksRoot(id: u32): void { jwksRootId = id; }

export class AccessControlStage extends Stage {
  private verifier: Verifier;

  constructor(config: FilterConfig) {
    super();
    this.verifier = new Verifier(configureJwks(jwksRootId, config.jwks));
  }

  get name(): string { return "access_control"; }
  get providers(): Array<JwksProvider> { return this.verifier.providers; }

  onRequestHeaders(x: Exchange): StageAction { return this.decide(x); }

  onHttpCallResponse(x: Exchange, token: u32, numHeaders: u32, bodySize: u32, numTrailers: u32): StageAction {
    return this.decide(x);
  }

  decide(x: Exchange): StageAction {
    let ac = x.policy.accessControl;
    if (ac === null) return StageAction.Continue;
    let p = select(ac!, x);
    if (p === null) return refuse(x, REASON_DENIED, "-", "", -1);
    if (p.authorization == Authorization.Deny) return refuse(x, REASON_DENIED, "-", "", p.index);
    let claims: JsonValue | null = null;
    let raw: string | null = null;
    let jwtName = "";
    if (p.authorization == Authorization.Jwt) {
      let jwt = p.jwt!;
      jwtName = jwt.name;
      raw = extractToken(x.model, jwt.sources);
      if (raw === null) return refuse(x, REASON_NO_TOKEN, describeSource(jwt.sources[0]), jwtName, p.index);
      let where = describeSource(jwt.sources[lastSource]);
      let now = nowMs();
      let v = this.verifier.verify(jwt, raw!, <f64>now / 1000.0, now, x.contextId);
      if (v.outcome == Outcome.Wait) return StageAction.Pause;
      if (v.outcome != Outcome.Verified) return refuse(x, v.reason, where, jwtName, p.index);
      claims = v.token!.claims.json;
    }
    if (p.requireAll.length > 0 || p.requireAny.length > 0) {
      if (!requirementsMet(p, claims, new HostCertificate())) {
        return refuse(x, onlyCertificates(p) ? REASON_CERTIFICATE : REASON_CLAIM, "-", jwtName, p.index);
      }
    }
    handOver(new VerifiedIdentity(x.contextId, p, raw, claims));
    return StageAction.Continue;
  }
}

function select(ac: AccessControl, x: Exchange): AccessPolicy | null {
  let ps = ac.policies;
  for (let i = 0, n = ps.length; i < n; i++) {
    let p = unchecked(ps[i]);
    let c = p.conditions;
    if (c === null || c.matches(x.model.facts)) return p;
  }
  return null;
}

function onlyCertificates(p: AccessPolicy): bool {
  for (let i = 0; i < p.requireAll.length; i++) if (p.requireAll[i].kind == RequirementKind.JwtClaim) return false;
  for (let i = 0; i < p.requireAny.length; i++) if (p.requireAny[i].kind == RequirementKind.JwtClaim) return false;
  return true;
}
