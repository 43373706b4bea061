import { Pipeline, Stage, StageAction, Exchange } from "./pipeline";
import { RequestModel, NoProperties } from "../request/model";
import { HeaderPair } from "../sdk/pairs";
import { parseFilterConfig } from "../config/parse";

// Records the order stages ran in.
let trace = new Array<string>();

class Pass extends Stage {
  constructor(private label: string) { super(); }
  get name(): string { return this.label; }
  onRequestHeaders(x: Exchange): StageAction { trace.push(this.label); return StageAction.Continue; }
}

class Deny extends Stage {
  get name(): string { return "deny"; }
  onRequestHeaders(x: Exchange): StageAction {
    trace.push("deny");
    return x.model.path == "/admin" ? x.block(403, "bulwark_denied", "forbidden") : StageAction.Continue;
  }
}

class Broken extends Stage {
  get name(): string { return "broken"; }
  onRequestHeaders(x: Exchange): StageAction { trace.push("broken"); return StageAction.Block; }
}

class Wait extends Stage {
  get name(): string { return "wait"; }
  onRequestHeaders(x: Exchange): StageAction { trace.push("wait"); return StageAction.Pause; }
  onHttpCallResponse(x: Exchange, token: u32, numHeaders: u32, bodySize: u32, numTrailers: u32): StageAction {
    trace.push("answer" + token.toString());
    if (bodySize == 0) return x.block(401, "bulwark_jwt_invalid");
    x.setNote("claims", "ok");
    return StageAction.Continue;
  }
}

class ReadNote extends Stage {
  get name(): string { return "note"; }
  onRequestHeaders(x: Exchange): StageAction { let n = x.note("claims"); trace.push("note=" + (n !== null ? n : "none")); return StageAction.Continue; }
}

function exchange(path: string): Exchange {
  let c = parseFilterConfig("{\"version\":1,\"policies\":[{\"name\":\"default\",\"mode\":\"secured\"}],\"defaultPolicy\":\"default\"}").config!;
  let m = new RequestModel([new HeaderPair(":method", "GET"), new HeaderPair(":path", path)], new NoProperties());
  return new Exchange(7, m, c, null, c.defaultPolicy);
}

describe("stage pipeline", () => {
  it("runs every stage in order and continues", () => {
    trace = [];
    let p = new Pipeline([new Pass("a"), new Deny(), new Pass("b")]);
    let x = exchange("/shop");
    expect(p.runRequestHeaders(x)).toBe(StageAction.Continue);
    expect(trace.join(",")).toBe("a,deny,b");
    expect(x.reply).toBeNull();
  });

  it("stops at a block and keeps the reply with the stage name", () => {
    trace = [];
    let p = new Pipeline([new Pass("a"), new Deny(), new Pass("b")]);
    let x = exchange("/admin");
    expect(p.runRequestHeaders(x)).toBe(StageAction.Block);
    expect(trace.join(",")).toBe("a,deny");
    expect(x.reply!.status).toBe(403);
    expect(x.reply!.details).toBe("bulwark_denied");
    expect(x.reply!.body).toBe("forbidden");
    expect(x.reply!.stage).toBe("deny");
  });

  it("turns a block without a reply into a 500 (fail closed)", () => {
    trace = [];
    let x = exchange("/");
    expect(new Pipeline([new Broken(), new Pass("b")]).runRequestHeaders(x)).toBe(StageAction.Block);
    expect(x.reply!.status).toBe(500);
    expect(x.reply!.stage).toBe("broken");
  });

  it("pauses, then resumes after the pausing stage with its answer", () => {
    trace = [];
    let p = new Pipeline([new Pass("a"), new Wait(), new ReadNote()]);
    let x = exchange("/");
    expect(p.runRequestHeaders(x)).toBe(StageAction.Pause);
    expect(x.paused).toBe(true);
    expect(x.position).toBe(1);
    expect(p.resumeWithHttpCallResponse(x, 3, 1, 10, 0)).toBe(StageAction.Continue);
    expect(trace.join(",")).toBe("a,wait,answer3,note=ok");
  });

  it("lets the paused stage block on its answer", () => {
    trace = [];
    let p = new Pipeline([new Wait(), new Pass("after")]);
    let x = exchange("/");
    p.runRequestHeaders(x);
    expect(p.resumeWithHttpCallResponse(x, 9, 0, 0, 0)).toBe(StageAction.Block);
    expect(x.reply!.status).toBe(401);
    expect(trace.join(",")).toBe("wait,answer9");
  });

  it("ignores an answer when nothing is paused", () => {
    trace = [];
    let p = new Pipeline([new Wait()]);
    let x = exchange("/");
    expect(p.resumeWithHttpCallResponse(x, 1, 0, 5, 0)).toBe(StageAction.Continue);
    expect(trace.length).toBe(0);
  });
});

