// Limits: size and shape limits on requests (body sizes, parameter counts, JSON depth, ...).
// Sizes are Kubernetes quantities; 0 means unlimited. Airlock reference §5.

import { object, array, integer, quantity, marker, enumeration } from "../schema-util.js";
import { requestConditions, threatHandlingMode, matched, stringMatcher, jsonPath } from "./shared/matchers.js";

const count = (description, def) => integer(`${description} 0 means unlimited.`, { minimum: 0, maximum: 2147483647, default: def });
const size = (description, def) => quantity(`${description} 0 means unlimited.`, def);

const limited = object("Apply the limits below.", {
  general: object("Limits for every request.", {
    bodySize: size("Maximum size of a body no content parser handles (not applied to WebSocket or gRPC).", "100Mi"),
    pathLength: size("Maximum length of the request path.", "1Ki"),
  }, { default: {} }),
  parameter: object("Limits on query and form parameters.", {
    bodySize: size("Maximum size of a form (urlencoded) body.", "100Ki"),
    count: count("Maximum number of parameters.", 128),
    nameLength: size("Maximum length of a parameter name.", 128),
    valueLength: size("Maximum length of a parameter value.", "8Ki"),
  }, { default: {} }),
  json: object("Limits on JSON bodies.", {
    bodySize: size("Maximum size of a JSON body.", "100Ki"),
    nestingDepth: count("Maximum nesting depth of objects and arrays.", 100),
    keyCount: count("Maximum number of keys of one object (not counting nested objects).", 250),
    elementCount: count("Maximum number of keys and array items in the whole document.", 10000),
    keyLength: size("Maximum length of a key.", 128),
    valueLength: size("Maximum length of a value.", "8Ki"),
  }, { default: {} }),
  multipart: object("Limits on multipart bodies.", {
    bodySize: size("Maximum size of a multipart body.", "100Mi"),
  }, { default: {} }),
  graphQL: object("Limits on GraphQL queries.", {
    querySize: size("Maximum size of a query.", "1Ki"),
    nestingDepth: count("Maximum nesting depth of a query.", 10),
    valueLength: size("Maximum length of an argument value.", 256),
  }, { default: {} }),
  exceptions: array("Length exemptions for specific parameters, JSON properties or GraphQL values.", object("An exemption.", {
    length: object("What is exempt from the length limits: set exactly one of parameter, json, graphQL.", {
      parameter: object("Parameters whose name and value length are not limited.", {
        name: matched("Parameter name.", stringMatcher()),
        source: enumeration("Where the parameter comes from.", ["Query", "Post", "Any"], "Any"),
      }, { required: ["name"] }),
      json: object("A JSON property whose key and value length are not limited.", {
        jsonPath: jsonPath("JSONPath of the property, e.g. $.avatar (no filter expressions)."),
      }, { required: ["jsonPath"] }),
      graphQL: object("GraphQL values whose length is not limited; set at least one matcher.", {
        field: matched("GraphQL field name."),
        argument: matched("GraphQL argument name."),
        value: matched("GraphQL value."),
      }, { atLeastOneOf: [["field", "argument", "value"]] }),
    }, { oneOf: [["parameter", "json", "graphQL"]] }),
    requestConditions: requestConditions("The exemption only applies to requests matching these conditions."),
  }, { required: ["length"] }), { maxItems: 4096 }),
});

const spec = object("Request limits.", {
  settings: object("Settings for all limits.", {
    threatHandlingMode: threatHandlingMode(),
  }, { default: {} }),
  request: object("Request limits: set limited (the default) or unlimited.", {
    limited,
    unlimited: marker("Turn all request limits off."),
  }, { oneOf: [["limited", "unlimited"]], defaultChoice: "limited" }),
});
spec.properties.request.default = {};

export default {
  kind: "Limits",
  feature: "limits",
  description: "Request size and shape limits.",
  spec,
};
