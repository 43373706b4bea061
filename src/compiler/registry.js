// The kinds this compiler understands. Every file in kinds/ (not in kinds/shared/) exports one
// kind definition as its default export, so adding a kind means adding one file:
//
//   { kind, description,
//     spec,                       // JSON schema of `spec` (our groups), built with schema-util.js
//     feature?: "limits",         // a feature document referenced by policies: policy.features.<feature>
//     resolve?(doc, ctx),         // valid documents only: cross-field checks, policies/routes (resolve.js)
//     // documents of other API groups:
//     group?, versions?, external?: true, schema?, sensitive? }

import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { documentSchema } from "./schema-util.js";

export const OUR_GROUPS = ["bulwark.dev", "microgateway.airlock.com"];
export const OUR_VERSIONS = ["v1alpha1"];

/** Airlock kinds this version does not support yet (an error, listing what is supported). */
export const KNOWN_UNSUPPORTED = ["APIProtection", "CSRFProtection",
  "EnvoyCluster", "EnvoyConfiguration", "EnvoyExtensionPolicy",
  "EnvoyHTTPFilter", "GraphQL", "ICAPPolicy", "ICAPProvider", "LogMaskingPolicy", "OIDCProvider",
  "OIDCRelyingParty", "OpenAPI", "RateLimitPolicy", "RedisProvider",
  "SessionHandling", "Telemetry", "TokenExchange"];

/**
 * @typedef {object} KindDef
 * @property {string} kind
 * @property {string} description
 * @property {any} [spec]
 * @property {any} schema       whole-document schema (derived from spec for our kinds)
 * @property {string} [feature]
 * @property {Function} [resolve]
 * @property {string} [group]
 * @property {string[]} [versions]
 * @property {boolean} [external]
 * @property {boolean} [sensitive]
 */

/** @param {any} def @returns {KindDef} */
export function normalizeKind(def) {
  if (!def?.kind) throw new Error("kind definition without `kind`");
  if (def.external) return { ...def, schema: def.schema };
  return { ...def, schema: documentSchema(def.kind, def.spec) };
}

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "kinds");
const files = readdirSync(dir).filter((f) => f.endsWith(".js")).sort();
/** @type {KindDef[]} */
export const BUILTIN_KINDS = [];
for (const f of files) {
  const mod = await import(new URL(`./kinds/${f}`, import.meta.url).href);
  BUILTIN_KINDS.push(normalizeKind(mod.default));
}

/** A lookup over a set of kind definitions. */
export class Registry {
  /** @param {KindDef[]} kinds */
  constructor(kinds) {
    this.ours = new Map();
    this.external = new Map();
    for (const k of kinds) {
      if (k.external) this.external.set(`${k.group}/${k.kind}`, k);
      else this.ours.set(k.kind, k);
    }
    /** Kinds that are features of a policy, by kind name. */
    this.features = new Map([...this.ours.values()].filter((k) => k.feature).map((k) => [k.kind, k]));
  }

  supportedKinds() {
    return [...this.ours.keys()].sort();
  }
}
