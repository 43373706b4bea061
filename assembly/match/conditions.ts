// RequestConditions (policy API §2.3): every present sub-condition must hold
// (AND); `invert` negates the whole block, `remoteIP.invert` only the IP part.
// Pure functions over plain inputs, independent of the request model: the
// stream fills a RequestFacts and calls matches().
import { StringMatcher } from "./string-matcher";
import { CidrSet, IpAddress, parseClientAddress } from "./cidr";
import { asciiLower } from "./bytes";

export const METHOD_NAMES: StaticArray<string> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "CONNECT", "OPTIONS", "TRACE"];

/** Bit for a method name from the API's enum, or 0 when it is not one. */
export function methodBit(name: string): i32 {
  for (let i = 0; i < METHOD_NAMES.length; i++) if (METHOD_NAMES[i] == name) return 1 << i;
  return 0;
}

/** What a condition looks at. Header names are matched case-insensitively. */
export class RequestFacts {
  method: string = "";
  /** Request path as the caller defines it (the request model passes the path without the query). */
  path: ArrayBuffer = new ArrayBuffer(0);
  headerNames: Array<ArrayBuffer> = [];
  headerValues: Array<ArrayBuffer> = [];
  /** Client address as Envoy reports it ("1.2.3.4:5678", "[::1]:443", or without port). */
  clientAddress: string = "";
  private parsedFor: string | null = null;
  private parsedIp: IpAddress | null = null;

  /** The parsed client address (null when it does not parse), parsed once per address. */
  clientIp(): IpAddress | null {
    if (this.parsedFor !== this.clientAddress) {
      this.parsedFor = this.clientAddress;
      this.parsedIp = parseClientAddress(this.clientAddress);
    }
    return this.parsedIp;
  }
}

const CONTENT_TYPE: ArrayBuffer = String.UTF8.encode("content-type");

export class HeaderCondition {
  /** case-insensitive matcher on the name; null = any header */
  name: StringMatcher | null = null;
  /** matcher on the value of the same header; null = any value */
  value: StringMatcher | null = null;
}

export class RequestConditions {
  path: StringMatcher | null = null;
  /** OR of methodBit() values; 0 = no method condition */
  methods: i32 = 0;
  header: HeaderCondition | null = null;
  /** case-insensitive matcher on the media type (Content-Type without parameters) */
  mediaType: StringMatcher | null = null;
  remoteIP: CidrSet | null = null;
  remoteIPInvert: bool = false;
  invert: bool = false;

  matches(req: RequestFacts): bool {
    return this.allHold(req) != this.invert;
  }

  private allHold(req: RequestFacts): bool {
    if (this.methods != 0 && (methodBit(req.method) & this.methods) == 0) return false;
    if (this.path !== null && !this.path!.matchBuffer(req.path)) return false;
    if (this.header !== null && !headerHolds(this.header!, req)) return false;
    if (this.mediaType !== null) {
      let ct = findHeader(req, CONTENT_TYPE);
      if (ct < 0) return false; // no Content-Type: no media type to match
      if (!mediaTypeMatches(this.mediaType!, req.headerValues[ct])) return false;
    }
    if (this.remoteIP !== null) {
      let ip = req.clientIp();
      // An unknown client address is in no range.
      let inRange = ip !== null && this.remoteIP!.contains(ip!);
      if (inRange == this.remoteIPInvert) return false;
    }
    return true;
  }
}

function headerHolds(h: HeaderCondition, req: RequestFacts): bool {
  for (let i = 0; i < req.headerNames.length; i++) {
    if (h.name !== null && !h.name!.matchBuffer(req.headerNames[i])) continue;
    if (h.value !== null && !h.value!.matchBuffer(req.headerValues[i])) continue;
    return true;
  }
  return false;
}

/** Index of the first header whose name equals `lowerName` (lower-case bytes) ignoring ASCII case, or -1. */
export function findHeader(req: RequestFacts, lowerName: ArrayBuffer): i32 {
  let want = lowerName;
  let w = changetype<usize>(want);
  let n = want.byteLength;
  for (let i = 0; i < req.headerNames.length; i++) {
    let name = req.headerNames[i];
    if (name.byteLength != n) continue;
    let p = changetype<usize>(name);
    let same = true;
    for (let k = 0; k < n; k++) {
      if (asciiLower(<u32>load<u8>(p + <usize>k)) != <u32>load<u8>(w + <usize>k)) { same = false; break; }
    }
    if (same) return i;
  }
  return -1;
}

/** Matches the media type of a Content-Type value: the part before ';', without surrounding spaces. */
export function mediaTypeMatches(m: StringMatcher, contentType: ArrayBuffer): bool {
  let p = changetype<usize>(contentType);
  let len = contentType.byteLength;
  let end = 0;
  while (end < len && load<u8>(p + <usize>end) != 0x3b) end++;
  let start = 0;
  while (start < end && isSpace(load<u8>(p + <usize>start))) start++;
  while (end > start && isSpace(load<u8>(p + <usize>(end - 1)))) end--;
  return m.matchPtr(p + <usize>start, end - start);
}

@inline function isSpace(b: u8): bool {
  return b == 0x20 || b == 0x09;
}
