import { parseFilterConfig } from "./parse";
import { Authorization, TokenSourceKind, RequirementKind, PropagationSourceKind } from "./access_control";

const HS = "{\"keys\":[{\"kty\":\"oct\",\"kid\":\"h\",\"k\":\"" + "A".repeat(43) + "\"}]}";

function cfg(ac: string, jwks: string = "[{\"name\":\"ns/k\",\"keys\":" + HS + "}]"): string {
  return "{\"version\":1,\"policies\":[{\"name\":\"p\",\"mode\":\"secured\",\"accessControl\":" + ac + "}],\"defaultPolicy\":\"p\",\"jwks\":" + jwks + "}";
}

const JWT = "{\"name\":\"ns/j\",\"sources\":[{\"kind\":\"header\",\"name\":\"X-Token\"},{\"kind\":\"cookie\",\"name\":\"at\"}],\"requireAny\":[{\"jwks\":\"ns/k\",\"issuer\":\"i\",\"audiences\":[\"a\"]}],\"expirationRequired\":true,\"clockSkewSeconds\":5,\"maxLifetimeSeconds\":3600}";

function error(text: string): string {
  let r = parseFilterConfig(text);
  return r.error !== null ? r.error! : "";
}

describe("accessControl section", () => {
  it("reads policies, JWT settings, requirements and propagation", () => {
    let r = parseFilterConfig(cfg("{\"policies\":[{\"requestConditions\":{\"path\":{\"prefix\":\"/x\"}},\"authorization\":\"deny\"},"
      + "{\"authorization\":\"jwt\",\"jwt\":" + JWT + ",\"requireAll\":[{\"kind\":\"jwtClaim\",\"name\":\"roles\",\"value\":{\"exact\":\"admin\"}}],"
      + "\"requireAny\":[{\"kind\":\"certificateHash\",\"values\":[\"" + "AB:".repeat(31) + "AB\"]}],"
      + "\"identityPropagation\":[{\"header\":\"X-User\",\"source\":{\"kind\":\"jwtClaim\",\"claim\":\"sub\"}},{\"bearerToken\":true,\"source\":{\"kind\":\"jwtToken\"}}]}]}"));
    expect(r.error).toBeNull();
    let ac = r.config!.policies[0].accessControl!;
    expect(ac.policies.length).toBe(2);
    expect(ac.policies[0].authorization).toBe(Authorization.Deny);
    let p = ac.policies[1];
    expect(p.authorization).toBe(Authorization.Jwt);
    let j = p.jwt!;
    expect(j.sources[0].kind).toBe(TokenSourceKind.Header);
    expect(j.sources[0].name).toBe("x-token");
    expect(j.sources[1].kind).toBe(TokenSourceKind.Cookie);
    expect(j.requireAny[0].jwks.name).toBe("ns/k");
    expect(j.clockSkewSeconds).toBe(5.0);
    expect(j.maxLifetimeSeconds).toBe(3600.0);
    expect(p.requireAll[0].kind).toBe(RequirementKind.JwtClaim);
    expect(p.requireAny[0].hashes[0]).toBe("ab".repeat(32));
    expect(p.propagation[0].header).toBe("x-user");
    expect(p.propagation[1].header).toBe("authorization");
    expect(p.propagation[1].source).toBe(PropagationSourceKind.JwtToken);
    expect(ac.propagatedHeaders.length).toBe(2);
  });

  it("defaults the token source to the bearer token", () => {
    let r = parseFilterConfig(cfg("{\"policies\":[{\"authorization\":\"jwt\",\"jwt\":{\"name\":\"n\",\"requireAny\":[{\"jwks\":\"ns/k\"}],\"expirationRequired\":false}}]}"));
    expect(r.error).toBeNull();
    let j = r.config!.policies[0].accessControl!.policies[0].jwt!;
    expect(j.sources[0].kind).toBe(TokenSourceKind.Bearer);
    expect(j.clockSkewSeconds).toBe(60.0);
  });

  it("rejects unknown JWKS names, misplaced unconditioned policies and unknown fields", () => {
    expect(error(cfg("{\"policies\":[{\"authorization\":\"jwt\",\"jwt\":{\"name\":\"n\",\"requireAny\":[{\"jwks\":\"ns/other\"}],\"expirationRequired\":true}}]}")))
      .toBe("policies[0].accessControl.policies[0].jwt.requireAny[0].jwks: unknown JWKS \"ns/other\" (not in the root jwks section)");
    expect(error(cfg("{\"policies\":[{\"authorization\":\"allow\"},{\"authorization\":\"deny\"}]}")))
      .toBe("policies[0].accessControl.policies[0]: only the last policy may omit requestConditions (the ones after it could never match)");
    expect(error(cfg("{\"policies\":[{\"authorization\":\"allow\",\"extra\":1}]}")).includes("policies[0].accessControl.policies[0].extra: unknown field")).toBe(true);
  });

  it("rejects access control on an unsecured policy", () => {
    let text = cfg("{\"policies\":[{\"authorization\":\"deny\"}]}").replace("\"mode\":\"secured\"", "\"mode\":\"unsecured\"");
    expect(error(text)).toBe("policies[0].accessControl: not allowed on an unsecured policy (it would never run); use mode \"secured\" without content-security sections");
  });

  it("rejects claim requirements and JWT propagation without JWT authentication", () => {
    expect(error(cfg("{\"policies\":[{\"authorization\":\"allow\",\"requireAll\":[{\"kind\":\"jwtClaim\",\"name\":\"x\"}]}]}")))
      .toBe("policies[0].accessControl.policies[0].requireAll[0]: a jwtClaim requirement needs authorization \"jwt\"");
    expect(error(cfg("{\"policies\":[{\"authorization\":\"allow\",\"identityPropagation\":[{\"header\":\"x-u\",\"source\":{\"kind\":\"jwtToken\"}}]}]}")))
      .toBe("policies[0].accessControl.policies[0].identityPropagation[0].source: a JWT source needs authorization \"jwt\"");
  });

  it("rejects reserved propagation headers and bad fingerprints", () => {
    expect(error(cfg("{\"policies\":[{\"authorization\":\"allow\",\"identityPropagation\":[{\"header\":\"Host\",\"source\":{\"kind\":\"certificateSan\",\"sanType\":\"DNS\"}}]}]}")))
      .toBe("policies[0].accessControl.policies[0].identityPropagation[0].header: not a header name a propagation may set");
    expect(error(cfg("{\"policies\":[{\"authorization\":\"allow\",\"requireAll\":[{\"kind\":\"certificateHash\",\"values\":[\"abc\"]}]}]}")).includes("requireAll[0].values[0]: expected a SHA-256 fingerprint")).toBe(true);
  });
});

