// Every class of user error is reported with file, line, document, kind/name, field path and
// what was expected, and all problems of a run are reported together.

import { test } from "node:test";
import assert from "node:assert/strict";
import { compileError, compileFiles, CSP } from "./helpers.js";

const lines = (err) => err.message.split("\n").slice(1).map((l) => l.trim());
const hasLine = (err, expected) =>
  assert.ok(lines(err).includes(expected), `expected the line\n  ${expected}\nin\n${err.message}`);

test("YAML syntax errors name the file and line", async () => {
  const err = await compileError({ "bad.yaml": "apiVersion: bulwark.dev/v1alpha1\nkind: Parser\nmetadata: {name: [x,\n" });
  assert.ok(err.problems.length >= 1);
  for (const line of lines(err)) assert.match(line, /^bad\.yaml:3 \(document 1\): YAML syntax error: /);
  assert.equal(err.userError, true);
});

test("duplicate keys are a YAML error", async () => {
  const err = await compileError({ "dup.yaml": "apiVersion: bulwark.dev/v1alpha1\nkind: Parser\nkind: Limits\nmetadata: {name: p}\n" });
  assert.match(lines(err)[0], /^dup\.yaml:3 \(document 1\): YAML syntax error: Map keys must be unique/);
});

test("missing apiVersion, kind and metadata.name", async () => {
  const err = await compileError({
    "m.yaml": "kind: Parser\nmetadata:\n  namespace: x\n---\napiVersion: bulwark.dev/v1alpha1\nmetadata: {name: a}\n---\napiVersion: bulwark.dev/v1alpha1\nkind: Limits\n",
  });
  hasLine(err, "m.yaml:1 (document 1, Parser): apiVersion: is required");
  hasLine(err, "m.yaml:2 (document 1, Parser): metadata.name: is required");
  hasLine(err, "m.yaml:5 (document 2, default/a): kind: is required");
  hasLine(err, "m.yaml:8 (document 3, Limits): metadata: is required (with at least metadata.name)");
});

test("unknown kind in our groups suggests the closest and lists the supported kinds", async () => {
  const err = await compileError({ "k.yaml": "apiVersion: bulwark.dev/v1alpha1\nkind: DenyRule\nmetadata: {name: a, namespace: n}\n" });
  hasLine(err, 'k.yaml:2 (document 1, DenyRule n/a): kind: unknown kind "DenyRule" in bulwark.dev (did you mean "DenyRules"?); supported kinds: AccessControl, AccessControlPolicy, ContentSecurity, ContentSecurityPolicy, CustomResponse, CustomResponsePolicy, DenyRules, GatewayParameters, HeaderRewrites, IdentityPropagation, JWKS, JWT, Limits, Parser, SidecarGateway');
});

test("known but unsupported Airlock kind is an error listing the supported kinds", async () => {
  const err = await compileError({ "k.yaml": "apiVersion: microgateway.airlock.com/v1alpha1\nkind: OIDCProvider\nmetadata: {name: a, namespace: n}\n" });
  hasLine(err, "k.yaml:2 (document 1, OIDCProvider n/a): kind: OIDCProvider is not supported by this version of bulwark; supported kinds: AccessControl, AccessControlPolicy, ContentSecurity, ContentSecurityPolicy, CustomResponse, CustomResponsePolicy, DenyRules, GatewayParameters, HeaderRewrites, IdentityPropagation, JWKS, JWT, Limits, Parser, SidecarGateway");
});

test("unsupported version of our group", async () => {
  const err = await compileError({ "v.yaml": "apiVersion: bulwark.dev/v1\nkind: Parser\nmetadata: {name: a}\n" });
  hasLine(err, 'v.yaml:1 (document 1, Parser default/a): apiVersion: unsupported version "v1" of bulwark.dev; supported: bulwark.dev/v1alpha1, microgateway.airlock.com/v1alpha1');
});

