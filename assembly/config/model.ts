// The parsed, immutable filter configuration shared by all requests of a VM.
// Built once in proxy_on_configure (parse.ts); never modified afterwards, so
// streams can hold references to it across a reconfiguration.
import { PolicySelector } from "../routing/select";
import { ParserSettings, LimitsSettings } from "./features";
import { DenyRulesSettings } from "./deny_rules";
import { HeaderRewrites } from "./header_rewrites";
import { CustomResponses } from "./custom_responses";
import { AccessControl } from "./access_control";
import { JwksConfig } from "./jwks";

export const SUPPORTED_VERSION: i32 = 1;

export enum PolicyMode { Secured, Unsecured }

export class Policy {
  constructor(
    public readonly name: string,
    public readonly index: i32,
    public readonly mode: PolicyMode,
  ) {}

  // Set while parsing the configuration, never changed afterwards. null: the
  // section is absent (no body parsing / no limits).
  parser: ParserSettings | null = null;
  limits: LimitsSettings | null = null;
  denyRules: DenyRulesSettings | null = null;
  headerRewrites: HeaderRewrites | null = null;
  accessControl: AccessControl | null = null;

  get secured(): bool { return this.mode == PolicyMode.Secured; }
}

export class Route {
  constructor(
    public readonly name: string,
    public readonly index: i32,
    public readonly policy: Policy,
    public readonly routeNames: Array<string>,
    public readonly routeNamePrefixes: Array<string>,
    // Lowercase; wildcards keep their leading "*.".
    public readonly hosts: Array<string>,
    // Trailing "/" removed (except for "/" itself): matching is per path segment.
    public readonly pathPrefixes: Array<string>,
  ) {}

  // Whether step 2 of selection (host + path) considers this route.
  get selectsByHostOrPath(): bool { return this.hosts.length > 0 || this.pathPrefixes.length > 0; }
  get selectsByRouteName(): bool { return this.routeNames.length > 0 || this.routeNamePrefixes.length > 0; }
}

export class FilterConfig {
  constructor(
    public readonly generator: string,
    public readonly policies: Array<Policy>,
    public readonly routes: Array<Route>,
    public readonly defaultPolicy: Policy,
    public readonly selector: PolicySelector,
  ) {}

  // Set while parsing (root customResponses), never changed afterwards.
  customResponses: CustomResponses | null = null;
  // Root `jwks` section (key sets the access-control sections refer to).
  jwks: JwksConfig = new JwksConfig([]);
}
