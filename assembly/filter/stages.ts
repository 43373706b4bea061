// Builds the pipeline for a configuration. This is where later features plug in:
//
//   export function buildPipeline(config: FilterConfig): Pipeline {
//     let stages = new Array<Stage>();
//     stages.push(new LimitsStage());            // filter/limits_stage.ts
//     stages.push(new DenyRulesStage());         // filter/deny_stage.ts
//     stages.push(new AccessControlStage(config)); // jwt/stage.ts (may Pause)
//     stages.push(new HeaderRewriteStage());     // headers/stage.ts
//     return new Pipeline(stages);
//   }
//
// Order matters: cheap checks first, and anything that rewrites the request last.
// A stage that a policy does not use should return Continue immediately.
import { FilterConfig } from "../config/model";
import { Pipeline, Stage } from "./pipeline";
import { ParserStage } from "./parser_stage";
import { LimitsStage } from "./limits_stage";
import { DenyRulesStage } from "./deny_stage";
import { HeaderRewriteStage } from "../headers/stage";
import { AccessControlStage } from "../jwt/stage";
import { IdentityPropagationStage } from "../jwt/propagation_stage";

export function buildPipeline(config: FilterConfig): Pipeline {
  let stages = new Array<Stage>();
  // The parser plans the body (which parser, which size limit) before the limits
  // stage checks the request line; both act again at end of stream.
  stages.push(new ParserStage());
  stages.push(new LimitsStage());
  stages.push(new DenyRulesStage());
  stages.push(new AccessControlStage(config));
  // The allow-list, removals and additions apply to the headers the client sent...
  stages.push(new HeaderRewriteStage());
  // ...and the identity the filter vouches for is added after them, so an allow-list
  // without the propagated header's name cannot drop it.
  stages.push(new IdentityPropagationStage());
  return new Pipeline(stages);
}
