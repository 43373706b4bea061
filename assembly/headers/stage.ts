// The header rewrite stage (HeaderRewrites kind, docs/header-rewrites.md). Runs last in
// the request phase, after every check, so only a request that goes upstream is
// rewritten; and in the response phase for responses of requests that passed. Our own
// local replies get the response rewrites in respond/local.ts instead (they do not pass
// through onResponseHeaders of a stage: the stream skips requests that did not pass).
import { Exchange, Stage, StageAction } from "../filter/pipeline";
import { MapType } from "../sdk/enums";
import { getHeaderPairs, addHeader, replaceHeader, removeHeader } from "../sdk/headers";
import { findPair } from "../sdk/pairs";
import { isEnabled, logInfo } from "../sdk/log";
import { LogLevel } from "../sdk/enums";
import { logSafe } from "../filter/log_safe";
import { HeaderEdits } from "./edits";
import { planRequest, planResponse } from "./plan";
import { FormatContext } from "./operators";
import { hostFormatEnv } from "./env";
import { protectedRequestHeaders } from "./protect";
import { upstreamReplacement } from "../respond/custom";

export const STAGE_NAME = "header_rewrites";

export class HeaderRewriteStage extends Stage {
  get name(): string { return STAGE_NAME; }

  onRequestHeaders(x: Exchange): StageAction {
    let hr = x.policy.headerRewrites;
    if (hr === null) return StageAction.Continue;
    let rw = hr.request;
    let facts = rw.needsFacts ? x.model.facts : null;
    let edits = planRequest(rw, x.model.headers, facts, new FormatContext(x.model, hostFormatEnv, 0), protectedRequestHeaders(x));
    if (!edits.empty) applyToMap(MapType.HttpRequestHeaders, edits);
    if (hr.logRewrites) logRewrites("request", x, edits);
    return StageAction.Continue;
  }

  onResponseHeaders(x: Exchange): StageAction {
    let hr = x.policy.headerRewrites;
    let replace = x.config.customResponses !== null;
    if (hr === null && !replace) return StageAction.Continue;
    let pairs = getHeaderPairs(MapType.HttpResponseHeaders);
    // A response whose headers cannot be read cannot get its security headers: refuse it.
    if (pairs === null) return x.block(500, "bulwark_internal_error");
    let statusText = findPair(pairs, ":status");
    let status = statusText !== null ? I32.parseInt(statusText!) : 0;
    if (replace && upstreamReplacement(x, status)) return StageAction.Block;
    if (hr === null) return StageAction.Continue;
    let rw = hr.response;
    let facts = rw.needsFacts ? x.model.facts : null;
    let edits = planResponse(rw, pairs, facts, new FormatContext(x.model, hostFormatEnv, status));
    if (!edits.empty) applyToMap(MapType.HttpResponseHeaders, edits);
    if (hr.logRewrites) logRewrites("response", x, edits);
    return StageAction.Continue;
  }
}

function applyToMap(map: MapType, e: HeaderEdits): void {
  for (let i = 0; i < e.removed.length; i++) removeHeader(map, e.removed[i]);
  for (let i = 0; i < e.readd.length; i++) addHeader(map, e.readd[i].name, e.readd[i].value);
  for (let i = 0; i < e.replaced.length; i++) replaceHeader(map, e.replaced[i].name, e.replaced[i].value);
  for (let i = 0; i < e.added.length; i++) addHeader(map, e.added[i].name, e.added[i].value);
}

// Integration mode: one line per direction, header names only (values may be secrets).
export function logRewrites(direction: string, x: Exchange, e: HeaderEdits): void {
  if (!isEnabled(LogLevel.Info)) return;
  logInfo("bulwark: header rewrites " + direction + " policy=" + logSafe(x.policy.name) + " route=" + logSafe(x.routeLabel)
    + " request_id=" + logSafe(x.model.requestId, 64) + " " + logSafe(e.summary(), 2048));
}