test("unknown field with a did-you-mean suggestion, and without one", async () => {
  const err = await compileError({
    "u.yaml": CSP("c", "shop", ["r"], "  secured:\n    limitRef: {name: l}\n    zzz: 1\n"),
  });
  hasLine(err, 'u.yaml:8 (document 1, ContentSecurityPolicy shop/c): spec.secured.limitRef: unknown field "limitRef"; did you mean "limitsRef"?');
  hasLine(err, 'u.yaml:9 (document 1, ContentSecurityPolicy shop/c): spec.secured.zzz: unknown field "zzz" (expected one of: parserRef, limitsRef, headerRewritesRef, filter, apiProtectionRef, csrfProtectionRef, apiProtection)');
});

test("bad type, bad enum and out-of-range values", async () => {
  const err = await compileError({
    "policies/shop.yaml": `apiVersion: bulwark.dev/v1alpha1
kind: Parser
metadata: {name: p, namespace: shop}
---
apiVersion: bulwark.dev/v1alpha1
kind: DenyRules
metadata: {name: shop-deny, namespace: shop}
spec:
  request:
    builtIn:
      settings:
        level: Strcit
        threatHandlingMode: true
    custom:
      rules:
      - ruleKey: SEG
        blockData:
          pathSegment:
            value: {matcher: {exact: x}}
            segments: {index: -1}
`,
  });
  hasLine(err, 'policies/shop.yaml:12 (document 2, DenyRules shop/shop-deny): spec.request.builtIn.settings.level: must be one of Unfiltered, Basic, Standard, Strict, got "Strcit"; did you mean "Strict"?');
  hasLine(err, "policies/shop.yaml:13 (document 2, DenyRules shop/shop-deny): spec.request.builtIn.settings.threatHandlingMode: must be a string, got boolean true");
  hasLine(err, "policies/shop.yaml:20 (document 2, DenyRules shop/shop-deny): spec.request.custom.rules[0].blockData.pathSegment.segments.index: must be >= 0, got -1");
});

test("too many items is out of range", async () => {
  const routes = Array.from({ length: 17 }, (_, i) => `r${i}`);
  const err = await compileError({ "t.yaml": CSP("c", "shop", routes) });
  hasLine(err, "t.yaml:5 (document 1, ContentSecurityPolicy shop/c): spec.targetRefs: must have at most 16 items, got 17");
});

test("bad quantity", async () => {
  const err = await compileError({
    "l.yaml": "apiVersion: bulwark.dev/v1alpha1\nkind: Limits\nmetadata: {name: l, namespace: n}\nspec:\n  request:\n    limited:\n      general:\n        bodySize: 8KB\n        pathLength: 0.5\n",
  });
  hasLine(err, 'l.yaml:8 (document 1, Limits n/l): spec.request.limited.general.bodySize: must be a byte size: an integer or a quantity such as 8Ki, 100Mi, 1.5Gi, 64k, got "8KB"');
  hasLine(err, "l.yaml:9 (document 1, Limits n/l): spec.request.limited.general.pathLength: must be a byte size: an integer or a quantity such as 8Ki, 100Mi, 1.5Gi, 64k, got 0.5");
});

test("bad duration (through a kind with a duration field)", async () => {
  const { object, duration } = await import("../../src/compiler/schema-util.js");
  const timeouts = {
    kind: "TimeoutTest",
    description: "test kind",
    spec: object("spec", { idle: duration("idle timeout", "5m") }),
  };
  const err = await compileError(
    { "d.yaml": "apiVersion: bulwark.dev/v1alpha1\nkind: TimeoutTest\nmetadata: {name: t}\nspec:\n  idle: 5 minutes\n" },
    { kinds: [timeouts] },
  );
  hasLine(err, 'd.yaml:5 (document 1, TimeoutTest default/t): spec.idle: must be a duration such as 500ms, 60s, 5m or 1h30m, got "5 minutes"');
  const ok = await compileFiles(
    { "d.yaml": "apiVersion: bulwark.dev/v1alpha1\nkind: TimeoutTest\nmetadata: {name: t}\nspec:\n  idle: 1h30m\n---\napiVersion: bulwark.dev/v1alpha1\nkind: TimeoutTest\nmetadata: {name: u}\n" },
    { kinds: [timeouts] },
  );
  assert.equal(ok.documents[0].value.spec.idle, 5_400_000);
  assert.equal(ok.documents[1].value.spec.idle, 300_000, "default 5m applied and converted");
});

