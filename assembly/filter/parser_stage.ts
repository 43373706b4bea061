// The Parser stage (docs/parser.md): chooses how a request body is read, plans
// its buffering in onRequestHeaders, and parses it once at end of stream into
// exchange.bodyItems (a GraphQL GET request's `query` parameter too). A body its parser cannot read is blocked (block type
// `parser`); a structural limit the parser stopped at is a limits violation.
import { Exchange, Stage, StageAction } from "./pipeline";
import { BodyKind, ParserSettings, LimitsSettings } from "../config/features";
import { BLOCK_TYPE_LIMITS, BLOCK_TYPE_PARSER, violation } from "./security_event";
import { Source, ParseError } from "../parse/items";
import { parseForm } from "../parse/form";
import { parseJson, JsonLimits } from "../parse/json";
import { parseMultipart, multipartBoundary } from "../parse/multipart";
import { parseGraphQL, GraphQLLimits } from "../parse/graphql";
import { mediaType } from "../parse/media_type";
import { parseRawBody, isBinaryMediaType } from "../parse/raw_body";
import { addHeader } from "../sdk/headers";
import { MapType } from "../sdk/enums";
import { HeaderPair } from "../sdk/pairs";

export const GRAPHQL_MEDIA_TYPE = "application/graphql";

export class ParserStage extends Stage {
  get name(): string { return "parser"; }

  onRequestHeaders(x: Exchange): StageAction {
    let p = x.policy.parser;
    let l = x.policy.limits;
    x.graphQL = isGraphQLPath(x.model.path);
    if (x.graphQL && x.model.method == "GET") {
      let a = graphQLFromQuery(x);
      if (a != StageAction.Continue) return a;
    }
    if (!x.hasBody) return StageAction.Continue;
    let ct = x.model.header("content-type");
    // gRPC messages (length-prefixed frames) and upgraded streams (WebSocket,
    // CONNECT tunnels) are not request bodies to parse, and general.bodySize does
    // not apply to them (reference §5): they pass untouched.
    if (isStreamingProtocol(x, ct)) return StageAction.Continue;
    if (ct === null && p !== null) {
      // Injected before selection and forwarded, so the backend reads the body
      // the way it was inspected.
      ct = p.defaultContentType;
      addHeader(MapType.HttpRequestHeaders, "content-type", ct!);
      // Custom rules' mediaType conditions see it too (facts are built after this).
      x.model.headers.push(new HeaderPair("content-type", ct!));
    }
    ruleDecided = false;
    let kind = p !== null ? selectParser(x, p, ct !== null ? ct! : "") : BodyKind.None;
    if (kind == BodyKind.None && !ruleDecided && inspectsRawBody(x, ct)) kind = BodyKind.Raw;
    if (kind == BodyKind.Multipart) {
      let boundary = multipartBoundary(ct!);
      if (boundary === null) return violation(x, BLOCK_TYPE_PARSER, "multipart_boundary", "content-type", 0, 0, false);
      x.boundary = boundary!;
    }
    x.bodyKind = kind;
    x.bodyBuffered = kind != BodyKind.None;
    x.bodyLimit = l !== null ? l.bodyLimit(kind) : 0;
    x.bodySubtype = bodySizeSubtype(kind);
    return StageAction.Continue;
  }

  onRequestBody(x: Exchange, body: Uint8Array | null): StageAction {
    if (body === null || !x.bodyBuffered || x.bodyDone) return StageAction.Continue;
    let l = x.policy.limits;
    let err: ParseError | null = null;
    switch (x.bodyKind) {
      case BodyKind.Form: err = parseForm(body!, Source.Post, x.bodyItems); break;
      case BodyKind.Json: {
        err = parseJson(body!, jsonLimits(l), x.bodyItems);
        if (err === null && x.graphQL) return graphQLFromJson(x);
        break;
      }
      case BodyKind.Multipart: err = parseMultipart(body!, x.boundary, x.bodyItems); break;
      // The body size limit of a GraphQL body is graphQL.querySize: already enforced.
      case BodyKind.GraphQL: err = parseGraphQL(String.UTF8.decode(body!.buffer), graphQLLimits(l), x.bodyItems); break;
      case BodyKind.Raw: {
        let ct = x.model.header("content-type");
        parseRawBody(body!, ct !== null ? ct! : "", x.bodyItems);
        break;
      }
    }
    if (err === null) return StageAction.Continue;
    return reportParseError(x, err);
  }
}

// A GraphQL GET request: the document is the `query` parameter.
function graphQLFromQuery(x: Exchange): StageAction {
  let params = x.model.queryItems;
  for (let i = 0, n = params.length; i < n; i++) {
    let q = unchecked(params[i]);
    if (q.name == "query") return graphQLDocument(x, q.value, "query:query");
  }
  return StageAction.Continue;
}

// A GraphQL request with a JSON body: the document is the top-level "query" string.
function graphQLFromJson(x: Exchange): StageAction {
  let items = x.bodyItems;
  for (let i = 0, n = items.length; i < n; i++) {
    let it = unchecked(items[i]);
    if (!it.isKey && it.name == "$.query") return graphQLDocument(x, it.value, "$.query");
  }
  return StageAction.Continue;
}

