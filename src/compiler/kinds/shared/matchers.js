// Building blocks shared by the feature kinds: string matchers, request conditions and the
// threat handling mode. Field names and bounds mirror the Airlock v1alpha1 API.

import { object, string, boolean, array, enumeration, shared } from "../../schema-util.js";

const MATCHER_FIELDS = ["exact", "prefix", "suffix", "contains", "regex"];
export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "CONNECT", "OPTIONS", "TRACE"];

function matcherFields() {
  return {
    exact: string("Matches when the value equals this string.", { minLength: 1, maxLength: 1024 }),
    prefix: string("Matches when the value starts with this string.", { minLength: 1, maxLength: 1024 }),
    suffix: string("Matches when the value ends with this string.", { minLength: 1, maxLength: 1024 }),
    contains: string("Matches when the value contains this string.", { minLength: 1, maxLength: 1024 }),
    regex: string("RE2 regular expression the whole value must match; single-line unless it starts with (?s).", {
      minLength: 1, maxLength: 1024, format: "regex",
    }),
  };
}

/** StringMatcher: exactly one of exact/prefix/suffix/contains/regex, optionally case-insensitive. */
export function stringMatcher(description = "How to match the value: set exactly one of exact, prefix, suffix, contains, regex.") {
  return shared("StringMatcher", () => object("How to match a value: set exactly one of exact, prefix, suffix, contains, regex.", {
    ...matcherFields(),
    ignoreCase: boolean("Compare without regard to letter case.", false),
  }, { oneOf: [MATCHER_FIELDS] }), description);
}

/** Case-insensitive matcher (header names, media types): like StringMatcher, always case-insensitive. */
export function caseInsensitiveMatcher(description = "How to match, always case-insensitively: set exactly one of exact, prefix, suffix, contains, regex.") {
  return shared("CaseInsensitiveMatcher", () => object("How to match, always case-insensitively: set exactly one of exact, prefix, suffix, contains, regex.",
    matcherFields(), { oneOf: [MATCHER_FIELDS] }), description);
}

/** `{ matcher: ... }`, the wrapper every matched item uses. */
export function matched(description, matcher = stringMatcher()) {
  return object(description, { matcher }, { required: ["matcher"] });
}

export function threatHandlingMode(description = "Block the request, or only log what would have been blocked.", def = "Block") {
  return enumeration(description, ["Block", "LogOnly"], def);
}

/** RequestConditions: every sub-condition that is present must match (AND). */
export function requestConditions(description = "Conditions on the request; all that are set must match.") {
  return shared("RequestConditions", buildRequestConditions, description);
}

function buildRequestConditions() {
  return object("Conditions on the request; all that are set must match.", {
    path: matched("Condition on the request path.", stringMatcher()),
    method: array("The request method must be one of these.",
      enumeration("HTTP method.", HTTP_METHODS), { maxItems: 16, uniqueBy: true }),
    header: object("Condition on a request header: some header with a matching name (and value, if given) must exist.", {
      name: matched("Header name.", caseInsensitiveMatcher()),
      value: matched("Header value.", stringMatcher()),
    }, { required: ["name"] }),
    mediaType: matched("Condition on the media type of the Content-Type header.", caseInsensitiveMatcher()),
    remoteIP: object("Condition on the client IP address (after remote-IP extraction).", {
      cidrRanges: array("Client IP ranges (IPv4 or IPv6 CIDR).",
        { ...string("CIDR range such as 10.0.0.0/8 or 2001:db8::/32.", { minLength: 1, maxLength: 49 }), "x-bulwark-format": "cidr" },
        { minItems: 1, maxItems: 1024 }),
      invert: boolean("Match clients outside the ranges instead.", false),
    }, { required: ["cidrRanges"] }),
    invert: boolean("Invert the result of the whole condition block.", false),
  });
}

/** JSONPath addressing one property (`$.comment.body`); filter expressions are not supported. */
export function jsonPath(description) {
  return string(description, {
    minLength: 1, maxLength: 2048, pattern: "^\\$[^?]*$",
    expected: "a JSONPath starting with $ and without filter expressions (?...)",
  });
}
