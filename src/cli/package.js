// `bulwark package`: the filter module as an OCI image layout (src/oci/layout.js) that
// `skopeo copy oci:DIR:TAG docker://REGISTRY/REPO:TAG` or `oras cp --from-oci-layout` pushes
// unchanged. Prints the manifest digest, which `bulwark manifests --digest` pins.
import { readFileSync } from "node:fs";

export function register(program) {
  program
    .command("package")
    .description("write build/bulwark.wasm as an OCI image layout (Istio / Envoy Gateway Wasm image) and print its digest")
    .option("--out <dir>", "layout directory", "build/oci")
    .option("--wasm <file>", "the module", "build/bulwark.wasm")
    .option("--tag <tag>", "tag recorded in index.json (org.opencontainers.image.ref.name)", "latest")
    .action(async (opts) => {
      let wasm;
      try {
        wasm = readFileSync(opts.wasm);
      } catch (err) {
        throw Object.assign(new Error(`cannot read ${opts.wasm} (${err.code ?? err.message}): run \`npm run build\` first`), { userError: true });
      }
      if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(opts.tag)) throw Object.assign(new Error(`--tag: not an OCI tag: "${opts.tag}"`), { userError: true });
      const { writeLayout } = await import("../oci/layout.js");
      // No version annotation: the manifest (and so the digest) depends on the module bytes only,
      // which lets `bulwark manifests` compute the same digest from the module.
      const image = writeLayout(opts.out, wasm, { tag: opts.tag });
      process.stderr.write(`wrote OCI layout ${opts.out} (${wasm.length} byte module, layer ${image.layerDigest})\n` +
        `push: skopeo copy oci:${opts.out}:${opts.tag} docker://REGISTRY/REPOSITORY:${opts.tag}\n`);
      process.stdout.write(`${image.digest}\n`);
    });
}