// Checks graphQL.querySize before parsing (bounded work), then parses.
function graphQLDocument(x: Exchange, text: string, location: string): StageAction {
  let l = x.policy.limits;
  if (l !== null && !l.unlimited && l.graphQLQuerySize > 0) {
    let size = <i64>String.UTF8.byteLength(text);
    if (size > l.graphQLQuerySize) {
      let a = violation(x, BLOCK_TYPE_LIMITS, "graphql_query_size", location, l.graphQLQuerySize, size, l.logOnly);
      return a; // log-only: the oversized document is not parsed
    }
  }
  let err = parseGraphQL(text, graphQLLimits(l), x.bodyItems);
  return err === null ? StageAction.Continue : reportParseError(x, err);
}

// Reports a parser's error: its structural limits (depth, keys, elements) are
// limits violations under the policy's mode; anything else blocks with block
// type `parser`, whatever the mode, because the body could not be inspected.
export function reportParseError(x: Exchange, err: ParseError): StageAction {
  let l = x.policy.limits;
  if (err.isLimit()) {
    return violation(x, BLOCK_TYPE_LIMITS, err.subtype, err.location, err.limit, err.observed, l !== null && l.logOnly);
  }
  return violation(x, BLOCK_TYPE_PARSER, err.subtype, err.location, 0, 0, false);
}

// A body no parser reads is buffered for the deny rules (BodyKind.Raw, limit
// general.bodySize) when the policy has deny rules, its media type is not a
// binary one and it is not content-encoded (compressed bytes stream
// uninspected, as before). A parser rule's `skip` keeps it unbuffered.
function inspectsRawBody(x: Exchange, ct: string | null): bool {
  let d = x.policy.denyRules;
  if (d === null || (!d.builtInOn && d.custom.length == 0)) return false;
  let ce = x.model.header("content-encoding");
  if (ce !== null && ce!.length > 0 && ce!.toLowerCase() != "identity") return false;
  return !isBinaryMediaType(ct !== null ? mediaType(ct!) : "");
}

// Whether the last selectParser was decided by a parser rule.
let ruleDecided = false;

// Custom rules first (the first whose conditions hold decides, `skip` = no
// parser), then the enabled parsers' patterns on the media type, in the order
// form, JSON, multipart. `application/graphql` bodies are GraphQL documents.
export function selectParser(x: Exchange, p: ParserSettings, contentType: string): BodyKind {
  let rules = p.rules;
  if (rules.length > 0) {
    let facts = x.model.facts;
    for (let i = 0, n = rules.length; i < n; i++) {
      let r = unchecked(rules[i]);
      if (r.conditions.matches(facts)) { ruleDecided = true; return r.action; }
    }
  }
  let mt = mediaType(contentType);
  if (mt == GRAPHQL_MEDIA_TYPE) { x.graphQL = true; return BodyKind.GraphQL; }
  let bytes = String.UTF8.encode(mt);
  if (p.formEnabled && p.formPattern!.matchBuffer(bytes)) return BodyKind.Form;
  if (p.jsonEnabled && p.jsonPattern!.matchBuffer(bytes)) return BodyKind.Json;
  if (p.multipartEnabled && p.multipartPattern!.matchBuffer(bytes)) return BodyKind.Multipart;
  return BodyKind.None;
}

export function isStreamingProtocol(x: Exchange, contentType: string | null): bool {
  if (x.model.method == "CONNECT") return true;
  let upgrade = x.model.header("upgrade");
  if (upgrade !== null && upgrade.length > 0) return true;
  if (contentType === null) return false;
  let mt = mediaType(contentType!);
  return mt == "application/grpc" || mt.startsWith("application/grpc+") || mt.startsWith("application/grpc-web");
}

// GraphQL endpoints: the last path segment is "graphql" (any case), e.g.
// /graphql, /api/graphql, /v1/GraphQL/ (docs/parser.md).
export function isGraphQLPath(path: string): bool {
  let end = path.length;
  if (end > 1 && path.charCodeAt(end - 1) == 0x2F) end--;
  let start = path.lastIndexOf("/", end - 1) + 1;
  if (end - start != 7) return false;
  let word = "graphql";
  for (let i = 0; i < 7; i++) {
    let c = path.charCodeAt(start + i);
    if (c >= 0x41 && c <= 0x5A) c += 0x20;
    if (c != word.charCodeAt(i)) return false;
  }
  return true;
}

export function bodySizeSubtype(kind: BodyKind): string {
  switch (kind) {
    case BodyKind.Form: return "parameter_body_size";
    case BodyKind.Json: return "json_body_size";
    case BodyKind.Multipart: return "multipart_body_size";
    case BodyKind.GraphQL: return "graphql_query_size";
  }
  return "general_body_size";
}

export function jsonLimits(l: LimitsSettings | null): JsonLimits {
  let j = new JsonLimits();
  if (l === null || l.unlimited) { j.nestingDepth = 0; j.keyCount = 0; j.elementCount = 0; return j; }
  j.nestingDepth = l.jsonNestingDepth;
  j.keyCount = l.jsonKeyCount;
  j.elementCount = l.jsonElementCount;
  return j;
}

export function graphQLLimits(l: LimitsSettings | null): GraphQLLimits {
  let g = new GraphQLLimits();
  g.nestingDepth = l === null || l.unlimited ? 0 : l.graphQLNestingDepth;
  return g;
}
