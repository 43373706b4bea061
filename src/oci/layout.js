// The filter module as an OCI image layout (https://github.com/opencontainers/image-spec,
// image-layout.md) in the "compat" variant of the Wasm image format that Istio's and Envoy
// Gateway's image fetchers read: an ordinary single-layer image whose layer is a gzip'd tar
// holding one file, `plugin.wasm`. Output is deterministic (fixed timestamps, owner and mode,
// gzip without a name or time), so the digest depends on the module bytes only and
// `bulwark manifests` can pin it without a registry round trip.
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

export const MEDIA_TYPES = {
  index: "application/vnd.oci.image.index.v1+json",
  manifest: "application/vnd.oci.image.manifest.v1+json",
  config: "application/vnd.oci.image.config.v1+json",
  layer: "application/vnd.oci.image.layer.v1.tar+gzip",
};
/** Manifest annotation the Wasm image fetchers use to tell the compat variant from the oci one. */
export const VARIANT_ANNOTATION = { "module.wasm.image/variant": "compat" };
export const LAYER_FILE = "plugin.wasm";

const sha256 = (buf) => createHash("sha256").update(buf).digest("hex");

/** A ustar archive with one regular file (mode 0444, uid/gid 0, mtime 0). */
export function tarOneFile(name, data) {
  const header = Buffer.alloc(512, 0);
  const put = (text, offset, length) => header.write(text, offset, length, "ascii");
  const octal = (n, width) => n.toString(8).padStart(width - 1, "0") + "\0";
  put(name, 0, 100);
  put(octal(0o444, 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(octal(data.length, 12), 124, 12);
  put(octal(0, 12), 136, 12);
  put("        ", 148, 8); // checksum is computed with its own field as spaces
  put("0", 156, 1);
  put("ustar\0", 257, 6);
  put("00", 263, 2);
  let sum = 0;
  for (const b of header) sum += b;
  put(octal(sum, 7) + " ", 148, 8);
  const pad = Buffer.alloc((512 - (data.length % 512)) % 512, 0);
  return Buffer.concat([header, data, pad, Buffer.alloc(1024, 0)]);
}

/**
 * Builds the layout's blobs in memory.
 * @param {Buffer} wasm the module
 * @param {{ tag?: string, created?: string, version?: string }} [opts]
 * @returns {{ digest: string, blobs: Map<string, Buffer>, index: object, manifest: object, config: object, layerDigest: string, diffId: string }}
 */
export function buildImage(wasm, opts = {}) {
  const { tag = "latest", created = "1970-01-01T00:00:00Z", version } = opts;
  if (!Buffer.isBuffer(wasm) || wasm.length < 8 || wasm.readUInt32BE(0) !== 0x0061736d) {
    throw Object.assign(new Error("not a WebAssembly module (no \\0asm header)"), { userError: true });
  }
  const tar = tarOneFile(LAYER_FILE, wasm);
  // level 9, no header name/mtime (Node writes mtime 0 and OS 3): same bytes on every machine.
  const layer = gzipSync(tar, { level: 9 });
  const diffId = `sha256:${sha256(tar)}`;
  const config = {
    created,
    architecture: "wasm",
    os: "wasip1",
    config: {},
    rootfs: { type: "layers", diff_ids: [diffId] },
    history: [{ created, created_by: "bulwark package" }],
  };
  const configBytes = Buffer.from(JSON.stringify(config));
  const manifest = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.manifest,
    config: { mediaType: MEDIA_TYPES.config, digest: `sha256:${sha256(configBytes)}`, size: configBytes.length },
    layers: [{
      mediaType: MEDIA_TYPES.layer, digest: `sha256:${sha256(layer)}`, size: layer.length,
      annotations: { "org.opencontainers.image.title": LAYER_FILE },
    }],
    annotations: { ...VARIANT_ANNOTATION, ...(version ? { "org.opencontainers.image.version": version } : {}) },
  };
  const manifestBytes = Buffer.from(JSON.stringify(manifest));
  const digest = `sha256:${sha256(manifestBytes)}`;
  const index = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.index,
    manifests: [{ mediaType: MEDIA_TYPES.manifest, digest, size: manifestBytes.length, annotations: { "org.opencontainers.image.ref.name": tag } }],
  };
  const blobs = new Map([
    [manifest.layers[0].digest, layer],
    [manifest.config.digest, configBytes],
    [digest, manifestBytes],
  ]);
  return { digest, blobs, index, manifest, config, layerDigest: manifest.layers[0].digest, diffId };
}

/**
 * Writes the layout to `dir` (created if needed): oci-layout, index.json, blobs/sha256/*.
 * @returns {ReturnType<typeof buildImage>}
 */
export function writeLayout(dir, wasm, opts = {}) {
  const image = buildImage(wasm, opts);
  mkdirSync(path.join(dir, "blobs", "sha256"), { recursive: true });
  writeFileSync(path.join(dir, "oci-layout"), JSON.stringify({ imageLayoutVersion: "1.0.0" }));
  writeFileSync(path.join(dir, "index.json"), JSON.stringify(image.index));
  for (const [digest, bytes] of image.blobs) writeFileSync(path.join(dir, "blobs", "sha256", digest.slice("sha256:".length)), bytes);
  return image;
}
