// Request headers an earlier stage set for the upstream (e.g. identity propagation) must
// survive the allow-list and remove rules even when the client sent the same name.
// Stages record them on the exchange with protectRequestHeader(x, name).
import { Exchange } from "../filter/pipeline";
import { lowerName } from "./name_set";

export const PROTECTED_NOTE = "bulwark.protected_request_headers";

export function protectRequestHeader(x: Exchange, name: string): void {
  let current = x.note(PROTECTED_NOTE);
  let lower = lowerName(name);
  x.setNote(PROTECTED_NOTE, current === null ? lower : current! + "," + lower);
}

export function protectedRequestHeaders(x: Exchange): Array<string> | null {
  let v = x.note(PROTECTED_NOTE);
  return v === null ? null : v!.split(",");
}
