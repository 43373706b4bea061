// CustomResponse: a response (status override, one body per content type, headers) that replaces
// a local reply or an upstream error page when a CustomResponsePolicy selects it. Airlock
// reference §11; docs/custom-responses.md.

import { object, array, string, integer } from "../schema-util.js";
import { operatorProblem, literalPercents } from "../operators.js";

const HEADER_NAME_PATTERN = "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$";
const VALUE_PATTERN = "^[^%]*(%([A-Z][A-Z_]*(\\([^()\\s\"]+\\)(:\\d+)?)?)?%[^%]*)*$";
const MAX_BODY = 65536;

const spec = object("A custom response.", {
  statusCode: integer("Status code to send instead of the original one; omitted: keep it.", { minimum: 100, maximum: 599 }),
  content: array("Representations of the response, chosen by the request's Accept header.", object("One representation.", {
    contentType: string("Content-Type of this representation (unique within the response).", { minLength: 1, maxLength: 256 }),
    headers: array("Headers to set; values may use command operators.", object("A header.", {
      name: string("Header name.", { minLength: 1, maxLength: 512, pattern: HEADER_NAME_PATTERN, expected: "an HTTP header name (token characters only)" }),
      value: string("Header value; may contain command operators such as %STREAM_ID%, a literal % is written %%.", {
        maxLength: 8192, pattern: VALUE_PATTERN, expected: "a value whose % signs form command operators or are doubled (%%)",
      }),
    }, { required: ["name", "value"] }), { maxItems: 64 }),
    body: object("The body: inline or from a ConfigMap; omitted: no body (and no Content-Type).", {
      value: string("The body; may contain command operators (values are escaped for HTML and JSON bodies).", {
        maxLength: MAX_BODY, pattern: VALUE_PATTERN, expected: "a body whose % signs form command operators or are doubled (%%)",
      }),
      valueFrom: object("Read the body from a ConfigMap in the same namespace.", {
        configMapKeyRef: object("The ConfigMap key.", {
          name: string("ConfigMap name.", { minLength: 1, maxLength: 253 }),
          key: string("Key in the ConfigMap's data.", { minLength: 1, maxLength: 253 }),
        }, { required: ["name", "key"] }),
      }, { required: ["configMapKeyRef"] }),
    }, { oneOf: [["value", "valueFrom"]] }),
  }, { required: ["contentType"] }), { minItems: 1, maxItems: 16, uniqueBy: ["contentType"] }),
}, { required: ["content"] });

export default {
  kind: "CustomResponse",
  description: "A response that replaces a local reply or an upstream error page (selected by CustomResponsePolicy).",
  spec,
  resolve(doc, ctx) {
    const s = doc.value.spec;
    const content = [];
    s.content.forEach((c, i) => {
      const at = ["spec", "content", i];
      (c.headers ?? []).forEach((h, k) => {
        const p = operatorProblem(h.value, { response: true });
        if (p) ctx.problem(doc, [...at, "headers", k, "value"], p);
        if (/^(content-length|transfer-encoding|host)$/i.test(h.name)) ctx.problem(doc, [...at, "headers", k, "name"], `"${h.name}" cannot be set: Envoy frames the message with it`);
      });
      let body;
      if (c.body?.value !== undefined) body = c.body.value;
      else if (c.body?.valueFrom) {
        const ref = c.body.valueFrom.configMapKeyRef;
        const cm = ctx.lookup("ConfigMap", doc.namespace, ref.name);
        const text = cm?.value?.data?.[ref.key];
        if (!cm) ctx.problem(doc, [...at, "body", "valueFrom", "configMapKeyRef", "name"], `ConfigMap ${doc.namespace}/${ref.name} not found among the inputs`);
        else if (typeof text !== "string") ctx.problem(doc, [...at, "body", "valueFrom", "configMapKeyRef", "key"], `ConfigMap ${doc.namespace}/${ref.name} has no data key "${ref.key}"`);
        else if (text.length > MAX_BODY) ctx.problem(doc, [...at, "body", "valueFrom", "configMapKeyRef", "key"], `ConfigMap ${doc.namespace}/${ref.name} key "${ref.key}" is ${text.length} characters long, limit ${MAX_BODY}`);
        else body = literalPercents(text);
      }
      if (body !== undefined) {
        const p = operatorProblem(body, { response: true });
        if (p) ctx.problem(doc, [...at, "body", c.body.value !== undefined ? "value" : "valueFrom"], p);
      }
      content.push({ contentType: c.contentType, headers: c.headers ?? [], body });
    });
    ctx.addCustomResponse?.(doc, { name: `${doc.namespace}/${doc.name}`, statusCode: s.statusCode, content });
  },
};
