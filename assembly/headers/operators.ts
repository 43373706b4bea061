// Command operators in header values and custom response bodies (policy API §2.4): a
// subset of Envoy's access-log operators, parsed once per configuration into parts and
// rendered per request. `%%` is a literal `%`. Supported:
//   %STREAM_ID%                          the request id (x-request-id, which Envoy's stream id
//                                        provider also reports); a per-VM counter when absent
//   %REQ(name)% %REQ(name?alt)% %REQ(name):N%   a request header (first value), "-" when
//                                        absent, cut to N characters
//   %DOWNSTREAM_REMOTE_ADDRESS%          the client address with port (Envoy source.address)
//   %DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%
//   %START_TIME%                         request start (Envoy request.time), ISO 8601 UTC with ms
//   %RESPONSE_CODE%                      the response status (responses only)
// Anything else is a configuration error: the compiler rejects it first with the file and
// line; the filter rejects it again (fail closed).
import { RequestModel } from "../request/model";
import { lowerName } from "./name_set";

export const enum OpKind { Literal = 0, StreamId = 1, Req = 2, RemoteAddress = 3, RemoteAddressNoPort = 4, StartTime = 5, ResponseCode = 6 }

// How rendered operator values are escaped, by where they end up: header values keep
// them as they are (Envoy refused CR/LF on the way in); bodies escape them so an error
// page cannot reflect markup or break its JSON.
export const enum Escape { None = 0, Html = 1, Json = 2 }

export const OPERATOR_NAMES: StaticArray<string> = [
  "STREAM_ID", "REQ(name)", "DOWNSTREAM_REMOTE_ADDRESS", "DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT", "START_TIME", "RESPONSE_CODE",
];

export class Part {
  constructor(
    public kind: OpKind,
    // The literal text, or the (lowercase) header name of REQ.
    public text: string,
    public alt: string = "",
    // REQ(...):N; 0 = no limit.
    public maxLength: i32 = 0,
  ) {}
}

// Facts the request model does not carry; the filter reads them from host properties.
export abstract class FormatEnv {
  // Envoy `source.address` ("ip:port"), or null.
  abstract sourceAddress(): string | null;
  // Envoy `request.time` in milliseconds since the epoch, or -1.
  abstract startMillis(): i64;
}

export class NoFormatEnv extends FormatEnv {
  sourceAddress(): string | null { return null; }
  startMillis(): i64 { return -1; }
}

export class FormatContext {
  constructor(public model: RequestModel, public env: FormatEnv, public status: i32 = 0) {}
}

let streamCounter: u64 = 0;

export class Template {
  // Set when the value has no operators: rendering is then free.
  readonly constant: string | null;

  constructor(public readonly source: string, public readonly parts: Array<Part>) {
    let constant: string | null = null;
    if (parts.length == 0) constant = "";
    else if (parts.length == 1 && parts[0].kind == OpKind.Literal) constant = parts[0].text;
    this.constant = constant;
  }

  get usesResponseCode(): bool {
    for (let i = 0; i < this.parts.length; i++) if (this.parts[i].kind == OpKind.ResponseCode) return true;
    return false;
  }

  render(ctx: FormatContext, escape: Escape = Escape.None): string {
    let c = this.constant;
    if (c !== null) return c;
    let out = new Array<string>();
    for (let i = 0, n = this.parts.length; i < n; i++) {
      let p = unchecked(this.parts[i]);
      if (p.kind == OpKind.Literal) { out.push(p.text); continue; }
      out.push(escapeValue(operatorValue(p, ctx), escape));
    }
    return out.join("");
  }
}

function operatorValue(p: Part, ctx: FormatContext): string {
  switch (p.kind) {
    case OpKind.StreamId: {
      let id = ctx.model.requestId;
      if (id.length > 0) return id;
      // Envoy always has a stream id; without x-request-id the filter numbers its own.
      return "bulwark-" + (++streamCounter).toString();
    }
    case OpKind.Req: {
      let v = headerValue(ctx.model, p.text);
      if (v === null && p.alt.length > 0) v = headerValue(ctx.model, p.alt);
      if (v === null) return "-";
      let s = v!;
      return p.maxLength > 0 && s.length > p.maxLength ? s.substring(0, p.maxLength) : s;
    }
    case OpKind.RemoteAddress: {
      let a = ctx.env.sourceAddress();
      return a !== null ? a! : "-";
    }
    case OpKind.RemoteAddressNoPort: {
      let a = ctx.model.clientAddress;
      return a.length > 0 ? a : "-";
    }
    case OpKind.StartTime: {
      let ms = ctx.env.startMillis();
      return ms >= 0 ? new Date(ms).toISOString() : "-";
    }
    case OpKind.ResponseCode: return ctx.status.toString();
  }
  return "";
}

// REQ(:path) and friends read the pseudo-headers like any other.
function headerValue(model: RequestModel, name: string): string | null {
  return model.header(name);
}

