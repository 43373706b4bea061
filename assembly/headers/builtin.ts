// The built-in lists as flag tables, built on first use (once per VM). Pseudo-headers
// (":method", ...) are protected through the ":" prefix.
import { FlagTable } from "./name_set";
import * as L from "./builtin_lists";

export const RQ_PROTECTED: i32 = 1;
export const RQ_STANDARD: i32 = 2;
export const RQ_TRACING: i32 = 4;
export const RQ_FORWARDED: i32 = 8;

export const RS_PROTECTED: i32 = 1;
export const RS_STANDARD: i32 = 2;
export const RS_SERVER: i32 = 4;
export const RS_APPLICATION: i32 = 8;
// Names the response planning looks at individually: one lookup classifies them too.
export const RS_AUTH: i32 = 16;
export const RS_CORS_ORIGIN: i32 = 32;
export const RS_CORS_ALSO: i32 = 64;
// Bits 8..15: the built-in security headers (index in ADD_NAMES), for "already present".
export const RS_ADD_SHIFT: i32 = 8;
export const ADD_NAMES: StaticArray<string> = [
  L.ADD_HSTS_NAME, L.ADD_X_FRAME_OPTIONS_NAME, L.ADD_X_CONTENT_TYPE_OPTIONS_NAME, L.ADD_REFERRER_POLICY_NAME,
  L.ADD_PERMISSIONS_POLICY_NAME, L.ADD_FEATURE_POLICY_NAME, L.ADD_CSP_NAME,
];

let requestTable: FlagTable | null = null;
let responseTable: FlagTable | null = null;

export function requestNames(): FlagTable {
  let t = requestTable;
  if (t === null) {
    t = new FlagTable()
      .addAll(L.REQUEST_PROTECTED_NAMES, L.REQUEST_PROTECTED_PREFIXES, RQ_PROTECTED)
      .addAll(L.REQUEST_STANDARD_NAMES, L.REQUEST_STANDARD_PREFIXES, RQ_STANDARD)
      .addAll(L.REQUEST_TRACING_NAMES, L.REQUEST_TRACING_PREFIXES, RQ_TRACING)
      .addAll(L.REQUEST_ALTERNATIVE_FORWARDED_NAMES, L.REQUEST_ALTERNATIVE_FORWARDED_PREFIXES, RQ_FORWARDED);
    requestTable = t;
  }
  return t;
}

export function responseNames(): FlagTable {
  let t = responseTable;
  if (t === null) {
    t = new FlagTable()
      .addAll(L.RESPONSE_PROTECTED_NAMES, L.RESPONSE_PROTECTED_PREFIXES, RS_PROTECTED)
      .addAll(L.RESPONSE_STANDARD_NAMES, L.RESPONSE_STANDARD_PREFIXES, RS_STANDARD)
      .addAll(L.RESPONSE_LEAKAGE_SERVER_NAMES, L.RESPONSE_LEAKAGE_SERVER_PREFIXES, RS_SERVER)
      .addAll(L.RESPONSE_LEAKAGE_APPLICATION_NAMES, L.RESPONSE_LEAKAGE_APPLICATION_PREFIXES, RS_APPLICATION);
    t.add(L.AUTH_HEADER, RS_AUTH);
    t.add(L.CORS_ORIGIN_HEADER, RS_CORS_ORIGIN);
    for (let i = 0; i < L.CORS_ALSO_REMOVE.length; i++) t.add(L.CORS_ALSO_REMOVE[i], RS_CORS_ALSO);
    for (let i = 0; i < ADD_NAMES.length; i++) t.add(ADD_NAMES[i], 1 << (RS_ADD_SHIFT + i));
    responseTable = t;
  }
  return t;
}