test("dangling reference, with a suggestion and across namespaces", async () => {
  const err = await compileError({
    "a.yaml": `${CSP("c", "shop", ["r"], "  secured:\n    parserRef: {name: shop-parsr}\n    filter:\n      denyRulesRef: {name: deny}\n")}---
apiVersion: bulwark.dev/v1alpha1
kind: Parser
metadata: {name: shop-parser, namespace: shop}
---
apiVersion: bulwark.dev/v1alpha1
kind: DenyRules
metadata: {name: deny, namespace: other}
`,
  });
  hasLine(err, 'a.yaml:8 (document 1, ContentSecurityPolicy shop/c): spec.secured.parserRef.name: Parser shop/shop-parsr not found among the inputs; did you mean "shop-parser"?');
  hasLine(err, "a.yaml:10 (document 1, ContentSecurityPolicy shop/c): spec.secured.filter.denyRulesRef.name: DenyRules shop/deny not found among the inputs (there is one in namespace other; references are resolved in the same namespace)");
});

test("duplicate names name both places", async () => {
  const doc = "apiVersion: bulwark.dev/v1alpha1\nkind: Limits\nmetadata:\n  name: lim\n  namespace: n\n";
  const err = await compileError({ "a/one.yaml": doc, "b/two.yaml": `# comment\n${doc}` });
  hasLine(err, "b/two.yaml:5 (document 1, Limits n/lim): metadata.name: duplicate Limits n/lim: also defined at a/one.yaml:4 (document 1)");
});

test("same name in another namespace or of another kind is not a duplicate", async () => {
  const r = await compileFiles({
    "x.yaml": "apiVersion: bulwark.dev/v1alpha1\nkind: Limits\nmetadata: {name: a, namespace: n1}\n---\napiVersion: bulwark.dev/v1alpha1\nkind: Limits\nmetadata: {name: a, namespace: n2}\n---\napiVersion: bulwark.dev/v1alpha1\nkind: Parser\nmetadata: {name: a, namespace: n1}\n",
  });
  assert.equal(r.documents.length, 3);
});

test("exactly-one-of violations: secured vs unsecured, StringMatcher", async () => {
  const err = await compileError({
    "o.yaml": `${CSP("c", "shop", ["r"], "  secured: {}\n  unsecured: {}\n")}---
apiVersion: bulwark.dev/v1alpha1
kind: DenyRules
metadata: {name: d, namespace: shop}
spec:
  request:
    custom:
      rules:
      - ruleKey: A
        blockData:
          path:
            matcher: {ignoreCase: true}
      - ruleKey: B
        blockData:
          path:
            matcher: {exact: /a, prefix: /b}
`,
  });
  hasLine(err, "o.yaml:4 (document 1, ContentSecurityPolicy shop/c): spec: must set exactly one of secured, unsecured, got secured, unsecured");
  hasLine(err, "o.yaml:20 (document 2, DenyRules shop/d): spec.request.custom.rules[0].blockData.path.matcher: must set exactly one of exact, prefix, suffix, contains, regex, got none");
  hasLine(err, "o.yaml:24 (document 2, DenyRules shop/d): spec.request.custom.rules[1].blockData.path.matcher: must set exactly one of exact, prefix, suffix, contains, regex, got exact, prefix");
});

test("two ContentSecurityPolicies targeting the same HTTPRoute", async () => {
  const err = await compileError({ "p.yaml": `${CSP("first", "shop", ["shop"])}---\n${CSP("second", "shop", ["other", "shop"])}` });
  hasLine(err, "p.yaml:15 (document 2, ContentSecurityPolicy shop/second): spec.targetRefs[1]: HTTPRoute shop/shop is already targeted by ContentSecurityPolicy shop/first at p.yaml:6 (document 1); a route can have only one ContentSecurityPolicy");
});

