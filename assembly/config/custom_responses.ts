// The parsed root `customResponses` section (schema $defs customResponses; the
// CustomResponse and CustomResponsePolicy kinds, docs/custom-responses.md).
import { RequestConditions } from "../match/conditions";
import { Template, Escape } from "../headers/operators";
import { AddHeader } from "./header_rewrites";

// One representation of a custom response.
export class ResponseContent {
  constructor(
    // As configured ("application/json", "text/html; charset=utf-8"): sent as Content-Type.
    public contentType: string,
    // Lowercase type/subtype without parameters, for Accept negotiation.
    public mediaType: string,
    public headers: Array<AddHeader>,
    // null: no body (and then no Content-Type).
    public body: Template | null,
    // How operator values are escaped in the body (by media type).
    public escape: Escape,
  ) {}
}

export class CustomResponse {
  constructor(
    public name: string,
    // 0 keeps the original status.
    public statusCode: i32,
    public content: Array<ResponseContent>,
  ) {}
}

// statusCodeCondition / responseConditions.statusCode: exact, or an inclusive range.
export class StatusRule {
  constructor(public start: i32, public end: i32, public response: CustomResponse) {}
  matches(status: i32): bool { return status >= this.start && status <= this.end; }
}

// One entry of `local` or `upstream`: the first entry whose request conditions hold
// decides; none of its rules matching (or no rules) means the built-in response.
export class ResponseRules {
  constructor(public conditions: RequestConditions | null, public rules: Array<StatusRule>) {}
}

export class CustomResponsePolicy {
  constructor(
    public name: string,
    public routes: Array<string>,
    public local: Array<ResponseRules>,
    public upstream: Array<ResponseRules>,
  ) {}
}

export class CustomResponses {
  responses: Array<CustomResponse> = new Array<CustomResponse>();
  policies: Array<CustomResponsePolicy> = new Array<CustomResponsePolicy>();
  // Route name -> policy.
  byRoute: Map<string, CustomResponsePolicy> = new Map<string, CustomResponsePolicy>();

  forRoute(routeName: string): CustomResponsePolicy | null {
    return this.byRoute.has(routeName) ? this.byRoute.get(routeName) : null;
  }
}
