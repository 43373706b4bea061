// IdentityPropagation: a request header (or the bearer token) set from the verified token, a
// claim, or the client certificate. Referenced from AccessControlPolicy identityPropagation.
// Airlock reference §10.4.

import { object, string, enumeration } from "../schema-util.js";

const CERT_FIELDS = ["CommonName", "Organization", "OrganizationalUnit", "Country", "State", "Locality"];

const certField = (d) => object(d, { field: enumeration("Distinguished-name field.", CERT_FIELDS) }, { required: ["field"] });

const source = object("Where the value comes from: set exactly one of jwt, oidc, tokenExchange, clientCertificate, metadata.", {
  jwt: object("The verified JWT: the whole token, or one claim.", {
    claim: string("Claim name (arrays are joined with commas).", { minLength: 1, maxLength: 256 }),
  }),
  oidc: object("OIDC tokens (not supported by bulwark).", {
    accessToken: object("The access token.", {}),
    idToken: object("The ID token.", { claim: string("Claim name.", { minLength: 1, maxLength: 256 }) }),
  }),
  tokenExchange: object("The exchanged token (not supported by bulwark).", { claim: string("Claim name.", { minLength: 1, maxLength: 256 }) }),
  clientCertificate: object("The client certificate: set exactly one of subject, issuer, san.", {
    subject: certField("A subject field."),
    issuer: certField("An issuer field."),
    san: object("A subject alternative name.", { type: enumeration("SAN type.", ["DNS", "Email", "URI", "IPAddress"]) }, { required: ["type"] }),
  }, { oneOf: [["subject", "issuer", "san"]] }),
  metadata: object("Envoy dynamic metadata (not supported by bulwark).", {
    namespace: string("Metadata namespace.", { minLength: 1, maxLength: 256 }),
    key: string("Metadata key.", { minLength: 1, maxLength: 256 }),
  }, { required: ["namespace", "key"] }),
}, { oneOf: [["jwt", "oidc", "tokenExchange", "clientCertificate", "metadata"]] });

const spec = object("Identity propagation: set exactly one of header, bearerToken.", {
  header: object("Set a request header.", {
    name: string("Header name.", { minLength: 1, maxLength: 256, pattern: "^[A-Za-z0-9!#$%&'*+.^_`|~-]+$", expected: "an HTTP header name" }),
    value: object("The header value.", { source }, { required: ["source"] }),
  }, { required: ["name", "value"] }),
  bearerToken: object("Set Authorization: Bearer <value>.", { source }, { required: ["source"] }),
}, { oneOf: [["header", "bearerToken"]] });

export default {
  kind: "IdentityPropagation",
  description: "Identity propagation to the upstream (header or bearer token) referenced by AccessControlPolicy.",
  spec,
};
