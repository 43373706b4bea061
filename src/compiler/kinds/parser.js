// Parser: which request bodies are parsed (form, JSON, multipart) so that deny rules and limits
// can look inside them. Airlock reference §6.

import { object, string, boolean, array, marker } from "../schema-util.js";
import { requestConditions } from "./shared/matchers.js";

function parserToggle(what, pattern) {
  return object(`The ${what} parser.`, {
    enable: boolean(`Parse ${what} bodies.`, true),
    mediaTypePattern: string(`RE2 regular expression on the Content-Type media type that selects the ${what} parser.`, {
      minLength: 1, maxLength: 1024, format: "regex", default: pattern,
    }),
  }, { default: {} });
}

const spec = object("Request body parsing settings.", {
  request: object("How request bodies are parsed.", {
    defaultContentType: string("Content-Type assumed for a request that has a body but no Content-Type header.", {
      minLength: 1, maxLength: 128, default: "application/x-www-form-urlencoded",
    }),
    parsers: object("The built-in parsers and the media types they handle.", {
      form: parserToggle("form (application/x-www-form-urlencoded)", ".*urlencoded.*"),
      json: parserToggle("JSON", ".*json.*"),
      multipart: parserToggle("multipart", ".*multipart.*"),
    }, { default: {} }),
    custom: object("Rules that choose the parser before the built-in selection.", {
      rules: array("Evaluated in order; the first rule whose conditions match decides.", object("A parser selection rule.", {
        requestConditions: requestConditions("The requests this rule applies to."),
        action: object("What to do with the body: parse it with a given parser, or skip parsing.", {
          parse: object("Parse the body with exactly one of these parsers.", {
            form: marker("Parse as form data."),
            json: marker("Parse as JSON."),
            multipart: marker("Parse as multipart."),
          }, { oneOf: [["form", "json", "multipart"]] }),
          skip: marker("Do not parse the body (it is then only subject to the general body size limit)."),
        }, { oneOf: [["parse", "skip"]] }),
      }, { required: ["requestConditions", "action"] }), { maxItems: 4096 }),
    }, { default: {} }),
  }, { default: {} }),
});

export default {
  kind: "Parser",
  feature: "parser",
  description: "Request body parsing (form, JSON, multipart).",
  spec,
};
