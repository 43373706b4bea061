// Loads and validates the built-in rule catalogue (rules/*.yaml).
//
//   import { loadCatalogue } from "./catalogue.js";
//   const { rules } = loadCatalogue();          // throws CatalogueError listing every problem
//
// Each rule comes back normalised: { id, key, description, level, levelIndex,
// locations: ["Query", ...], headers: ["user-agent", ...] (empty = every
// header), transforms: [...], transformMask, pattern | null, detector | null,
// check | null, examples, file }. The order is stable (KEYS order, then file
// order) and is the rule index used by assembly/rules/generated.ts.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";
import Ajv from "ajv";
import { KEYS, LEVELS, LOCATIONS, TRANSFORMS } from "./vocabulary.js";
import { RULE_FILE_SCHEMA } from "./schema.js";
import { validateRegex } from "../regex/check.js";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const RULES_DIR = path.join(ROOT, "rules");

export class CatalogueError extends Error {
  /** @param {string[]} problems */
  constructor(problems) {
    super(`rule catalogue has ${problems.length} problem(s):\n  ${problems.join("\n  ")}`);
    this.problems = problems;
  }
}

const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
const validateFile = ajv.compile(RULE_FILE_SCHEMA);

/** The file that holds a key's rules. */
export function fileForKey(key) {
  return `${key.toLowerCase()}.yaml`;
}

const ONE_OF = "a rule needs exactly one of: pattern (with transforms and examples), detector (with transforms and examples), or check (alone)";

function schemaProblems(file, errors) {
  const out = [];
  for (const e of errors) {
    const where = e.instancePath.replace(/^\//, "").replace(/\/(\d+)/g, "[$1]").replace(/\//g, ".") || "(top)";
    // Failures inside the rule-kind branches (rules/items/oneOf/...) all mean
    // the same thing; say it once, plainly.
    if (/\/rules\/items\/oneOf\//.test(e.schemaPath) || (e.keyword === "oneOf" && /\/rules\/items\/oneOf$/.test(e.schemaPath))) {
      out.push(`${file}: ${where}: ${ONE_OF}`);
      continue;
    }
    if (e.keyword === "oneOf") continue; // the branch errors above say why
    let msg = e.message;
    if (e.keyword === "enum") msg += `: ${e.params.allowedValues.join(", ")}`;
    if (e.keyword === "additionalProperties") msg = `unknown field "${e.params.additionalProperty}"`;
    out.push(`${file}: ${where}: ${msg}`);
  }
  return [...new Set(out)];
}

/**
 * Validates one parsed rule file; pushes problems, returns normalised rules.
 * @param {string} file name for messages (e.g. "rules/sql.yaml")
 * @param {unknown} doc parsed YAML
 * @param {{ ids: Map<string,string>, retired: Map<string,string>, problems: string[], expectedKey?: string }} ctx
 */
export function validateRuleFile(file, doc, ctx) {
  const { problems } = ctx;
  if (!validateFile(doc)) {
    problems.push(...schemaProblems(file, validateFile.errors));
    return [];
  }
  if (ctx.expectedKey && doc.key !== ctx.expectedKey) {
    problems.push(`${file}: key: expected ${ctx.expectedKey} (the file name), got ${doc.key}`);
  }
  for (const id of doc.retired ?? []) ctx.retired.set(id, file);
  const out = [];
  doc.rules.forEach((r, i) => {
    const at = `${file}: rules[${i}] (${r.id})`;
    const prefix = `BW-${doc.key}-`;
    if (!r.id.startsWith(prefix)) problems.push(`${at}: id: must start with ${prefix}`);
    if (ctx.ids.has(r.id)) problems.push(`${at}: id: duplicate of a rule in ${ctx.ids.get(r.id)}`);
    ctx.ids.set(r.id, file);
    const locations = [];
    const headers = [];
    for (const l of r.locations) {
      if (typeof l === "string") {
        if (locations.includes(l)) problems.push(`${at}: locations: ${l} listed twice`);
        locations.push(l);
      } else {
        if (locations.includes("Header")) problems.push(`${at}: locations: Header listed twice`);
        locations.push("Header");
        headers.push(...l.Header.map((h) => h.toLowerCase()));
      }
    }
    if (r.pattern !== undefined) {
      const err = validateRegex(r.pattern);
      if (err) problems.push(`${at}: pattern: ${err}`);
    }
    const transforms = r.transforms ?? [];
    out.push({
      id: r.id,
      key: doc.key,
      description: r.description,
      level: r.level,
      levelIndex: LEVELS.indexOf(r.level),
      locations,
      headers,
      transforms,
      transformMask: transforms.reduce((m, t) => m | TRANSFORMS[t], 0),
      pattern: r.pattern ?? null,
      detector: r.detector ?? null,
      check: r.check ?? null,
      examples: r.examples ?? { match: [], nomatch: [] },
      notes: r.notes ?? "",
      file,
    });
  });
  return out;
}

/**
 * Loads every rules/<key>.yaml (one per key, all required).
 * @param {string} [dir]
 * @returns {{ rules: ReturnType<typeof validateRuleFile> }}
 */
export function loadCatalogue(dir = RULES_DIR) {
  const problems = [];
  const ctx = { ids: new Map(), retired: new Map(), problems };
  const rules = [];
  const expected = new Set(KEYS.map(fileForKey));
  for (const f of fs.readdirSync(dir)) {
    if ((f.endsWith(".yaml") || f.endsWith(".yml")) && !expected.has(f)) {
      problems.push(`rules/${f}: not a rule key file (expected one of ${[...expected].join(", ")})`);
    }
  }
  for (const key of KEYS) {
    const name = `rules/${fileForKey(key)}`;
    const full = path.join(dir, fileForKey(key));
    if (!fs.existsSync(full)) { problems.push(`${name}: missing (every rule key has a file)`); continue; }
    let doc;
    try {
      const parsed = YAML.parseDocument(fs.readFileSync(full, "utf8"), { uniqueKeys: true });
      if (parsed.errors.length) throw parsed.errors[0];
      doc = parsed.toJS();
    } catch (e) {
      problems.push(`${name}: YAML: ${e.message.split("\n")[0]}`);
      continue;
    }
    rules.push(...validateRuleFile(name, doc, { ...ctx, expectedKey: key }));
  }
  for (const [id, file] of ctx.retired) {
    if (ctx.ids.has(id)) problems.push(`${ctx.ids.get(id)}: id ${id} was retired in ${file} and must not be reused`);
  }
  if (problems.length) throw new CatalogueError(problems);
  return { rules };
}

/** Location bit mask of a rule (bit = Source value). */
export function locationMask(rule) {
  return rule.locations.reduce((m, l) => m | (1 << LOCATIONS[l]), 0);
}