describe("jwks section", () => {
  it("reads remote entries with defaults", () => {
    let r = parseFilterConfig(cfg("{\"policies\":[{\"authorization\":\"allow\"}]}",
      "[{\"name\":\"ns/r\",\"remote\":{\"uri\":\"https://idp/jwks\",\"cluster\":\"c\",\"authority\":\"idp\",\"path\":\"/jwks\"}}]"));
    expect(r.error).toBeNull();
    let s = r.config!.jwks.sources[0];
    expect(s.remote!.timeoutMs).toBe(5000);
    expect(s.remote!.refreshIntervalMs).toBe(300000);
    expect(s.local).toBeNull();
  });

  it("rejects a key set without usable keys, naming why", () => {
    expect(error(cfg("{\"policies\":[{\"authorization\":\"allow\"}]}", "[{\"name\":\"ns/k\",\"keys\":{\"keys\":[{\"kty\":\"oct\",\"k\":\"AAAA\"}]}}]")))
      .toBe("jwks[0].keys: the JWKS has no usable verification key (keys[0]: oct key shorter than 32 bytes (HS256 needs at least 256 bits))");
    expect(error(cfg("{\"policies\":[{\"authorization\":\"allow\"}]}", "[{\"name\":\"ns/k\",\"keys\":{\"keys\":[{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}]}}]")).includes("RSA key refused")).toBe(true);
    expect(error(cfg("{\"policies\":[{\"authorization\":\"allow\"}]}", "[{\"name\":\"ns/k\",\"keys\":{\"keys\":[{\"kty\":\"oct\",\"alg\":\"RS256\",\"k\":\"" + "A".repeat(43) + "\"}]}}]")).includes("alg does not fit the key type")).toBe(true);
  });

  it("rejects duplicate names and entries with both or neither source", () => {
    expect(error(cfg("{\"policies\":[{\"authorization\":\"allow\"}]}", "[{\"name\":\"a\",\"keys\":" + HS + "},{\"name\":\"a\",\"keys\":" + HS + "}]")))
      .toBe("jwks[1].name: duplicate JWKS name \"a\" (also jwks[0])");
    expect(error(cfg("{\"policies\":[{\"authorization\":\"allow\"}]}", "[{\"name\":\"a\"}]"))).toBe("jwks[0]: set exactly one of keys, remote");
  });
});
