// Problems found while compiling policies, and the error that carries all of them.
// A problem is reported as `file:line (document N, Kind ns/name): path: message`, the
// format editors and CI logs recognise as a source position.

/**
 * @typedef {object} Problem
 * @property {string} [file]      display path of the input file
 * @property {number} [line]      1-based line in that file
 * @property {number} [document]  1-based index of the YAML document in the file
 * @property {string} [kind]      kind of the document, when known
 * @property {string} [name]      `namespace/name` of the document, when known
 * @property {string} [path]      field path inside the document (`spec.targetRefs[0].name`)
 * @property {string} message     what is wrong and what was expected
 */

export class CompileError extends Error {
  /**
   * @param {Problem[]} problems
   * @param {string[]} [warnings] warnings found on the way, for the CLI to print too
   */
  constructor(problems, warnings = []) {
    const n = problems.length;
    super(`policy compilation failed with ${n} problem${n === 1 ? "" : "s"}:\n${formatProblems(problems)}`);
    this.name = "CompileError";
    this.problems = problems;
    this.warnings = warnings;
    this.userError = true;
  }
}

/** @param {Problem} p */
export function formatProblem(p) {
  if (!p.file) return p.path ? `${p.path}: ${p.message}` : p.message;
  let where = p.file;
  if (p.line) where += `:${p.line}`;
  const ctx = [];
  if (p.document) ctx.push(`document ${p.document}`);
  if (p.kind || p.name) ctx.push([p.kind, p.name].filter(Boolean).join(" "));
  if (ctx.length) where += ` (${ctx.join(", ")})`;
  return p.path ? `${where}: ${p.path}: ${p.message}` : `${where}: ${p.message}`;
}

/** @param {Problem[]} problems */
export function formatProblems(problems) {
  return problems.map((p) => `  ${formatProblem(p)}`).join("\n");
}

/** Turns path segments into the dotted form users write: `spec.rules[0].name`. */
export function formatPath(segments) {
  let out = "";
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(s)) out += out ? `.${s}` : s;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** A short, bounded rendering of a user value for messages. */
export function showValue(v) {
  let s;
  if (v === undefined) s = "nothing";
  else if (typeof v === "string") s = JSON.stringify(v);
  else if (Array.isArray(v)) s = "a list";
  else if (v === null) s = "null";
  else if (typeof v === "object") s = "an object";
  else s = String(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
