// Where the filter configuration comes from: compiled policies, a JSON file used as is, a value
// given programmatically, or the compiler's defaults. load() is called at start-up and on every
// reload, so a reload re-reads the same source.
import { readFile } from "node:fs/promises";
import { UsageError } from "./options.js";

/**
 * @typedef {{ text: string, json: object | null, warnings: string[], description: string }} LoadedConfig
 *   text: the bytes handed to proxy_on_configure; json: the parsed document (null if not JSON)
 */

/**
 * @param {{ policies: string[], configFile?: string, config?: object | string, cwd: string }} opts
 */
export function configSource(opts) {
  if (opts.policies.length > 0) {
    return {
      kind: "policies",
      describe: () => `policies compiled from ${opts.policies.join(", ")}`,
      load: () => compilePolicies(opts.policies, opts.cwd),
    };
  }
  if (opts.configFile !== undefined) {
    return {
      kind: "config-file",
      describe: () => `filter configuration file ${opts.configFile} (used as is)`,
      load: () => readConfigFile(opts.configFile),
    };
  }
  if (opts.config !== undefined) {
    return { kind: "inline", describe: () => "filter configuration given by the caller", load: async () => fromValue(opts.config) };
  }
  return {
    kind: "defaults",
    describe: () => "no --policies or --config given: protecting with every feature's default settings",
    load: async () => {
      const { defaultConfig } = await loadCompiler();
      return fromValue(defaultConfig());
    },
  };
}

/** @returns {LoadedConfig} */
export function fromValue(value) {
  if (typeof value === "string" || Buffer.isBuffer(value)) {
    const text = String(value);
    return { text, json: tryParse(text), warnings: [], description: "" };
  }
  return { text: JSON.stringify(value), json: value, warnings: [], description: "" };
}

async function readConfigFile(path) {
  let text;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new UsageError(`--config ${path}: cannot read (${err.code ?? err.message})`);
  }
  const json = tryParse(text);
  if (json === null) {
    let reason = "";
    try {
      JSON.parse(text);
    } catch (err) {
      reason = `: ${err.message}`;
    }
    throw new UsageError(`--config ${path}: not valid JSON${reason}`);
  }
  return { text, json, warnings: [], description: "" };
}

async function compilePolicies(paths, cwd) {
  const { compile, formatProblems } = await loadCompiler();
  try {
    const { config, warnings } = await compile(paths, { cwd });
    return { text: JSON.stringify(config), json: config, warnings: (warnings ?? []).map(String), description: "" };
  } catch (err) {
    if (err && err.userError) {
      const detail = Array.isArray(err.problems) && formatProblems ? formatProblems(err.problems) : err.message;
      const warnings = Array.isArray(err.warnings) && err.warnings.length ? `\nwarnings:\n${err.warnings.map((w) => `  ${w}`).join("\n")}` : "";
      const e = new UsageError(`policies do not compile:\n${detail}${warnings}`);
      e.problems = err.problems;
      throw e;
    }
    throw err;
  }
}

async function loadCompiler() {
  try {
    return await import("../compiler/index.js");
  } catch (err) {
    if (err && err.code === "ERR_MODULE_NOT_FOUND" && String(err.message).includes("compiler/index.js")) {
      throw new UsageError("the policy compiler (src/compiler/index.js) is not available in this checkout; pass --config FILE instead");
    }
    throw err;
  }
}

function tryParse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
