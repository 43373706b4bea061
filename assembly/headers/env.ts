// FormatEnv backed by host properties (Envoy attributes), read only when a template uses them.
import { FormatEnv } from "./operators";
import { hostRequestProperties } from "../filter/host_properties";
import { getPropertyInt64 } from "../sdk/properties";
import { encodePropertyPath } from "../sdk/property_codec";

const REQUEST_TIME = encodePropertyPath(["request", "time"]);

export class HostFormatEnv extends FormatEnv {
  sourceAddress(): string | null { return hostRequestProperties.sourceAddress(); }
  // request.time is a timestamp in nanoseconds.
  startMillis(): i64 {
    let ns = getPropertyInt64(REQUEST_TIME, -1);
    return ns < 0 ? -1 : ns / 1000000;
  }
}

export const hostFormatEnv = new HostFormatEnv();
