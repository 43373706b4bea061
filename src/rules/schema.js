// JSON Schema of one rule file (rules/<key>.yaml). Structure only; the
// cross-field checks (ids, file name, patterns through the engine) are in
// catalogue.js.
import { KEYS, LEVELS, LOCATIONS, TRANSFORMS, DETECTORS, CHECKS } from "./vocabulary.js";

const example = { type: "string", minLength: 1, maxLength: 4096 };

export const RULE_FILE_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["key", "rules"],
  properties: {
    key: { enum: KEYS },
    // Ids that were once used in this file and must never come back.
    retired: { type: "array", items: { type: "string" }, uniqueItems: true },
    rules: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        additionalProperties: false,
        required: ["id", "description", "level", "locations"],
        oneOf: [
          { required: ["pattern", "transforms", "examples"], not: { anyOf: [{ required: ["detector"] }, { required: ["check"] }] } },
          { required: ["detector", "transforms", "examples"], not: { anyOf: [{ required: ["pattern"] }, { required: ["check"] }] } },
          { required: ["check"], not: { anyOf: [{ required: ["pattern"] }, { required: ["detector"] }, { required: ["transforms"] }] } },
        ],
        properties: {
          id: { type: "string", pattern: "^BW-[A-Z]+-[0-9]{4}$" },
          description: { type: "string", minLength: 10, maxLength: 140, pattern: "^[^\\n]*$" },
          level: { enum: LEVELS },
          locations: {
            type: "array",
            minItems: 1,
            items: {
              oneOf: [
                { enum: Object.keys(LOCATIONS) },
                {
                  type: "object",
                  additionalProperties: false,
                  required: ["Header"],
                  properties: {
                    Header: {
                      type: "array", minItems: 1, uniqueItems: true,
                      items: { type: "string", pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$" },
                    },
                  },
                },
              ],
            },
          },
          transforms: { type: "array", items: { enum: Object.keys(TRANSFORMS) }, uniqueItems: true },
          pattern: { type: "string", minLength: 1 },
          detector: { enum: Object.keys(DETECTORS) },
          check: { enum: Object.keys(CHECKS) },
          examples: {
            type: "object",
            additionalProperties: false,
            required: ["match", "nomatch"],
            properties: {
              match: { type: "array", minItems: 1, items: example },
              nomatch: { type: "array", minItems: 1, items: example },
            },
          },
          // Free text for reviewers: why the rule looks the way it does.
          notes: { type: "string" },
        },
      },
    },
  },
};
