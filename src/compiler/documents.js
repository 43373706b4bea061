// Classifying parsed documents: the envelope (apiVersion, kind, metadata) is checked, the kind
// definition is found, and the document is validated against its schema.

import { OUR_GROUPS, OUR_VERSIONS, KNOWN_UNSUPPORTED } from "./registry.js";
import { lineOf } from "./load.js";
import { validatorFor, describeAjvError } from "./validate.js";
import { formatPath, showValue } from "./errors.js";
import { suggest } from "./suggest.js";

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DEFAULT_NAMESPACE = "default";

/**
 * @typedef {object} Entry  a document the compiler understands
 * @property {import("./load.js").SourceDocument} source
 * @property {string} file
 * @property {number} index
 * @property {string} apiVersion
 * @property {string} kind
 * @property {string} namespace
 * @property {string} name
 * @property {import("./registry.js").KindDef} def
 * @property {any} value      validated document, defaults applied, quantities in bytes
 * @property {boolean} valid
 */

/** Problem/warning reporter bound to one document. */
export function reporter(source, sink, who = {}) {
  return (segments, message) => {
    sink.push({
      file: source.file,
      line: lineOf(source, segments),
      document: source.index,
      ...(who.kind ? { kind: who.kind } : {}),
      ...(who.name ? { name: who.name } : {}),
      ...(segments.length ? { path: formatPath(segments) } : {}),
      message,
    });
  };
}

/**
 * @param {import("./load.js").SourceDocument} source
 * @param {import("./registry.js").Registry} registry
 * @param {any[]} problems
 * @param {any[]} warnings  problem-shaped warnings
 * @returns {Entry | null}
 */
export function classify(source, registry, problems, warnings) {
  const v = source.value;
  const bare = reporter(source, problems);
  if (typeof v !== "object" || Array.isArray(v)) {
    bare([], `a document must be a mapping with apiVersion, kind and metadata, got ${Array.isArray(v) ? "a list" : showValue(v)}`);
    return null;
  }
  const meta = v.metadata;
  const name = typeof meta?.name === "string" ? meta.name : undefined;
  const namespace = typeof meta?.namespace === "string" ? meta.namespace : DEFAULT_NAMESPACE;
  const who = { kind: typeof v.kind === "string" ? v.kind : undefined, name: name ? `${namespace}/${name}` : undefined };
  const report = reporter(source, problems, who);
  const warn = reporter(source, warnings, who);

  let ok = true;
  for (const field of ["apiVersion", "kind"]) {
    if (v[field] === undefined) { report([field], "is required"); ok = false; }
    else if (typeof v[field] !== "string" || v[field] === "") { report([field], `must be a non-empty string, got ${showValue(v[field])}`); ok = false; }
  }
  if (meta === undefined) { report(["metadata"], "is required (with at least metadata.name)"); ok = false; }
  else if (typeof meta !== "object" || meta === null || Array.isArray(meta)) { report(["metadata"], `must be an object, got ${showValue(meta)}`); ok = false; }
  else {
    if (meta.name === undefined) { report(["metadata", "name"], "is required"); ok = false; }
    else if (typeof meta.name !== "string" || meta.name.length > 253 || !DNS_SUBDOMAIN.test(meta.name)) {
      report(["metadata", "name"], `must be a Kubernetes object name (lower-case letters, digits, '-' and '.', at most 253 characters), got ${showValue(meta.name)}`);
      ok = false;
    }
    if (meta.namespace !== undefined && (typeof meta.namespace !== "string" || meta.namespace.length > 63 || !DNS_LABEL.test(meta.namespace))) {
      report(["metadata", "namespace"], `must be a Kubernetes namespace name (lower-case letters, digits and '-', at most 63 characters), got ${showValue(meta.namespace)}`);
      ok = false;
    }
  }
  if (!ok) return null;

  const slash = v.apiVersion.lastIndexOf("/");
  const group = slash < 0 ? "" : v.apiVersion.slice(0, slash);
  const version = slash < 0 ? v.apiVersion : v.apiVersion.slice(slash + 1);
  let def;
  if (OUR_GROUPS.includes(group)) {
    if (!OUR_VERSIONS.includes(version)) {
      report(["apiVersion"], `unsupported version "${version}" of ${group}; supported: ${OUR_GROUPS.map((g) => `${g}/${OUR_VERSIONS.join("|")}`).join(", ")}`);
      return null;
    }
    def = registry.ours.get(v.kind);
    if (!def) {
      const supported = registry.supportedKinds().join(", ");
      if (KNOWN_UNSUPPORTED.includes(v.kind)) {
        report(["kind"], `${v.kind} is not supported by this version of bulwark; supported kinds: ${supported}`);
      } else {
        const close = suggest(v.kind, [...registry.supportedKinds(), ...KNOWN_UNSUPPORTED]);
        report(["kind"], `unknown kind "${v.kind}" in ${group}${close ? ` (did you mean "${close}"?)` : ""}; supported kinds: ${supported}`);
      }
      return null;
    }
  } else {
    def = registry.external.get(`${group}/${v.kind}`);
    if (!def || !def.versions.includes(version)) {
      warn([], `skipped: ${v.apiVersion} ${v.kind} is not used by bulwark`);
      return null;
    }
  }

  const entry = { source, file: source.file, index: source.index, apiVersion: v.apiVersion, kind: v.kind, namespace, name, def, value: v, valid: true };
  const validate = validatorFor(def.schema);
  if (!validate(v)) {
    entry.valid = false;
    for (const e of validate.errors ?? []) {
      const { segments, message } = describeAjvError(e, { sensitive: def.sensitive });
      report(segments, message);
    }
  }
  if (!def.external && v.status !== undefined) warn(["status"], "status is ignored by the compiler");
  return entry;
}