test("CIDR ranges are validated for IPv4 and IPv6", async () => {
  const err = await compileError({
    "c.yaml": `apiVersion: bulwark.dev/v1alpha1
kind: Limits
metadata: {name: l, namespace: n}
spec:
  request:
    limited:
      exceptions:
      - length: {json: {jsonPath: "$.a"}}
        requestConditions:
          remoteIP:
            cidrRanges:
            - 10.0.0.0/8
            - 2001:db8::/32
            - 10.1.0.0/8
            - 2001:db8::/129
            - 300.1.1.1
            - "::ffff:10.0.0.1"
`,
  });
  assert.equal(err.problems.length, 3, err.message);
  hasLine(err, 'c.yaml:14 (document 1, Limits n/l): spec.request.limited.exceptions[0].requestConditions.remoteIP.cidrRanges[2]: has address bits set beyond the /8 prefix, got "10.1.0.0/8" (did you mean a different prefix length or network address?)');
  hasLine(err, 'c.yaml:15 (document 1, Limits n/l): spec.request.limited.exceptions[0].requestConditions.remoteIP.cidrRanges[3]: prefix length must be 0..128, got "2001:db8::/129"');
  hasLine(err, 'c.yaml:16 (document 1, Limits n/l): spec.request.limited.exceptions[0].requestConditions.remoteIP.cidrRanges[4]: must be an IPv4 or IPv6 CIDR range such as 10.0.0.0/8 or 2001:db8::/32, got "300.1.1.1"');
});

test("unsupported regex constructs are rejected", async () => {
  const err = await compileError({
    "r.yaml": `apiVersion: bulwark.dev/v1alpha1
kind: Parser
metadata: {name: p, namespace: n}
spec:
  request:
    parsers:
      json: {mediaTypePattern: "(json)\\\\1"}
      form: {mediaTypePattern: "(?!x).*"}
`,
  });
  hasLine(err, "r.yaml:7 (document 1, Parser n/p): spec.request.parsers.json.mediaTypePattern: invalid regular expression: backreference \\1 is not supported (RE2 syntax has no backreferences) at offset 6");
  hasLine(err, "r.yaml:8 (document 1, Parser n/p): spec.request.parsers.form.mediaTypePattern: invalid regular expression: lookahead (?! is not supported (RE2 syntax has no lookaround) at offset 0");
});

test("every problem of a run is reported at once, in file and line order", async () => {
  const err = await compileError({
    "1.yaml": "apiVersion: bulwark.dev/v1alpha1\nkind: Parser\nmetadata: {name: p}\nspec: {bogus: 1}\n",
    "2.yaml": "apiVersion: bulwark.dev/v1alpha1\nkind: Limits\nmetadata: {name: l}\nspec:\n  settings: {threatHandlingMode: Nope}\n  extra: 1\n",
  });
  assert.deepEqual(err.problems.map((p) => `${p.file}:${p.line}`), ["1.yaml:4", "2.yaml:5", "2.yaml:6"]);
  assert.match(err.message, /^policy compilation failed with 3 problems:/);
  assert.deepEqual(Object.keys(err.problems[1]).sort(), ["document", "file", "kind", "line", "message", "name", "path"]);
});

test("a missing input is reported", async () => {
  const err = await compileError({ "a.yaml": "" }, { inputs: ["nope.yaml"] });
  hasLine(err, "nope.yaml: no such file or directory");
});

test("documents that are not mappings are rejected", async () => {
  const err = await compileError({ "l.yaml": "- a\n- b\n" });
  hasLine(err, "l.yaml:1 (document 1): a document must be a mapping with apiVersion, kind and metadata, got a list");
});

test("Secret problems never echo values", async () => {
  const err = await compileError({ "s.yaml": "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata:\n  key: 'hunter2 not base64!'\n" });
  assert.doesNotMatch(err.message, /hunter2/);
  hasLine(err, "s.yaml:5 (document 1, Secret default/s): data.key: must be base64");
});

