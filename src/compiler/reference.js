// Markdown field reference of a kind, generated from its schema (docs/compiler.md embeds it;
// a test keeps the two in sync). Regenerate with:
//   node --input-type=module -e 'import {updateDocs} from "./src/compiler/reference.js"; updateDocs()'

import { readFileSync, writeFileSync } from "node:fs";
import { deref } from "./schema-util.js";
import { BUILTIN_KINDS } from "./registry.js";

function typeOf(node) {
  if (node["x-bulwark-format"] === "quantity") return "quantity";
  if (node["x-bulwark-format"] === "duration") return "duration";
  if (node.enum) return node.enum.join(" | ");
  if (node.type === "array") return `list of ${node.items.$ref ? node.items.$ref.replace("#/$defs/", "") : node.items.type === "object" ? "objects" : typeOf(node.items)}`;
  return [].concat(node.type).join(" or ");
}

function constraints(node) {
  const c = [];
  if (node["x-bulwark-ref"]) c.push(`→ ${node["x-bulwark-ref"]}`);
  if (node.minimum !== undefined) c.push(`≥ ${node.minimum}`);
  if (node.maximum !== undefined) c.push(`≤ ${node.maximum}`);
  if (node.minLength !== undefined || node.maxLength !== undefined) c.push(`length ${node.minLength ?? 0}..${node.maxLength ?? "∞"}`);
  if (node.minItems !== undefined || node.maxItems !== undefined) c.push(`${node.minItems ?? 0}..${node.maxItems ?? "∞"} items`);
  if (node["x-bulwark-format"] && !["quantity", "duration"].includes(node["x-bulwark-format"])) c.push(node["x-bulwark-format"]);
  if (node["x-bulwark-expected"]) c.push(node["x-bulwark-expected"]);
  for (const g of node["x-bulwark-one-of"] ?? []) c.push(`exactly one of ${g.join(", ")}${node["x-bulwark-default-choice"] ? ` (default ${node["x-bulwark-default-choice"]})` : ""}`);
  for (const g of node["x-bulwark-at-most-one-of"] ?? []) c.push(`at most one of ${g.join(", ")}`);
  for (const g of node["x-bulwark-at-least-one-of"] ?? []) c.push(`at least one of ${g.join(", ")}`);
  if (node["x-bulwark-unique-by"]) c.push(node["x-bulwark-unique-by"] === true ? "unique items" : `unique ${node["x-bulwark-unique-by"].join("+")}`);
  if (node.required?.length) c.push(`requires ${node.required.join(", ")}`);
  return c.join("; ");
}

const cell = (s) => String(s).replace(/\|/g, "\\|").replace(/\n/g, " ");

/** @param {import("./registry.js").KindDef} def */
export function fieldReference(def) {
  const rows = [];
  const walk = (node, path, depth) => {
    if (node.$ref && depth > 0) {
      // Shared blocks are documented once, under their own name.
      const name = node.$ref.replace("#/$defs/", "");
      rows.push(`| \`${path}\` | ${name} |  |  | ${cell(node.description)} |`);
      return;
    }
    const n = deref(def.schema, node);
    const desc = node.description ?? n.description;
    const dflt = "default" in n && !(typeof n.default === "object" && Object.keys(n.default).length === 0) ? `\`${JSON.stringify(n.default)}\`` : "";
    rows.push(`| \`${path}\` | ${cell(typeOf(n))} | ${dflt} | ${cell(constraints(n))} | ${cell(desc)} |`);
    if (depth > 12) return;
    for (const [k, sub] of Object.entries(n.properties ?? {})) walk(sub, `${path}.${k}`, depth + 1);
    if (n.items?.type === "object") {
      for (const [k, sub] of Object.entries(n.items.properties ?? {})) walk(sub, `${path}[].${k}`, depth + 1);
    }
  };
  walk(def.spec, "spec", 0);
  return ["| Field | Type | Default | Constraints | Meaning |", "|---|---|---|---|---|", ...rows].join("\n");
}

/** Field reference of a shared building block (`StringMatcher`, `RequestConditions`, ...). */
export function sharedReference(name) {
  const def = BUILTIN_KINDS.find((k) => k.schema.$defs?.[name]);
  return fieldReference({ ...def, spec: def.schema.$defs[name] }).replace(/`spec/g, `\`${name}`);
}

/** The whole generated reference, as embedded in docs/compiler.md. */
export function allReferences() {
  const ours = BUILTIN_KINDS.filter((k) => !k.external);
  const names = [...new Set(ours.flatMap((k) => Object.keys(k.schema.$defs ?? {})))].sort();
  const parts = ours.map((def) => `### ${def.kind}\n\n${def.description}\n\n${fieldReference(def)}\n`);
  for (const n of names) parts.push(`### ${n}\n\n${sharedReference(n)}\n`);
  return parts.join("\n");
}

export const DOCS = new URL("../../docs/compiler.md", import.meta.url);
const SECTION = /(<!-- BEGIN GENERATED FIELD REFERENCE -->\n)[\s\S]*(<!-- END GENERATED FIELD REFERENCE -->)/;

/** The generated section of docs/compiler.md, or null without the markers. */
export function docsSection(text) {
  const m = SECTION.exec(text);
  return m ? m[0] : null;
}

/** Rewrites the generated section of docs/compiler.md from the schemas. */
export function updateDocs(file = DOCS) {
  const text = readFileSync(file, "utf8");
  if (!docsSection(text)) throw new Error("docs/compiler.md has no GENERATED FIELD REFERENCE markers");
  writeFileSync(file, text.replace(SECTION, (_, begin, end) => `${begin}${allReferences()}\n${end}`));
}

export function printAll() {
  process.stdout.write(allReferences());
}
