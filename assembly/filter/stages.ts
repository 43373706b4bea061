// Builds the pipeline for a configuration. This is where later features plug in:
//
//   export function buildPipeline(config: FilterConfig): Pipeline {
//     let stages = new Array<Stage>();
//     stages.push(new LimitsStage(config));      // assembly/limits/stage.ts
//     stages.push(new DenyRulesStage(config));   // assembly/rules/stage.ts
//     stages.push(new JwtStage(config));         // assembly/jwt/stage.ts (may Pause)
//     stages.push(new HeadersStage(config));     // assembly/headers/stage.ts
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
  stages.push(new IdentityPropagationStage());
  // Last: only a request every check passed is rewritten for the upstream.
  stages.push(new HeaderRewriteStage());
  return new Pipeline(stages);
}
