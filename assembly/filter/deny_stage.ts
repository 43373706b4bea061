// The deny-rule stage (docs/deny-rules.md): runs the inspection of
// deny/inspect.ts and turns its decisions into security events, threat
// counters and 400 blocks (security_event.ts denyViolation).
import { Exchange, Stage, StageAction } from "./pipeline";
import { DenyInspector, Reporter } from "../deny/inspect";
import { DenyDetails } from "../deny/details";
import { denyViolation, denyEventLogged } from "./security_event";

class EventReporter extends Reporter {
  report(x: Exchange, subtype: string, location: string, d: DenyDetails, logOnly: bool): StageAction {
    return denyViolation(x, subtype, location, d, logOnly);
  }
  needsDetails(logOnly: bool): bool { return denyEventLogged(logOnly); }
}

export class DenyRulesStage extends Stage {
  private inspector: DenyInspector = new DenyInspector(new EventReporter());

  get name(): string { return "deny_rules"; }

  onRequestHeaders(x: Exchange): StageAction { return this.inspector.onRequestHeaders(x); }

  onRequestBody(x: Exchange, body: Uint8Array | null): StageAction { return this.inspector.onRequestBody(x); }
}
