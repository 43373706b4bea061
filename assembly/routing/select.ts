// Policy selection (schema: routes):
//   1. the first route whose routeNames contains Envoy's xds.route_name, or one of
//      whose routeNamePrefixes is a prefix of it;
//   2. otherwise the first route with hosts and/or pathPrefixes whose hosts match the
//      request host (case-insensitive, port stripped, "*." = one or more labels) and
//      whose pathPrefixes match the path before '?' (element-wise); an omitted or
//      empty list matches anything;
//   3. otherwise the default policy.
// "First" is configuration order. The indexes below are built once per configuration
// so a request costs a few map lookups, not a scan of every route.
import { Policy, Route } from "../config/model";
import { pathPrefixMatches } from "./path_prefix";

class PrefixEntry {
  constructor(public prefix: string, public route: i32) {}
}

export class PolicySelector {
  // Exact route name -> first route index listing it.
  private exactNames: Map<string, i32> = new Map<string, i32>();
  // All routeNamePrefixes in route order.
  private namePrefixes: Array<PrefixEntry> = new Array<PrefixEntry>();
  // Exact host -> ascending route indexes listing it.
  private exactHosts: Map<string, Array<i32>> = new Map<string, Array<i32>>();
  // Wildcard suffix ("example.com" for "*.example.com") -> ascending route indexes.
  private wildcardHosts: Map<string, Array<i32>> = new Map<string, Array<i32>>();
  // Routes with pathPrefixes but no hosts (any host), ascending.
  private anyHost: Array<i32> = new Array<i32>();

  constructor(public readonly routes: Array<Route>, public readonly defaultPolicy: Policy) {
    for (let i = 0; i < routes.length; i++) {
      let r = routes[i];
      for (let j = 0; j < r.routeNames.length; j++) {
        if (!this.exactNames.has(r.routeNames[j])) this.exactNames.set(r.routeNames[j], i);
      }
      for (let j = 0; j < r.routeNamePrefixes.length; j++) this.namePrefixes.push(new PrefixEntry(r.routeNamePrefixes[j], i));
      if (!r.selectsByHostOrPath) continue;
      if (r.hosts.length == 0) { this.anyHost.push(i); continue; }
      for (let j = 0; j < r.hosts.length; j++) {
        let h = r.hosts[j];
        if (h.startsWith("*.")) addIndex(this.wildcardHosts, h.substring(2), i);
        else addIndex(this.exactHosts, h, i);
      }
    }
  }

  // Whether step 1 can select anything: when false the stream need not read xds.route_name.
  get usesRouteNames(): bool { return this.exactNames.size > 0 || this.namePrefixes.length > 0; }

  // The selected route index, or -1 for the default policy.
  // `host` must be lowercase without port; `path` the raw path before '?'.
  selectRoute(routeName: string | null, host: string, path: string): i32 {
    if (routeName !== null && routeName.length > 0) {
      let best = this.exactNames.has(routeName) ? this.exactNames.get(routeName) : i32.MAX_VALUE;
      let prefixes = this.namePrefixes;
      for (let i = 0, n = prefixes.length; i < n; i++) {
        let e = unchecked(prefixes[i]);
        if (e.route >= best) break; // entries are in route order
        if (routeName.startsWith(e.prefix)) { best = e.route; break; }
      }
      if (best != i32.MAX_VALUE) return best;
    }

    let best = i32.MAX_VALUE;
    if (this.exactHosts.size > 0 && this.exactHosts.has(host)) {
      best = this.firstPathMatch(this.exactHosts.get(host), path, best);
    }
    if (this.wildcardHosts.size > 0) {
      // Every suffix after a '.' that leaves at least one label in front.
      let dot = host.indexOf(".");
      while (dot > 0 && dot < host.length - 1) {
        let suffix = host.substring(dot + 1);
        if (this.wildcardHosts.has(suffix)) best = this.firstPathMatch(this.wildcardHosts.get(suffix), path, best);
        dot = host.indexOf(".", dot + 1);
      }
    }
    if (this.anyHost.length > 0) best = this.firstPathMatch(this.anyHost, path, best);
    return best == i32.MAX_VALUE ? -1 : best;
  }

  // The policy for a selectRoute result.
  policyOf(routeIndex: i32): Policy {
    return routeIndex < 0 ? this.defaultPolicy : this.routes[routeIndex].policy;
  }

  // The lowest route index in `candidates` below `best` whose path prefixes match.
  private firstPathMatch(candidates: Array<i32>, path: string, best: i32): i32 {
    for (let i = 0, n = candidates.length; i < n; i++) {
      let idx = unchecked(candidates[i]);
      if (idx >= best) return best;
      if (pathMatches(this.routes[idx], path)) return idx;
    }
    return best;
  }
}

function pathMatches(route: Route, path: string): bool {
  let prefixes = route.pathPrefixes;
  let n = prefixes.length;
  if (n == 0) return true;
  for (let i = 0; i < n; i++) if (pathPrefixMatches(unchecked(prefixes[i]), path)) return true;
  return false;
}

function addIndex(map: Map<string, Array<i32>>, key: string, index: i32): void {
  if (!map.has(key)) { let list = new Array<i32>(); list.push(index); map.set(key, list); return; }
  let list = map.get(key);
  // A route listing the same host twice is indexed once.
  if (list[list.length - 1] != index) list.push(index);
}
