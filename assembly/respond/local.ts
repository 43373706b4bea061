// The last step of every local reply of a secured request (stream.sendBlock): the
// route's custom response replaces the built-in body, then the policy's response header
// rewrites run on the reply's headers, so blocks carry the same security headers as
// upstream responses (Envoy would run the encoder filters on a local reply too; the
// stream does not let the stages see their own reply, so the rewrite happens here).
import { Exchange } from "../filter/pipeline";
import { LocalReply } from "../filter/local_reply";
import { planResponse } from "../headers/plan";
import { applyEdits } from "../headers/edits";
import { FormatContext } from "../headers/operators";
import { hostFormatEnv } from "../headers/env";
import { logRewrites } from "../headers/stage";
import { localResponseFor, buildReply, DETAILS_CUSTOM_RESPONSE } from "./custom";

export function finishLocalReply(x: Exchange, reply: LocalReply): LocalReply {
  let out = reply;
  if (reply.details != DETAILS_CUSTOM_RESPONSE && x.config.customResponses !== null) {
    let cr = localResponseFor(x, <i32>reply.status);
    if (cr !== null) out = buildReply(x, cr, <i32>reply.status, reply.details, reply.headers, reply.stage);
  }
  let hr = x.policy.headerRewrites;
  if (hr === null) return out;
  let rw = hr.response;
  let facts = rw.needsFacts ? x.model.facts : null;
  let edits = planResponse(rw, out.headers, facts, new FormatContext(x.model, hostFormatEnv, <i32>out.status));
  if (hr.logRewrites) logRewrites("local_reply", x, edits);
  if (edits.empty) return out;
  return new LocalReply(out.status, out.details, out.body, applyEdits(out.headers, edits), out.stage);
}
