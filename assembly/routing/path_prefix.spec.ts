import { normalizePathPrefix, pathPrefixMatches } from "./path_prefix";
import { normalizeHostPattern, hostMatches } from "./host_pattern";

describe("path prefixes", () => {
  it("normalizes trailing slashes but keeps '/'", () => {
    expect(normalizePathPrefix("/api///").value).toBe("/api");
    expect(normalizePathPrefix("/").value).toBe("/");
    expect(normalizePathPrefix("//").value).toBe("/");
    expect(normalizePathPrefix("api").error).not.toBeNull();
  });

  it("matches whole segments only", () => {
    expect(pathPrefixMatches("/api", "/api")).toBe(true);
    expect(pathPrefixMatches("/api", "/api/v1")).toBe(true);
    expect(pathPrefixMatches("/api", "/apiv1")).toBe(false);
    expect(pathPrefixMatches("/api", "/ap")).toBe(false);
    expect(pathPrefixMatches("/", "/anything")).toBe(true);
    expect(pathPrefixMatches("/", "")).toBe(false);
  });
});

describe("host patterns", () => {
  it("lowercases, drops a trailing dot, and validates the shape", () => {
    expect(normalizeHostPattern("WWW.Example.com.").value).toBe("www.example.com");
    expect(normalizeHostPattern("*.Example.com").value).toBe("*.example.com");
    expect(normalizeHostPattern("[::1]").error).toBeNull();
    expect(normalizeHostPattern("*.").error).not.toBeNull();
    expect(normalizeHostPattern("**.a.com").error).not.toBeNull();
    expect(normalizeHostPattern("a b.com").error).not.toBeNull();
    expect(normalizeHostPattern("a..com").error).not.toBeNull();
  });

  it("matches exact names and wildcards", () => {
    expect(hostMatches("a.com", "a.com")).toBe(true);
    expect(hostMatches("a.com", "b.a.com")).toBe(false);
    expect(hostMatches("*.a.com", "b.a.com")).toBe(true);
    expect(hostMatches("*.a.com", "c.b.a.com")).toBe(true);
    expect(hostMatches("*.a.com", "a.com")).toBe(false);
    expect(hostMatches("*.a.com", "xa.com")).toBe(false);
  });
});
