// The built-in lists as NameSets, built on first use (once per VM).
import { NameSet } from "./name_set";
import * as L from "./builtin_lists";

let requestProtected: NameSet | null = null;
let requestStandard: NameSet | null = null;
let requestTracing: NameSet | null = null;
let requestForwarded: NameSet | null = null;
let responseProtected: NameSet | null = null;
let responseStandard: NameSet | null = null;
let leakageServer: NameSet | null = null;
let leakageApplication: NameSet | null = null;

export function requestProtectedSet(): NameSet {
  let s = requestProtected;
  if (s === null) { s = new NameSet().addAll(L.REQUEST_PROTECTED_NAMES, L.REQUEST_PROTECTED_PREFIXES); requestProtected = s; }
  return s;
}
export function requestStandardSet(): NameSet {
  let s = requestStandard;
  if (s === null) { s = new NameSet().addAll(L.REQUEST_STANDARD_NAMES, L.REQUEST_STANDARD_PREFIXES); requestStandard = s; }
  return s;
}
export function requestTracingSet(): NameSet {
  let s = requestTracing;
  if (s === null) { s = new NameSet().addAll(L.REQUEST_TRACING_NAMES, L.REQUEST_TRACING_PREFIXES); requestTracing = s; }
  return s;
}
export function requestForwardedSet(): NameSet {
  let s = requestForwarded;
  if (s === null) { s = new NameSet().addAll(L.REQUEST_ALTERNATIVE_FORWARDED_NAMES, L.REQUEST_ALTERNATIVE_FORWARDED_PREFIXES); requestForwarded = s; }
  return s;
}
export function responseProtectedSet(): NameSet {
  let s = responseProtected;
  if (s === null) { s = new NameSet().addAll(L.RESPONSE_PROTECTED_NAMES, L.RESPONSE_PROTECTED_PREFIXES); responseProtected = s; }
  return s;
}
export function responseStandardSet(): NameSet {
  let s = responseStandard;
  if (s === null) { s = new NameSet().addAll(L.RESPONSE_STANDARD_NAMES, L.RESPONSE_STANDARD_PREFIXES); responseStandard = s; }
  return s;
}
export function leakageServerSet(): NameSet {
  let s = leakageServer;
  if (s === null) { s = new NameSet().addAll(L.RESPONSE_LEAKAGE_SERVER_NAMES, L.RESPONSE_LEAKAGE_SERVER_PREFIXES); leakageServer = s; }
  return s;
}
export function leakageApplicationSet(): NameSet {
  let s = leakageApplication;
  if (s === null) { s = new NameSet().addAll(L.RESPONSE_LEAKAGE_APPLICATION_NAMES, L.RESPONSE_LEAKAGE_APPLICATION_PREFIXES); leakageApplication = s; }
  return s;
}
