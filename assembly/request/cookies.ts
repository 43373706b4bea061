// Cookie parsing from `cookie` request headers (RFC 6265 §5.4 syntax, lenient like
// browsers and Envoy): pairs separated by ';', optional whitespace around them.
// A pair without '=' is kept with an empty name so inspection still sees it. Values
// are returned as sent (quotes and percent-escapes untouched). Cookie values are
// secrets: never log them.

export class Cookie {
  constructor(public readonly name: string, public readonly value: string) {}
}

// @ts-ignore: decorator
@inline function isOws(c: i32): bool { return c == 0x20 || c == 0x09; }

// Appends the cookies of one header value to `out`, in order.
export function parseCookieHeader(header: string, out: Array<Cookie>): void {
  let n = header.length;
  let start = 0;
  while (start <= n) {
    let semi = header.indexOf(";", start);
    let end = semi < 0 ? n : semi;
    let a = start, b = end;
    while (a < b && isOws(header.charCodeAt(a))) a++;
    while (b > a && isOws(header.charCodeAt(b - 1))) b--;
    if (b > a) {
      let eq = header.indexOf("=", a);
      if (eq >= 0 && eq < b) {
        let ne = eq;
        while (ne > a && isOws(header.charCodeAt(ne - 1))) ne--;
        let vs = eq + 1;
        while (vs < b && isOws(header.charCodeAt(vs))) vs++;
        out.push(new Cookie(header.substring(a, ne), header.substring(vs, b)));
      } else {
        out.push(new Cookie("", header.substring(a, b)));
      }
    }
    if (semi < 0) break;
    start = semi + 1;
  }
}
