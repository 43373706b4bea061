// HeaderRewrites: allow-listing, removal and addition of request and response headers.
// Per direction the order is: keep only allowed headers, remove, then add. Airlock reference §7.

import { object, array, boolean, string, enumeration, marker } from "../schema-util.js";
import { requestConditions, matched, caseInsensitiveMatcher } from "./shared/matchers.js";
import { operatorProblem } from "../operators.js";

// A header value may use Envoy command operators (%REQ(x)%); a literal % is written %%.
const HEADER_VALUE_PATTERN = "^[^%]*(%([A-Z][A-Z_]*(\\([^()\\s\"]+\\)(:\\d+)?)?)?%[^%]*)*$";
const HEADER_NAME_PATTERN = "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$";

const headerMatchRules = (description) => array(description, object("A named rule.", {
  name: string("Name of the rule, shown in logs.", { minLength: 1, maxLength: 256 }),
  headers: array("Headers this rule matches.", object("A header; the value matcher is optional.", {
    name: matched("Header name.", caseInsensitiveMatcher()),
    value: matched("Header value."),
  }, { required: ["name"] }), { minItems: 1, maxItems: 64 }),
  requestConditions: requestConditions("The rule only applies to requests matching these conditions."),
}, { required: ["name", "headers"] }), { minItems: 1, maxItems: 128, uniqueBy: ["name"] });

const addRules = (description) => array(description, object("A named add rule.", {
  name: string("Name of the rule, shown in logs.", { minLength: 1, maxLength: 256 }),
  headers: array("Headers to add.", object("A header to add.", {
    name: string("Header name.", { minLength: 1, maxLength: 512, pattern: HEADER_NAME_PATTERN, expected: "an HTTP header name (token characters only)" }),
    value: string("Header value; may contain Envoy command operators such as %REQ(x)%, write a literal % as %%.", {
      maxLength: 8192, pattern: HEADER_VALUE_PATTERN,
      expected: "a header value whose % signs form command operators (%NAME% or %NAME(arg)%) or are doubled (%%)",
    }),
  }, { required: ["name", "value"] }), { minItems: 1, maxItems: 64 }),
  mode: enumeration("AddIfAbsent keeps an existing header; OverwriteOrAdd replaces it.", ["AddIfAbsent", "OverwriteOrAdd"], "AddIfAbsent"),
  requestConditions: requestConditions("The rule only applies to requests matching these conditions."),
}, { required: ["name", "headers"] }), { minItems: 1, maxItems: 128, uniqueBy: ["name"] });

const allow = (description, defaultChoice, builtInDefaults) => object(description, {
  allHeaders: marker("Keep every header (no allow-list)."),
  matchingHeaders: object("Keep only the headers on the built-in and custom allow-lists.", {
    builtIn: object("Built-in allow-lists.", builtInDefaults, { default: {} }),
    custom: headerMatchRules("Additional allowed headers."),
  }),
}, { oneOf: [["allHeaders", "matchingHeaders"]], defaultChoice, default: {} });

const spec = object("Header rewriting for requests and responses.", {
  settings: object("General settings.", {
    operationalMode: enumeration("Integration logs every rewrite in the access log; Production does not.", ["Production", "Integration"], "Production"),
  }, { default: {} }),
  request: object("Rewrites of request headers (towards the upstream).", {
    allow: allow("Request header allow-list: matchingHeaders (the default) or allHeaders.", "matchingHeaders", {
      standardHeaders: boolean("Keep common standard request headers (Accept, Cookie, ...).", true),
      tracingHeaders: boolean("Keep tracing headers (traceparent, B3, ...).", false),
    }),
    remove: object("Request headers to remove.", {
      builtIn: object("Built-in remove lists.", {
        alternativeForwardedHeaders: boolean("Remove alternative forwarding headers (X-Real-IP, True-Client-IP, ...) that could spoof the client address.", true),
      }, { default: {} }),
      custom: headerMatchRules("Additional headers to remove."),
    }, { default: {} }),
    add: object("Request headers to add.", {
      custom: addRules("Headers to add."),
    }, { default: {} }),
  }, { default: {} }),
  response: object("Rewrites of response headers (towards the client).", {
    allow: allow("Response header allow-list: allHeaders (the default) or matchingHeaders.", "allHeaders", {
      standardHeaders: boolean("Keep common standard response headers.", false),
    }),
    remove: object("Response headers to remove.", {
      builtIn: object("Built-in remove lists.", {
        informationLeakage: object("Headers that reveal software and versions.", {
          server: boolean("Remove server-identifying headers (Server, X-Powered-By, ...).", true),
          application: boolean("Remove framework-identifying headers (X-AspNet-Version, X-Generator, ...).", true),
        }, { default: {} }),
        auth: object("Authentication challenges.", {
          basic: boolean("Remove Basic authentication challenges.", false),
          ntlm: boolean("Remove NTLM challenges.", true),
          negotiate: boolean("Remove Negotiate challenges.", true),
        }, { default: {} }),
        permissiveCors: boolean("Remove CORS headers that allow any origin.", true),
      }, { default: {} }),
      custom: headerMatchRules("Additional headers to remove."),
    }, { default: {} }),
    add: object("Response headers to add.", {
      builtIn: object("Built-in security headers, each added only if the upstream did not set it.", {
        hsts: boolean("Strict-Transport-Security.", true),
        hstsPreload: boolean("Add includeSubDomains and preload to Strict-Transport-Security.", false),
        xFrameOptions: boolean("X-Frame-Options: SAMEORIGIN.", true),
        xContentTypeOptions: boolean("X-Content-Type-Options: nosniff.", true),
        referrerPolicy: boolean("A Referrer-Policy that hides cross-origin referrers.", true),
        permissionsPolicy: boolean("A restrictive Permissions-Policy.", true),
        featurePolicy: boolean("The deprecated Feature-Policy header.", false),
        csp: boolean("A same-origin Content-Security-Policy (images exempt).", false),
      }, { default: {} }),
      custom: addRules("Headers to add."),
    }, { default: {} }),
  }, { default: {} }),
});

export default {
  kind: "HeaderRewrites",
  feature: "headerRewrites",
  description: "Request and response header allow-lists, removal and addition.",
  spec,
  /** Command operators the filter cannot render, and headers it must not set, are errors here. */
  resolve(doc, ctx) {
    for (const direction of ["request", "response"]) {
      (doc.value.spec?.[direction]?.add?.custom ?? []).forEach((rule, i) => rule.headers.forEach((h, k) => {
        const at = ["spec", direction, "add", "custom", i, "headers", k];
        const p = operatorProblem(h.value, { response: direction === "response" });
        if (p) ctx.problem(doc, [...at, "value"], p);
        if (/^(content-length|transfer-encoding|host)$/i.test(h.name)) ctx.problem(doc, [...at, "name"], `"${h.name}" cannot be added: Envoy frames and routes the message with it`);
      }));
    }
  },
};
