// Schema validation of one document with ajv, and translation of ajv's errors into
// problems that name the field path, the expected value and (for typos) a suggestion.

import Ajv from "ajv";
import { parseQuantity } from "./quantity.js";
import { parseDuration } from "./duration.js";
import { validateCidr } from "./cidr.js";
import { validateRegex } from "./regex.js";
import { suggest } from "./suggest.js";
import { showValue } from "./errors.js";

const present = (data, key) => data[key] !== undefined;
const list = (keys) => keys.join(", ");

/** Checks a value with our formats; quantities and durations are replaced by numbers. */
function checkFormat(format, data, cxt) {
  let error = null;
  if (format === "quantity") {
    const r = parseQuantity(data);
    if ("error" in r) error = r.error;
    else if (cxt?.parentData) cxt.parentData[cxt.parentDataProperty] = r.bytes;
  } else if (format === "duration") {
    const r = parseDuration(data);
    if ("error" in r) error = r.error;
    else if (cxt?.parentData) cxt.parentData[cxt.parentDataProperty] = r.ms;
  } else if (format === "cidr") {
    error = validateCidr(data);
  } else if (format === "regex") {
    const why = validateRegex(data);
    if (why) error = `invalid regular expression: ${why}`;
  } else {
    error = `unknown x-bulwark-format ${format} (compiler bug)`;
  }
  return error;
}

function keywordValidator(check) {
  const fn = function (schema, data, parentSchema, cxt) {
    const errors = check(schema, data, parentSchema, cxt);
    fn.errors = errors.map((message) => ({ keyword: "x-bulwark", message, params: {} }));
    return errors.length === 0;
  };
  return fn;
}

function makeAjv() {
  const ajv = new Ajv({
    allErrors: true,
    strict: true,
    allowUnionTypes: true,
    useDefaults: true,
    inlineRefs: false, // shared $defs compile once per kind, not once per use
    verbose: true,
  });
  // Annotations only: read by the resolver, the docs and a future CRD generator.
  ajv.addKeyword({ keyword: "x-bulwark-ref", schemaType: "string" });
  ajv.addKeyword({ keyword: "x-bulwark-expected", schemaType: "string" });

  ajv.addKeyword({
    keyword: "x-bulwark-format",
    schemaType: "string",
    modifying: true,
    errors: true,
    validate: keywordValidator((format, data, _ps, cxt) => {
      const error = checkFormat(format, data, cxt);
      return error ? [error] : [];
    }),
  });

  // Inserts the default branch of a one-of group (`request: {}` means `request: {limited: {}}`)
  // before `properties` runs, so the branch's own defaults are applied too.
  ajv.addKeyword({
    keyword: "x-bulwark-default-choice",
    type: "object",
    schemaType: "string",
    modifying: true,
    before: "properties",
    validate: (choice, data, parentSchema) => {
      const groups = parentSchema["x-bulwark-one-of"] ?? [];
      const group = groups.find((g) => g.includes(choice)) ?? [choice];
      if (!group.some((k) => present(data, k))) data[choice] = {};
      return true;
    },
  });

  ajv.addKeyword({
    keyword: "x-bulwark-one-of",
    type: "object",
    schemaType: "array",
    errors: true,
    validate: keywordValidator((groups, data) => {
      const out = [];
      for (const g of groups) {
        const set = g.filter((k) => present(data, k));
        if (set.length === 0) out.push(`must set exactly one of ${list(g)}, got none`);
        else if (set.length > 1) out.push(`must set exactly one of ${list(g)}, got ${list(set)}`);
      }
      return out;
    }),
  });

  ajv.addKeyword({
    keyword: "x-bulwark-at-most-one-of",
    type: "object",
    schemaType: "array",
    errors: true,
    validate: keywordValidator((groups, data) => {
      const out = [];
      for (const g of groups) {
        const set = g.filter((k) => present(data, k));
        if (set.length > 1) out.push(`must set at most one of ${list(g)}, got ${list(set)}`);
      }
      return out;
    }),
  });

  ajv.addKeyword({
    keyword: "x-bulwark-at-least-one-of",
    type: "object",
    schemaType: "array",
    errors: true,
    validate: keywordValidator((groups, data) => {
      const out = [];
      for (const g of groups) {
        if (!g.some((k) => present(data, k))) out.push(`must set at least one of ${list(g)}`);
      }
      return out;
    }),
  });

  ajv.addKeyword({
    keyword: "x-bulwark-unique-by",
    type: "array",
    schemaType: ["array", "boolean"],
    errors: true,
    validate: keywordValidator((keys, data) => {
      const seen = new Map();
      const out = [];
      data.forEach((item, i) => {
        const id = keys === true ? JSON.stringify(item)
          : JSON.stringify(keys.map((k) => (item && typeof item === "object" ? item[k] : undefined)));
        if (seen.has(id)) {
          const what = keys === true ? showValue(item) : keys.map((k) => `${k} ${showValue(item?.[k])}`).join(", ");
          out.push(`items [${seen.get(id)}] and [${i}] are duplicates (${what}); each must be unique`);
        } else seen.set(id, i);
      });
      return out;
    }),
  });
  return ajv;
}

