// The request pipeline: an ordered list of stages that inspect a request.
//
// Each feature (limits, deny rules, header rewrites, JWT, ...) is one Stage. For a
// secured request the stream runs the stages in order on one Exchange (the request
// model plus the selected policy). A stage answers:
//   Continue - next stage (after the last one the request goes upstream);
//   Block    - stop, and send exchange.reply (set by exchange.block(...));
//   Pause    - stop until an asynchronous answer arrives (e.g. an HTTP call for a
//              JWKS); the stream then calls resume...() and the pipeline carries
//              on from the stage after the one that paused.
// Stages are built once per configuration (stages.ts) and shared by all requests,
// so they hold no per-request state: that lives on the Exchange.
// Pure code, no host imports: unit-tested with fake stages.
import { RequestModel } from "../request/model";
import { FilterConfig, Policy, Route } from "../config/model";
import { LocalReply } from "./local_reply";
import { HeaderPair } from "../sdk/pairs";
import { Item } from "../parse/items";
import { BodyKind } from "../config/features";

export enum StageAction { Continue, Block, Pause }

export class Exchange {
  // Set by block(); sent by the stream.
  reply: LocalReply | null = null;
  // Index of the running (or paused) stage.
  position: i32 = 0;
  paused: bool = false;
  // True once the request phase passed every stage (the request went upstream).
  passed: bool = false;
  // The request body, as planned in onRequestHeaders by the parser stage (see
  // docs/parser.md): true when the headers did not end the stream.
  hasBody: bool = false;
  // Which parser reads the body (None: only counted against the general limit).
  bodyKind: BodyKind = BodyKind.None;
  // Whether the stream buffers the body until end of stream (bodyKind != None).
  bodyBuffered: bool = false;
  // The limit the body must stay under (bytes, 0 = unlimited) and the limits
  // subtype reported when it does not (e.g. "json_body_size").
  bodyLimit: i64 = 0;
  bodySubtype: string = "general_body_size";
  // Bytes seen so far (the whole buffer while buffering).
  bodyBytes: i64 = 0;
  // True once the body was decided on (parsed and passed, or no longer inspected).
  bodyDone: bool = false;
  // The multipart boundary when bodyKind is Multipart.
  boundary: string = "";
  // Whether this request carries GraphQL (docs/parser.md: detection rule).
  graphQL: bool = false;
  // Items the parsers produced from the body (form, JSON, multipart, GraphQL),
  // read by the limits stage and later deny rules.
  bodyItems: Array<Item> = new Array<Item>();
  // Subtypes already reported for this (log-only) request.
  reported: Array<string> = new Array<string>();
  // Per-request values stages leave for later stages (e.g. verified JWT claims),
  // keyed by stage-chosen names.
  private notes: Map<string, string> | null = null;

  constructor(
    public readonly contextId: u32,
    public readonly model: RequestModel,
    public readonly config: FilterConfig,
    public readonly route: Route | null,
    public readonly policy: Policy,
  ) {}

  block(status: u32, details: string, body: string = "", headers: Array<HeaderPair> = new Array<HeaderPair>(), stage: string = ""): StageAction {
    this.reply = new LocalReply(status, details, body, headers, stage);
    return StageAction.Block;
  }

  setNote(key: string, value: string): void {
    let n = this.notes;
    if (n === null) { n = new Map<string, string>(); this.notes = n; }
    n.set(key, value);
  }

  note(key: string): string | null {
    let n = this.notes;
    return n !== null && n.has(key) ? n.get(key) : null;
  }

  get routeLabel(): string { let r = this.route; return r !== null ? r.name : "-"; }
}

