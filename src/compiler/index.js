// Public API of the policy compiler, used by `bulwark compile`, the dev proxy and tests.
//
//   compile(inputs, { cwd }) -> Promise<{ config, warnings, documents, model }>
//   defaultConfig()          -> the config used when there are no policies
//   formatProblems(problems) -> the problem list as printed by the CLI
//
// compile() throws CompileError (`.problems`, `.userError = true`) listing every problem found.

import { loadInputs, parseFile, expandLists } from "./load.js";
import { classify, reporter } from "./documents.js";
import { resolve } from "./resolve.js";
import { emit, GENERATOR, MAX_POLICIES, MAX_ROUTES } from "./emit.js";
import { featureSections } from "./emit-features.js";
import { Registry, BUILTIN_KINDS, normalizeKind } from "./registry.js";
import { CompileError, formatProblem, formatProblems } from "./errors.js";

export { CompileError, formatProblems, formatProblem };

/**
 * @param {string[]} inputs  files and directories
 * @param {{ cwd?: string, kinds?: any[] }} [opts]  `kinds`: extra kind definitions (tests, plugins)
 */
export async function compile(inputs, opts = {}) {
  const cwd = opts.cwd ?? process.cwd();
  const loaded = loadInputs(inputs, cwd);
  return compileLoaded(loaded, { ...opts, cwd });
}

/**
 * Compiles in-memory sources, for the dev proxy and tests.
 * @param {{ file: string, text: string }[]} sources
 * @param {{ kinds?: any[] }} [opts]
 */
export async function compileSources(sources, opts = {}) {
  const loaded = { files: sources.map((s) => s.file), documents: [], problems: [], warnings: [] };
  for (const s of sources) parseFile(s.file, s.text, loaded.documents, loaded.problems, loaded.warnings);
  return compileLoaded(loaded, opts);
}

function compileLoaded(loaded, opts) {
  const registry = new Registry([...BUILTIN_KINDS, ...(opts.kinds ?? []).map(normalizeKind)]);
  const problems = [...loaded.problems];
  const warningProblems = [];
  const entries = [];
  for (const source of expandLists(loaded.documents)) {
    const entry = classify(source, registry, problems, warningProblems);
    if (entry) entries.push(entry);
  }
  const model = resolve(entries, registry, problems, warningProblems, { cwd: opts.cwd });
  if (model.policies.length > MAX_POLICIES) problems.push({ message: `too many policies: ${model.policies.length}, the filter accepts at most ${MAX_POLICIES}` });
  if (model.routes.length > MAX_ROUTES) problems.push({ message: `too many targeted routes: ${model.routes.length}, the filter accepts at most ${MAX_ROUTES}` });
  const warnings = [...loaded.warnings, ...sortProblems(warningProblems, loaded.files).map(formatProblem)];
  if (problems.length) throw new CompileError(sortProblems(problems, loaded.files), warnings);
  const config = emit(model, (entry, segments, message) => {
    const sink = [];
    reporter(entry.source, sink, { kind: entry.kind, name: `${entry.namespace}/${entry.name}` })(segments, message);
    warnings.push(formatProblem(sink[0]));
  });
  const documents = entries.map((e) => ({
    file: e.file, index: e.index, apiVersion: e.apiVersion, kind: e.kind, namespace: e.namespace, name: e.name, value: e.value,
  }));
  return { config, warnings, documents, model };
}

/** Keeps input file order, then orders by document and line so problems read top to bottom. */
function sortProblems(list, files) {
  const fileOrder = new Map(files.map((f, i) => [f, i]));
  for (const p of list) if (!fileOrder.has(p.file)) fileOrder.set(p.file, fileOrder.size);
  return list
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (fileOrder.get(a.p.file) ?? -1) - (fileOrder.get(b.p.file) ?? -1)
      || (a.p.document ?? 0) - (b.p.document ?? 0) || (a.p.line ?? 0) - (b.p.line ?? 0) || a.i - b.i)
    .map(({ p }) => p);
}

/** The resolved features of the built-in `default` policy: every kind's defaults. */
function defaultFeatures() {
  return resolve([], new Registry(BUILTIN_KINDS), [], []).policies[0].features;
}

/** The filter configuration without any policy documents: everything secured with defaults. */
export function defaultConfig() {
  const policy = { name: "default", mode: "secured", ...featureSections(defaultFeatures()) };
  return { version: 1, generator: GENERATOR, policies: [policy], routes: [], defaultPolicy: "default" };
}