const ajv = makeAjv();
const compiled = new WeakMap();

/** Compiles (once) and returns the validator of a schema. */
export function validatorFor(schema) {
  let v = compiled.get(schema);
  if (!v) {
    v = ajv.compile(schema);
    compiled.set(schema, v);
  }
  return v;
}

/** @param {string} pointer JSON pointer from ajv */
export function pointerToSegments(pointer) {
  if (!pointer) return [];
  return pointer.slice(1).split("/").map((s) => {
    const t = s.replace(/~1/g, "/").replace(/~0/g, "~");
    return /^(0|[1-9]\d*)$/.test(t) ? Number(t) : t;
  });
}

const TYPE_WORDS = { string: "a string", integer: "an integer", number: "a number", boolean: "a boolean (true or false)", object: "an object (mapping)", array: "a list", null: "null" };

function actualType(v) {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "an object";
  if (typeof v === "number") return `the number ${v}`;
  if (typeof v === "string") return `the string ${showValue(v)}`;
  return `${typeof v} ${String(v)}`;
}

/**
 * Translates one ajv error into `{ segments, message }`.
 * @param {import("ajv").ErrorObject} e
 * @param {{ sensitive?: boolean }} opts  sensitive documents (Secrets) never echo values
 */
export function describeAjvError(e, opts = {}) {
  const segments = pointerToSegments(e.instancePath);
  const got = (v) => (opts.sensitive ? "" : `, got ${showValue(v)}`);
  const ps = /** @type {any} */ (e.parentSchema) ?? {};
  switch (e.keyword) {
    case "required":
      return { segments: [...segments, e.params.missingProperty], message: "is required" };
    case "additionalProperties": {
      const field = e.params.additionalProperty;
      const known = Object.keys(ps.properties ?? {});
      const close = suggest(field, known);
      const hint = close ? `; did you mean "${close}"?` : known.length ? ` (expected one of: ${known.join(", ")})` : " (no fields are allowed here)";
      return { segments: [...segments, field], message: `unknown field "${field}"${hint}` };
    }
    case "type": {
      const types = [].concat(e.params.type).map((t) => TYPE_WORDS[t] ?? t).join(" or ");
      // `unsecured:` with nothing after it is null in YAML, not an empty object; say how to write {}.
      const hint = e.data === null && [].concat(e.params.type).includes("object") ? " (write {} for an empty object)" : "";
      return { segments, message: `must be ${types}${opts.sensitive ? "" : `, got ${actualType(e.data)}`}${hint}` };
    }
    case "enum": {
      const close = typeof e.data === "string" ? suggest(e.data, e.params.allowedValues) : null;
      return {
        segments,
        message: `must be one of ${e.params.allowedValues.join(", ")}${got(e.data)}${close ? `; did you mean "${close}"?` : ""}`,
      };
    }
    case "const":
      return { segments, message: `must be ${showValue(e.params.allowedValue)}${got(e.data)}` };
    case "minimum":
    case "exclusiveMinimum":
      return { segments, message: `must be ${e.keyword === "minimum" ? ">=" : ">"} ${e.params.limit}${got(e.data)}` };
    case "maximum":
    case "exclusiveMaximum":
      return { segments, message: `must be ${e.keyword === "maximum" ? "<=" : "<"} ${e.params.limit}${got(e.data)}` };
    case "minLength":
      return { segments, message: e.params.limit === 1 ? "must not be empty" : `must be at least ${e.params.limit} characters long${got(e.data)}` };
    case "maxLength":
      return { segments, message: `must be at most ${e.params.limit} characters long, got ${String(e.data).length}` };
    case "minItems":
      return { segments, message: `must have at least ${e.params.limit} item${e.params.limit === 1 ? "" : "s"}, got ${e.data.length}` };
    case "maxItems":
      return { segments, message: `must have at most ${e.params.limit} items, got ${e.data.length}` };
    case "pattern": {
      const expected = ps["x-bulwark-expected"] ?? `a value matching ${e.params.pattern}`;
      return { segments, message: `must be ${expected}${got(e.data)}` };
    }
    case "x-bulwark":
      return { segments, message: e.message ?? "is invalid" };
    default:
      return { segments, message: `${e.message ?? "is invalid"}` };
  }
}
