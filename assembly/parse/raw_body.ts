// A body no parser reads (XML, text/plain, other textual media types) as the
// deny rules see it (docs/parsing.md, "Raw bodies"): an XML document
// (an XML media type, or a body that starts with an XML declaration) as the
// items of the XML scanner (xml.ts); anything else, and XML the scanner cannot
// follow, as one Body item named "body" holding the whole text.
import { Item, Source, SOURCE_BODY } from "./items";
import { scanXml } from "./xml";
import { mediaType } from "./media_type";

export const RAW_BODY_NAME = "body";

// Media types whose bodies are binary data, not text an application
// interprets: never buffered for inspection (they stream as before).
export function isBinaryMediaType(mt: string): bool {
  if (mt.startsWith("image/") || mt.startsWith("audio/") || mt.startsWith("video/") || mt.startsWith("font/") || mt.startsWith("model/")) return true;
  return mt == "application/octet-stream" || mt == "application/pdf" || mt == "application/zip"
    || mt == "application/gzip" || mt == "application/x-gzip" || mt == "application/x-tar"
    || mt == "application/x-7z-compressed" || mt == "application/x-bzip2" || mt == "application/zstd"
    || mt == "application/x-protobuf" || mt == "application/protobuf" || mt == "application/wasm"
    || mt == "application/vnd.ms-excel" || mt.startsWith("application/vnd.openxmlformats-");
}

export function isXmlMediaType(mt: string): bool {
  return mt == "application/xml" || mt == "text/xml" || mt.endsWith("+xml");
}

export function parseRawBody(body: Uint8Array, contentType: string, out: Array<Item>): void {
  let text = String.UTF8.decode(body.buffer);
  if (isXmlMediaType(mediaType(contentType)) || looksLikeXml(text)) {
    let start = out.length;
    if (scanXml(text, out)) return;
    out.length = start;
  }
  if (text.length > 0) out.push(new Item(SOURCE_BODY, RAW_BODY_NAME, text, text));
}

// "<?xml" after optional white space or a byte order mark.
function looksLikeXml(text: string): bool {
  let i = 0, n = text.length;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (c != 0x20 && c != 0x0A && c != 0x0D && c != 0x09 && c != 0xFEFF) break;
    i++;
  }
  return i + 5 <= n && text.substr(i, 5) == "<?xml";
}
