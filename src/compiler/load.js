// Reading the inputs: files and directories (walked recursively, sorted, so the output does not
// depend on file-system order), YAML or JSON, several documents per file. Each document keeps
// its parsed YAML tree so later stages can point at the line of any field.

import { readdirSync, readFileSync, statSync, realpathSync } from "node:fs";
import path from "node:path";
import { parseAllDocuments, LineCounter, isMap, isSeq, isPair, isScalar, isAlias } from "yaml";

const EXTENSIONS = new Set([".yaml", ".yml", ".json"]);
const MAX_FILE_BYTES = 16 * 1024 * 1024;
const MAX_DOCUMENTS = 10_000;

/**
 * @typedef {object} SourceDocument
 * @property {string} file         display path (relative to cwd when inside it)
 * @property {number} index        1-based position in the file
 * @property {any} value           the document as plain data (mutated by validation: defaults)
 * @property {import("yaml").Document} yaml
 * @property {LineCounter} lines
 * @property {(string|number)[]} [prefix]  where `value` sits in the YAML document (items of a v1 List)
 */

/**
 * @param {string[]} inputs files or directories
 * @param {string} cwd
 * @returns {{ files: string[], documents: SourceDocument[], problems: import("./errors.js").Problem[], warnings: string[] }}
 */
export function loadInputs(inputs, cwd) {
  const problems = [];
  const warnings = [];
  const files = [];
  const seen = new Set();
  const display = (abs) => {
    const rel = path.relative(cwd, abs);
    return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : abs;
  };
  const addFile = (abs) => {
    let real;
    try {
      real = realpathSync(abs);
    } catch {
      real = abs;
    }
    if (!seen.has(real)) {
      seen.add(real);
      files.push(abs);
    }
  };
  const walk = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      problems.push({ file: display(dir), message: `cannot read directory: ${err.code ?? err.message}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith(".")) continue; // .git, editor swap files
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) walk(abs);
      else if (EXTENSIONS.has(path.extname(e.name).toLowerCase())) addFile(abs);
    }
  };

  if (inputs.length === 0) problems.push({ message: "no input files or directories given" });
  for (const input of inputs) {
    const abs = path.resolve(cwd, input);
    let st;
    try {
      st = statSync(abs);
    } catch (err) {
      problems.push({ file: display(abs), message: err.code === "ENOENT" ? "no such file or directory" : `cannot read: ${err.code ?? err.message}` });
      continue;
    }
    if (st.isDirectory()) {
      const before = files.length;
      walk(abs);
      if (files.length === before) warnings.push(`${display(abs)}: no .yaml, .yml or .json files found`);
    } else addFile(abs); // a file named explicitly is read whatever its extension
  }

  const documents = [];
  for (const abs of files) {
    const file = display(abs);
    let text;
    try {
      if (statSync(abs).size > MAX_FILE_BYTES) {
        problems.push({ file, message: `file is larger than ${MAX_FILE_BYTES} bytes` });
        continue;
      }
      text = readFileSync(abs, "utf8");
    } catch (err) {
      problems.push({ file, message: `cannot read file: ${err.code ?? err.message}` });
      continue;
    }
    parseFile(file, text, documents, problems, warnings);
  }
  return { files: files.map(display), documents, problems, warnings };
}

/** Parses one file's text into documents; exported for tests and the dev proxy. */
export function parseFile(file, text, documents, problems, warnings) {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const list = Array.isArray(docs) ? docs : [docs];
  if (list.length > MAX_DOCUMENTS) {
    problems.push({ file, message: `more than ${MAX_DOCUMENTS} documents in one file` });
    return;
  }
  list.forEach((doc, i) => {
    const index = i + 1;
    // Errors found at the end of the text ("missing ]") point past the last line; clamp to it.
    const lastChar = Math.max(0, text.trimEnd().length - 1);
    const lineOf = (pos) => (Array.isArray(pos) ? lines.linePos(Math.min(pos[0], lastChar)).line : undefined);
    for (const err of doc.errors) {
      problems.push({ file, line: lineOf(err.pos), document: index, message: `YAML syntax error: ${err.message.split("\n")[0]}` });
    }
    for (const w of doc.warnings) {
      warnings.push(`${file}:${lineOf(w.pos) ?? "?"} (document ${index}): YAML warning: ${w.message.split("\n")[0]}`);
    }
    if (doc.errors.length) return;
    if (doc.contents === null) return; // empty document, e.g. a trailing `---`
    let value;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (err) {
      problems.push({ file, line: 1, document: index, message: `YAML error: ${err.message}` });
      return;
    }
    if (value === null || value === undefined) return;
    documents.push({ file, index, value, yaml: doc, lines });
  });
}

/**
 * Line of the field at `segments` (or of its nearest existing parent: defaults have no line).
 * For map entries the key's line is used, which is where users look for the field.
 * @param {{ yaml: import("yaml").Document, lines: LineCounter }} source
 * @param {(string|number)[]} segments
 */
export function lineOf(source, segments) {
  let node = source.yaml.contents;
  let best = node?.range ? node.range[0] : 0;
  for (const seg of [...(source.prefix ?? []), ...segments]) {
    if (isAlias(node)) node = node.resolve(source.yaml);
    if (isMap(node)) {
      // String comparison: a map key "0" arrives from ajv's path as the number 0.
      const pair = node.items.find((p) => isPair(p) && String(isScalar(p.key) ? p.key.value : p.key) === String(seg));
      if (!pair) break;
      if (pair.key?.range) best = pair.key.range[0];
      node = pair.value;
    } else if (isSeq(node) && typeof seg === "number" && seg < node.items.length) {
      node = node.items[seg];
      if (node?.range) best = node.range[0];
    } else break;
  }
  return source.lines.linePos(best).line;
}

/**
 * Expands `apiVersion: v1, kind: List` documents (what `kubectl get -o yaml` prints) into one
 * source per item; an item's problems point at its own lines.
 * @param {SourceDocument[]} documents
 */
export function expandLists(documents) {
  const out = [];
  for (const d of documents) {
    const v = d.value;
    const isList = v && typeof v === "object" && v.apiVersion === "v1" && typeof v.kind === "string"
      && /List$/.test(v.kind) && Array.isArray(v.items);
    if (!isList) out.push(d);
    else v.items.forEach((item, i) => out.push({ ...d, value: item, prefix: [...(d.prefix ?? []), "items", i] }));
  }
  return out;
}