export function escapeValue(s: string, escape: Escape): string {
  if (escape == Escape.None) return s;
  let parts = new Array<string>();
  let start = 0;
  for (let i = 0, n = s.length; i < n; i++) {
    let c = s.charCodeAt(i);
    let rep: string | null = null;
    if (escape == Escape.Html) {
      if (c == 0x3C) rep = "&lt;"; else if (c == 0x3E) rep = "&gt;"; else if (c == 0x26) rep = "&amp;";
      else if (c == 0x22) rep = "&quot;"; else if (c == 0x27) rep = "&#39;";
    } else {
      if (c == 0x22) rep = "\\\""; else if (c == 0x5C) rep = "\\\\";
      else if (c < 0x20 || c == 0x2028 || c == 0x2029 || c == 0x3C || c == 0x3E) {
        let h = c.toString(16);
        rep = "\\u" + "0000".substring(h.length) + h;
      }
    }
    if (rep === null) continue;
    parts.push(s.substring(start, i));
    parts.push(rep!);
    start = i + 1;
  }
  if (parts.length == 0) return s;
  parts.push(s.substring(start));
  return parts.join("");
}

export class TemplateResult {
  constructor(public template: Template | null, public error: string) {}
}

// Parses a value with command operators. `allowResponseCode`: RESPONSE_CODE only exists
// once there is a response.
export function parseTemplate(text: string, allowResponseCode: bool): TemplateResult {
  let parts = new Array<Part>();
  let literal = "";
  let i = 0, n = text.length;
  while (i < n) {
    let pct = text.indexOf("%", i);
    if (pct < 0) { literal += text.substring(i); break; }
    literal += text.substring(i, pct);
    if (pct + 1 < n && text.charCodeAt(pct + 1) == 0x25) { literal += "%"; i = pct + 2; continue; }
    let close = text.indexOf("%", pct + 1);
    if (close < 0) return new TemplateResult(null, "unterminated command operator at offset " + pct.toString() + " (write a literal % as %%)");
    let token = text.substring(pct + 1, close);
    let part = parseOperator(token, allowResponseCode);
    if (part.error.length > 0) return new TemplateResult(null, part.error);
    if (literal.length > 0) { parts.push(new Part(OpKind.Literal, literal)); literal = ""; }
    parts.push(part.part!);
    i = close + 1;
  }
  if (literal.length > 0) parts.push(new Part(OpKind.Literal, literal));
  return new TemplateResult(new Template(text, parts), "");
}

class OperatorResult {
  constructor(public part: Part | null, public error: string) {}
}

function parseOperator(token: string, allowResponseCode: bool): OperatorResult {
  if (token == "STREAM_ID") return new OperatorResult(new Part(OpKind.StreamId, ""), "");
  if (token == "DOWNSTREAM_REMOTE_ADDRESS") return new OperatorResult(new Part(OpKind.RemoteAddress, ""), "");
  if (token == "DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT") return new OperatorResult(new Part(OpKind.RemoteAddressNoPort, ""), "");
  if (token == "START_TIME") return new OperatorResult(new Part(OpKind.StartTime, ""), "");
  if (token == "RESPONSE_CODE") {
    if (!allowResponseCode) return new OperatorResult(null, "%RESPONSE_CODE% is only available in responses");
    return new OperatorResult(new Part(OpKind.ResponseCode, ""), "");
  }
  if (token.startsWith("REQ(")) {
    let close = token.indexOf(")");
    if (close < 0) return new OperatorResult(null, "malformed %" + token + "%: expected %REQ(name)%");
    let arg = token.substring(4, close);
    let rest = token.substring(close + 1);
    let maxLength = 0;
    if (rest.length > 0) {
      if (rest.charCodeAt(0) != 0x3A || rest.length < 2 || rest.length > 7) return new OperatorResult(null, "malformed %" + token + "%: expected %REQ(name):N%");
      for (let k = 1; k < rest.length; k++) {
        let d = rest.charCodeAt(k) - 0x30;
        if (d < 0 || d > 9) return new OperatorResult(null, "malformed %" + token + "%: expected %REQ(name):N%");
        maxLength = maxLength * 10 + d;
      }
    }
    let q = arg.indexOf("?");
    let main = q >= 0 ? arg.substring(0, q) : arg;
    let alt = q >= 0 ? arg.substring(q + 1) : "";
    if (main.length == 0 || (q >= 0 && alt.length == 0)) return new OperatorResult(null, "malformed %" + token + "%: empty header name");
    return new OperatorResult(new Part(OpKind.Req, lowerName(main), lowerName(alt), maxLength), "");
  }
  return new OperatorResult(null, "unsupported command operator %" + token + "% (supported: %STREAM_ID%, %REQ(name)%, %DOWNSTREAM_REMOTE_ADDRESS%, %DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%, %START_TIME%, %RESPONSE_CODE%, %% for a literal %)");
}
