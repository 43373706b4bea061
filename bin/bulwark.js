#!/usr/bin/env node
// The `bulwark` command line. Each subcommand lives in src/cli/<name>.js and exports
// `register(program)`, so this file only wires them together.
import { Command } from "commander";
import { readFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const program = new Command()
  .name("bulwark")
  .description(pkg.description)
  .version(pkg.version)
  .showHelpAfterError()
  .configureOutput({ outputError: (str, write) => write(str) });

for (const name of ["compile", "serve", "demo", "manifests", "replay", "crds", "package"]) {
  const mod = await import(`../src/cli/${name}.js`);
  mod.register(program);
}

try {
  await program.parseAsync(process.argv);
} catch (err) {
  // Expected user errors (bad policy, bad flag) carry `userError`; print them without a stack.
  if (err && err.userError) {
    process.stderr.write(`bulwark: ${err.message}\n`);
    process.exit(err.exitCode ?? 1);
  }
  throw err;
}
