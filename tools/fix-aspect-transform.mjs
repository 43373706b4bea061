// @as-pect/transform 8.1.0 was compiled against AssemblyScript 0.27 and inlines that
// version's enum numbers (NodeKind.ClassDeclaration = 51, ...). AssemblyScript 0.28
// renumbered NodeKind, so the stock transform silently skips every class. This script
// copies the transform into tools/aspect-transform-028/lib and rewrites each inlined
// `N /* Enum.Member */` constant with the value of the installed compiler.
import { readdirSync, readFileSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(root, "package.json"));
let srcDir;
try {
  srcDir = join(dirname(require.resolve("@as-pect/transform/package.json")), "lib");
} catch {
  console.log("fix-aspect-transform: @as-pect/transform not installed, nothing to do");
  process.exit(0);
}
const as = await import("assemblyscript");
const outDir = join(root, "tools", "aspect-transform-028", "lib");
mkdirSync(outDir, { recursive: true });

let rewritten = 0;
for (const file of readdirSync(srcDir).filter((f) => f.endsWith(".js"))) {
  const text = readFileSync(join(srcDir, file), "utf8").replace(
    /(-?\d+) \/\* (\w+)\.(\w+) \*\//g,
    (whole, oldValue, enumName, member) => {
      const e = as[enumName];
      if (!e || !(member in e)) throw new Error(`fix-aspect-transform: ${enumName}.${member} not found in assemblyscript`);
      const value = e[member];
      if (String(value) !== oldValue) rewritten++;
      return `${value} /* ${enumName}.${member} */`;
    },
  );
  writeFileSync(join(outDir, file), text);
}
if (!existsSync(join(outDir, "index.js"))) throw new Error("fix-aspect-transform: no index.js produced");
console.log(`fix-aspect-transform: ${rewritten} enum constants updated for assemblyscript ${as.version ?? ""}`.trim());
