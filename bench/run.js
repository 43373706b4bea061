// `npm run bench`: every benchmark of the project, one table. Release build only.
// Each module exports `run()` returning rows {name, value, unit}.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const suites = [
  ["lifecycle", "./lifecycle.js"],
  ["regex", "./regex.js"],
  ["parsing", "./parsing.js"],
  ["deny-rules", "./deny-rules.js"],
  ["values", "./values.js"],
  ["raw-body", "./raw-body.js"],
  ["headers", "./headers.js"],
  ["crypto-rsa", "./crypto-rsa.js"],
  ["crypto-ec", "./crypto-ec.js"],
  ["jwt", "./jwt.js"],
  ["startup and memory", "./startup.js"],
];
// `npm run bench -- --compare`: our filter next to libddwaf (bench/compare.js), on its own.
const compare = process.argv.includes("--compare");
if (compare) suites.splice(0, suites.length, ["compare", "./compare.js"]);

const only = process.argv.slice(2).filter((a) => !a.startsWith("-"));
for (const [name, file] of suites) {
  if (only.length && !only.includes(name)) continue;
  if (!existsSync(fileURLToPath(new URL(file, import.meta.url)))) continue;
  const mod = await import(file);
  console.log(`\n== ${name}`);
  for (const r of await mod.run()) {
    const v = typeof r.value === "number" ? (Number.isInteger(r.value) ? String(r.value) : r.value.toFixed(2)) : String(r.value);
    console.log(`${r.name.padEnd(64)} ${v.padStart(12)} ${r.unit}`);
  }
}
