// Small builders for kind schemas. Every schema node gets a `type` and a `description`, objects
// are closed (`additionalProperties: false`), and constraints JSON Schema cannot say without
// typed `oneOf` branches use `x-bulwark-*` keywords (checked in validate.js). This keeps the
// same source convertible to a Kubernetes structural `openAPIV3Schema`:
//   x-bulwark-one-of / at-most-one-of / at-least-one-of  -> CEL x-kubernetes-validations
//   x-bulwark-default-choice                            -> default on the parent object
//   x-bulwark-unique-by                                 -> CEL uniqueness rule (or listType: map)
//   x-bulwark-format: quantity                          -> x-kubernetes-int-or-string + pattern
//   x-bulwark-format: duration | cidr | regex           -> pattern / CEL / webhook check
//   x-bulwark-ref                                       -> documentation only
//   x-bulwark-expected                                  -> documentation of a `pattern`

/** @typedef {Record<string, any>} Schema */

// Building blocks used many times (matchers, request conditions) are defined once under
// `$defs` of each document schema and referenced with a local `$ref`: ajv then generates their
// code once per kind instead of once per use. A CRD generator inlines them (structural schemas
// allow no $ref).
const DEFS = {};

/**
 * A shared building block: `build()` runs once; the result is referenced by local `$ref`.
 * @param {string} name
 * @param {() => Schema} build
 * @param {string} description  what this use of the block means
 */
export function shared(name, build, description) {
  if (!DEFS[name]) DEFS[name] = build();
  return { $ref: `#/$defs/${name}`, description };
}

/** Follows a local `$ref` of a document schema; other nodes are returned unchanged. */
export function deref(root, node) {
  let n = node;
  for (let i = 0; n?.$ref && i < 16; i++) n = root.$defs?.[n.$ref.replace("#/$defs/", "")];
  return n;
}

/**
 * @param {string} description
 * @param {Record<string, Schema>} properties
 * @param {{ required?: string[], oneOf?: string[][], atMostOneOf?: string[][], atLeastOneOf?: string[][],
 *           defaultChoice?: string, default?: any, minProperties?: number }} [opts]
 * @returns {Schema}
 */
export function object(description, properties, opts = {}) {
  /** @type {Schema} */
  const s = { type: "object", description, additionalProperties: false, properties };
  if (opts.required?.length) s.required = opts.required;
  if (opts.oneOf) s["x-bulwark-one-of"] = opts.oneOf;
  if (opts.atMostOneOf) s["x-bulwark-at-most-one-of"] = opts.atMostOneOf;
  if (opts.atLeastOneOf) s["x-bulwark-at-least-one-of"] = opts.atLeastOneOf;
  if (opts.defaultChoice) s["x-bulwark-default-choice"] = opts.defaultChoice;
  if ("default" in opts) s.default = opts.default;
  return s;
}

/** An object whose presence is the whole meaning (`unsecured: {}`, `skip: {}`). */
export function marker(description) {
  return object(description, {});
}

/**
 * @param {string} description
 * @param {{ minLength?: number, maxLength?: number, pattern?: string, expected?: string, default?: string,
 *           enum?: string[], format?: string }} [opts]
 */
export function string(description, opts = {}) {
  /** @type {Schema} */
  const s = { type: "string", description };
  if (opts.enum) s.enum = opts.enum;
  if (opts.minLength !== undefined) s.minLength = opts.minLength;
  if (opts.maxLength !== undefined) s.maxLength = opts.maxLength;
  if (opts.pattern) s.pattern = opts.pattern;
  if (opts.expected) s["x-bulwark-expected"] = opts.expected;
  if (opts.format) s["x-bulwark-format"] = opts.format;
  if ("default" in opts) s.default = opts.default;
  return s;
}

export function enumeration(description, values, def) {
  return string(description, def === undefined ? { enum: values } : { enum: values, default: def });
}

export function boolean(description, def) {
  /** @type {Schema} */
  const s = { type: "boolean", description };
  if (def !== undefined) s.default = def;
  return s;
}

/** @param {{ minimum?: number, maximum?: number, default?: number }} [opts] */
export function integer(description, opts = {}) {
  /** @type {Schema} */
  const s = { type: "integer", description };
  if (opts.minimum !== undefined) s.minimum = opts.minimum;
  if (opts.maximum !== undefined) s.maximum = opts.maximum;
  if ("default" in opts) s.default = opts.default;
  return s;
}

/** A byte size written as an integer or a Kubernetes quantity; validated data holds bytes. */
export function quantity(description, def) {
  /** @type {Schema} */
  const s = { type: ["integer", "string"], description, "x-bulwark-format": "quantity" };
  if (def !== undefined) s.default = def;
  return s;
}

/** A Go-style duration string; validated data holds milliseconds. */
export function duration(description, def) {
  /** @type {Schema} */
  const s = { type: "string", description, "x-bulwark-format": "duration" };
  if (def !== undefined) s.default = def;
  return s;
}

/**
 * @param {string} description
 * @param {Schema} items
 * @param {{ minItems?: number, maxItems?: number, uniqueBy?: string[] | true, default?: any[] }} [opts]
 */
export function array(description, items, opts = {}) {
  /** @type {Schema} */
  const s = { type: "array", description, items };
  if (opts.minItems !== undefined) s.minItems = opts.minItems;
  if (opts.maxItems !== undefined) s.maxItems = opts.maxItems;
  if (opts.uniqueBy) s["x-bulwark-unique-by"] = opts.uniqueBy;
  if ("default" in opts) s.default = opts.default;
  return s;
}

/**
 * A same-namespace reference `{name}` to a document of `kind`, resolved by the compiler.
 * @param {string} kind
 * @param {string} description
 */
export function reference(kind, description) {
  const s = object(description, {
    name: string(`Name of the ${kind} in the same namespace.`, { minLength: 1, maxLength: 253 }),
  }, { required: ["name"] });
  s["x-bulwark-ref"] = kind;
  return s;
}

/**
 * The schema of a whole document of one of our kinds: envelope plus `spec`.
 * @param {string} kind
 * @param {Schema} spec
 */
export function documentSchema(kind, spec) {
  return {
    $defs: { ...DEFS },
    type: "object",
    description: `A ${kind} resource.`,
    additionalProperties: false,
    required: ["apiVersion", "kind", "metadata"],
    properties: {
      apiVersion: { type: "string", description: "API group and version." },
      kind: { type: "string", description: "Resource kind." },
      metadata: { type: "object", description: "Kubernetes object metadata; name and namespace are used." },
      spec: { ...spec, default: spec.default ?? {} },
      status: { type: "object", description: "Status written by a controller; ignored by the compiler." },
    },
  };
}
