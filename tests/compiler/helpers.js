// Test helpers: policy files in a fresh temp dir, compiled with cwd = that dir so problem
// messages carry short relative paths.

import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { compile } from "../../src/compiler/index.js";

/** @param {Record<string, string>} files relative path -> content */
export function tempTree(files) {
  const dir = mkdtempSync(path.join(tmpdir(), "bulwark-compiler-"));
  for (const [rel, text] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Compiles `files` (all of the temp dir unless `inputs` is given). */
export async function compileFiles(files, { inputs = ["."], kinds } = {}) {
  const { dir, cleanup } = tempTree(files);
  try {
    return await compile(inputs, { cwd: dir, kinds });
  } finally {
    cleanup();
  }
}

/** Compiles and expects a CompileError; returns it. */
export async function compileError(files, opts) {
  try {
    await compileFiles(files, opts);
  } catch (err) {
    if (err?.name !== "CompileError") throw err;
    return err;
  }
  throw new Error("expected compilation to fail, but it succeeded");
}

export const CSP = (name, ns, routes, secured = "  secured: {}\n") => `apiVersion: bulwark.dev/v1alpha1
kind: ContentSecurityPolicy
metadata: {name: ${name}, namespace: ${ns}}
spec:
  targetRefs:
${routes.map((r) => `  - {group: gateway.networking.k8s.io, kind: HTTPRoute, name: ${r}}`).join("\n")}
${secured}`;