class ResponseCheck extends Stage {
  get name(): string { return "resp"; }
  onResponseHeaders(x: Exchange): StageAction { trace.push("resp"); return x.model.path == "/leak" ? x.block(502, "bulwark_response_blocked") : StageAction.Continue; }
}

class BadResponsePause extends Stage {
  get name(): string { return "badpause"; }
  onResponseHeaders(x: Exchange): StageAction { return StageAction.Pause; }
}

describe("response phase", () => {
  it("marks the exchange passed only after every request stage continued", () => {
    let p = new Pipeline([new Wait()]);
    let x = exchange("/");
    p.runRequestHeaders(x);
    expect(x.passed).toBe(false);
    p.resumeWithHttpCallResponse(x, 1, 0, 3, 0);
    expect(x.passed).toBe(true);
  });

  it("runs response hooks and can block", () => {
    trace = [];
    let p = new Pipeline([new Pass("a"), new ResponseCheck()]);
    let ok = exchange("/fine");
    expect(p.runResponseHeaders(ok)).toBe(StageAction.Continue);
    let bad = exchange("/leak");
    expect(p.runResponseHeaders(bad)).toBe(StageAction.Block);
    expect(bad.reply!.status).toBe(502);
    expect(bad.reply!.stage).toBe("resp");
  });

  it("refuses a pause in the response phase (fail closed)", () => {
    let x = exchange("/");
    expect(new Pipeline([new BadResponsePause()]).runResponseHeaders(x)).toBe(StageAction.Block);
    expect(x.reply!.status).toBe(500);
    expect(x.reply!.stage).toBe("badpause");
  });
});

class BodyCheck extends Stage {
  constructor(private label: string, private verdict: StageAction) { super(); }
  get name(): string { return this.label; }
  onRequestBody(x: Exchange, body: Uint8Array | null): StageAction {
    trace.push(this.label + ":" + (body === null ? "null" : body.length.toString()));
    if (this.verdict == StageAction.Block) return x.block(400, "bulwark_request_blocked_limits");
    return this.verdict;
  }
  onRequestBodyTooLarge(x: Exchange): StageAction {
    trace.push(this.label + ":large");
    return this.verdict;
  }
}

describe("body phase", () => {
  it("runs every stage's body hook in order with the body", () => {
    trace = [];
    let p = new Pipeline([new BodyCheck("a", StageAction.Continue), new BodyCheck("b", StageAction.Continue)]);
    expect(p.runRequestBody(exchange("/"), new Uint8Array(3))).toBe(StageAction.Continue);
    expect(trace.join(",")).toBe("a:3,b:3");
  });

  it("stops at a block and names the stage", () => {
    trace = [];
    let p = new Pipeline([new BodyCheck("a", StageAction.Block), new BodyCheck("b", StageAction.Continue)]);
    let x = exchange("/");
    expect(p.runRequestBody(x, null)).toBe(StageAction.Block);
    expect(trace.join(",")).toBe("a:null");
    expect(x.reply!.stage).toBe("a");
    expect(x.reply!.status).toBe(400);
  });

  it("refuses a pause in the body phase with 500", () => {
    let p = new Pipeline([new BodyCheck("w", StageAction.Pause)]);
    let x = exchange("/");
    expect(p.runRequestBody(x, null)).toBe(StageAction.Block);
    expect(x.reply!.status).toBe(500);
    let y = exchange("/");
    expect(p.runRequestBodyTooLarge(y)).toBe(StageAction.Block);
    expect(y.reply!.status).toBe(500);
  });

  it("lets the first stage that handles an oversized body decide", () => {
    trace = [];
    let p = new Pipeline([new BodyCheck("a", StageAction.Continue), new BodyCheck("b", StageAction.Block)]);
    let x = exchange("/");
    // BodyCheck's Block verdict without a reply: a stage bug, answered with 500.
    expect(p.runRequestBodyTooLarge(x)).toBe(StageAction.Block);
    expect(trace.join(",")).toBe("a:large,b:large");
  });
});
