// RequestProperties backed by proxy_get_property, with the paths encoded once.
import { RequestProperties } from "../request/model";
import { getPropertyString } from "../sdk/properties";
import { encodePropertyPath } from "../sdk/property_codec";

const ROUTE_NAME = encodePropertyPath(["xds", "route_name"]);
const SOURCE_ADDRESS = encodePropertyPath(["source", "address"]);

export class HostRequestProperties extends RequestProperties {
  routeName(): string | null { return getPropertyString(ROUTE_NAME); }
  sourceAddress(): string | null { return getPropertyString(SOURCE_ADDRESS); }
}

// Stateless, so one instance serves every request.
export const hostRequestProperties = new HostRequestProperties();
