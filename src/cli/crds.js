// `bulwark crds`: CustomResourceDefinitions for every kind the compiler supports, generated from
// the compiler's own schemas (src/crds/generate.js), for `kubectl apply -f` before the policies.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const collect = (value, previous) => [...previous, value];

export function register(program) {
  program
    .command("crds")
    .description("write CustomResourceDefinitions for the policy kinds (kubectl apply -f them before the policies)")
    .option("--out <dir>", "write one file per CRD into this directory instead of stdout")
    .option("--group <group>", "API group (repeatable): bulwark.dev (default) and/or microgateway.airlock.com", collect, [])
    .action(async (opts) => {
      const { generateCrds, crdYaml } = await import("../crds/generate.js");
      const { OUR_GROUPS } = await import("../compiler/registry.js");
      for (const g of opts.group) {
        if (!OUR_GROUPS.includes(g)) throw Object.assign(new Error(`--group: the compiler reads ${OUR_GROUPS.join(" and ")}, got "${g}"`), { userError: true });
      }
      const crds = generateCrds({ groups: opts.group });
      if (opts.out) {
        mkdirSync(opts.out, { recursive: true });
        for (const crd of crds) writeFileSync(path.join(opts.out, `${crd.metadata.name}.yaml`), crdYaml(crd));
        process.stderr.write(`wrote ${crds.length} CustomResourceDefinitions to ${opts.out}\n`);
      } else {
        process.stdout.write(crds.map(crdYaml).join("---\n"));
      }
    });
}
