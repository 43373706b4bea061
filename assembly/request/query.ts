// Query-string parsing: parameters in order, duplicates kept.
//
// Pairs are separated by '&'; empty segments ("a=1&&b") are skipped. A segment
// without '=' is a name with an empty value; "=x" has an empty name (kept: an
// inspection stage must see it). Decoded forms treat '+' as space and percent-decode
// (percent.ts); raw forms are exactly as sent. Memory is linear in the query length.
import { percentDecode } from "./percent";
import { indexOfChar } from "../transform/chars";

export class QueryParam {
  constructor(
    public readonly rawName: string,
    public readonly rawValue: string,
    public readonly name: string,
    public readonly value: string,
    // True when '=' was present (distinguishes "a" from "a=").
    public readonly hasValue: bool,
  ) {}
}

// `query` is the part after the first '?', without the '?'.
export function parseQuery(query: string): Array<QueryParam> {
  let out = new Array<QueryParam>();
  let n = query.length;
  let start = 0;
  while (start <= n) {
    let amp = indexOfChar(query, 0x26, start);
    let end = amp < 0 ? n : amp;
    if (end > start) {
      // Searched within the pair only: linear however many pairs lack '='.
      let eq = indexOfChar(query, 0x3D, start, end);
      let rawName: string, rawValue: string;
      let hasValue = eq >= 0 && eq < end;
      if (hasValue) {
        rawName = query.substring(start, eq);
        rawValue = query.substring(eq + 1, end);
      } else {
        rawName = query.substring(start, end);
        rawValue = "";
      }
      out.push(new QueryParam(rawName, rawValue, percentDecode(rawName, true), percentDecode(rawValue, true), hasValue));
    }
    if (amp < 0) break;
    start = amp + 1;
  }
  return out;
}
