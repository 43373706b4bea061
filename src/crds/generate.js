// CustomResourceDefinitions for our kinds, generated from the same schemas the compiler validates
// with (src/compiler/kinds/*, schema-util.js), so `kubectl apply` and `bulwark compile` cannot
// disagree on shape, enums, bounds or defaults. The conversion to a Kubernetes structural schema:
//
//   local $ref (shared blocks)        -> inlined, keeping the description of the use
//   additionalProperties: false       -> dropped (structural schemas forbid it next to properties;
//                                        kubectl's strict field validation rejects unknown fields)
//   integer-or-quantity               -> x-kubernetes-int-or-string + a CEL rule for the string form
//   x-bulwark-format: duration        -> pattern
//   x-bulwark-one-of / at-most-one-of / at-least-one-of -> CEL x-kubernetes-validations
//   x-bulwark-unique-by               -> CEL uniqueness rule (x-kubernetes-list-type: set for scalars)
//   propertyNames (label keys)        -> CEL rule over the keys
//   x-bulwark-format: cidr | regex    -> left to `bulwark compile` (described in the field description)
//
// Every CEL rule is generated together with a JS equivalent (celEquivalent), which the tests
// use to check that the rules mean what the compiler enforces.
import { stringify } from "yaml";
import { BUILTIN_KINDS, OUR_VERSIONS } from "../compiler/registry.js";
import { deref } from "../compiler/schema-util.js";

export const DEFAULT_GROUP = "bulwark.dev";
const QUANTITY_RE = "^\\+?[0-9]+(\\.[0-9]+)?((Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)|[eE]\\+?[0-9]{1,2})?$";
const DURATION_RE = "^(0|(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$";
const MAX_DEPTH = 48;

/** CEL rule text -> JS predicate over the same value (for tests and docs). */
const CEL_JS = new Map();
const cel = (rule, message, js) => {
  CEL_JS.set(rule, js);
  return { rule, message };
};
/** The JS equivalent of a CEL rule this generator wrote. */
export const celEquivalent = (rule) => CEL_JS.get(rule);

