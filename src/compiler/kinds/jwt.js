// JWT: how tokens are found and which issuers/audiences/key sets they must match. Referenced
// from AccessControlPolicy authorization.authentication.jwt. Airlock reference §10.2.

import { object, string, array, boolean, duration, reference } from "../schema-util.js";
import { matched, stringMatcher } from "./shared/matchers.js";

const spec = object("JWT authentication settings.", {
  expirationRequired: boolean("Refuse tokens without an exp claim."),
  requireAny: array("A token passes when it verifies against one entry's key set and matches all of that entry's conditions.", object("Accepted token family.", {
    jwksRef: reference("JWKS", "Key set the signature must verify with."),
    issuer: string("The iss claim must equal this.", { minLength: 1, maxLength: 2048 }),
    audiences: array("The aud claim must contain at least one of these.", string("Audience.", { minLength: 1, maxLength: 2048 }), { minItems: 1, maxItems: 64 }),
    subject: matched("Condition on the sub claim.", stringMatcher()),
  }, { required: ["jwksRef"] }), { minItems: 1, maxItems: 128 }),
  extractionSources: array("Where the token is looked for, in order; the first source present wins. Default: Authorization: Bearer.", object("A token source: set exactly one of bearerToken, header, cookie, queryParameter.", {
    bearerToken: object("The Authorization header with the Bearer scheme.", {}),
    header: object("A request header holding the token.", { name: string("Header name (case-insensitive).", { minLength: 1, maxLength: 256 }) }, { required: ["name"] }),
    cookie: object("A cookie holding the token.", { name: string("Cookie name.", { minLength: 1, maxLength: 256 }) }, { required: ["name"] }),
    queryParameter: object("A query parameter holding the token.", { name: string("Parameter name.", { minLength: 1, maxLength: 256 }) }, { required: ["name"] }),
  }, { oneOf: [["bearerToken", "header", "cookie", "queryParameter"]] }), { minItems: 1, maxItems: 16 }),
  clockSkewTolerance: duration("Tolerance for exp and nbf.", "60s"),
  maxLifetime: duration("Longest accepted lifetime (exp - nbf, else exp - iat); tokens without those claims are refused when set."),
}, { required: ["expirationRequired", "requireAny"] });

export default {
  kind: "JWT",
  description: "JWT authentication settings referenced by AccessControlPolicy.",
  spec,
};
