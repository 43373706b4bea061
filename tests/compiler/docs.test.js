// docs/compiler.md embeds the field reference generated from the schemas; it must not drift.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { allReferences } from "../../src/compiler/reference.js";

test("docs/compiler.md field reference matches the schemas", () => {
  const doc = readFileSync(new URL("../../docs/compiler.md", import.meta.url), "utf8");
  const m = /<!-- BEGIN GENERATED FIELD REFERENCE -->\n([\s\S]*)<!-- END GENERATED FIELD REFERENCE -->/.exec(doc);
  assert.ok(m, "markers present");
  assert.equal(m[1].trim(), allReferences().trim(),
    "regenerate: node --input-type=module -e 'import {updateDocs} from \"./src/compiler/reference.js\"; updateDocs()'");
});
