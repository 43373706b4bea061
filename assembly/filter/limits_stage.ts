// The Limits stage (docs/limits.md): path length and query parameters in the
// request headers, the body size while it streams, and the parsed items at end
// of stream (parameter count, name/value lengths, JSON key/value lengths,
// GraphQL value lengths), with the policy's length exceptions.
// The parsers enforce the structural limits (JSON depth, keys per object,
// elements, GraphQL depth) themselves: parser_stage.ts reports those.
import { Exchange, Stage, StageAction } from "./pipeline";
import { LimitsSettings, LengthException, ExceptionKind, ParamSource, splitJsonPath, jsonPathCovers } from "../config/features";
import { BLOCK_TYPE_LIMITS, violation } from "./security_event";
import { Item, Source } from "../parse/items";
import { memberPath } from "../parse/json_path";

export class LimitsStage extends Stage {
  get name(): string { return "limits"; }

  onRequestHeaders(x: Exchange): StageAction {
    let l = x.policy.limits;
    if (l === null || l.unlimited) return StageAction.Continue;
    let path = x.model.path;
    if (l.pathLength > 0 && <i64>path.length > l.pathLength) {
      let a = violation(x, BLOCK_TYPE_LIMITS, "path_length", "path", l.pathLength, <i64>path.length, l.logOnly);
      if (a != StageAction.Continue) return a;
    }
    let params = x.model.queryItems;
    if (l.paramCount > 0 && params.length > l.paramCount) {
      let a = violation(x, BLOCK_TYPE_LIMITS, "parameter_count", "query", <i64>l.paramCount, <i64>params.length, l.logOnly);
      if (a != StageAction.Continue) return a;
    }
    for (let i = 0, n = params.length; i < n; i++) {
      let q = unchecked(params[i]);
      let a = this.checkParameter(x, l, q.name, q.value, ParamSource.Query);
      if (a != StageAction.Continue) return a;
    }
    return StageAction.Continue;
  }

  onRequestBodyTooLarge(x: Exchange): StageAction {
    let l = x.policy.limits;
    if (l === null) return StageAction.Continue;
    let a = violation(x, BLOCK_TYPE_LIMITS, x.bodySubtype, "body", x.bodyLimit, x.bodyBytes, l.logOnly);
    if (a == StageAction.Continue) {
      // Log-only: the rest streams through; nothing past the limit is buffered or parsed.
      x.bodyDone = true;
      x.bodyBuffered = false;
    }
    return a;
  }

  onRequestBody(x: Exchange, body: Uint8Array | null): StageAction {
    let l = x.policy.limits;
    if (l === null || l.unlimited || x.bodyDone) return StageAction.Continue;
    let items = x.bodyItems;
    if (items.length == 0) return StageAction.Continue;
    if (l.paramCount > 0) {
      let posts = 0;
      for (let i = 0, n = items.length; i < n; i++) if (unchecked(items[i]).source == Source.Post) posts++;
      let total = x.model.queryItems.length + posts;
      if (posts > 0 && total > l.paramCount) {
        let a = violation(x, BLOCK_TYPE_LIMITS, "parameter_count", "body", <i64>l.paramCount, <i64>total, l.logOnly);
        if (a != StageAction.Continue) return a;
      }
    }
    for (let i = 0, n = items.length; i < n; i++) {
      let it = unchecked(items[i]);
      let a = StageAction.Continue;
      if (it.source == Source.Post) a = this.checkParameter(x, l, it.name, it.value, ParamSource.Post);
      else if (it.source == Source.Json) a = this.checkJson(x, l, it);
      else if (it.source == Source.GraphQL) a = this.checkGraphQL(x, l, it);
      if (a != StageAction.Continue) return a;
    }
    return StageAction.Continue;
  }

  private checkParameter(x: Exchange, l: LimitsSettings, name: string, value: string, source: ParamSource): StageAction {
    let nameOver = l.paramNameLength > 0 && <i64>name.length > l.paramNameLength;
    let valueOver = l.paramValueLength > 0 && <i64>value.length > l.paramValueLength;
    if (!nameOver && !valueOver) return StageAction.Continue;
    if (exemptParameter(x, l, name, source)) return StageAction.Continue;
    let where = (source == ParamSource.Query ? "query:" : "post:") + name;
    if (nameOver) return violation(x, BLOCK_TYPE_LIMITS, "parameter_name_length", where, l.paramNameLength, <i64>name.length, l.logOnly);
    return violation(x, BLOCK_TYPE_LIMITS, "parameter_value_length", where, l.paramValueLength, <i64>value.length, l.logOnly);
  }

  // Keys: `value` is the key and `name` the object's path; values: `name` is their path.
  private checkJson(x: Exchange, l: LimitsSettings, it: Item): StageAction {
    let limit = it.isKey ? l.jsonKeyLength : l.jsonValueLength;
    // valueLength: the length without decoding a value nobody read yet.
    let length = <i64>it.valueLength;
    if (limit <= 0 || length <= limit) return StageAction.Continue;
    // A GraphQL request's document is bounded by graphQL.querySize instead.
    if (x.graphQL && !it.isKey && it.name == "$.query") return StageAction.Continue;
    let path = it.isKey ? memberPath(it.name, it.value) : it.name;
    if (exemptJson(x, l, path)) return StageAction.Continue;
    return violation(x, BLOCK_TYPE_LIMITS, it.isKey ? "json_key_length" : "json_value_length", path, limit, length, l.logOnly);
  }

  private checkGraphQL(x: Exchange, l: LimitsSettings, it: Item): StageAction {
    if (it.isKey || l.graphQLValueLength <= 0 || <i64>it.value.length <= l.graphQLValueLength) return StageAction.Continue;
    if (exemptGraphQL(x, l, it)) return StageAction.Continue;
    return violation(x, BLOCK_TYPE_LIMITS, "graphql_value_length", it.name, l.graphQLValueLength, <i64>it.value.length, l.logOnly);
  }
}

function applies(x: Exchange, e: LengthException): bool {
  let c = e.conditions;
  return c === null || c.matches(x.model.facts);
}

function exemptParameter(x: Exchange, l: LimitsSettings, name: string, source: ParamSource): bool {
  let ex = l.exceptions;
  for (let i = 0, n = ex.length; i < n; i++) {
    let e = unchecked(ex[i]);
    if (e.kind != ExceptionKind.Parameter || (e.paramSource & source) == 0) continue;
    if (e.paramName!.matchString(name) && applies(x, e)) return true;
  }
  return false;
}

function exemptJson(x: Exchange, l: LimitsSettings, path: string): bool {
  let ex = l.exceptions;
  let split: Array<string> | null = null;
  for (let i = 0, n = ex.length; i < n; i++) {
    let e = unchecked(ex[i]);
    if (e.kind != ExceptionKind.Json) continue;
    if (split === null) { split = splitJsonPath(path); if (split === null) return false; }
    if (jsonPathCovers(e.jsonPath, split!) && applies(x, e)) return true;
  }
  return false;
}

function exemptGraphQL(x: Exchange, l: LimitsSettings, it: Item): bool {
  let ex = l.exceptions;
  for (let i = 0, n = ex.length; i < n; i++) {
    let e = unchecked(ex[i]);
    if (e.kind != ExceptionKind.GraphQL) continue;
    if (e.gqlField !== null && !e.gqlField!.matchString(it.field)) continue;
    if (e.gqlArgument !== null && !e.gqlArgument!.matchString(it.argument)) continue;
    if (e.gqlValue !== null && !e.gqlValue!.matchString(it.value)) continue;
    if (applies(x, e)) return true;
  }
  return false;
}
