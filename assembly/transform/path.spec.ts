import { normalizePath } from "./path";
import { ItemFlag } from "./flags";

describe("normalizePath", () => {
  it("leaves a clean path alone and splits segments", () => {
    let p = normalizePath("/api/v1/users/42?x=1");
    expect(p.decoded).toBe("/api/v1/users/42");
    expect(p.normalized).toBe("/api/v1/users/42");
    expect(p.segments.join("|")).toBe("api|v1|users|42");
    expect(p.flags).toBe(0);
  });

  it("removes dot segments per RFC 3986 and never climbs above the root", () => {
    expect(normalizePath("/a/b/c/./../../g").normalized).toBe("/a/g");
    expect(normalizePath("/../../etc/passwd").normalized).toBe("/etc/passwd");
    expect(normalizePath("/a/..").normalized).toBe("/");
    expect(normalizePath("/a/.").normalized).toBe("/a/");
    expect(normalizePath("/a/b/..").flags & ItemFlag.DotSegment).toBe(ItemFlag.DotSegment);
  });

  it("decodes before resolving: encoded dots and slashes traverse too", () => {
    let p = normalizePath("/static/%2e%2e/%2E%2E/admin");
    expect(p.normalized).toBe("/admin");
    let q = normalizePath("/static/..%2fadmin");
    expect(q.normalized).toBe("/admin");
    expect(q.flags & ItemFlag.EncodedSlash).toBe(ItemFlag.EncodedSlash);
  });

  it("merges repeated slashes and reads backslashes as slashes", () => {
    let p = normalizePath("//admin///x");
    expect(p.normalized).toBe("/admin/x");
    expect(p.flags & ItemFlag.RepeatedSlash).toBe(ItemFlag.RepeatedSlash);
    let b = normalizePath("/a\\..\\admin");
    expect(b.normalized).toBe("/admin");
    expect(b.flags & ItemFlag.Backslash).toBe(ItemFlag.Backslash);
    expect(normalizePath("/a%5c..%5cadmin").normalized).toBe("/admin");
  });

  it("splits off ';' path parameters, so '..;' is '..'", () => {
    let p = normalizePath("/app/..;/manager/html;jsessionid=1");
    expect(p.normalized).toBe("/manager/html");
    expect(p.flags & ItemFlag.PathParameter).toBe(ItemFlag.PathParameter);
    expect(p.segments.join("|")).toBe("manager|html");
  });

  it("keeps a trailing slash, cuts query and fragment", () => {
    expect(normalizePath("/a/b/?q#f").normalized).toBe("/a/b/");
    expect(normalizePath("/a#frag").normalized).toBe("/a");
    expect(normalizePath("").normalized).toBe("/");
    expect(normalizePath("*").normalized).toBe("*");
  });

  it("flags double encoding, overlong UTF-8 and %u without decoding them", () => {
    let p = normalizePath("/%252e%252e/x");
    expect(p.decoded).toBe("/%2e%2e/x");
    expect(p.flags & ItemFlag.DoubleEncoded).toBe(ItemFlag.DoubleEncoded);
    let o = normalizePath("/a%c0%afb");
    expect(o.flags & ItemFlag.OverlongUtf8).toBe(ItemFlag.OverlongUtf8);
    expect(o.segments.length).toBe(1);
    let u = normalizePath("/%u002e%u002e/x");
    expect(u.normalized).toBe("/%u002e%u002e/x");
    expect(u.flags & ItemFlag.InvalidPercent).toBe(ItemFlag.InvalidPercent);
  });

  it("'+' in a path is a plus", () => {
    expect(normalizePath("/a+b").normalized).toBe("/a+b");
  });
});
