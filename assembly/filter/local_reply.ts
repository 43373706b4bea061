// A response the filter sends instead of forwarding the request (a block).
// One per refused request, owned by its exchange: the pipeline names the stage
// and respond/local.ts sets the final headers on it in place.
import { HeaderPair } from "../sdk/pairs";

export class LocalReply {
  constructor(
    public readonly status: u32,
    // Envoy response code details: one token, e.g. "bulwark_denied_by_rule".
    public readonly details: string,
    public readonly body: string = "",
    public headers: Array<HeaderPair> = new Array<HeaderPair>(),
    // Name of the stage that produced it, for the security log line.
    public stage: string = "",
  ) {}

  // The headers (and details) already in proxy_send_local_response's wire
  // format, when respond/local.ts had them cached; null: encode `headers`.
  encodedHeaders: ArrayBuffer | null = null;
  encodedDetails: ArrayBuffer | null = null;
}
