// `bulwark compile <inputs...> [-o FILE] [--pretty]`: policies (YAML/JSON custom resources) in,
// filter configuration JSON out. Warnings go to stderr; any problem fails with exit code 1.

import { writeFileSync, renameSync } from "node:fs";
import path from "node:path";
import { compile } from "../compiler/index.js";

/** @param {import("commander").Command} program */
export function register(program) {
  program
    .command("compile")
    .description("compile policy resources (files or directories of YAML/JSON) into the filter configuration JSON")
    .argument("<inputs...>", "policy files or directories (searched recursively for .yaml, .yml, .json)")
    .option("-o, --output <file>", "write the configuration to this file instead of stdout")
    .option("--pretty", "indent the JSON output")
    .action(async (inputs, opts) => {
      let result;
      try {
        result = await compile(inputs, { cwd: process.cwd() });
      } catch (err) {
        for (const w of err.warnings ?? []) process.stderr.write(`warning: ${w}\n`);
        throw err;
      }
      for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
      const json = `${JSON.stringify(result.config, null, opts.pretty ? 2 : undefined)}\n`;
      if (opts.output) {
        // Write-then-rename so a watcher never reads a half-written config.
        const tmp = path.join(path.dirname(opts.output), `.${path.basename(opts.output)}.${process.pid}.tmp`);
        try {
          writeFileSync(tmp, json);
          renameSync(tmp, opts.output);
        } catch (err) {
          const e = new Error(`cannot write ${opts.output}: ${err.code ?? err.message}`);
          e.userError = true;
          throw e;
        }
      } else {
        process.stdout.write(json);
      }
    });
}
