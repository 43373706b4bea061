// JWKS: a key set that JWT documents verify tokens with. Local (a Secret's `jwks.json`, or a
// file next to the policies; compiled into the filter configuration) or remote (fetched by the
// filter through an Envoy cluster and refreshed). Airlock reference §10.3.

import { object, string, array, enumeration, duration, integer, reference } from "../schema-util.js";
import { stringMatcher, matched } from "./shared/matchers.js";

const tls = object("TLS towards the JWKS server (applied by the generated Envoy cluster).", {
  certificateVerification: object("How the server certificate is verified: set at most one of disabled, publicCAs, custom.", {
    disabled: object("Do not verify the server certificate (not recommended).", {}),
    publicCAs: object("Verify against the public CAs of the image.", {}),
    custom: object("Verify against the given CA certificates.", {
      trustedCA: object("Trusted CA certificates.", {
        certificates: array("Secrets holding a CA certificate (key ca.crt).", object("A CA certificate.", {
          secretRef: reference("Secret", "Secret with key ca.crt."),
        }, { required: ["secretRef"] }), { maxItems: 64 }),
        verificationDepth: integer("Maximum certificate chain depth.", { minimum: 0, maximum: 100, default: 1 }),
      }),
      allowedSANs: array("Accepted subject alternative names of the server.", object("An accepted SAN.", {
        sanType: enumeration("SAN type.", ["DNS", "Email", "URI", "IPAddress"]),
        matcher: stringMatcher("How the SAN must match."),
      }, { required: ["sanType", "matcher"] }), { maxItems: 64 }),
    }),
  }, { atMostOneOf: [["disabled", "publicCAs", "custom"]] }),
  protocol: object("Allowed TLS versions.", {
    minimum: enumeration("Lowest TLS version.", ["TLSv1_0", "TLSv1_1", "TLSv1_2", "TLSv1_3"]),
    maximum: enumeration("Highest TLS version.", ["TLSv1_0", "TLSv1_1", "TLSv1_2", "TLSv1_3"]),
  }),
  ciphers: array("Allowed cipher suites.", string("Cipher suite name.", { minLength: 1, maxLength: 256 }), { maxItems: 64 }),
});

const spec = object("A JSON Web Key Set: set exactly one provider, local or remote.", {
  provider: object("Where the keys come from: set exactly one of local, remote.", {
    local: object("Keys compiled into the filter configuration: set exactly one of secretRef, file.", {
      secretRef: reference("Secret", "Secret with the key set under the key jwks.json (data or stringData)."),
      file: string("Path of a JWKS file, relative to the file this document is in (bulwark extension).", { minLength: 1, maxLength: 1024 }),
    }, { oneOf: [["secretRef", "file"]] }),
    remote: object("Keys the filter fetches over HTTP(S) and refreshes.", {
      uri: string("URL of the key set (http or https).", { minLength: 1, maxLength: 2048, pattern: "^https?://[^\\s/?#]+(/[^\\s#]*)?$", expected: "an http:// or https:// URL" }),
      timeouts: object("Timeouts of a fetch.", {
        connect: duration("Connection timeout (applied by the Envoy cluster).", "5s"),
        maxDuration: duration("Time limit of the whole fetch.", "15s"),
      }, { default: {} }),
      refreshInterval: duration("How often the keys are fetched again (bulwark extension; Envoy's default is 5m).", "5m"),
      tls,
    }, { required: ["uri"] }),
  }, { oneOf: [["local", "remote"]] }),
}, { required: ["provider"] });

export default {
  kind: "JWKS",
  description: "JSON Web Key Set for JWT verification (local Secret/file or remote URI).",
  spec,
};
