// `bulwark package`: an OCI image layout with one layer holding plugin.wasm, in the compat
// variant of the Wasm image format that Istio and Envoy Gateway pull. Checks the layout files,
// every digest and size, the tar inside the layer (with the system tar too), determinism, and,
// where skopeo is installed, that skopeo reads the layout.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { mkdtempSync, readFileSync, readdirSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { buildImage, writeLayout, tarOneFile, MEDIA_TYPES } from "../../src/oci/layout.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const sha = (b) => `sha256:${createHash("sha256").update(b).digest("hex")}`;
// A small valid module: magic, version, and a custom section with some bytes.
const MODULE = Buffer.concat([Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0, 5, 1, 0x78, 1, 2, 3]), Buffer.alloc(700, 7)]);

test("the layout: oci-layout, index.json, manifest, config and one plugin.wasm layer, digests and sizes match", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "bulwark-oci-"));
  try {
    const image = writeLayout(dir, MODULE, { tag: "v1" });
    assert.deepEqual(JSON.parse(readFileSync(path.join(dir, "oci-layout"), "utf8")), { imageLayoutVersion: "1.0.0" });
    const index = JSON.parse(readFileSync(path.join(dir, "index.json"), "utf8"));
    assert.equal(index.schemaVersion, 2);
    assert.equal(index.manifests.length, 1);
    const md = index.manifests[0];
    assert.equal(md.mediaType, MEDIA_TYPES.manifest);
    assert.equal(md.annotations["org.opencontainers.image.ref.name"], "v1");
    const blob = (digest) => readFileSync(path.join(dir, "blobs", "sha256", digest.slice(7)));
    const manifestBytes = blob(md.digest);
    assert.equal(sha(manifestBytes), md.digest);
    assert.equal(manifestBytes.length, md.size);
    assert.equal(md.digest, image.digest, "the printed digest is the manifest's");
    const manifest = JSON.parse(manifestBytes);
    assert.equal(manifest.mediaType, MEDIA_TYPES.manifest);
    assert.equal(manifest.annotations["module.wasm.image/variant"], "compat");
    assert.equal(manifest.layers.length, 1, "exactly one layer");
    for (const d of [manifest.config, ...manifest.layers]) {
      const b = blob(d.digest);
      assert.equal(sha(b), d.digest);
      assert.equal(b.length, d.size);
    }
    assert.equal(manifest.config.mediaType, MEDIA_TYPES.config);
    assert.equal(manifest.layers[0].mediaType, "application/vnd.oci.image.layer.v1.tar+gzip");
    const config = JSON.parse(blob(manifest.config.digest));
    const tar = gunzipSync(blob(manifest.layers[0].digest));
    assert.deepEqual(config.rootfs, { type: "layers", diff_ids: [sha(tar)] }, "diff_id is the digest of the uncompressed tar");
    // The tar holds one regular file plugin.wasm with the module bytes.
    assert.equal(tar.subarray(0, 11).toString(), "plugin.wasm");
    assert.equal(String.fromCharCode(tar[156]), "0");
    const size = parseInt(tar.subarray(124, 135).toString(), 8);
    assert.equal(size, MODULE.length);
    assert.deepEqual(tar.subarray(512, 512 + size), MODULE);
    assert.equal(readdirSync(path.join(dir, "blobs", "sha256")).length, 3, "no stray blobs");
    // The system tar agrees.
    const listed = spawnSync("tar", ["-tzvf", path.join(dir, "blobs", "sha256", manifest.layers[0].digest.slice(7))], { encoding: "utf8" });
    if (!listed.error) {
      assert.equal(listed.status, 0, listed.stderr);
      assert.match(listed.stdout.trim(), new RegExp(`^-r--r--r-- 0/0\\s+${MODULE.length} 1970-01-01 00:00 plugin\\.wasm$`));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("packaging is deterministic and the digest follows the module bytes", () => {
  assert.equal(buildImage(MODULE).digest, buildImage(Buffer.from(MODULE)).digest);
  const changed = Buffer.from(MODULE);
  changed[changed.length - 1] ^= 1;
  assert.notEqual(buildImage(changed).digest, buildImage(MODULE).digest);
  assert.throws(() => buildImage(Buffer.from("not wasm at all")), /not a WebAssembly module/);
});

test("the ustar header checksum is correct", () => {
  const tar = tarOneFile("plugin.wasm", Buffer.from("x"));
  const header = Buffer.from(tar.subarray(0, 512));
  const stored = parseInt(header.subarray(148, 154).toString(), 8);
  header.fill(0x20, 148, 156);
  assert.equal(header.reduce((a, b) => a + b, 0), stored);
  assert.equal(tar.length % 512, 0);
});

const skopeo = spawnSync("skopeo", ["--version"], { encoding: "utf8" });
test("skopeo reads the layout written by `bulwark package`", { skip: skopeo.error ? "skopeo not installed (apt-get install skopeo)" : false }, () => {
  assert.ok(existsSync(`${root}/build/bulwark.wasm`), "run `npm run build` first");
  const dir = mkdtempSync(path.join(tmpdir(), "bulwark-oci-cli-"));
  try {
    const out = path.join(dir, "layout");
    const r = spawnSync(process.execPath, ["bin/bulwark.js", "package", "--out", out, "--tag", "t1"], { cwd: root, encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    const digest = r.stdout.trim();
    assert.match(digest, /^sha256:[a-f0-9]{64}$/);
    const inspect = spawnSync("skopeo", ["inspect", `oci:${out}:t1`], { encoding: "utf8" });
    assert.equal(inspect.status, 0, inspect.stderr);
    const info = JSON.parse(inspect.stdout);
    assert.equal(info.Digest, digest);
    assert.equal(info.Layers.length, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