export abstract class Stage {
  abstract get name(): string;
  // Request headers are in the model. Runs only for secured policies.
  onRequestHeaders(x: Exchange): StageAction { return StageAction.Continue; }
  // The answer to an HTTP call this stage dispatched before returning Pause.
  onHttpCallResponse(x: Exchange, token: u32, numHeaders: u32, bodySize: u32, numTrailers: u32): StageAction { return StageAction.Continue; }
  // Response headers of a request whose request phase passed every stage (read them
  // with sdk/headers getHeaderPairs(MapType.HttpResponseHeaders)). Block replaces the
  // response with exchange.reply; Pause is not supported here and counts as a stage bug.
  onResponseHeaders(x: Exchange): StageAction { return StageAction.Continue; }
  // The body crossed x.bodyLimit while streaming (x.bodyBytes > x.bodyLimit). Block,
  // or Continue to let the rest through uninspected (log-only).
  onRequestBodyTooLarge(x: Exchange): StageAction { return StageAction.Continue; }
  // End of stream for a request whose headers passed: `body` is the whole buffered
  // body when x.bodyBuffered, else null. Runs in stage order; may Block, not Pause.
  onRequestBody(x: Exchange, body: Uint8Array | null): StageAction { return StageAction.Continue; }
}

export class Pipeline {
  constructor(public readonly stages: Array<Stage>) {}

  get length(): i32 { return this.stages.length; }

  // Runs the request-header stages from x.position on.
  runRequestHeaders(x: Exchange): StageAction {
    let stages = this.stages;
    x.paused = false;
    while (x.position < stages.length) {
      let stage = unchecked(stages[x.position]);
      let action = stage.onRequestHeaders(x);
      if (action == StageAction.Continue) { x.position++; continue; }
      return this.stop(x, stage, action);
    }
    x.passed = true;
    return StageAction.Continue;
  }

  // Delivers an HTTP call answer to the paused stage, then continues after it.
  resumeWithHttpCallResponse(x: Exchange, token: u32, numHeaders: u32, bodySize: u32, numTrailers: u32): StageAction {
    if (!x.paused || x.position >= this.stages.length) return StageAction.Continue;
    let stage = unchecked(this.stages[x.position]);
    let action = stage.onHttpCallResponse(x, token, numHeaders, bodySize, numTrailers);
    if (action != StageAction.Continue) return this.stop(x, stage, action);
    x.position++;
    return this.runRequestHeaders(x);
  }

  // The body crossed its limit: the first stage that handles it decides.
  runRequestBodyTooLarge(x: Exchange): StageAction {
    let stages = this.stages;
    for (let i = 0, n = stages.length; i < n; i++) {
      let stage = unchecked(stages[i]);
      let action = stage.onRequestBodyTooLarge(x);
      if (action != StageAction.Continue) return this.stopBody(x, stage, action);
    }
    return StageAction.Continue;
  }

  // Runs every stage's body hook once the body is complete.
  runRequestBody(x: Exchange, body: Uint8Array | null): StageAction {
    let stages = this.stages;
    for (let i = 0, n = stages.length; i < n; i++) {
      let stage = unchecked(stages[i]);
      let action = stage.onRequestBody(x, body);
      if (action != StageAction.Continue) return this.stopBody(x, stage, action);
    }
    return StageAction.Continue;
  }

  // Pausing in the body phase is not supported (the body would have to be held
  // across an HTTP call): a stage bug, refused with 500.
  private stopBody(x: Exchange, stage: Stage, action: StageAction): StageAction {
    if (action == StageAction.Pause) {
      x.reply = new LocalReply(500, "bulwark_internal_error", "", new Array<HeaderPair>(), stage.name);
      return StageAction.Block;
    }
    return this.stop(x, stage, action);
  }

  // Runs every stage's response-header hook in order.
  runResponseHeaders(x: Exchange): StageAction {
    let stages = this.stages;
    for (let i = 0, n = stages.length; i < n; i++) {
      let stage = unchecked(stages[i]);
      let action = stage.onResponseHeaders(x);
      if (action == StageAction.Continue) continue;
      if (action == StageAction.Pause) {
        x.reply = new LocalReply(500, "bulwark_internal_error", "", new Array<HeaderPair>(), stage.name);
        return StageAction.Block;
      }
      return this.stop(x, stage, action);
    }
    return StageAction.Continue;
  }

  private stop(x: Exchange, stage: Stage, action: StageAction): StageAction {
    if (action == StageAction.Pause) { x.paused = true; return action; }
    // A Block without a reply is a stage bug: refuse the request rather than let it through.
    if (x.reply === null) x.reply = new LocalReply(500, "bulwark_internal_error", "", new Array<HeaderPair>(), stage.name);
    else if (x.reply!.stage.length == 0) x.reply!.stage = stage.name;
    return StageAction.Block;
  }
}
