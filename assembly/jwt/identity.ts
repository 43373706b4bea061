// Hand-over from the access-control stage to the identity-propagation stage of
// the same request: which access policy matched and what was verified. The two
// stages run back to back in one host callback, so one slot per VM suffices; the
// context id guards against reading another request's identity.
import { AccessPolicy } from "../config/access_control";
import { JsonValue } from "../config/json";

export class VerifiedIdentity {
  constructor(
    public readonly contextId: u32,
    public readonly policy: AccessPolicy,
    // The verified token and its claims; null when the policy needs no JWT.
    public readonly token: string | null,
    public readonly claims: JsonValue | null,
  ) {}
}

let current: VerifiedIdentity | null = null;

export function handOver(identity: VerifiedIdentity): void { current = identity; }

// The identity verified for `contextId`, once.
export function takeIdentity(contextId: u32): VerifiedIdentity | null {
  let c = current;
  current = null;
  return c !== null && c.contextId == contextId ? c : null;
}
