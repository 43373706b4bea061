// Query-string parsing: the parameters as inspection items (source Query), in
// order, duplicates kept. Every stage (parser, limits, JWT extraction, deny
// rules, checks) reads these same items, so a query is parsed once per request.
//
// Pairs are separated by '&'; empty segments ("a=1&&b") are skipped. A segment
// without '=' is a name with an empty value; "=x" has an empty name (kept: an
// inspection stage must see it). Names and values are percent-decoded with '+'
// as space; raw forms are kept; an invalid escape stays as sent and is flagged
// on its item (ItemFlag.InvalidPercent), not an error here. The form parser
// (parse/form.ts) does the work: a query has the same syntax as a form body.
import { Item, Source } from "../parse/items";
import { parseForm } from "../parse/form";

// `query` is the part after the first '?', without the '?'.
export function parseQuery(query: string): Array<Item> {
  let out = new Array<Item>();
  parseForm(Uint8Array.wrap(String.UTF8.encode(query)), Source.Query, out);
  return out;
}