export function pluralOf(kind) {
  const lower = kind.toLowerCase();
  if (lower.endsWith("s")) return lower;
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

const has = (f) => `has(self.${f})`;
const present = (data, f) => data !== null && typeof data === "object" && data[f] !== undefined;

/** Default value of a field's type, for optional fields in uniqueness rules. */
function zeroOf(schema) {
  if (schema?.type === "integer" || schema?.type === "number") return { cel: "-1", js: -1 };
  if (schema?.type === "boolean") return { cel: "false", js: false };
  return { cel: "''", js: "" };
}

function convert(root, node, depth) {
  if (depth > MAX_DEPTH) throw new Error("bulwark bug: schema nesting too deep for a CRD (recursive $ref?)");
  let n = node;
  let description = node.description;
  if (node.$ref) {
    n = deref(root, node);
    description = node.description ?? n.description;
  }
  const out = {};
  const rules = [];
  if (Array.isArray(n.type)) {
    // Our only union: integer-or-string quantities.
    out["x-kubernetes-int-or-string"] = true;
    rules.push(cel(`type(self) == int ? self >= 0 : self.matches('${QUANTITY_RE}')`,
      "must be a byte size: an integer or a quantity such as 8Ki, 100Mi, 1.5Gi",
      (v) => (typeof v === "number" ? v >= 0 : new RegExp(QUANTITY_RE).test(v))));
  } else if (n.type) out.type = n.type;
  if (description) out.description = description;
  for (const k of ["enum", "minimum", "maximum", "minLength", "maxLength", "pattern", "minItems", "maxItems", "minProperties", "maxProperties", "required"]) {
    if (n[k] !== undefined) out[k] = structuredClone(n[k]);
  }
  if (n.default !== undefined) out.default = structuredClone(n.default);
  const format = n["x-bulwark-format"];
  if (format === "duration") out.pattern = DURATION_RE;
  if ((format === "cidr" || format === "regex") && out.description) out.description += format === "cidr" ? " (CIDR; checked by bulwark compile)" : " (regular expression; checked by bulwark compile)";
  if (n.properties) {
    out.properties = {};
    for (const [k, sub] of Object.entries(n.properties)) out.properties[k] = convert(root, sub, depth + 1);
  }
  if (n.additionalProperties && typeof n.additionalProperties === "object") out.additionalProperties = convert(root, n.additionalProperties, depth + 1);
  if (n.items) out.items = convert(root, n.items, depth + 1);
  if (n.propertyNames?.pattern) {
    const re = n.propertyNames.pattern;
    rules.push(cel(`self.all(k, k.matches('${re.replace(/'/g, "\\'")}'))`, `keys must match ${re}`, (v) => Object.keys(v).every((k) => new RegExp(re).test(k))));
  }
  const defaultChoice = n["x-bulwark-default-choice"];
  for (const group of n["x-bulwark-one-of"] ?? []) {
    const list = `[${group.map(has).join(", ")}]`;
    if (defaultChoice && group.includes(defaultChoice)) {
      // Setting none means the default branch (the compiler inserts it), so only "two or more" is wrong.
      rules.push(cel(`${list}.filter(x, x).size() <= 1`, `must set at most one of ${group.join(", ")} (none means ${defaultChoice})`,
        (v) => group.filter((f) => present(v, f)).length <= 1));
    } else {
      rules.push(cel(`${list}.exists_one(x, x)`, `must set exactly one of ${group.join(", ")}`, (v) => group.filter((f) => present(v, f)).length === 1));
    }
  }
  for (const group of n["x-bulwark-at-most-one-of"] ?? []) {
    rules.push(cel(`[${group.map(has).join(", ")}].filter(x, x).size() <= 1`, `must set at most one of ${group.join(", ")}`, (v) => group.filter((f) => present(v, f)).length <= 1));
  }
  for (const group of n["x-bulwark-at-least-one-of"] ?? []) {
    rules.push(cel(`[${group.map(has).join(", ")}].exists(x, x)`, `must set at least one of ${group.join(", ")}`, (v) => group.some((f) => present(v, f))));
  }
  const uniqueBy = n["x-bulwark-unique-by"];
  if (uniqueBy === true) {
    out["x-kubernetes-list-type"] = "set";
  } else if (Array.isArray(uniqueBy)) {
    const itemProps = deref(root, n.items)?.properties ?? {};
    const req = new Set(deref(root, n.items)?.required ?? []);
    const field = (v, f) => {
      if (req.has(f) || itemProps[f]?.default !== undefined) return `${v}.${f}`;
      return `(has(${v}.${f}) ? ${v}.${f} : ${zeroOf(deref(root, itemProps[f])).cel})`;
    };
    const same = uniqueBy.map((f) => `${field("x", f)} == ${field("y", f)}`).join(" && ");
    const keyOf = (item) => JSON.stringify(uniqueBy.map((f) => item?.[f] ?? zeroOf(deref(root, itemProps[f])).js));
    rules.push(cel(`self.all(x, self.exists_one(y, ${same}))`, `entries must be unique by ${uniqueBy.join("+")}`,
      (v) => new Set(v.map(keyOf)).size === v.length));
  }
  if (rules.length) out["x-kubernetes-validations"] = rules;
  return out;
}

/**
 * The CRD of one kind.
 * @param {import("../compiler/registry.js").KindDef} def
 * @param {string} group
 */
export function crdFor(def, group = DEFAULT_GROUP) {
  const plural = pluralOf(def.kind);
  const spec = convert(def.schema, def.schema.properties.spec, 0);
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: `${plural}.${group}`, labels: { "app.kubernetes.io/managed-by": "bulwark", "app.kubernetes.io/part-of": "bulwark" } },
    spec: {
      group,
      names: { kind: def.kind, listKind: `${def.kind}List`, plural, singular: def.kind.toLowerCase(), categories: ["bulwark"] },
      scope: "Namespaced",
      versions: OUR_VERSIONS.map((name, i) => ({
        name,
        served: true,
        storage: i === OUR_VERSIONS.length - 1,
        subresources: { status: {} },
        schema: {
          openAPIV3Schema: {
            type: "object",
            description: def.description,
            properties: {
              apiVersion: { type: "string", description: "API group and version." },
              kind: { type: "string", description: "Resource kind." },
              metadata: { type: "object" },
              spec,
              status: { type: "object", description: "Status written by a controller; ignored by the compiler.", "x-kubernetes-preserve-unknown-fields": true },
            },
          },
        },
      })),
    },
  };
}

/**
 * CRDs for every kind of ours the registry holds at run time.
 * @param {{ groups?: string[], kinds?: any[] }} [opts]
 */
export function generateCrds(opts = {}) {
  const groups = opts.groups?.length ? opts.groups : [DEFAULT_GROUP];
  const kinds = (opts.kinds ?? BUILTIN_KINDS).filter((k) => !k.external).sort((a, b) => (a.kind < b.kind ? -1 : 1));
  return groups.flatMap((g) => kinds.map((k) => crdFor(k, g)));
}

export function crdYaml(crd) {
  return `# Generated by \`bulwark crds\` from the compiler's kind schemas; regenerate instead of editing.\n${stringify(crd, { lineWidth: 0 })}`;
}
