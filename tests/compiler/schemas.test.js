// The kind schemas stay convertible to Kubernetes structural schemas: every node has a type
// and a description, every object is closed, only local $refs, and no oneOf/anyOf/allOf.

import { test } from "node:test";
import assert from "node:assert/strict";
import { BUILTIN_KINDS } from "../../src/compiler/registry.js";
import { deref } from "../../src/compiler/schema-util.js";

// Shared building blocks are local `$ref`s into `$defs` (a CRD generator inlines them); the
// walk follows them, and checks that a use of a block still says what it means there.
function walk(root, node, path, visit) {
  if (node.$ref) {
    assert.match(node.$ref, /^#\/\$defs\/\w+$/, `${path}: only local $defs references`);
    assert.ok(node.description, `${path}: a $ref use has its own description`);
    node = deref(root, node);
    assert.ok(node, `${path}: $ref resolves`);
  }
  visit(node, path);
  for (const [k, sub] of Object.entries(node.properties ?? {})) walk(root, sub, `${path}.${k}`, visit);
  if (node.items) walk(root, node.items, `${path}[]`, visit);
  if (node.additionalProperties && typeof node.additionalProperties === "object") walk(root, node.additionalProperties, `${path}{}`, visit);
}

const ours = BUILTIN_KINDS.filter((k) => !k.external);

test("the kinds of this version are registered", () => {
  assert.deepEqual(ours.map((k) => k.kind).sort(), ["AccessControl", "AccessControlPolicy", "ContentSecurity", "ContentSecurityPolicy", "CustomResponse", "CustomResponsePolicy", "DenyRules", "GatewayParameters", "HeaderRewrites", "IdentityPropagation", "JWKS", "JWT", "Limits", "Parser", "SidecarGateway"]);
});

for (const k of ours) {
  test(`${k.kind}: structural-schema friendly`, () => {
    walk(k.schema, k.spec, "spec", (node, path) => {
      assert.ok(node.type, `${path} has a type`);
      assert.ok(typeof node.description === "string" && node.description.length > 0, `${path} has a description`);
      for (const banned of ["oneOf", "anyOf", "allOf", "not"]) assert.equal(node[banned], undefined, `${path} uses ${banned}`);
      // A map (no properties, a value schema: labels) is structural too; other objects are closed.
      const isMap = node.properties === undefined && typeof node.additionalProperties === "object";
      if (node.type === "object" && !isMap) assert.equal(node.additionalProperties, false, `${path} is closed`);
      for (const group of node["x-bulwark-one-of"] ?? []) {
        for (const f of group) assert.ok(node.properties[f], `${path}: one-of field ${f} exists`);
      }
      if (node.enum && "default" in node) assert.ok(node.enum.includes(node.default), `${path}: default is allowed`);
    });
  });
}
