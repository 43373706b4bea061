// DenyRules: the negative security model. Built-in rule groups (by rule key) at a level,
// per-group overrides, exceptions for known false positives, and custom block rules.
// Airlock reference §4.

import { object, array, enumeration, integer, string } from "../schema-util.js";
import { requestConditions, threatHandlingMode, matched, stringMatcher, caseInsensitiveMatcher, jsonPath } from "./shared/matchers.js";

export const RULE_KEYS = ["BOT", "ENCODING", "EXPLOIT", "HPP", "HTML", "IDOR", "LDAP", "NOSQL", "OGNL", "PHP",
  "PROTOCOL", "SANITY", "SCANNING", "SQL", "SSRF", "TEMPLATE", "UNIXCMD", "WINCMD", "XSS"];
export const LEVELS = ["Unfiltered", "Basic", "Standard", "Strict"];
const TYPES = ["Header", "Parameter", "Path", "PathSegment", "JSON", "GraphQL"];

const ruleKeys = (description) => array(description, enumeration("Built-in rule key.", RULE_KEYS),
  { minItems: 1, maxItems: 32, uniqueBy: true });
const level = (def) => enumeration("How aggressive the built-in rules are: Unfiltered (off), Basic (few false positives), Standard, Strict (most coverage).", LEVELS, def);

const segments = () => object("Which path segments.", {
  index: integer("0-based index of the segment.", { minimum: 0, maximum: 1023 }),
}, { required: ["index"] });

const graphQL = (description) => object(description, {
  field: matched("GraphQL field name."),
  argument: matched("GraphQL argument name."),
  value: matched("GraphQL value."),
}, { atLeastOneOf: [["field", "argument", "value"]] });

const DATA_KINDS = [["parameter", "header", "path", "pathSegment", "json", "graphQL"]];

const blockedData = object("The data item that triggered the rule: set exactly one of parameter, header, path, pathSegment, json, graphQL.", {
  parameter: object("A query or form parameter.", {
    name: matched("Parameter name."),
    value: matched("Parameter value."),
    source: enumeration("Where the parameter comes from.", ["Query", "Post", "Any"], "Any"),
  }, { atLeastOneOf: [["name", "value"]] }),
  header: object("A request header.", {
    name: matched("Header name.", caseInsensitiveMatcher()),
    value: matched("Header value."),
  }, { atLeastOneOf: [["name", "value"]] }),
  path: matched("The request path."),
  pathSegment: object("A path segment.", {
    value: matched("Segment value."),
    segments: segments(),
  }, { atLeastOneOf: [["value", "segments"]] }),
  json: object("A JSON property.", {
    jsonPath: jsonPath("JSONPath of the property, e.g. $.comment.body (no filter expressions)."),
    key: matched("Property key."),
    value: matched("Property value."),
  }, { required: ["jsonPath"], atMostOneOf: [["key", "value"]] }),
  graphQL: graphQL("A GraphQL field, argument or value; set at least one matcher."),
}, { oneOf: DATA_KINDS });

const blockData = object("The data item that blocks the request: set exactly one of parameter, header, path, pathSegment, json, graphQL.", {
  parameter: object("A query or form parameter.", {
    name: matched("Parameter name."),
    value: matched("Parameter value."),
  }, { atLeastOneOf: [["name", "value"]] }),
  header: object("A request header.", {
    name: matched("Header name.", caseInsensitiveMatcher()),
    value: matched("Header value."),
  }, { atLeastOneOf: [["name", "value"]] }),
  path: matched("The request path."),
  pathSegment: object("A path segment; without segments.index every segment is checked.", {
    value: matched("Segment value."),
    segments: segments(),
  }, { required: ["value"] }),
  json: object("A JSON property anywhere in the body.", {
    key: matched("Property key."),
    value: matched("Property value."),
  }, { atLeastOneOf: [["key", "value"]] }),
  graphQL: graphQL("A GraphQL field, argument or value; set at least one matcher."),
}, { oneOf: DATA_KINDS });

const spec = object("Deny rules for requests.", {
  request: object("Deny rules applied to requests.", {
    builtIn: object("The built-in rules.", {
      settings: object("Level and mode for all built-in rules.", {
        level: level("Standard"),
        threatHandlingMode: threatHandlingMode(),
      }, { default: {} }),
      overrides: array("Different settings for some rule keys or data types; later entries win.", object("An override.", {
        conditions: object("Which rules the override applies to.", {
          ruleKeys: ruleKeys("Rule keys the override applies to."),
          types: array("Data types the override applies to; without ruleKeys it applies to every rule for these types.",
            enumeration("Data type.", TYPES), { maxItems: 8, uniqueBy: true }),
        }, { atLeastOneOf: [["ruleKeys", "types"]] }),
        settings: object("The settings that replace the defaults; set at least one.", {
          level: level(),
          threatHandlingMode: enumeration("Block the request, or only log.", ["Block", "LogOnly"]),
        }, { atLeastOneOf: [["level", "threatHandlingMode"]] }),
      }, { required: ["conditions", "settings"] }), { maxItems: 128 }),
      exceptions: array("Known false positives: a match covered by an exception does not block.", object("An exception; set blockedData, requestConditions or both.", {
        ruleKeys: ruleKeys("Rule keys the exception applies to (all when omitted)."),
        blockedData,
        requestConditions: requestConditions("The exception only applies to requests matching these conditions."),
      }, { atLeastOneOf: [["blockedData", "requestConditions"]] }), { maxItems: 4096 }),
    }, { default: {} }),
    custom: object("Custom rules, in addition to the built-in ones.", {
      rules: array("Custom block rules.", object("A custom rule.", {
        ruleKey: string("Identifier of the rule in logs and metrics.", {
          minLength: 1, maxLength: 64, pattern: "^[A-Z][A-Z0-9_]*$",
          expected: "upper-case letters, digits and underscores, starting with a letter (e.g. NO_DEBUG_PARAM)",
        }),
        threatHandlingMode: threatHandlingMode(),
        requestConditions: requestConditions("The rule only applies to requests matching these conditions."),
        blockData,
      }, { required: ["ruleKey", "blockData"] }), { maxItems: 256, uniqueBy: ["ruleKey"] }),
    }, { default: {} }),
  }, { default: {} }),
});

export default {
  kind: "DenyRules",
  feature: "denyRules",
  description: "Built-in and custom deny rules (SQL injection, XSS, ...).",
  spec,
};