test("an empty YAML value where an object is expected gets a hint", async () => {
  const err = await compileError({ "n.yaml": CSP("c", "shop", ["r"], "  unsecured:\n") });
  hasLine(err, "n.yaml:7 (document 1, ContentSecurityPolicy shop/c): spec.unsecured: must be an object (mapping), got null (write {} for an empty object)");
});

test("items of a v1 List (kubectl get -o yaml) are compiled, with their own lines", async () => {
  const err = await compileError({
    "list.yaml": `apiVersion: v1
kind: List
items:
- apiVersion: bulwark.dev/v1alpha1
  kind: Parser
  metadata: {name: ok, namespace: n}
- apiVersion: bulwark.dev/v1alpha1
  kind: Limits
  metadata: {name: l, namespace: n}
  spec:
    settings: {threatHandlingMode: Blok}
`,
  });
  assert.equal(err.problems.length, 1);
  hasLine(err, 'list.yaml:11 (document 1, Limits n/l): spec.settings.threatHandlingMode: must be one of Block, LogOnly, got "Blok"; did you mean "Block"?');
});

test("at-least-one-of and at-most-one-of", async () => {
  const err = await compileError({
    "d.yaml": `apiVersion: bulwark.dev/v1alpha1
kind: DenyRules
metadata: {name: d, namespace: n}
spec:
  request:
    builtIn:
      exceptions:
      - ruleKeys: [SQL]
      - blockedData:
          json:
            jsonPath: $.a
            key: {matcher: {exact: k}}
            value: {matcher: {exact: v}}
`,
  });
  hasLine(err, "d.yaml:8 (document 1, DenyRules n/d): spec.request.builtIn.exceptions[0]: must set at least one of blockedData, requestConditions");
  hasLine(err, "d.yaml:10 (document 1, DenyRules n/d): spec.request.builtIn.exceptions[1].blockedData.json: must set at most one of key, value, got key, value");
});

test("header values must use well-formed command operators; header names must be tokens", async () => {
  const hr = (name, value) => `apiVersion: bulwark.dev/v1alpha1
kind: HeaderRewrites
metadata: {name: h, namespace: n}
spec:
  request:
    add:
      custom:
      - name: r
        headers: [{name: "${name}", value: "${value}"}]
`;
  const ok = await compileFiles({ "h.yaml": hr("X-Id", "%REQ(x-b3-traceid)% 100%% %STREAM_ID%") });
  assert.equal(ok.documents[0].value.spec.request.add.custom[0].mode, "AddIfAbsent");
  const err = await compileError({ "h.yaml": hr("X Id", "50% off") });
  hasLine(err, 'h.yaml:9 (document 1, HeaderRewrites n/h): spec.request.add.custom[0].headers[0].name: must be an HTTP header name (token characters only), got "X Id"');
  hasLine(err, 'h.yaml:9 (document 1, HeaderRewrites n/h): spec.request.add.custom[0].headers[0].value: must be a header value whose % signs form command operators (%NAME% or %NAME(arg)%) or are doubled (%%), got "50% off"');
});

test("HTTPRoute path values must be usable as prefixes", async () => {
  const err = await compileError({
    "r.yaml": "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r, namespace: n}\nspec:\n  rules:\n  - matches:\n    - path: {type: PathPrefix, value: /a?b=1}\n    - path: {type: Exact, value: relative}\n    - path: {type: RegularExpression, value: \"^/x?\"}\n",
  });
  assert.equal(err.problems.length, 2, err.message);
  hasLine(err, 'r.yaml:7 (document 1, HTTPRoute n/r): spec.rules[0].matches[0].path.value: must be an absolute path starting with / and without ? or # for type PathPrefix, got "/a?b=1"');
  hasLine(err, 'r.yaml:8 (document 1, HTTPRoute n/r): spec.rules[0].matches[1].path.value: must be an absolute path starting with / and without ? or # for type Exact, got "relative"');
});
