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
import { ResponseRewrites } from "../config/header_rewrites";
import { HeaderPair, encodePairs } from "../sdk/pairs";
import { encodeDetails } from "../sdk/local_reply";
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
  // Blocks of one policy are alike: the same few header lists (one per body
  // format, respond/block.ts) and the same status. When nothing in the rewrites
  // reads the request, their result and its encoding are computed once.
  let cacheable = out === reply && !rw.needsFacts && rw.constantAdds && !hr.logRewrites;
  if (cacheable) {
    let hit = cached(rw, out);
    if (hit !== null) return hit.replyFor(out);
  }
  let facts = rw.needsFacts ? x.model.facts : null;
  let edits = planResponse(rw, out.headers, facts, new FormatContext(x.model, hostFormatEnv, <i32>out.status));
  if (hr.logRewrites) logRewrites("local_reply", x, edits);
  let headers = edits.empty ? out.headers : applyEdits(out.headers, edits);
  if (cacheable) return remember(rw, out, headers).replyFor(out);
  if (edits.empty) return out;
  return new LocalReply(out.status, out.details, out.body, headers, out.stage);
}

// One cached rewrite result: keyed by the rewrites, the status, the details and
// the very header list of the reply (block header lists are shared constants,
// so identity is the right key; a list built per request never hits and only
// costs a slot).
class CachedReply {
  constructor(
    public rw: ResponseRewrites, public status: u32, public details: string, public input: Array<HeaderPair>,
    public headers: Array<HeaderPair>, public encodedHeaders: ArrayBuffer, public encodedDetails: ArrayBuffer,
  ) {}

  replyFor(r: LocalReply): LocalReply {
    r.headers = this.headers;
    r.encodedHeaders = this.encodedHeaders;
    r.encodedDetails = this.encodedDetails;
    return r;
  }
}

// Bounded: a few policies × three body formats; replaced round robin. Entries
// hold their rewrites, so an entry of a replaced configuration is never
// mistaken for a new one (the old object stays alive while cached).
const SLOTS: i32 = 8;
const entries = new StaticArray<CachedReply | null>(SLOTS);
let next: i32 = 0;

function cached(rw: ResponseRewrites, r: LocalReply): CachedReply | null {
  for (let i = 0; i < SLOTS; i++) {
    let e = unchecked(entries[i]);
    if (e !== null && e.rw === rw && e.input === r.headers && e.status == r.status && e.details == r.details) return e;
  }
  return null;
}

function remember(rw: ResponseRewrites, r: LocalReply, headers: Array<HeaderPair>): CachedReply {
  let e = new CachedReply(rw, r.status, r.details, r.headers, headers, encodePairs(headers), encodeDetails(r.details));
  unchecked(entries[next] = e);
  next = (next + 1) % SLOTS;
  return e;
}
