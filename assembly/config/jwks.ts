// The root `jwks` section: named key sets, compiled in (local) or fetched by the
// filter through an Envoy cluster (remote). Immutable once parsed; the fetched
// keys live in the per-VM JWKS store (jwt/jwks_store.ts), not here.
import { JwkSet } from "../jwt/jwk";

export class RemoteJwks {
  constructor(
    public readonly uri: string,
    // Envoy cluster the HTTP call goes through (contracts: bulwark_jwks_<ns>_<name>).
    public readonly cluster: string,
    public readonly authority: string,
    public readonly path: string,
    public readonly timeoutMs: u32,
    public readonly refreshIntervalMs: u32,
  ) {}

  // Same fetch target: a reconfiguration keeps the keys already fetched for it.
  sameAs(o: RemoteJwks): bool {
    return this.uri == o.uri && this.cluster == o.cluster && this.authority == o.authority && this.path == o.path;
  }
}

export class JwksSource {
  constructor(
    public readonly name: string,
    public readonly index: i32,
    public readonly local: JwkSet | null,
    public readonly remote: RemoteJwks | null,
  ) {}
}

export class JwksConfig {
  constructor(public readonly sources: Array<JwksSource>) {}

  find(name: string): JwksSource | null {
    let s = this.sources;
    for (let i = 0; i < s.length; i++) if (s[i].name == name) return s[i];
    return null;
  }
}
