// The policy list AccessControlPolicy (Gateway API mode) and AccessControl (sidecar mode) share.
// Airlock reference §10.1.

import { object, string, array, enumeration, reference, marker } from "../../schema-util.js";
import { requestConditions, matched, stringMatcher } from "./matchers.js";

const CERT_FIELDS = ["CommonName", "Organization", "OrganizationalUnit", "Country", "State", "Locality"];

const claim = (d) => object(d, {
  claim: object("A claim: it must exist, or its value must match.", {
    name: string("Claim name.", { minLength: 1, maxLength: 256 }),
    value: matched("Condition on the claim value (primitives compare as strings; arrays match if an element does)."),
  }, { required: ["name"] }),
}, { required: ["claim"] });

const requirement = object("A requirement: set exactly one of jwt, oidc, tokenExchange, clientCertificate.", {
  jwt: claim("A claim of the verified JWT."),
  oidc: claim("An OIDC claim (not supported by bulwark)."),
  tokenExchange: claim("A claim of the exchanged token (not supported by bulwark)."),
  clientCertificate: object("A property of the validated client certificate: set exactly one of hash, subject, issuer, san.", {
    hash: object("The certificate's SHA-256 fingerprint.", {
      in: object("Accepted fingerprints: set exactly one of values, valuesFrom.", {
        values: array("SHA-256 fingerprints (hex, optionally colon-separated).", string("Fingerprint.", { minLength: 1, maxLength: 1024 }), { minItems: 1, maxItems: 1024 }),
        valuesFrom: object("Fingerprints from a ConfigMap (key fingerprints.txt, one per line, # comments).", {
          configMapRef: reference("ConfigMap", "ConfigMap with key fingerprints.txt."),
        }, { required: ["configMapRef"] }),
      }, { oneOf: [["values", "valuesFrom"]] }),
    }, { required: ["in"] }),
    subject: object("A subject field.", { field: enumeration("Field.", CERT_FIELDS), value: matched("Condition on the field.") }, { required: ["field", "value"] }),
    issuer: object("An issuer field.", { field: enumeration("Field.", CERT_FIELDS), value: matched("Condition on the field.") }, { required: ["field", "value"] }),
    san: object("A subject alternative name.", { type: enumeration("SAN type.", ["DNS", "Email", "URI", "IPAddress"]), value: matched("Condition on the SAN.") }, { required: ["type", "value"] }),
  }, { oneOf: [["hash", "subject", "issuer", "san"]] }),
}, { oneOf: [["jwt", "oidc", "tokenExchange", "clientCertificate"]] });

const authorization = object("What a matching request needs: {} allows it; deny refuses it; authentication and requirements restrict it.", {
  deny: marker("Refuse every matching request (403)."),
  authentication: object("How the client authenticates: set exactly one of jwt, oidc.", {
    jwt: object("JWT bearer-token authentication.", { jwtRef: reference("JWT", "The JWT settings.") }, { required: ["jwtRef"] }),
    oidc: object("OIDC login (not supported by bulwark).", {
      oidcRelyingPartyRef: reference("OIDCRelyingParty", "The relying party."),
      introspection: object("Token introspection.", {
        strategy: object("When to introspect.", {
          always: object("Every request.", { onError: enumeration("On error.", ["Block", "InvalidateToken", "Pass"], "Block") }),
          periodic: object("Periodically.", { period: string("Period.", { minLength: 1, maxLength: 64 }), onError: enumeration("On error.", ["InvalidateToken", "Pass"], "InvalidateToken") }),
          random: object("At random.", { probability: string("Probability.", { minLength: 1, maxLength: 16 }), onError: enumeration("On error.", ["Block", "InvalidateToken", "Pass"], "Block") }),
        }),
      }),
    }, { required: ["oidcRelyingPartyRef"] }),
  }, { oneOf: [["jwt", "oidc"]] }),
  requireAll: array("Every requirement must hold.", requirement, { minItems: 1, maxItems: 64 }),
  requireAny: array("At least one requirement must hold.", requirement, { minItems: 1, maxItems: 64 }),
});

const policy = object("An access policy; the first whose requestConditions match decides.", {
  requestConditions: requestConditions("Which requests this policy applies to; omitted only on the last policy."),
  authorization,
  identityPropagation: object("Identities passed to the upstream.", {
    onFailure: enumeration("What happens when a value cannot be determined.", ["Pass"]),
    actions: array("Identity propagations.", object("One propagation.", {
      identityPropagationRef: reference("IdentityPropagation", "The propagation."),
    }, { required: ["identityPropagationRef"] }), { maxItems: 64 }),
  }, { required: ["onFailure", "actions"] }),
  tokenExchange: object("Token exchange (not supported by bulwark).", {
    onFailure: enumeration("On failure.", ["Block", "Pass"], "Block"),
    actions: array("Exchanges.", object("One exchange.", { tokenExchangeRef: reference("TokenExchange", "The exchange.") }, { required: ["tokenExchangeRef"] }), { minItems: 1, maxItems: 16 }),
  }, { required: ["actions"] }),
}, { required: ["authorization"] });

export function policiesProperty() {
  return array("Access policies, first match top to bottom; exactly one, the last, has no requestConditions.", policy, { minItems: 1, maxItems: 128 });
}

